"""Requests through a sync client another module makes (MB101, MB111): each file reports the
clients it binds at module level, the functions of its that hand one out (a factory called by
the route, ``conn = get_db_connection()``, or a dependency FastAPI calls, ``db=Depends(get_db)``
of a ``get_db`` that yields a pool's connection), and the requests its async functions make
through imported names; the project check pairs them. A peewee model class counts as a client:
its class methods query the database.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking import sync_definitions
from mentorbot.rules._blocking_calls import wrapped_in_thread
from mentorbot.rules._blocking_pairs import BlockingDefs
from mentorbot.rules._client_kinds import CLIENT_SIGNALS, PEEWEE, REQUESTS
from mentorbot.rules._names import (
    FunctionNode,
    assign_targets,
    chain_root,
    dotted,
    functions,
    module_matches,
    module_of,
    own_nodes_of,
    param_defaults,
    positional_params,
    qualified,
)
from mentorbot.rules._reexports import importing_files, in_standard_library
from mentorbot.rules._sync_clients import (
    ANY_REQUEST,
    dependency_of,
    factory_kind,
    file_clients,
    handed_out_kind,
    imports_a_client,
)
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import ProjectView, names_by_kind

"""Modules no client of the project's comes from (``os.environ.get``, ``json.dumps``)."""
CLIENT_CALLS_SIGNAL = "rule:client-calls"
"""A request an async function makes through an imported name (``name``: the import's target,
``detail``: the method)."""
CLIENT_HELPER_CALLS_SIGNAL = "rule:client-helper-calls"
"""The same, made by a module-level sync function or a sync method (``data["function"]``: its
name, ``Cls.method`` for a method): once paired, a blocking helper (``_blocking``)."""


def imported_root(
    node: ast.expr, imports: dict[str, str], local: dict[str, str] | None = None
) -> str:
    """The import target of the name a chain starts from (``db.users`` -> ``app.db.db``), or
    of what a ``local`` name was bound to (``cursor = conn.cursor()``)."""
    root = chain_root(node)
    if not isinstance(root, ast.Name):
        return ""
    return imports.get(root.id, "") or (local or {}).get(root.id, "")


def module_roots(tree: ast.Module, imports: dict[str, str]) -> dict[str, str]:
    """Names the module binds at its top level to a chain from an imported name, with that
    import's target: ``db = client.get_database("chat")`` then ``users = db["users"]`` in a
    router that imports the client. Kept on the tree: each function asks for them."""
    cached: dict[str, str] | None = tree.__dict__.get(_MODULE_ROOTS)
    if cached is not None:
        return cached
    roots: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = node.targets[0]
            if isinstance(name, ast.Name):
                target = imported_root(node.value, imports, roots)
                if target:
                    roots[name.id] = target
                else:
                    roots.pop(name.id, None)
    tree.__dict__[_MODULE_ROOTS] = roots
    return roots


_MODULE_ROOTS = "_mentor_module_roots"


def local_roots(function: FunctionNode, ctx: FileContext) -> dict[str, str]:
    """Names ``function`` binds to a chain from an imported name (``users = db.users``,
    ``cursor = conn.cursor()``, ``with conn.cursor() as cursor:``), with that import's target,
    in source order, after the module's own such names (``module_roots``); a parameter an
    imported dependency provides (``db=Depends(get_db)``) starts from that dependency."""
    imports = ctx.imports
    local: dict[str, str] = dict(module_roots(ctx.tree, imports))
    arguments = function.args
    defaults = param_defaults(arguments) if arguments.defaults or arguments.kw_defaults else {}
    for param in positional_params(function) if defaults or arguments.args else ():
        provider = dependency_of(param, defaults, imports)
        if provider.isidentifier() and provider in imports:
            local[param.arg] = imports[provider]
    statements: list[ast.Assign | ast.With] = own_nodes_of(function, ast.Assign, ast.With)
    for node in sorted(statements, key=lambda statement: statement.lineno):
        bound: list[tuple[ast.expr | None, ast.expr]]
        if isinstance(node, ast.Assign):
            bound = [(node.targets[0], node.value)] if len(node.targets) == 1 else []
        else:
            bound = [(item.optional_vars, item.context_expr) for item in node.items]
        for name, value in bound:
            target = imported_root(value, imports, local) if isinstance(name, ast.Name) else ""
            if target and isinstance(name, ast.Name):
                local[name.id] = target
    return local


def collect_client_signals(ctx: FileContext) -> Iterator[Signal]:
    """The clients this file binds at module level or hands out from a module-level function,
    and the requests its async functions make through names it imports."""
    for node in ctx.tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            for name in map(dotted, assign_targets(node)):
                kind = file_clients(ctx).get(name)
                if kind and "." not in name:
                    yield Signal(kind=CLIENT_SIGNALS[kind], line=node.lineno, name=name)
        elif isinstance(node, ast.FunctionDef) and imports_a_client(ctx):
            kind = factory_kind(node.name, file_clients(ctx), ctx)
            if kind:
                yield Signal(kind=CLIENT_SIGNALS[kind], line=node.lineno, name=node.name)
        elif isinstance(node, ast.ClassDef) and peewee_model(node, ctx):
            yield Signal(kind=CLIENT_SIGNALS[PEEWEE], line=node.lineno, name=node.name)
        elif isinstance(node, ast.ClassDef) and imports_a_client(ctx):
            kind = _wrapped_kind(node, ctx)
            if kind:
                yield Signal(kind=CLIENT_SIGNALS[kind], line=node.lineno, name=node.name)
    if ctx.in_tests:
        return
    for function in functions(ctx.tree):
        if isinstance(function, ast.AsyncFunctionDef):
            for call, target in _imported_requests(function, ctx):
                yield _request_signal(CLIENT_CALLS_SIGNAL, call, target, function.name)
    for name, definition in sync_definitions(ctx.tree):
        for call, target in _imported_requests(definition, ctx):
            if not wrapped_in_thread(call, ctx, definition):
                yield _request_signal(CLIENT_HELPER_CALLS_SIGNAL, call, target, name)


def _wrapped_kind(node: ast.ClassDef, ctx: FileContext) -> str:
    """The kind of sync client a wrapper class's method hands out (``RedisClient().connect()``
    returning ``redis.from_url(url)``): requests through what the class gives are that
    client's (blind check b2)."""
    for method in node.body:
        if isinstance(method, ast.FunctionDef) and not method.name.startswith("__"):
            kind = handed_out_kind(method, file_clients(ctx), ctx)
            if kind:
                return kind
    return ""


def _imported_requests(function: FunctionNode, ctx: FileContext) -> Iterator[tuple[ast.Call, str]]:
    """``(call, import target)`` of each request ``function`` makes, not awaited, through a
    name it imports or binds to a chain from one (``client = get_redis_client()``)."""
    awaited = {id(node.value) for node in own_nodes_of(function, ast.Await)}
    local: dict[str, str] | None = None
    for call in own_nodes_of(function, ast.Call):
        func = call.func
        if id(call) in awaited or not isinstance(func, ast.Attribute):
            continue
        if func.attr not in ANY_REQUEST:
            continue
        if local is None:
            local = local_roots(function, ctx)
        target = imported_root(func.value, ctx.imports, local)
        if target and not in_standard_library(target):
            yield call, target


def _request_signal(kind: str, call: ast.Call, target: str, function: str) -> Signal:
    """A request's signal, the call named as written (``get_redis_client().exists``)."""
    func = call.func
    assert isinstance(func, ast.Attribute)
    text = dotted(func)
    if not text and isinstance(func.value, ast.Call) and (made_by := dotted(func.value.func)):
        text = f"{made_by}().{func.attr}"
    return Signal(
        kind=kind,
        line=call.lineno,
        name=target,
        detail=func.attr,
        data={"function": function, "call": text},
    )


def peewee_model(node: ast.ClassDef, ctx: FileContext) -> bool:
    """A peewee model class: on peewee's ``Model``, or with fields made by peewee's field
    classes (``email = CharField(unique=True)`` on the project's own base). Its class methods
    (``User.get(...)``, ``User.create(...)``, ``User.select()``) query the database then and
    there, on the calling thread."""

    def from_peewee(expression: ast.expr) -> bool:
        return qualified(expression, ctx.imports).split(".")[0] in PEEWEE_PACKAGES

    if any(from_peewee(base) for base in node.bases):
        return True
    return any(
        isinstance(item, ast.Assign)
        and isinstance(item.value, ast.Call)
        and from_peewee(item.value.func)
        for item in node.body
    )


PEEWEE_PACKAGES = frozenset({"peewee", "playhouse"})
CLIENT_DEFINITIONS = {kind: names_by_kind(signal) for kind, signal in CLIENT_SIGNALS.items()}


def paired_client_calls(
    project: ProjectView, calls: Iterable[tuple[str, Signal]]
) -> Iterator[tuple[str, Signal, str, str]]:
    """``(path, call signal, kind, client's path)`` of each request an async function makes
    through a sync client another module binds or hands out."""
    for path, signal in calls:
        module, _, name = signal.name.rpartition(".")
        for kind, build in CLIENT_DEFINITIONS.items():
            if signal.detail not in REQUESTS[kind]:
                continue
            defined = project.lookup(build).get(name)
            where = next((where for where in defined if module_matches(module, where)), None)
            if where is None and defined:
                where = _reexported_from(project, module, name, defined)
            if where is not None:
                yield path, signal, kind, where
                break


def _reexported_from(
    project: ProjectView, module: str, name: str, defined: Iterable[str]
) -> str | None:
    """Where a client is bound that ``module`` hands on by importing it: a package's
    ``__init__`` with ``from .mongo import users_db``, imported by every handler as ``from
    utils.db_api import users_db`` (corpus 89: ten handlers' pymongo queries went unseen)."""
    importers = project.lookup(importing_files)
    return next(
        (
            where
            for where in defined
            if any(
                module_matches(module, importer)
                for importer in importers.get(f"{module_of(where)}.{name}", ())
            )
        ),
        None,
    )


def client_blocking_helpers(project: ProjectView) -> BlockingDefs:
    """Sync helpers that make a request through a sync client another module binds or hands
    out (``hit`` counting on ``get_redis_client()``), as ``_blocking`` lists blocking
    definitions: name -> (path, the request)."""
    helpers: BlockingDefs = {}
    if not project.has(CLIENT_HELPER_CALLS_SIGNAL) or not any(
        project.has(signal) for signal in CLIENT_SIGNALS.values()
    ):
        return helpers  # most projects, and most of a history's versions: no sync client
    for path, signal, _, _ in paired_client_calls(
        project, project.signals(CLIENT_HELPER_CALLS_SIGNAL)
    ):
        call = signal.data.get("call") or signal.detail
        helpers.setdefault(signal.data.get("function", ""), []).append((path, call))
    return helpers


def pair_client_signals(project: ProjectView) -> Iterator[ProjectHit]:
    """Requests async functions make through a sync client another module binds or hands
    out."""
    for path, signal, _, _ in paired_client_calls(project, project.targets(CLIENT_CALLS_SIGNAL)):
        name = signal.name.rpartition(".")[2]
        call = signal.data.get("call") or f"{name}.{signal.detail}"
        yield ProjectHit(
            path, signal.line, {"call": call, "function": signal.data.get("function", "")}
        )
