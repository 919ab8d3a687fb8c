"""MB111 beyond SQLAlchemy: a sync database driver (psycopg2, pymysql, PyMongo) that async code
uses. ``conn = psycopg2.connect(...)`` or ``client = MongoClient(...)`` is reported where it is
made, when an async function queries through it: in its own module (``cursor.execute(...)`` in
a route), through an import (``db.users.find_one(...)`` with ``db`` from another module), or
through a project function or method that does (``chat_db.get_messages(...)`` whose
``PostgresDB`` runs ``self.cursor.execute``). ``sqlite3`` counts too: each of its queries
waits on the disk on the loop's thread (aiosqlite is its async driver)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking_pairs import by_path, client_helper_callers
from mentorbot.rules._client_imports import CLIENT_CALLS_SIGNAL, paired_client_calls
from mentorbot.rules._client_kinds import DBAPI, MONGO, client_kind
from mentorbot.rules._loop_resolvers import (
    DRIVER_IN_RESOLVER,
    render,
    served_on_loop,
)
from mentorbot.rules._names import (
    assign_targets,
    dotted,
    functions,
    own_nodes_of,
    qualified,
    walk_of,
)
from mentorbot.rules._sync_clients import request_kind
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import ProjectView

DRIVER_SIGNAL = "rule:sync-driver"
"""A sync database driver's connection or client made here (``name``: what it is bound to,
``data.kind``: dbapi or mongo, ``data.driver``: the package)."""
DRIVER_USE_SIGNAL = "rule:sync-driver-use"
"""An async function (``name``) querying through a sync driver's client of its module."""
DRIVER_KINDS = frozenset({DBAPI, MONGO})
RESOLVER = "resolver"
"""A connection a sync Strawberry resolver makes for its own queries (``data.local``), and the
queries of such a resolver (a key of ``DRIVER_USE_SIGNAL``'s data)."""
DRIVER_WORDS_EN = "sync database driver ({driver})"
"""How an MB111 finding opens when it is about a driver used directly, not an engine."""
_DRIVER_NAMED = re.compile(r"^" + re.escape(DRIVER_WORDS_EN).replace(r"\{driver\}", r"(\w+)"))


def driver_named(message_en: str) -> str:
    """The driver an MB111 finding's English message names ("psycopg2"), "" for an engine's."""
    found = _DRIVER_NAMED.match(message_en)
    return found.group(1) if found else ""


def driver_signals(ctx: FileContext) -> Iterator[Signal]:
    """Where this module makes a sync driver's connection or client, and its async functions'
    queries through one."""
    enclosing = {
        id(node): function
        for function in functions(ctx.tree)
        for node in own_nodes_of(function, ast.Assign, ast.Return)
    }
    resolvers = {id(function) for function in ctx.sync_resolvers}
    statements: list[ast.Assign | ast.Return] = walk_of(ctx.tree, ast.Assign, ast.Return)
    for node in statements:
        value = _made_call(node.value)
        if value is None:
            continue
        made = qualified(value.func, ctx.imports)
        kind = client_kind(made)
        if kind not in DRIVER_KINDS:
            continue
        # A factory's ``return pymysql.connect(...)`` is named by the factory its callers call.
        function = enclosing.get(id(node))
        targets = assign_targets(node) if isinstance(node, ast.Assign) else ()
        names = [dotted(target) for target in targets] or [function.name if function else ""]
        for target in names:
            if target:
                driver = made.split(".", 1)[0]
                data = {"kind": kind, "driver": driver, "in": function.name if function else ""}
                if targets and function is not None and _kept_inside(function, target):
                    is_async = isinstance(function, ast.AsyncFunctionDef)
                    data["local"] = "async" if is_async else "sync"
                    if id(function) in resolvers:
                        data["local"] = RESOLVER
                yield Signal(kind=DRIVER_SIGNAL, line=node.lineno, name=target, data=data)
                break
    if ctx.in_tests:
        return
    hooks = ctx.start_and_stop_hooks
    for function in functions(ctx.tree):
        # A start-up hook's queries run once, before any request is served: none waits.
        resolver = id(function) in resolvers
        if not (isinstance(function, ast.AsyncFunctionDef) or resolver) or function.name in hooks:
            continue
        kinds = {request_kind(call, ctx, function) for call in own_nodes_of(function, ast.Call)}
        for kind in sorted(kinds & DRIVER_KINDS):
            yield Signal(
                kind=DRIVER_USE_SIGNAL,
                line=function.lineno,
                name=function.name,
                detail=kind,
                data={RESOLVER: "1"} if resolver else {},
            )


def _kept_inside(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether the connection ``function`` binds to the local ``name`` serves only its own
    queries: neither a global nor handed out by ``return`` or ``yield``."""
    if "." in name:
        return False
    for node in own_nodes_of(function, ast.Global, ast.Return, ast.Yield):
        if isinstance(node, ast.Global) and name in node.names:
            return False
        if isinstance(node, ast.Return | ast.Yield) and _hands_out(node.value, name):
            return False
    return True


_CONSUMED = frozenset({"fetchall", "fetchone", "fetchmany", "scalar", "find_one", "count"})
"""Calls that read the results out: what they return is rows, not the connection."""


def _hands_out(value: ast.expr | None, name: str) -> bool:
    """Whether ``value`` gives the caller something that still talks through ``name``: the
    connection, a database or collection of it (``client["shop"][name]``), a cursor; not the
    rows read out of it, in full (``conn.execute(...).fetchall()``, a list comprehension)."""
    if value is None or isinstance(value, ast.ListComp | ast.SetComp | ast.DictComp):
        return False
    if isinstance(value, ast.Tuple | ast.List):
        return any(_hands_out(element, name) for element in value.elts)
    if isinstance(value, ast.Call):
        func = value.func
        read = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if read in _CONSUMED or read in ("list", "dict", "tuple", "len", "sum", "sorted"):
            return False
    return any(isinstance(part, ast.Name) and part.id == name for part in ast.walk(value))


def _made_call(value: ast.expr | None) -> ast.Call | None:
    """The call at the root of what is bound: ``MongoClient(url)`` in ``MongoClient().local``,
    ``MongoClient(url)["shop"]`` or ``MongoClient(url).get_database("shop")``: the database
    handle is the sync client's all the same (history 53)."""
    while value is not None:
        if isinstance(value, ast.Attribute | ast.Subscript):
            value = value.value
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and isinstance(value.func.value, ast.Call)
        ):
            value = value.func.value
        else:
            break
    return value if isinstance(value, ast.Call) else None


def driver_hits(project: ProjectView) -> Iterator[ProjectHit]:
    """Each sync driver's connection or client that some async function queries through: in
    the module that makes it, through an import of it, or through a project function or
    method of that module."""
    drivers = [
        (path, signal)
        for path, signal in project.targets(DRIVER_SIGNAL)
        if not project.in_tests(path)
    ]
    if not drivers:
        return
    users: dict[tuple[str, ...], str] = {}
    # A sync Strawberry resolver's queries block the loop only where the schema is served on it.
    on_loop = served_on_loop(project)
    resolvers: set[tuple[str, str]] = set()
    for path, use in project.signals(DRIVER_USE_SIGNAL):
        if use.data.get(RESOLVER):
            if not on_loop:
                continue
            resolvers.add((path, use.name))
        users.setdefault((use.detail, path), use.name)
        # A connection an async function makes for its own queries is used by that function.
        users.setdefault((use.detail, path, use.name), use.name)
    for _, call, kind, where in paired_client_calls(project, project.signals(CLIENT_CALLS_SIGNAL)):
        # Keyed by the helper that hands the client out too: a module's get_db() and
        # get_collection() each make their own, used by other routes.
        users.setdefault((kind, where, call.name.rpartition(".")[2]), call.data.get("function", ""))
        users.setdefault((kind, where), call.data.get("function", ""))
    callers: dict[str, dict[tuple[str, str], str]] = {}
    helpers: dict[str, dict[str, str]] = {}
    for path, signal in drivers:
        kind = signal.data.get("kind", "")
        made_in = signal.data.get("in", "")
        local = signal.data.get("local")
        if local == RESOLVER and on_loop:
            local = "async"
        if local == "async":
            user = users.get((kind, path, made_in), "")
        elif local:
            # A connection a plain function makes for its own queries blocks the loop only in
            # the async functions calling it: a plain ``def`` route beside an async one runs in
            # the thread pool (blind check g1).
            if kind not in callers:
                callers[kind] = client_helper_callers(project, kind)
            user = callers[kind].get((path, made_in), "")
        else:
            user = users.get((kind, path, made_in)) or users.get((kind, path), "")
            if not user:
                if kind not in helpers:
                    if kind not in callers:
                        callers[kind] = client_helper_callers(project, kind)
                    helpers[kind] = by_path(callers[kind])
                user = helpers[kind].get(path, "")
        if user:
            driver = signal.data.get("driver", "")
            args = {
                "engine_zh": f"同步数据库驱动（{driver}）",
                "engine_en": DRIVER_WORDS_EN.format(driver=driver),
                "function": user,
            }
            in_resolver = (path, user) in resolvers
            message = render(DRIVER_IN_RESOLVER, args) if in_resolver else None
            yield ProjectHit(path, signal.line, args, message=message)
