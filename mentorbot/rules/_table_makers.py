"""Functions that create the tables, or an engine, and that nothing calls. A
``create_db_and_tables`` left behind once Alembic took over, or whose only caller was removed,
creates no table: telling the learner it "runs in application code" beside the migrations is
untrue (MB110). Nor is an engine a ``create_db_engine()`` nobody calls would make "used from
async function" anything (MB111).

A function counts as called when its own file names it anywhere (a call, ``lifespan=``, an
event handler), when it is decorated (registered by its decorator), or when another module may
reach it: imports it by name and uses it, imports its module whole, or imports ``*`` from it.
An import left behind once the call was commented out (``# init_db()``) calls nothing. An app
factory (``create_app``, ``make_app``) is called by the server or the framework's command line
(``flask --app 'app:create_app()'``, ``gunicorn 'app:create_app()'``), never by the project."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._names import module_matches, walk_of
from mentorbot.rules._reexports import MODULES_KEY, project_imports, used_imports
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

UNCALLED_SIGNAL = "rule:uncalled-table-maker"
"""A module-level function (``name``) on lines ``line``..``data.end`` whose body creates tables
or an engine and that its own file never names."""
_MARKERS = ("create_all", "generate_schemas", "create_engine")
APP_FACTORIES = frozenset({"create_app", "make_app", "get_app", "build_app"})


def uncalled_table_makers(ctx: FileContext) -> Iterator[Signal]:
    if not any(marker in ctx.source for marker in _MARKERS):
        return
    makers = [
        node
        for node in ctx.tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.decorator_list
        and node.name not in APP_FACTORIES
        and _creates_tables(ctx, node)
    ]
    if not makers:
        return
    named = {node.id for node in walk_of(ctx.tree, ast.Name)}
    named.update(node.attr for node in walk_of(ctx.tree, ast.Attribute))
    for node in makers:
        if node.name not in named:
            yield Signal(
                kind=UNCALLED_SIGNAL,
                line=node.lineno,
                name=node.name,
                data={"end": str(node.end_lineno or node.lineno)},
            )


def _creates_tables(ctx: FileContext, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    lines = ctx.lines[function.lineno - 1 : function.end_lineno]
    return any(marker in line for line in lines for marker in _MARKERS)


def uncalled_spans(project: ProjectView) -> dict[str, list[tuple[int, int]]]:
    """Path -> the line spans of its table- or engine-making functions that no code of the
    project calls."""
    found = project.signals(UNCALLED_SIGNAL)
    if not found:
        return {}
    imported = used_imports(project)
    modules = project_imports(project, MODULES_KEY)
    imported_names = {target.rsplit(".", 1)[-1] for target in imported}
    spans: dict[str, list[tuple[int, int]]] = {}
    for path, signal in found:
        if signal.name in imported_names:
            continue
        if any(module_matches(module, path) for module in (*modules, *imported)):
            continue  # its module is imported whole: ``database.create_tables()`` may call it
        spans.setdefault(path, []).append((signal.line, int(signal.data.get("end", signal.line))))
    return spans


def in_spans(spans: dict[str, list[tuple[int, int]]], path: str, line: int) -> bool:
    return any(start <= line <= end for start, end in spans.get(path, ()))
