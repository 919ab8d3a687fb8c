"""Sync clients kept on the app (MB101): ``app.database = MongoClient(url)[name]`` at startup,
then ``request.app.database["people"].find_one(...)`` in an ``async def`` route.

MongoDB's FastAPI tutorial opens the client in a startup hook or the lifespan and hangs it on
the app (or ``app.state``); every route reaches it through ``request.app``. The module that
sets it reports the attribute and the client's kind; each module reports the requests its
async functions make through ``<request>.app.<attribute>``; the project check pairs them by
the attribute's name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._client_kinds import REQUESTS
from mentorbot.rules._names import (
    dotted,
    functions,
    name_bindings,
    own_nodes_of,
    qualified,
)
from mentorbot.rules._sync_clients import ANY_REQUEST, file_clients
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import ProjectView

APP_CLIENT_SIGNAL = "rule:app-client"
"""An attribute of the app (``name``) set to a sync client of kind ``detail``."""
APP_CLASSES = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette"})
APP_CLIENT_CALL_SIGNAL = "rule:app-client-call"
"""A request (``detail``: the method) an async function makes through ``request.app.<name>``."""


def _app_names(ctx: FileContext) -> set[str]:
    """Names the module binds to a FastAPI or Starlette app, and ``app`` (a lifespan's or a
    startup hook's parameter)."""
    names = {"app"}
    for node in ctx.tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            if qualified(node.value.func, ctx.imports) in APP_CLASSES:
                names.update(dotted(target) for target in node.targets)
    return names


def _app_attribute(name: str, apps: set[str]) -> str:
    """``database`` of ``app.database`` or ``app.state.database``."""
    parts = name.split(".")
    if len(parts) == 2 and parts[0] in apps:
        return parts[1]
    if len(parts) == 3 and parts[0] in apps and parts[1] == "state":
        return parts[2]
    return ""


def _through_app(node: ast.expr, app_locals: dict[str, str]) -> str:
    """The app attribute a chain starts from: ``database`` of
    ``request.app.database["people"]`` or ``request.app.state.database.people``, or of a local
    in ``app_locals`` that holds it."""
    current = node
    while True:
        if isinstance(current, ast.Subscript):
            current = current.value
        elif isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute):
            current = current.func.value
        elif isinstance(current, ast.Attribute):
            owner = current.value
            if isinstance(owner, ast.Attribute) and owner.attr == "state":
                owner = owner.value
            if isinstance(owner, ast.Attribute) and owner.attr == "app":
                return current.attr
            current = owner
        elif isinstance(current, ast.Name):
            return app_locals.get(current.id, "")
        else:
            return ""


def _app_locals(function: ast.AsyncFunctionDef) -> dict[str, str]:
    """Locals a coroutine binds, once, to what it reaches through the app: ``client`` of
    ``client: QdrantClient = request.app.state.qdrant`` -> ``qdrant``. Only attributes and
    subscripts: ``hits = request.app.state.qdrant.search(...)`` holds a result, not the client."""
    values: dict[str, ast.expr] = {}
    rebound: set[str] = set()
    for name, value in name_bindings(function):
        if name in values:
            rebound.add(name)
        values[name] = value
    app_locals: dict[str, str] = {}
    for name, value in values.items():
        if name not in rebound and _is_plain_chain(value):
            attribute = _through_app(value, {})
            if attribute:
                app_locals[name] = attribute
    return app_locals


def _is_plain_chain(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return isinstance(node, ast.Name)


def collect_app_client_signals(ctx: FileContext) -> Iterator[Signal]:
    """The sync clients this module hangs on the app, and the requests its async functions
    make through ``request.app``."""
    if ctx.in_tests:
        return
    clients = file_clients(ctx)
    apps = _app_names(ctx) if clients else set()
    for name, kind in clients.items():
        attribute = _app_attribute(name, apps)
        if attribute:
            yield Signal(kind=APP_CLIENT_SIGNAL, line=0, name=attribute, detail=kind)
    for function in functions(ctx.tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        awaited = {id(node.value) for node in own_nodes_of(function, ast.Await)}
        app_locals: dict[str, str] | None = None
        for call in own_nodes_of(function, ast.Call):
            func = call.func
            if not isinstance(func, ast.Attribute) or func.attr not in ANY_REQUEST:
                continue
            if id(call) in awaited:
                continue
            if app_locals is None:
                app_locals = _app_locals(function)
            attribute = _through_app(func.value, app_locals)
            if attribute:
                written = ast.get_source_segment(ctx.source, func) or ast.unparse(func)
                data = {"function": function.name, "call": " ".join(written.split())}
                yield Signal(
                    kind=APP_CLIENT_CALL_SIGNAL,
                    line=call.lineno,
                    name=attribute,
                    detail=func.attr,
                    data=data,
                )


def pair_app_client_signals(project: ProjectView) -> Iterator[ProjectHit]:
    """Requests through ``request.app.<attribute>`` where some module sets that attribute to
    a sync client whose kind makes that request."""
    calls = project.targets(APP_CLIENT_CALL_SIGNAL)
    if not calls:
        return
    kinds: dict[str, set[str]] = {}
    for _, signal in project.signals(APP_CLIENT_SIGNAL):
        kinds.setdefault(signal.name, set()).add(signal.detail)
    for path, call in calls:
        if any(call.detail in REQUESTS[kind] for kind in kinds.get(call.name, ())):
            described = call.data.get("call") or call.detail
            yield ProjectHit(
                path, call.line, {"call": described, "function": call.data.get("function", "")}
            )
