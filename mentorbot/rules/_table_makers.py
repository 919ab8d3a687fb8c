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
import re
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
_TABLE_MARKERS = ("create_all", "generate_schemas")
"""A method counts for the tables alone: a class that makes its engine is another matter."""
APP_FACTORIES = frozenset({"create_app", "make_app", "get_app", "build_app"})


def table_maker_signals(ctx: FileContext) -> Iterator[Signal]:
    """The file's table makers nothing in it calls, and its calls of methods that may be one."""
    yield from uncalled_table_makers(ctx)
    yield from method_calls(ctx)


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
    yield from _uncalled_methods(ctx)
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


def _uncalled_methods(ctx: FileContext) -> Iterator[Signal]:
    """Table-making methods of the module's classes (``DatabaseSessionManager.create_all``)
    that no code of the file calls outside the method itself: the project check looks for
    their calls in the other files (blind check c3: only the tests' fixtures called one)."""
    for owner in ctx.tree.body:
        if not isinstance(owner, ast.ClassDef):
            continue
        for method in owner.body:
            if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if method.decorator_list or not _creates_tables(ctx, method, _TABLE_MARKERS):
                continue
            inside = {id(node) for node in ast.walk(method)}  # not kept on the method
            if any(
                node.attr == method.name and id(node) not in inside
                for node in walk_of(ctx.tree, ast.Attribute)
            ):
                continue
            data = {"end": str(method.end_lineno or method.lineno), "method": "1"}
            yield Signal(kind=UNCALLED_SIGNAL, line=method.lineno, name=method.name, data=data)


def method_calls(ctx: FileContext) -> Iterator[Signal]:
    """The attribute calls of an application file (``sessionmanager.create_all(conn)``), by
    name, for the table-making methods other files define; a test's calls do not count, as
    tests may make their tables."""
    if ctx.in_tests:
        return
    for name in sorted({last for last in _called_attributes(ctx) if _TABLE_MAKING.search(last)}):
        yield Signal(kind=METHOD_CALL_SIGNAL, line=0, name=name)


def _called_attributes(ctx: FileContext) -> Iterator[str]:
    for call in walk_of(ctx.tree, ast.Call):
        if isinstance(call.func, ast.Attribute):
            yield call.func.attr


METHOD_CALL_SIGNAL = "rule:table-method-call"
_TABLE_MAKING = re.compile(r"(?i)create|init|setup|table|schema|db|database|migrate")
"""Method names that may make tables; other attribute calls are not recorded."""


def _creates_tables(
    ctx: FileContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    markers: tuple[str, ...] = _MARKERS,
) -> bool:
    lines = ctx.lines[function.lineno - 1 : function.end_lineno]
    return any(marker in line for line in lines for marker in markers)


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
    called_methods = {signal.name for _, signal in project.signals(METHOD_CALL_SIGNAL)}
    for path, signal in found:
        if signal.data.get("method"):
            if signal.name not in called_methods:
                spans.setdefault(path, []).append(
                    (signal.line, int(signal.data.get("end", signal.line)))
                )
            continue
        if signal.name in imported_names:
            continue
        if any(module_matches(module, path) for module in (*modules, *imported)):
            continue  # its module is imported whole: ``database.create_tables()`` may call it
        spans.setdefault(path, []).append((signal.line, int(signal.data.get("end", signal.line))))
    return spans


def in_spans(spans: dict[str, list[tuple[int, int]]], path: str, line: int) -> bool:
    return any(start <= line <= end for start, end in spans.get(path, ()))
