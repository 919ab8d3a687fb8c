"""One session or database connection made at import and used by every request (MB103).

A session created at module level and handed to requests (by a dependency that yields it, a
route or a data-layer function) is shared by all of them, although a session is neither safe to
share between concurrent requests nor usable after the first one closes it.

A connection too: the first database code many learners write opens ``conn =
psycopg2.connect(...)`` and ``cursor = conn.cursor()`` at the top of ``main.py``, and the routes
of every module use ``main.cursor.execute(...)``. Requests then share one connection and one
cursor: FastAPI runs sync routes on a pool of threads, so two requests interleave their queries
and transactions on it, one request's failed query aborts the transaction of the others, and
once the server drops the connection every request fails until a restart. The same holds for a
module-level instance of the project's own class that opens a connection when made (``chat_db
= PostgresDB(...)``).

Each file reports the module-level sessions its request-path functions use, every session it
makes at module level, the names it binds to a connection (or to a cursor of one), and its
functions' reads of names that may be one: their own module's, or another module's through an
import (``main.cursor``, ``from database import session``). The project check pairs them: a
session made in ``database.py`` and used by the routes of ``main.py`` is shared like one
``main.py`` makes itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from mentorbot.domain import Signal
from mentorbot.rules._connections import FACTORY_SIGNAL
from mentorbot.rules._driver_calls import server_connect
from mentorbot.rules._kept_sessions import LIBRARY_BASES
from mentorbot.rules._names import (
    dotted,
    functions,
    is_generator,
    last_part,
    local_names,
    module_matches,
    module_of,
    own_nodes_of,
    truthy,
)
from mentorbot.rules._provided_classes import constructed_class
from mentorbot.rules._sessions import MODULE_SESSION_SIGNAL, module_sessions
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import PathsByName, ProjectView

SESSION_SIGNAL = "rule:session-shared"
"""A module-level session (``name``) a request-path function (``detail``) uses, made by
``data.factory`` (``data.known``: a session class itself)."""
KNOWN_FACTORIES = frozenset(
    {"SessionLocal", "AsyncSessionLocal", "async_session", "async_session_maker"}
    | {"async_session_factory", "session_factory", "SessionFactory", "session_maker"}
)
"""Session factories by the names tutorials give them, whatever module defines them."""
SESSION_ADVICE = {
    "advice_zh": "由依赖为每个请求创建一个会话，再作为参数传入",
    "advice_en": "let a dependency give each request its own session and pass it in",
}
CONNECTION_ADVICE = {
    "advice_zh": "在启动时建好连接池，由依赖为每个请求借出一个连接，用完归还",
    "advice_en": "make a connection pool at start-up and let a dependency lend each request "
    "a connection and take it back",
}
MADE_NAMES = {  # what a function opens per call, named in MB103's message
    "connection": ("数据库连接", "database connection"),
    "file-connection": ("SQLite 数据库连接", "SQLite database connection"),
    "pool": ("连接池", "connection pool"),
    "client": ("MongoDB 客户端（自带连接池）", "MongoDB client (a connection pool of its own)"),
    "redis-client": ("Redis 客户端（自带连接池）", "Redis client (a connection pool of its own)"),
    "vector-client": (
        "向量库客户端（创建时要连上向量库或把它读入内存）",
        "vector store client (making one connects to the store or loads it)",
    ),
}
CLIENT_KINDS = frozenset({"client", "redis-client", "vector-client"})
"""Clients (each with connections of its own), told to make one at start-up and share it."""
SHARED_KINDS = CLIENT_KINDS | {"pool"}
"""What an app makes once and shares, as opposed to a connection each unit of work takes."""
FILE_CONNECTION_ADVICE = {
    "advice_zh": "在一个地方打开连接（启动时建好一个，或由一个依赖在请求或消息处理完后关闭它），"
    "再把它传给要查询的函数",
    "advice_en": "open the connection in one place (once at start-up, or in one dependency that "
    "closes it after the request or message) and pass it to the functions that query",
}
CLIENT_ADVICE = {
    "advice_zh": "在启动时（模块级或 lifespan 里）只建一个客户端，整个应用共用它",
    "advice_en": "make one client at start-up (at module level or in the lifespan) and share "
    "it across the app",
}

CONNECTION_SIGNAL = "rule:module-connection"
"""A module-level name (``name``) bound to a connection, or a cursor of one, made at ``line``
by ``data.producer`` (``data.direct``: the driver's own call, else a project factory's)."""
USE_SIGNAL = "rule:module-connection-use"
"""A function (``detail``) reading a module-level name that may hold a connection, qualified
(``name``: ``main.cursor``), with the function's request-path flags."""
CONNECTION_LIKE_NAME = re.compile(r"conn|cur|db|database|pg|sql", re.IGNORECASE)
"""Names worth a use signal: what a connection or a cursor is called."""


def shared_session_signals(
    ctx: FileContext, route_ids: set[int], data_layer: bool
) -> Iterator[Signal]:
    """Module-level sessions that a dependency, a route or a data-layer function of their own
    module hands out, and every module-level session, for the functions of other modules that
    import it (and for MB109, which needs the kind of an imported session)."""
    shared = module_sessions(ctx.tree, ctx.imports)
    if not shared:
        return
    used_here: set[str] = set()
    for function in functions(ctx.tree):
        if not (is_generator(function) or id(function) in route_ids or data_layer):
            continue
        names = {node.id for node in own_nodes_of(function, ast.Name)} & shared.keys()
        for name in sorted(names - used_here):
            used_here.add(name)
            line, kind, factory = shared[name]
            yield Signal(
                kind=SESSION_SIGNAL,
                line=line,
                name=name,
                detail=function.name,
                data={"factory": factory, "known": "1" if kind else "0"},
            )
    for name, (line, kind, factory) in shared.items():
        yield Signal(
            kind=MODULE_SESSION_SIGNAL,
            line=line,
            name=name,
            data={"kind": kind, "factory": factory, "here": "1" if name in used_here else "0"},
        )


def _session_hit(path: str, line: int, name: str, factory: str) -> ProjectHit:
    what = factory or "Session(...)"
    args = {
        "what_zh": f"模块级的会话 `{name}`（由 `{what}` 创建）被所有请求共用",
        "what_en": f"module-level session `{name}` (from `{what}`) is shared by every request",
        **SESSION_ADVICE,
    }
    return ProjectHit(path, line, args)


def _made_by_a_session_maker(known: bool, factory: str, factories: PathsByName) -> bool:
    """Made by a session class, a factory by a tutorial's name or one the project makes."""
    return known or factory in KNOWN_FACTORIES or factory in factories


def shared_session_hits(project: ProjectView, factories: PathsByName) -> Iterator[ProjectHit]:
    """The module-level sessions requests use, made by a session class or a known factory."""
    for path, signal in project.targets(SESSION_SIGNAL):
        factory = signal.data.get("factory", "")
        if _made_by_a_session_maker(truthy(signal.data.get("known")), factory, factories):
            yield _session_hit(path, signal.line, signal.name, factory)


def imported_session_hits(
    project: ProjectView, factories: PathsByName, on_request_path: Callable[[Signal, str], bool]
) -> Iterator[ProjectHit]:
    """The module-level sessions that request-path functions of other modules import and use
    (``from database import session`` in ``main.py``), unless their own module's are reported."""
    sessions = [
        (path, signal)
        for path, signal in project.targets(MODULE_SESSION_SIGNAL)
        if not truthy(signal.data.get("here"))
        and _made_by_a_session_maker(
            bool(signal.data.get("kind")), signal.data.get("factory", ""), factories
        )
    ]
    if not sessions:
        return
    uses: dict[str, list[Signal]] = {}
    for _, use in project.signals(USE_SIGNAL):
        uses.setdefault(last_part(use.name), []).append(use)
    for path, signal in sessions:
        factory = signal.data.get("factory", "")
        for use in uses.get(signal.name, ()):
            module = use.name.rpartition(".")[0]
            if module_matches(module, path) and (
                truthy(use.data.get("generator")) or on_request_path(use, use.detail)
            ):
                yield _session_hit(path, signal.line, signal.name, factory)
                break


def _module_connections(ctx: FileContext) -> dict[str, tuple[int, str, bool]]:
    """Module-level name -> (line made, producer, direct) for each connection the module
    binds at import, and each cursor it takes from one (reported where the connection is)."""
    bound: dict[str, tuple[int, str, bool]] = {}
    for node in _module_statements(ctx.tree.body):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target, value = node.targets[0], node.value
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            continue
        driver = server_connect(value, ctx.imports)
        func = value.func
        if driver:
            bound[target.id] = (node.lineno, driver, True)
        elif isinstance(func, ast.Attribute) and func.attr == "cursor" and dotted(func.value):
            connection = bound.get(dotted(func.value))
            if connection is not None:
                bound[target.id] = connection
        elif made := constructed_class(value):
            bound[target.id] = (node.lineno, made, False)
    return bound


def _module_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run at import, in order: the module's own, and those nested in its
    ``while`` / ``for`` / ``try`` / ``if`` / ``with`` blocks (a connect retried until the
    database is up: ``while True: try: conn = psycopg2.connect(...)``), not in a def or class."""
    for node in body:
        yield node
        if isinstance(node, ast.While | ast.For | ast.If | ast.With | ast.Try):
            for block in ("body", "orelse", "finalbody"):
                yield from _module_statements(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                yield from _module_statements(handler.body)


def shared_connection_signals(
    ctx: FileContext, places: dict[int, dict[str, str]]
) -> Iterator[Signal]:
    """This module's module-level connections, and its functions' reads of names that may be
    one (``places``: each function's request-path flags, by id)."""
    bound = _module_connections(ctx)
    for name, (line, producer, direct) in bound.items():
        yield Signal(
            kind=CONNECTION_SIGNAL,
            line=line,
            name=name,
            data={"producer": producer, "direct": "1" if direct else "0"},
        )
    module = module_of(ctx.path)
    names = {name: f"{module}.{name}" for name in bound}
    # a name read only for the session it may be is the module's when the function does not
    # bind it itself (a parameter ``session`` is the request's own)
    session_only: set[str] = set()
    for local, target in ctx.imports.items():
        kind = _may_hold(local, target) if "." in target else ""
        if kind:
            names[local] = target
            if kind == "session":
                session_only.add(local)
    attributes: dict[tuple[str, str], str] = {}
    for function in functions(ctx.tree):
        read: dict[str, int] = {}
        own: set[str] | None = None
        for node in own_nodes_of(function, ast.Name):
            if node.id in names and isinstance(node.ctx, ast.Load):
                if node.id in session_only:
                    own = local_names(function) if own is None else own
                    if node.id in own:
                        continue
                read.setdefault(names[node.id], node.lineno)
        for access in own_nodes_of(function, ast.Attribute):
            value, attribute = access.value, access.attr
            if type(value) is not ast.Name or value.id not in ctx.imports:
                continue
            target = ctx.imports[value.id]
            held = attributes.get((attribute, target))
            if held is None:
                held = attributes[attribute, target] = _may_hold(attribute, target)
            if held == "session":
                own = local_names(function) if own is None else own
                if value.id in own:
                    continue
            if held:
                read.setdefault(f"{target}.{attribute}", access.lineno)
        place = places[id(function)]
        if read and is_generator(function):
            place = {**place, **_GENERATOR}
        for name, line in sorted(read.items(), key=lambda item: item[1]):
            yield Signal(
                kind=USE_SIGNAL,
                line=line,
                name=name,
                detail=function.name,
                data=place,
            )


_GENERATOR = {"generator": "1"}
"""A use signal's mark of a generator (a dependency that yields what it reads)."""


def _may_hold(name: str, module: str) -> str:
    """What ``name`` (imported from ``module``) may be that the project binds at module level:
    "connection" (or a cursor), "session" (not a library's: ``sqlalchemy.orm.Session``), ""."""
    if CONNECTION_LIKE_NAME.search(name):
        return "connection"
    if "session" in name.lower() and module.split(".", 1)[0] not in LIBRARY_BASES:
        return "session"
    return ""


def pair_shared_connections(
    project: ProjectView, on_request_path: Callable[[Signal, str], bool]
) -> Iterator[tuple[str, int, str, str]]:
    """``(path, line, name, producer)`` of each module-level connection a request-path function
    reads, made by a driver or by a project class or function that opens one."""
    factories = {  # a pool or a MongoDB client at module level is made once, as it should be
        s.name for _, s in project.signals(FACTORY_SIGNAL) if s.detail not in SHARED_KINDS
    }
    uses: dict[str, list[Signal]] = {}
    for _, use in project.signals(USE_SIGNAL):
        uses.setdefault(last_part(use.name), []).append(use)
    reported: set[tuple[str, int]] = set()
    for path, signal in project.targets(CONNECTION_SIGNAL):
        producer = signal.data.get("producer", "")
        if signal.data.get("direct") != "1" and producer not in factories:
            continue
        if (path, signal.line) in reported:
            continue
        for use in uses.get(signal.name, ()):
            module = use.name.rpartition(".")[0]
            if _from_module_or_package(module, path) and on_request_path(use, use.detail):
                reported.add((path, signal.line))
                yield path, signal.line, signal.name, producer
                break


def _from_module_or_package(module: str, path: str) -> bool:
    """``app.db.base.conn`` read as ``app.db.base.conn``, or as ``app.db.conn`` when the package
    re-exports it (``from .base import conn`` in ``app/db/__init__.py``)."""
    if module_matches(module, path):
        return True
    package = path.rpartition("/")[0]
    return bool(package) and module_matches(module, f"{package}/__init__.py")


def shared_connection_hit(path: str, line: int, name: str, producer: str) -> ProjectHit:
    return ProjectHit(
        path,
        line,
        {
            "what_zh": f"模块级的 `{name}` 持有一个数据库连接（由 `{producer}` 打开），"
            "所有请求共用它",
            "what_en": f"module-level `{name}` holds one database connection (opened by "
            f"`{producer}`) that every request shares",
            **CONNECTION_ADVICE,
        },
    )
