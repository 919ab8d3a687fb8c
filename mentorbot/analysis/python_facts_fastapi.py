"""FastAPI route facts from a handler's decorator: method, full path, response model,
dependencies; and which files' ``@app.get("/")`` are some other framework's."""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_depends import emit_injected, uses_depends
from mentorbot.analysis.python_facts_flask import flask_file, listed_methods
from mentorbot.analysis.python_facts_routers import response_model_data
from mentorbot.analysis.python_facts_support import (
    OTHER_WEB_FRAMEWORKS,
    FileState,
    FunctionNode,
    SignalSink,
    dotted,
    first_arg,
    flag,
    keyword,
    safe_unparse,
    str_literal,
)

TYPING_FORMS = frozenset(
    {"Any", "Optional", "Union", "List", "Dict", "Set", "FrozenSet", "Tuple", "Sequence"}
    | {"Mapping", "Iterable", "Iterator", "AsyncIterator", "AsyncIterable", "Generator"}
    | {"AsyncGenerator", "Annotated", "Literal", "None", "NoReturn", "Never", "Self"}
)
"""Capitalised names in annotations that are typing's, not a schema of the learner's."""
RESPONSE_CLASSES = frozenset(
    {"Response", "JSONResponse", "ORJSONResponse", "UJSONResponse", "HTMLResponse"}
    | {"PlainTextResponse", "RedirectResponse", "StreamingResponse", "FileResponse"}
    | {"EventSourceResponse"}
)
"""Starlette's, FastAPI's and sse-starlette's responses: returned as they are, never validated
(a learner's ``UserResponse`` schema is not one of them)."""


def fastapi_route(
    decorator: ast.Call,
    func: ast.Attribute,
    node: FunctionNode,
    state: FileState,
    sink: SignalSink,
) -> bool:
    """A FastAPI route; an unknown receiver only counts when the path looks like a URL path and
    the file is not a Flask (or Quart) one, whose ``@app.get("/x")`` looks the same. Returns
    whether the decorator routes the function, to this app or to a Flask one: a method named
    like a verb on anything else (``@mock.patch("app.tasks.send_mail.delay")``) routes nothing,
    and its test is still a test (blind check d2)."""
    path_node = first_arg(decorator, "path")
    path = str_literal(path_node)
    receiver = dotted(func.value)
    if receiver in state.flask_apps:
        return True
    known_app = receiver in state.apps
    if not known_app and (path is None or (path and not path.startswith("/"))):
        return False
    if not known_app and (flask_file(state) or _other_framework_file(state)):
        return True
    path = safe_unparse(path_node) if path is None else state.full_path(receiver, path)
    method = _route_method(decorator, func.attr)
    data = {
        "method": method,
        "path": path,
        "async": flag(isinstance(node, ast.AsyncFunctionDef)),
        "response_model": "",
        "returns": safe_unparse(node.returns),
        "depends": flag(uses_depends(node, decorator, state)),
        "end": str(node.end_lineno or node.lineno),
        "router": receiver,
    }
    declared = keyword(decorator, "response_model")
    if declared is None and node.returns is not None and _names_a_schema(node.returns):
        # FastAPI takes the return annotation as the response model when the decorator has none
        # (its tutorial's style since 0.89): ``-> TaskRead`` filters the response the same way.
        response_model_data(node.returns, data)
        data["response_via"] = "return"
    elif declared is not None and not (
        isinstance(declared, ast.Constant) and declared.value is None
    ):
        response_model_data(declared, data)
    sink.emit("route", node.lineno, node.name, detail=f"{method} {path}", data=data)
    emit_injected(node, state, sink)
    if method == "WS":
        sink.emit("websocket", node.lineno, node.name)
    return True


def _other_framework_file(state: FileState) -> bool:
    """A module of a Sanic or aiohttp app (and their kin) that does not import FastAPI: its
    ``@app.get("/")`` counted as a FastAPI route (blind check b1)."""
    return not state.imports_library("fastapi") and any(
        state.imports_library(library) for library in OTHER_WEB_FRAMEWORKS
    )


def _names_a_schema(annotation: ast.expr) -> bool:
    """Whether a return annotation names a class FastAPI would validate the response with: not
    a Response (returned as is), not only builtins and typing forms (``dict[str, Any]``)."""
    names = {
        node.id if isinstance(node, ast.Name) else node.attr
        for node in ast.walk(annotation)
        if isinstance(node, ast.Name | ast.Attribute)
    }
    schemas = {name for name in names if name[:1].isupper() and name not in TYPING_FORMS}
    return bool(schemas) and not names & RESPONSE_CLASSES


def _route_method(decorator: ast.Call, attribute: str) -> str:
    if attribute == "websocket":
        return "WS"
    return listed_methods(decorator) if attribute == "api_route" else attribute.upper()


# --- classes ------------------------------------------------------------------------------
