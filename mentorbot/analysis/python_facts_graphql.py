"""GraphQL APIs as facts: where a schema is served (``graphql-endpoint``) and the operations it
offers (``graphql-operation``).

A GraphQL API is one URL answering every query and mutation of its schema: graphene-django's
``path("graphql/", GraphQLView.as_view(...))``, Strawberry's ``app.include_router(
GraphQLRouter(schema), prefix="/graphql")`` or Flask's ``add_url_rule("/graphql", view_func=
GraphQLView.as_view(...))``. Read as routes it was invisible, or one ``GET /graphql`` route;
its operations are what the learner built behind it: Strawberry's ``@strawberry.field`` and
``@strawberry.mutation`` on the root types, graphene's ``resolve_*`` methods and ``Mutation``
classes, Ariadne's ``@query.field("x")`` (blind check g1).

Read once the walk is done, and only in a module that imports a GraphQL library.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorbot.analysis.python_facts_support import (
    FileState,
    FunctionNode,
    SignalSink,
    dotted,
    first_arg,
    flag,
    keyword,
    last_name,
    str_literal,
)

GRAPHQL_VIEWS: dict[str, bool] = {
    "strawberry.fastapi.GraphQLRouter": True,
    "strawberry.asgi.GraphQL": True,
    "strawberry.aiohttp.views.GraphQLView": True,
    "strawberry.sanic.views.GraphQLView": True,
    "strawberry.quart.views.GraphQLView": True,
    "strawberry.litestar.make_graphql_controller": True,
    "strawberry.channels.GraphQLHTTPConsumer": True,
    "strawberry.django.views.AsyncGraphQLView": True,
    "strawberry.flask.views.AsyncGraphQLView": True,
    "strawberry.django.views.GraphQLView": False,
    "strawberry.flask.views.GraphQLView": False,
    "strawberry.chalice.views.GraphQLView": False,
    "graphene_django.views.GraphQLView": False,
    "flask_graphql.GraphQLView": False,
    "graphql_server.flask.GraphQLView": False,
    "starlette_graphene3.GraphQLApp": True,
    "ariadne.asgi.GraphQL": True,
    "ariadne.wsgi.GraphQL": False,
    "ariadne.contrib.django.views.GraphQLView": False,
}
"""The views and apps that serve a schema, and whether they execute it on an event loop (where
Strawberry calls a plain ``def`` resolver on the loop's thread, strawberry-graphql#3187)."""
GRAPHQL_LIBRARIES = frozenset(name.split(".")[0] for name in GRAPHQL_VIEWS) | {"graphene"}
MOUNTS = frozenset(
    {"include_router", "add_route", "add_websocket_route", "add_api_route", "mount"}
    | {"add_url_rule", "path", "re_path", "url", "Route", "Mount", "WebSocketRoute"}
)
"""Calls that put a view or an app at a URL (FastAPI, Starlette, aiohttp, Flask, Django)."""
ROUTE_KINDS = ("route", "flask-route")
"""What the mount's call was read as before: ``add_route("/graphql", app)`` is no GET route."""
OPERATIONS = ("query", "mutation", "subscription")
_ROOT_NAME = re.compile(r"(Query|Mutation|Subscription)s?(?:Root|Type)?$")
"""A root type by its name: ``Query``, ``BookQuery``, ``Mutations``, ``QueryRoot``."""
STRAWBERRY_FIELDS = {
    "strawberry.field": "",
    "strawberry.mutation": "mutation",
    "strawberry.subscription": "subscription",
}
"""Strawberry's field makers, and the operation one makes whatever its type ("": the type's)."""
ARIADNE_TYPES = {
    "ariadne.QueryType": "query",
    "ariadne.MutationType": "mutation",
    "ariadne.SubscriptionType": "subscription",
}


def qualified_name(node: ast.AST | None, state: FileState) -> str:
    """``strawberry.fastapi.GraphQLRouter`` for ``GraphQLRouter`` imported from there (or a
    dotted name through an imported module); "" for a name this module did not import."""
    text = dotted(node)
    head, _, rest = text.partition(".")
    if not head or head not in state.imports:
        return ""
    module, original = state.imports[head]
    if not module:
        return ""
    base = f"{module}.{original}" if original else module
    return f"{base}.{rest}" if rest else base


def graphql_facts(tree: ast.Module, state: FileState, sink: SignalSink) -> None:
    """The GraphQL endpoints and operations of a module that imports a GraphQL library."""
    if not any(map(state.imports_library, GRAPHQL_LIBRARIES)):
        return
    _endpoints(tree, state, sink)
    roots = _schema_roots(tree, state)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            _strawberry_operations(node, roots, state, sink)
            _graphene_operations(node, roots, state, sink)
    _ariadne_operations(tree, state, sink)


def _construction(node: ast.AST | None, state: FileState) -> str:
    """The qualified view or app a call makes (``GraphQL(schema)``, ``GraphQLRouter(schema)``,
    ``GraphQLView.as_view(...)``), "" for any other node."""
    if not isinstance(node, ast.Call):
        return ""
    func = node.func
    made = qualified_name(func, state)
    if made not in GRAPHQL_VIEWS and isinstance(func, ast.Attribute) and func.attr == "as_view":
        made = qualified_name(func.value, state)
    return made if made in GRAPHQL_VIEWS else ""


def _unwrapped(node: ast.AST | None, state: FileState) -> ast.Call | None:
    """The view made in ``node``, itself or through a wrapper (``csrf_exempt(...)``)."""
    for _ in range(3):
        if not isinstance(node, ast.Call):
            return None
        if _construction(node, state):
            return node
        node = first_arg(node)
    return None


def _endpoints(tree: ast.Module, state: FileState, sink: SignalSink) -> None:
    """Each view mounted at a URL, at the call that mounts it (the route that call was read as
    is taken back); a view made here and mounted elsewhere, where it is made."""
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    made = [call for call in calls if _construction(call, state)]
    if not made:
        return
    named: dict[str, ast.Call] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            view = _unwrapped(node.value, state)
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if view is not None and dotted(target):
                named[dotted(target)] = view
    mounted: set[tuple[int, str]] = set()
    mount_lines: set[int] = set()
    for call in calls:
        if last_name(call.func) not in MOUNTS:
            continue
        view = _mounted_view(call, named, state)
        if view is None:
            continue
        path = _mount_path(call, view, state)
        mount_lines.add(call.lineno)
        if (id(view), path) not in mounted:
            mounted.add((id(view), path))
            _emit_endpoint(call.lineno, _construction(view, state), path, sink)
    served = {made_id for made_id, _ in mounted}
    for call in made:
        if id(call) not in served:
            own_path = str_literal(keyword(call, "path")) or ""
            _emit_endpoint(call.lineno, _construction(call, state), own_path, sink)
    if mount_lines:
        sink.drop_lines(ROUTE_KINDS, mount_lines)


def _mounted_view(call: ast.Call, named: dict[str, ast.Call], state: FileState) -> ast.Call | None:
    """The GraphQL view a mounting call puts at its URL: made in the call or named."""
    for argument in [*call.args, *(item.value for item in call.keywords)]:
        view = _unwrapped(argument, state) or named.get(dotted(argument))
        if view is not None:
            return view
    return None


def _mount_path(call: ast.Call, view: ast.Call, state: FileState) -> str:
    """The URL as written: the mount's path (or ``prefix=``) and the view's own ``path=``."""
    own = str_literal(keyword(view, "path")) or ""
    if last_name(call.func) == "include_router":
        written = str_literal(keyword(call, "prefix")) or ""
    else:
        written = next(
            (text for item in call.args if (text := str_literal(item)) not in (None, "*")), ""
        )
        written = written or str_literal(keyword(call, "rule")) or ""
    receiver = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    joined = written.rstrip("/") + own if own else written
    return state.full_path(receiver, joined) if receiver else joined


def _emit_endpoint(line: int, view: str, path: str, sink: SignalSink) -> None:
    data = {"path": path, "library": view.split(".")[0], "async": flag(GRAPHQL_VIEWS[view])}
    sink.emit("graphql-endpoint", line, path or view.rsplit(".", 1)[-1], detail=view, data=data)


def _schema_roots(tree: ast.Module, state: FileState) -> dict[str, str]:
    """Class name -> operation, from ``Schema(query=Query, mutation=Mutation)`` in this module."""
    roots: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and last_name(node.func) == "Schema":
            for operation in OPERATIONS:
                name = last_name(keyword(node, operation))
                if name:
                    roots[name] = operation
    return roots


def _root_operation(node: ast.ClassDef, roots: dict[str, str]) -> str:
    if node.name in roots:
        return roots[node.name]
    named = _ROOT_NAME.search(node.name)
    return named.group(1).lower() if named else ""


def _decorator_name(decorator: ast.expr, state: FileState) -> str:
    return qualified_name(decorator.func if isinstance(decorator, ast.Call) else decorator, state)


def _strawberry_operations(
    node: ast.ClassDef, roots: dict[str, str], state: FileState, sink: SignalSink
) -> None:
    """The fields of a root ``@strawberry.type`` that a resolver answers: a method under
    ``@strawberry.field`` or ``@strawberry.mutation``, or ``x = strawberry.field(resolver=f)``."""
    if not any(_decorator_name(d, state) == "strawberry.type" for d in node.decorator_list):
        return
    root = _root_operation(node, roots)
    if not root:
        return
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in item.decorator_list:
                maker = _decorator_name(decorator, state)
                if maker in STRAWBERRY_FIELDS:
                    operation = STRAWBERRY_FIELDS[maker] or root
                    is_async = isinstance(item, ast.AsyncFunctionDef)
                    _emit_operation(item.lineno, item.name, operation, "strawberry", is_async, sink)
                    break
        elif isinstance(item, ast.Assign | ast.AnnAssign) and isinstance(item.value, ast.Call):
            maker = qualified_name(item.value.func, state)
            resolver = keyword(item.value, "resolver")
            target = item.targets[0] if isinstance(item, ast.Assign) else item.target
            if maker in STRAWBERRY_FIELDS and resolver is not None and dotted(target):
                operation = STRAWBERRY_FIELDS[maker] or root
                is_async = bool(state.defined_async(resolver))
                _emit_operation(
                    item.lineno, dotted(target), operation, "strawberry", is_async, sink
                )


def _graphene_base(node: ast.ClassDef, state: FileState, ending: str) -> bool:
    return any(
        qualified_name(base, state).startswith("graphene") and last_name(base).endswith(ending)
        for base in node.bases
    )


def _graphene_operations(
    node: ast.ClassDef, roots: dict[str, str], state: FileState, sink: SignalSink
) -> None:
    """A root ``graphene.ObjectType``'s ``resolve_<field>`` methods, and each class on
    ``graphene.Mutation`` (the mutations its root type lists as ``X.Field()``)."""
    if _graphene_base(node, state, "Mutation"):
        _emit_operation(node.lineno, node.name, "mutation", "graphene", _mutate_async(node), sink)
        return
    if not _graphene_base(node, state, "ObjectType"):
        return
    root = _root_operation(node, roots)
    if not root:
        return
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            field = item.name.removeprefix("resolve_")
            if field != item.name and field:
                is_async = isinstance(item, ast.AsyncFunctionDef)
                _emit_operation(item.lineno, field, root, "graphene", is_async, sink)


def _mutate_async(node: ast.ClassDef) -> bool:
    return any(
        isinstance(item, ast.AsyncFunctionDef) and item.name.startswith("mutate")
        for item in node.body
    )


def _ariadne_operations(tree: ast.Module, state: FileState, sink: SignalSink) -> None:
    """``query = QueryType()`` (or ``ObjectType("Query")``) and its ``@query.field("books")``
    resolvers, or ``query.set_field("books", resolve_books)``."""
    types: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            operation = _ariadne_type(statement.value, state)
            for target in statement.targets:
                if operation and isinstance(target, ast.Name):
                    types[target.id] = operation
    if not types:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for field, operation in _ariadne_fields(node, types):
                is_async = isinstance(node, ast.AsyncFunctionDef)
                _emit_operation(node.lineno, field, operation, "ariadne", is_async, sink)
        elif isinstance(node, ast.Call) and last_name(node.func) == "set_field":
            owner = dotted(node.func.value) if isinstance(node.func, ast.Attribute) else ""
            field = str_literal(first_arg(node)) or ""
            if owner in types and field:
                resolver = node.args[1] if len(node.args) > 1 else None
                is_async = bool(state.defined_async(resolver))
                _emit_operation(node.lineno, field, types[owner], "ariadne", is_async, sink)


def _ariadne_type(call: ast.Call, state: FileState) -> str:
    made = qualified_name(call.func, state)
    if made in ARIADNE_TYPES:
        return ARIADNE_TYPES[made]
    if made == "ariadne.ObjectType":
        named = str_literal(first_arg(call)) or ""
        return named.lower() if named.lower() in OPERATIONS else ""
    return ""


def _ariadne_fields(node: FunctionNode, types: dict[str, str]) -> Iterator[tuple[str, str]]:
    for decorator in node.decorator_list:
        if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
            continue
        owner = dotted(decorator.func.value)
        field = str_literal(first_arg(decorator)) or ""
        if owner in types and field and decorator.func.attr in {"field", "source"}:
            yield field, types[owner]


def _emit_operation(
    line: int, name: str, operation: str, library: str, is_async: bool, sink: SignalSink
) -> None:
    data = {"operation": operation, "library": library, "async": flag(is_async)}
    sink.emit("graphql-operation", line, name, detail=operation, data=data)
