"""Flask (and Quart) routes: ``@app.route("/x", methods=[...])`` and ``@bp.get("/x")``.

They are their own signal kind, not FastAPI's ``route``: the achievements count them as
endpoints and the missing-tests rule as routes, but the FastAPI areas, rules and checklist items
(``response_model``, ``Depends``, async routes) do not apply to them.
"""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_support import (
    FLASK_LIKE,
    FileState,
    FunctionNode,
    SignalSink,
    dotted,
    first_arg,
    keyword,
    str_literal,
)

FLASK_ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete"})


def flask_file(state: FileState) -> bool:
    """A module that imports Flask or Quart and not FastAPI (a blueprint's routes, say)."""
    return not state.imports_library("fastapi") and any(
        state.imports_library(library) for library in FLASK_LIKE
    )


def listed_methods(decorator: ast.Call) -> str:
    """``methods=["GET", "POST"]`` of a route decorator as ``GET,POST``; GET when not literal."""
    methods = keyword(decorator, "methods")
    if isinstance(methods, ast.List | ast.Tuple | ast.Set):
        names = [str_literal(item) for item in methods.elts]
        if names and all(name is not None for name in names):
            return ",".join(str(name).upper() for name in names)
    return "GET"


def flask_route(
    decorator: ast.Call, func: ast.Attribute, node: FunctionNode, state: FileState, sink: SignalSink
) -> bool:
    """Emit the route when the decorator is a Flask app's or blueprint's; whether it was."""
    if func.attr not in FLASK_ROUTE_METHODS:
        return False
    receiver = dotted(func.value)
    path = str_literal(first_arg(decorator, "rule"))
    known = receiver in state.flask_apps
    if not known and (
        receiver in state.apps or not flask_file(state) or not (path or "").startswith("/")
    ):
        return False
    if path is None:
        return False
    full_path = state.full_path(receiver, path)
    method = listed_methods(decorator) if func.attr == "route" else func.attr.upper()
    state.consumed_calls.add(id(decorator))
    data = {"method": method, "path": full_path}
    sink.emit("flask-route", node.lineno, node.name, detail=f"{method} {full_path}", data=data)
    return True
