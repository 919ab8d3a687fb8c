"""Sanic and aiohttp routes: ``@app.get("/x")`` or ``@bp.route("/x", methods=[...])`` of a Sanic
app or blueprint, ``app.add_route(handler, "/x")``; aiohttp's ``@routes.get("/x")`` of a
``web.RouteTableDef()``, ``app.router.add_get("/x", handler)`` and ``web.get("/x", handler)``
in ``app.add_routes([...])``.

Each framework's routes are their own signal kind (``sanic-route``, ``aiohttp-route``): a Sanic
app's were counted as "Flask routes" and its tests planned with Flask's test client, and an
aiohttp app's were not seen at all (blind check l1). Like Flask's, no FastAPI judgement
(``response_model``, ``Depends``) applies to them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_ai import llm_http
from mentorbot.analysis.python_facts_auth import AIOHTTP_AUTH_CALLS, aiohttp_auth
from mentorbot.analysis.python_facts_env import environ_get
from mentorbot.analysis.python_facts_flask import listed_methods
from mentorbot.analysis.python_facts_support import (
    FLASK_LIKE,
    FileState,
    FunctionNode,
    SignalSink,
    dotted,
    first_arg,
    keyword,
    last_name,
    str_literal,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite

SANIC = "sanic"
AIOHTTP = "aiohttp"
ROUTE_KINDS = {SANIC: "sanic-route", AIOHTTP: "aiohttp-route"}
HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
SANIC_DECORATORS = frozenset({"route", "websocket", *HTTP_VERBS})
AIOHTTP_DECORATORS = frozenset({"route", "view", *HTTP_VERBS})
"""A ``RouteTableDef``'s decorators: ``route("GET", "/x")`` takes the method first, ``view``
registers a class-based view for every method it defines."""
AIOHTTP_ADDERS = frozenset(f"add_{verb}" for verb in (*HTTP_VERBS, "view"))
"""``app.router.add_get("/x", handler)``: aiohttp's router's own registering calls."""
AIOHTTP_TABLE_CALLS = frozenset({"route", "view", *HTTP_VERBS})
"""``web.get("/x", handler)``: a route definition handed to ``app.add_routes([...])``."""


def web_app(site: CallSite, framework: str) -> None:
    """``app = Sanic("name")``, ``bp = Blueprint("name", url_prefix="/x")`` of Sanic or
    ``routes = web.RouteTableDef()``: the decorators on these register routes."""
    if site.target:
        site.state.web_apps[site.target] = framework
        prefix = str_literal(keyword(site.call, "url_prefix"))
        site.state.remember_prefix(site.target, prefix)


def sanic_app(site: CallSite) -> None:
    if site.state.library_of(site.func_path) == SANIC:
        web_app(site, SANIC)


def route_table(site: CallSite) -> None:
    if site.state.library_of(site.func_path) == AIOHTTP:
        web_app(site, AIOHTTP)


def _framework_of(receiver: str, path: str | None, state: FileState) -> str:
    """Which framework a decorator's receiver routes for: the one it was made by in this file;
    for a name made elsewhere (``from server import app``) the framework the module imports,
    when it imports no FastAPI or Flask, whose decorators look the same, and the path is a URL
    path. aiohttp only as a server (``from aiohttp import web``): its client is no app."""
    known = state.web_apps.get(receiver)
    if known or not (path or "").startswith("/"):
        return known or ""
    if any(state.imports_library(other) for other in ("fastapi", "starlette", *FLASK_LIKE)):
        return ""
    if state.imports_library(SANIC):
        return SANIC
    return AIOHTTP if aiohttp_server_file(state) else ""


def aiohttp_server_file(state: FileState) -> bool:
    """``from aiohttp import web`` or ``from aiohttp.web import ...``."""
    return any(
        module.startswith("aiohttp.web") or (module, original) == ("aiohttp", "web")
        for module, original in state.imports.values()
    )


def web_route(
    decorator: ast.Call, func: ast.Attribute, node: FunctionNode, state: FileState, sink: SignalSink
) -> bool:
    """Emit the route when the decorator is a Sanic app's or blueprint's, or an aiohttp route
    table's; whether it was."""
    receiver = dotted(func.value)
    method_first = func.attr == "route" and state.web_apps.get(receiver) == AIOHTTP
    path_node = decorator.args[1] if method_first and len(decorator.args) > 1 else None
    path = str_literal(path_node or first_arg(decorator, "uri") or keyword(decorator, "path"))
    framework = _framework_of(receiver, path, state)
    allowed = SANIC_DECORATORS if framework == SANIC else AIOHTTP_DECORATORS
    if not framework or func.attr not in allowed or path is None:
        return False
    if framework == AIOHTTP and func.attr == "route":
        method = (str_literal(first_arg(decorator, "method")) or "").upper()
    elif func.attr == "route":
        method = listed_methods(decorator)
    else:
        method = {"websocket": "WS", "view": "*"}.get(func.attr, func.attr.upper())
    state.consumed_calls.add(id(decorator))
    _emit(framework, node.lineno, node.name, method, state.full_path(receiver, path), sink)
    return True


def _emit(framework: str, line: int, name: str, method: str, path: str, sink: SignalSink) -> None:
    data = {"method": method, "path": path}
    sink.emit(ROUTE_KINDS[framework], line, name, detail=f"{method} {path}", data=data)
    if method == "WS":
        sink.emit("websocket", line, name)


def registered_web_route(site: CallSite) -> bool:
    """``app.add_route(handler, "/x", methods=[...])`` of Sanic, aiohttp's ``app.router.
    add_route("GET", "/x", handler)``, ``add_get("/x", handler)`` and the like; whether the
    call was one."""
    call, callee = site.call, site.callee
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver = dotted(call.func.value)
    args = call.args
    if callee in AIOHTTP_ADDERS or (callee == "add_route" and _method_literal(first_arg(call))):
        # aiohttp's router (``app.router``, ``self.app.router``): its names are its own.
        if not receiver.endswith("router") and not aiohttp_server_file(site.state):
            return False
        method = callee.removeprefix("add_").upper() if callee != "add_route" else ""
        method = method or (str_literal(args[0]) or "").upper()
        at = 0 if callee != "add_route" else 1
        handler = args[at + 1] if len(args) > at + 1 else keyword(call, "handler")
        return _registered(site, AIOHTTP, method, args[at] if len(args) > at else None, handler)
    if callee in ("add_route", "add_websocket_route"):
        path = args[1] if len(args) > 1 else keyword(call, "uri")
        if _framework_of(receiver, str_literal(path), site.state) != SANIC:
            return False
        websocket = callee == "add_websocket_route"
        method = "WS" if websocket else listed_methods(call)
        return _registered(site, SANIC, method, path, first_arg(call, "handler"))
    return False


def _method_literal(node: ast.expr | None) -> bool:
    """``"GET"`` or ``"*"``: aiohttp's ``add_route`` takes the method first, Starlette's the
    path."""
    return (str_literal(node) or "").upper() in {"*", *(verb.upper() for verb in HTTP_VERBS)}


def _registered(
    site: CallSite, framework: str, method: str, path: ast.expr | None, handler: ast.expr | None
) -> bool:
    written = str_literal(path)
    name = last_name(handler)
    if written is None or not written.startswith("/") or not name or not method:
        return False
    method = "*" if method in ("VIEW", "*") else method
    receiver = dotted(site.call.func.value) if isinstance(site.call.func, ast.Attribute) else ""
    full_path = site.state.full_path(receiver, written)  # behind a Sanic blueprint's prefix
    _emit(framework, site.line, name, method, full_path, site.sink)
    return True


def aiohttp_table_call(site: CallSite) -> bool:
    """``web.get("/x", handler)`` (or ``web.route("GET", "/x", handler)``) of ``aiohttp.web``:
    a route, listed for ``app.add_routes([...])``; whether the call was one."""
    func = site.call.func
    head = dotted(func.value) if isinstance(func, ast.Attribute) else ""
    if site.callee not in AIOHTTP_TABLE_CALLS or not head:
        return False
    if head != "aiohttp.web" and site.state.imports.get(head) != ("aiohttp", "web"):
        return False
    args = site.call.args
    if site.callee == "route":
        method = (str_literal(first_arg(site.call, "method")) or "").upper()
        args = args[1:]
    else:
        method = "*" if site.callee == "view" else site.callee.upper()
    path = args[0] if args else keyword(site.call, "path")
    handler = args[1] if len(args) > 1 else keyword(site.call, "handler")
    return _registered(site, AIOHTTP, method, path, handler)


def or_table_route(fallback: Callable[[CallSite], None] | None) -> Callable[[CallSite], None]:
    """The handler of a call named like a verb (``get``, ``post``): aiohttp's ``web.get(...)``
    route, else what ``fallback`` makes of it (``os.environ.get``, an LLM's HTTP ``post``)."""

    def handle(site: CallSite) -> None:
        if not aiohttp_table_call(site) and fallback is not None:
            fallback(site)

    return handle


def registered_adder(site: CallSite) -> None:
    registered_web_route(site)


WEB_HANDLERS: dict[str, Callable[[CallSite], None]] = {
    "Sanic": sanic_app,
    "RouteTableDef": route_table,
    **dict.fromkeys(AIOHTTP_ADDERS, registered_adder),
    **dict.fromkeys(AIOHTTP_TABLE_CALLS, or_table_route(None)),
    "get": or_table_route(environ_get),
    "post": or_table_route(llm_http),
    **dict.fromkeys(AIOHTTP_AUTH_CALLS, aiohttp_auth),
}
"""The calls' handlers for Sanic's and aiohttp's apps and routes and aiohttp's sign-in; ``get``
and ``post`` are ``os.environ.get`` and an LLM's HTTP ``post`` where they are no aiohttp
route."""
