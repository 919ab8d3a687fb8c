"""Realtime endpoints outside FastAPI: the connection handler a ``websockets`` server is started
with (``websockets.serve(handler, host, port)``) and the event handlers of a Socket.IO server
(Flask-SocketIO's ``@socketio.on("message")`` and ``@socketio.event``, python-socketio's
``@sio.on(...)``, ``socketio.on_event("x", handler)`` and a ``Namespace``'s ``on_*`` methods).

Each is a ``socket-handler`` and, like FastAPI's ``@app.websocket`` route, a ``websocket``: a
websockets server's module had been taken for a config module, its missing tests unseen and
its endpoints left out of the achievements; a Flask-SocketIO chat's event handlers, the core of
the app, counted for nothing (blind check w1).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.analysis.python_facts_graphql import qualified_name
from mentorbot.analysis.python_facts_support import (
    FileState,
    SignalSink,
    dotted,
    first_arg,
    keyword,
    last_name,
    str_literal,
)

WEBSOCKETS = "websockets"
FLASK_SOCKETIO = "flask-socketio"
PYTHON_SOCKETIO = "python-socketio"
WEBSOCKETS_SERVES = frozenset(
    f"websockets{module}.{serve}"
    for module in ("", ".server", ".asyncio.server", ".legacy.server", ".sync.server")
    for serve in ("serve", "unix_serve")
)
"""The websockets library's server starters, old API and new, async and threaded."""
SOCKETIO_SERVERS = {
    "flask_socketio.SocketIO": FLASK_SOCKETIO,
    "socketio.Server": PYTHON_SOCKETIO,
    "socketio.AsyncServer": PYTHON_SOCKETIO,
}
SOCKETIO_NAMESPACES = {
    "flask_socketio.Namespace": FLASK_SOCKETIO,
    "socketio.Namespace": PYTHON_SOCKETIO,
    "socketio.AsyncNamespace": PYTHON_SOCKETIO,
}
_LIBRARY_MODULES = {"flask_socketio": FLASK_SOCKETIO, "socketio": PYTHON_SOCKETIO}
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def socket_facts(tree: ast.Module, state: FileState, sink: SignalSink) -> None:
    """Emit a ``socket-handler`` and a ``websocket`` for each realtime endpoint of the module."""
    if not (state.imports_library("websockets") or _socketio_library(state)):
        return
    nodes = list(ast.walk(tree))
    defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for node in nodes:
        if isinstance(node, _FUNCTIONS):
            defs.setdefault(node.name, node)
    found: dict[tuple[int, str], tuple[str, str]] = {}
    for line, name, library, event in _endpoints(nodes, state, defs):
        found.setdefault((line, name), (library, event))
    for (line, name), (library, event) in found.items():
        detail = f"{library} {event}" if event else library
        sink.emit("socket-handler", line, name, detail, {"library": library, "event": event})
        sink.emit("websocket", line, name)


def _socketio_library(state: FileState) -> str:
    """The Socket.IO library the module imports, "" for none."""
    return next(
        (library for module, library in _LIBRARY_MODULES.items() if state.imports_library(module)),
        "",
    )


def _endpoints(
    nodes: list[ast.AST],
    state: FileState,
    defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
) -> Iterator[tuple[int, str, str, str]]:
    """(line, handler, library, event) of each endpoint, at the handler's ``def`` when the
    module defines it, else at the call that registers it. Only a server of the module or one
    named as such is followed: ``session`` imported from Flask is none."""
    servers = _socketio_servers(nodes, state)
    for node in nodes:
        if isinstance(node, ast.Call):
            made = qualified_name(node.func, state)
            if made in WEBSOCKETS_SERVES:
                handler = first_arg(node, "handler") or keyword(node, "ws_handler")
                yield from _handler(handler, node, defs, WEBSOCKETS, "")
            elif isinstance(node.func, ast.Attribute) and dotted(node.func.value) in servers:
                yield from _registered(node, servers[dotted(node.func.value)], defs)
        elif isinstance(node, _FUNCTIONS):
            for decorator in node.decorator_list:
                found = _decorated(decorator, node, servers)
                if found is not None:
                    yield node.lineno, node.name, *found
        elif isinstance(node, ast.ClassDef):
            yield from _namespace_methods(node, state)


def _socketio_servers(nodes: list[ast.AST], state: FileState) -> dict[str, str]:
    """Names of the Socket.IO servers the module makes (``socketio = SocketIO(app)``,
    ``self.sio = socketio.AsyncServer()``), or imports from its project (``from .. import
    socketio`` in an events module), with their library."""
    servers: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
            library = SOCKETIO_SERVERS.get(qualified_name(node.value.func, state), "")
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if library:
                servers.update((dotted(target), library) for target in targets if dotted(target))
    library = _socketio_library(state)
    if library:
        for local, (module, original) in state.imports.items():
            if original and module.split(".")[0] not in _LIBRARY_MODULES and _server_name(local):
                servers.setdefault(local, library)
    return servers


def _server_name(name: str) -> bool:
    """A name a project gives its Socket.IO server: ``socketio``, ``socket_io``, ``sio``."""
    lowered = name.lower()
    return "socket" in lowered or lowered == "sio" or lowered.endswith("_sio")


def _decorated(
    decorator: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef, servers: dict[str, str]
) -> tuple[str, str] | None:
    """(library, event) of ``@socketio.on("message")``, ``@socketio.event`` or
    ``@sio.event(namespace="/chat")`` on a server of ``servers``."""
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    if not isinstance(called, ast.Attribute) or dotted(called.value) not in servers:
        return None
    library = servers[dotted(called.value)]
    if called.attr == "event":
        return library, function.name
    if called.attr == "on" and isinstance(decorator, ast.Call):
        return library, str_literal(first_arg(decorator, "event")) or ""
    return None


def _registered(
    call: ast.Call, library: str, defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
) -> Iterator[tuple[int, str, str, str]]:
    """``socketio.on_event("message", handle)`` and ``sio.on("message", handler=handle)``;
    ``@socketio.on("message")`` is a call too, which hands no handler."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in ("on", "on_event"):
        return
    handler = call.args[1] if len(call.args) > 1 else keyword(call, "handler")
    event = str_literal(first_arg(call, "event")) or str_literal(first_arg(call, "message"))
    yield from _handler(handler, call, defs, library, event or "")


def _handler(
    handler: ast.expr | None,
    call: ast.Call,
    defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
    library: str,
    event: str,
) -> Iterator[tuple[int, str, str, str]]:
    """The handler a call hands over (``functools.partial(handler, ...)`` hands its first
    argument), at its ``def`` when the module has it."""
    if isinstance(handler, ast.Call) and last_name(handler.func) == "partial":
        handler = first_arg(handler)
    name = last_name(handler)
    if not name:
        return
    defined = defs.get(name)
    yield (defined.lineno if defined is not None else call.lineno), name, library, event


def _namespace_methods(node: ast.ClassDef, state: FileState) -> Iterator[tuple[int, str, str, str]]:
    """The ``on_*`` methods of a class-based Socket.IO namespace (``class Chat(Namespace)``)."""
    library = next(
        (
            SOCKETIO_NAMESPACES[made]
            for base in node.bases
            if (made := qualified_name(base, state)) in SOCKETIO_NAMESPACES
        ),
        "",
    )
    if not library:
        return
    for item in node.body:
        if isinstance(item, _FUNCTIONS) and item.name.startswith("on_"):
            yield item.lineno, item.name, library, item.name.removeprefix("on_")
