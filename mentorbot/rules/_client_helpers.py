"""Helpers handed a sync client (MB101): ``email_exists(cursor, data.email)`` in an ``async def``
route, where ``email_exists`` runs ``cursor.execute(...)`` on the cursor it was given.

Apps on a raw DB-API driver keep their queries in small service functions that take the route's
cursor or connection, untyped. The helper alone shows no client: its parameter could be anything.
The route shows the client, and the helper what it does with the parameter, so each file
reports both sides: a module-level sync function's parameters used for requests
(``cursor.execute``, also through what it takes from them, ``conn.cursor()``), and each call an
async function makes passing a client it knows, or one an imported dependency or factory hands
it. The project check pairs them by the helper's name and module, and by the client's kind:
only a request that client's kind makes blocks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking_calls import wrapped_in_thread
from mentorbot.rules._client_imports import CLIENT_DEFINITIONS, imported_root, local_roots
from mentorbot.rules._client_kinds import REQUESTS
from mentorbot.rules._names import (
    chain_root,
    functions,
    module_matches,
    own_nodes_of,
)
from mentorbot.rules._sync_clients import ANY_REQUEST, clients_in, root_kind
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import ProjectView

HELPER_SIGNAL = "rule:client-param-helper"
"""A module-level sync function (``name``) making requests through its parameter number
``detail`` (``data``: the parameter's ``param`` name, the ``methods`` called, comma-separated)."""
ARG_CALL_SIGNAL = "rule:client-arg-call"
"""An async function's call of a function (``name``: the import's target, or the local name)
passing a client as argument number ``detail`` (``data``: its ``kind`` when known here, else the
import ``root`` it comes from; the caller's ``function``)."""


def _root_name(node: ast.expr) -> str:
    """The name a chain starts from (``conn`` of ``conn.cursor().execute``), "" for any other
    start."""
    root = chain_root(node)
    return root.id if isinstance(root, ast.Name) else ""


def _param_requests(function: ast.FunctionDef) -> dict[int, tuple[str, list[str], int]]:
    """Untyped parameter position -> (name, methods of requests made through it, first such
    line); a typed one says what it is (a client's type makes the helper block on its own)."""
    positions = {
        param.arg: index
        for index, param in enumerate([*function.args.posonlyargs, *function.args.args])
        if param.annotation is None
    }
    if not positions:
        return {}
    statements: list[ast.Assign | ast.With] = own_nodes_of(function, ast.Assign, ast.With)
    for node in sorted(statements, key=lambda statement: statement.lineno):
        pairs = (
            [(target, node.value) for target in node.targets]
            if isinstance(node, ast.Assign)
            else [(item.optional_vars, item.context_expr) for item in node.items]
        )
        for target, value in pairs:
            origin = _root_name(value) if not isinstance(value, ast.Name) else ""
            if isinstance(target, ast.Name) and origin in positions:
                positions.setdefault(target.id, positions[origin])
    found: dict[int, tuple[str, list[str], int]] = {}
    names = {index: name for name, index in reversed(positions.items())}
    for call in own_nodes_of(function, ast.Call):
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr not in ANY_REQUEST:
            continue
        index = positions.get(_root_name(func.value))
        if index is not None:
            methods = found.setdefault(index, (names[index], [], call.lineno))[1]
            if func.attr not in methods:
                methods.append(func.attr)
    return found


def collect_client_helper_signals(ctx: FileContext) -> Iterator[Signal]:
    """The module's sync functions that make requests through a parameter, and its async
    functions' calls that pass a client."""
    if ctx.in_tests:
        return
    for node in ctx.tree.body:
        if isinstance(node, ast.FunctionDef):
            for index, (param, methods, line) in _param_requests(node).items():
                data = {"param": param, "methods": ",".join(methods)}
                yield Signal(
                    kind=HELPER_SIGNAL, line=line, name=node.name, detail=str(index), data=data
                )
    for function in functions(ctx.tree):
        if isinstance(function, ast.AsyncFunctionDef):
            yield from _client_arguments(function, ctx)


def _client_arguments(function: ast.AsyncFunctionDef, ctx: FileContext) -> Iterator[Signal]:
    """The calls ``function`` makes to a function by name with a client among its arguments;
    awaited ones too: only sync helpers are paired, and awaiting what one returns fails after
    its query has blocked the loop."""
    known: dict[str, str] | None = None
    roots: dict[str, str] | None = None
    defined = {
        node.name
        for node in ctx.tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for call in own_nodes_of(function, ast.Call):
        name = _called_name(call.func, ctx.imports, defined)
        if not name or not call.args:
            continue
        for index, argument in enumerate(call.args):
            if not _root_name(argument):
                continue
            if known is None or roots is None:
                known, roots = clients_in(function, ctx), local_roots(function, ctx)
            kind = root_kind(argument, known, ctx.imports)
            root = "" if kind else imported_root(argument, ctx.imports, roots)
            if (kind or root) and not wrapped_in_thread(call, ctx, function):
                yield Signal(
                    kind=ARG_CALL_SIGNAL,
                    line=call.lineno,
                    name=name,
                    detail=str(index),
                    data={"kind": kind, "root": root, "function": function.name},
                )


def _called_name(func: ast.expr, imports: dict[str, str], defined: set[str]) -> str:
    """What a call names: a function of the module (``defined``: it wins over an import of the
    same name), an imported one (its import's target), or one of an imported module
    (``services.email_exists``); "" for methods and anything else."""
    if isinstance(func, ast.Name):
        return func.id if func.id in defined else imports.get(func.id, func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        module = imports.get(func.value.id, "")
        return f"{module}.{func.attr}" if module else ""
    return ""


def _root_kinds(project: ProjectView, root: str) -> list[str]:
    """The kinds of client an imported name is or hands out (``database.get_db``)."""
    module, _, name = root.rpartition(".")
    return [
        kind
        for kind, build in CLIENT_DEFINITIONS.items()
        if any(module_matches(module, where) for where in project.lookup(build).get(name))
    ]


def pair_client_helper_signals(project: ProjectView) -> Iterator[ProjectHit]:
    """Calls that pass a client to a helper making that client's requests through it."""
    calls = project.targets(ARG_CALL_SIGNAL)
    if not calls:
        return
    helpers = {
        (path, signal.name, signal.detail): signal
        for path, signal in project.signals(HELPER_SIGNAL)
    }
    if not helpers:
        return
    defined = {(path, name) for path, name, _ in helpers}
    for path, call in calls:
        module, _, name = call.name.rpartition(".")
        places = [
            where
            for where, defined_name in defined
            if defined_name == name and (module_matches(module, where) if module else where == path)
        ]
        for where in places:
            helper = helpers.get((where, name, call.detail))
            if helper is None:
                continue
            kind = call.data.get("kind", "")
            kinds = [kind] if kind else _root_kinds(project, call.data.get("root", ""))
            methods = helper.data.get("methods", "").split(",")
            method = next((m for k in kinds for m in methods if m in REQUESTS[k]), None)
            if method is not None:
                described = f"{name} → {helper.data.get('param', '')}.{method}"
                yield ProjectHit(
                    path, call.line, {"call": described, "function": call.data.get("function", "")}
                )
                break
