"""Flask (and Quart) routes: ``@app.route("/x", methods=[...])``, ``@bp.get("/x")`` and
``app.add_url_rule("/x", view_func=handler)``; and their errors answered with a status
(``return jsonify(...), 500``, ``abort(404)``).

They are their own signal kind, not FastAPI's ``route``: the achievements count them as
endpoints and the missing-tests rule as routes, but the FastAPI areas, rules and checklist items
(``response_model``, ``Depends``, async routes) do not apply to them.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

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

FLASK_ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete"})


def flask_file(state: FileState) -> bool:
    """A module that imports Flask or Quart and not FastAPI (a blueprint's routes, say)."""
    return not state.imports_library("fastapi") and any(
        state.imports_library(library) for library in FLASK_LIKE
    )


def _flask_decorator(func: ast.Attribute, state: FileState) -> bool:
    """``@app.route("/x")`` in a module with no web framework's import: the routes module of a
    Flask package (``from app import app``). ``route`` is Flask's decorator, not FastAPI's."""
    return func.attr == "route" and not any(
        state.imports_library(library) for library in ("fastapi", "starlette")
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
        receiver in state.apps
        or not (flask_file(state) or _flask_decorator(func, state))
        or not (path or "").startswith("/")
    ):
        return False
    if path is None:
        return False
    full_path = state.full_path(receiver, path)
    method = listed_methods(decorator) if func.attr == "route" else func.attr.upper()
    state.consumed_calls.add(id(decorator))
    data = {"method": method, "path": full_path}
    guard = _guard(node, decorator)
    if guard:
        data["guard"] = guard
    sink.emit("flask-route", node.lineno, node.name, detail=f"{method} {full_path}", data=data)
    state.serves_flask = True
    return True


FLASK_GUARD = re.compile(r"required|requires_auth|authenticated|protected", re.IGNORECASE)
"""Decorators that let a view run only for a signed-in user: Flask-Login's ``login_required``,
Flask-JWT-Extended's ``jwt_required()``, HTTPAuth's ``auth.login_required``, a learner's own
``token_required`` or ``admin_required``."""


def _guard(node: FunctionNode, route: ast.Call | None) -> str:
    """The name of the view's auth decorator, "" when it has none. One written above the route
    decorator wraps what Flask has already registered: the view it serves is unguarded."""
    decorators = node.decorator_list
    below = decorators.index(route) + 1 if route is not None and route in decorators else 0
    return next(filter(None, map(_guard_name, decorators[below:])), "")


def _guard_name(decorator: ast.expr) -> str:
    """The name of an auth decorator (``login_required``, ``jwt_required()``), else ""."""
    name = last_name(decorator.func if isinstance(decorator, ast.Call) else decorator)
    return name if FLASK_GUARD.search(name) else ""


def registered_flask_rule(site: CallSite) -> None:
    """``app.add_url_rule("/x", view_func=handler, methods=[...])`` on a Flask app or blueprint
    of this file: a route registered by a call, recorded there and named by its view (the
    class of a class-based ``View.as_view("name")``)."""
    call, state = site.call, site.state
    if not isinstance(call.func, ast.Attribute) or dotted(call.func.value) not in state.flask_apps:
        return
    path = str_literal(first_arg(call, "rule"))
    view = keyword(call, "view_func")
    if view is None and len(call.args) > 2:
        view = call.args[2]
    if isinstance(view, ast.Call) and last_name(view.func) == "as_view":
        view = view.func.value if isinstance(view.func, ast.Attribute) else view
    name = last_name(view) or str_literal(keyword(call, "endpoint")) or ""
    if path is None or not name:
        return
    full_path = state.full_path(dotted(call.func.value), path)
    method = listed_methods(call)
    data = {"method": method, "path": full_path}
    site.sink.emit("flask-route", site.line, name, detail=f"{method} {full_path}", data=data)


def flask_error_return(node: ast.Return, state: FileState, sink: SignalSink) -> None:
    """``return jsonify(error=str(e)), 500`` in a Flask (or Quart) module, or one whose views
    are Flask's though it imports Flask through a star: an error answered with its status, as
    FastAPI's ``JSONResponse(status_code=500)`` is."""
    value = node.value
    if not isinstance(value, ast.Tuple) or len(value.elts) < 2:
        return
    status = value.elts[1]
    if not (isinstance(status, ast.Constant) and type(status.value) is int):
        return
    flask = state.serves_flask or any(map(state.imports_library, FLASK_LIKE))
    if not 400 <= status.value <= 599 or not flask:
        return
    body = value.elts[0]
    name = last_name(body.func) if isinstance(body, ast.Call) else type(body).__name__.lower()
    sink.emit("error-response", node.lineno, name, data={"status": str(status.value)})


def flask_abort(site: CallSite) -> None:
    """``abort(404)`` of Flask (Werkzeug): an HTTP error raised with its status."""
    call, state = site.call, site.state
    origin = (
        state.imported_from(call.func.id)
        if isinstance(call.func, ast.Name)
        else state.library_of(site.func_path)
    )
    if origin.split(".")[0] not in {"flask", "quart", "werkzeug"}:
        return
    given = first_arg(call, "code")
    status = str(given.value) if isinstance(given, ast.Constant) else ""
    site.sink.emit("http-exception", site.line, detail=status, data={"status": status})


RESOURCE_LIBRARIES = frozenset({"flask_restful", "flask_restx", "flask_smorest"})
"""Where a class-based Flask resource comes from: ``class Users(Resource)``, answered by its
``get``/``post``/... methods once ``api.add_resource(Users, "/users")`` registers it."""
HTTP_METHOD_NAMES = ("get", "post", "put", "patch", "delete")


def is_resource_class(bases: list[str], library_of: dict[str, str]) -> bool:
    """A flask-restful or flask-restx ``Resource`` subclass, or Flask's ``MethodView``: ``bases``
    are the class's bases as written, ``library_of`` maps each to its import's module."""
    for base in bases:
        module = library_of.get(base, "")
        if module.split(".")[0] in RESOURCE_LIBRARIES and base.endswith("Resource"):
            return True
        if module.startswith("flask") and base.endswith("MethodView"):
            return True
    return False


def flask_resource(node: ast.ClassDef, state: FileState, sink: SignalSink) -> None:
    """Each HTTP method of a resource class serves a request: a Flask route at the method's
    line, named ``Class.method``, its path left to the ``add_resource`` call (often in another
    module). An auth decorator on the method, or in the class's ``method_decorators``, guards it."""
    bases = [dotted(base) for base in node.bases]
    library_of = {base: state.imported_from(base.split(".")[0]) for base in bases if base}
    if not (is_resource_class(bases, library_of) or _relayed_resource(bases, state)):
        return
    class_guard = _class_guard(node)
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in (
            HTTP_METHOD_NAMES
        ):
            method = item.name.upper()
            data = {"method": method, "path": ""}
            guard = _guard(item, None) or class_guard
            if guard:
                data["guard"] = guard
            name = f"{node.name}.{item.name}"
            sink.emit("flask-route", item.lineno, name, detail=f"{method} {node.name}", data=data)
            state.serves_flask = True


def _relayed_resource(bases: list[str], state: FileState) -> bool:
    """``from . import Resource`` in a package whose ``__init__`` imports flask-restful's: the
    five auth resources of a Flask API were no routes, and an unguarded ``delete`` went unseen
    (blind check f1)."""
    return any(
        base == "Resource" and base in state.imports and not state.imported_from(base)
        for base in bases
    )


def _class_guard(node: ast.ClassDef) -> str:
    """``method_decorators = [jwt_required()]``: flask-restful wraps every method in them."""
    listed = [
        decorator
        for item in node.body
        if isinstance(item, ast.Assign)
        and any(dotted(target) == "method_decorators" for target in item.targets)
        and isinstance(item.value, ast.List | ast.Tuple)
        for decorator in item.value.elts
    ]
    return next(filter(None, map(_guard_name, listed)), "")
