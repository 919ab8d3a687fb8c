"""Call facts about routers: which ones an app serves (``app.include_router(users.router)`` names
the router it mounts, so a review can tell a router no app includes), and the routes registered
by a call rather than a decorator (``router.add_api_route("/x", controller.handler)``)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_flask import listed_methods
from mentorbot.analysis.python_facts_support import (
    dotted,
    first_arg,
    flag,
    keyword,
    last_name,
    safe_unparse,
    str_literal,
)
from mentorbot.analysis.python_facts_web import registered_web_route
from mentorbot.rules._names import module_of

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


def include_router(site: CallSite) -> None:
    """``include_router(X)``, recorded as the router's variable (the signal's name) and where it
    is defined: ``module`` (dotted, from an absolute import or this file) or only ``stem`` (the
    file name a relative import gives: ``from .routes import users`` then ``users.router``).
    ``resolved`` is false where neither is known (a router imported relatively by its own name,
    a loop variable): whoever reads these then cannot tell which routers are served. A literal
    ``prefix`` is kept: the included routes are served behind it; so is ``into_router``, the
    router of this file it is included into, whose own prefix comes first."""
    reference = dotted(first_arg(site.call, "router") or ast.Constant(value=None))
    head, _, rest = reference.partition(".")
    module, stem, name = "", "", ""
    if head and head in site.state.imports:
        imported_module, original = site.state.imports[head]
        if rest and "." not in rest:
            name = rest
            if imported_module:
                module = f"{imported_module}.{original}" if original else imported_module
            else:
                stem = original
        elif not rest and imported_module:
            module, name = imported_module, original
    elif head and not rest and site.state.apps.get(head) == "APIRouter":
        module, name = module_of(site.state.path), head
    resolved = bool(name and (module or stem))
    data = {"module": module, "stem": stem, "resolved": flag(resolved)}
    given = keyword(site.call, "prefix")
    prefix = str_literal(given)
    if prefix and prefix.startswith("/"):
        data["prefix"] = prefix.rstrip("/")
    elif given is not None and prefix is None:
        data["prefix_unknown"] = "1"  # settings.API_V1_STR: behind a prefix we cannot read
    func = site.call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if site.state.apps.get(func.value.id) == "APIRouter":
            data["into_router"] = func.value.id  # nested: served behind that router's prefix
    site.sink.emit("include-router", site.line, name or reference, data=data)


REGISTERING_CALLS = ("add_api_route", "add_route", "add_api_websocket_route", "add_websocket_route")
"""FastAPI's (and Starlette's) calls that register a handler on an app or router."""


def registered_route(site: CallSite) -> None:
    """A route registered by a call: ``router.add_api_route("/shorten", controller.shorten,
    methods=["POST"])``, the way class-based controllers are wired.

    Recorded at the call, named by the handler: the call is where the route's path and method
    are written, and the handler may be defined in another module (then its ``async`` is not
    known here and stays "0"; the handler's own ``async-def`` signal tells it).
    """
    call, state = site.call, site.state
    if not isinstance(call.func, ast.Attribute) or registered_web_route(site):
        return
    receiver = dotted(call.func.value)
    path = str_literal(first_arg(call, "path"))
    if path is None or receiver in state.flask_apps:
        return
    if receiver not in state.apps and not (
        path.startswith("/") and state.imports_library("fastapi")
    ):
        return
    endpoint = call.args[1] if len(call.args) > 1 else keyword(call, "endpoint")
    name = last_name(endpoint)
    if not name:
        return
    websocket = "websocket" in site.callee
    method = "WS" if websocket else listed_methods(call)
    full_path = state.full_path(receiver, path)
    data = {
        "method": method,
        "path": full_path,
        "async": flag(bool(state.defined_async(endpoint))),
        "response_model": "",
        "returns": "",
        "depends": flag(keyword(call, "dependencies") is not None),
        "end": str(call.end_lineno or call.lineno),
        "router": receiver,
    }
    declared = keyword(call, "response_model")
    if declared is not None and not (isinstance(declared, ast.Constant) and declared.value is None):
        response_model_data(declared, data)
    site.sink.emit("route", site.line, name, detail=f"{method} {full_path}", data=data)
    if websocket:
        site.sink.emit("websocket", site.line, name)


def response_model_data(expression: ast.expr, data: dict[str, str]) -> None:
    """A route's declared response model into its signal's data (``list[X]``: X, many)."""
    if isinstance(expression, ast.Subscript) and last_name(expression.value) in {"list", "List"}:
        data["response_model"] = safe_unparse(expression.slice)
        data["response_many"] = "1"
    else:
        data["response_model"] = safe_unparse(expression)
