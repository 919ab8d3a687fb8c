"""Where a function opens a database server connection of its own (MB103's DB-API half).

Apps that skip the ORM talk to PostgreSQL or MySQL through the driver: ``psycopg2.connect(...)``
in every route, or in a ``get_conn()`` helper every route calls, in a ``@contextmanager`` that
yields one (``with get_db_connection() as conn:``), or in the ``__enter__`` of a small
``with Database() as cur:`` class. Each request then pays a new server connection (a
network round trip and a login) and holds it until it is closed, which a request that fails
half-way often never does. A pool handed out by a dependency is the fix, as with sessions.

A route may also make a connection pool (``await asyncpg.create_pool(...)``) on every request,
itself or through a method that keeps one on its object (``await db.connect()`` on a module's
``db = Database(url)``, whose ``connect`` stores ``self.pool``): a pool logs in several times
over, and is meant to be made once. So is a MongoDB client (``MongoClient(url)``,
``AsyncIOMotorClient(url)``): each holds a pool of its own, so a helper that makes one on every
call, or a service class that makes one when the route makes the service, opens a pool per
request. A client kept in a global (made the first time) or cached by ``lru_cache`` is made once.

Two signals per file: the functions and classes that make a connection and hand it back
(factories, and methods that keep one on their object), and the places a function gets one,
straight from the driver or from a callee whose result it then uses as a connection
(``conn.cursor()``, ``cur.execute(...)``), or from a method of a module-level object. The
project check pairs the two, since a factory usually lives in another module than its callers.

``sqlite3`` counts too, named for what it is (a connection to a local file): a function that
connects for itself hides where the connection's life begins and ends, as with a server's.
Only its per-function openings count, not one shared connection. ``aiosqlite.connect`` counts
the same: ``async with aiosqlite.connect(...)`` in the function that queries unblocks the loop
but still opens the file on every call (blind check k2).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._driver_calls import (
    DRIVER_MODULES,
    FILE_CONNECTS,
    MADE_ORDER,
    connect_call,
    driver_call,
    driver_made,
    made_kind,
    pool_create,
)
from mentorbot.rules._held_objects import instances
from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    is_generator,
    last_part,
    local_bindings,
    own_nodes_of,
    unawaited,
    walk_of,
    yielded_names,
)
from mentorbot.rules._provided_classes import constructed_class
from mentorbot.rules._sessions import OPENING_METHODS, is_context_manager
from mentorbot.rules.base import FileContext

FACTORY_SIGNAL = "rule:conn-factory"
"""A function that returns a new connection, or a class that opens one when made or entered."""
OPEN_SIGNAL = "rule:conn-open"
"""A function gets a connection: ``name`` is the driver call or the callee, ``detail`` the
function, ``data.direct`` whether it is the driver's own call."""
HANDLE_NAME = re.compile(r"db|database|mongo|client|conn|service|repo|store|dao", re.IGNORECASE)
"""Locals a service or database object is bound to (``db_service = MongoDBService()``): where a
class made per call may open a connection or a client."""
CLIENT_NAME = re.compile(r"r|rd|redis\w*|\w*_redis|\w*client|cache|mongo\w*", re.IGNORECASE)
"""Locals a client from the project's own factory is bound to (``r = get_redis()``), which the
project check pairs with the functions that return a new client."""
CONNECTION_NAME = re.compile(r"\w*conn|\w*connection|con", re.IGNORECASE)
"""Locals a connection from the project's own factory is bound to, though only handed on
(``conn = lianjie()``, then ``jiansuo(conn, ...)``): the project check pairs them with the
functions that open a new connection."""
CACHING_DECORATORS = frozenset({"lru_cache", "cache", "cached"})
"""A function under one of these makes its client once, the first time it is called."""
CONNECTION_USES = frozenset(
    {"cursor", "execute", "executemany", "fetch", "fetchrow", "fetchval", "commit", "rollback"}
)
"""What is done with a connection (or the cursor a ``with`` gives): proof a call made one."""


def connection_signals(ctx: FileContext, where: dict[int, dict[str, str]]) -> Iterator[Signal]:
    """Factories and connection openings of a file; ``where`` maps the ``id`` of each of the
    file's functions to its request-path flags."""
    instances = _module_instances(ctx)
    if not (
        _imports_driver(ctx.imports)
        or _uses_connections(ctx)
        or instances
        or _binds_handles(ctx)
        or _uses_made_objects(ctx)
    ):
        return
    factories: set[int] = set()
    for node in walk_of(ctx.tree, ast.ClassDef):
        opening = {
            id(item): made
            for item in node.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            and item.name in OPENING_METHODS
            and (made := _made_by(item, ctx.imports))
        }
        if opening:
            factories.update(opening)
            made = min(opening.values(), key=MADE_ORDER.index)
            yield Signal(kind=FACTORY_SIGNAL, line=node.lineno, name=node.name, detail=made)
        for method, made in _keeping_methods(node, ctx.imports):
            factories.add(id(method))
            name = f"{node.name}.{method.name}"
            yield Signal(kind=FACTORY_SIGNAL, line=method.lineno, name=name, detail=made)
    for function in functions(ctx.tree):
        if id(function) in factories:
            continue
        if is_generator(function):
            # A dependency that yields a connection is FastAPI's business; a context manager
            # that does (``with get_db_connection() as conn:``) opens one wherever it is used.
            if is_context_manager(function, ctx.imports) and _yields_connection(function, ctx):
                yield Signal(kind=FACTORY_SIGNAL, line=function.lineno, name=function.name)
            continue
        returned = _returned_connection(function, ctx.imports)
        if returned:
            made = driver_made(returned) if returned in FILE_CONNECTS else ""
            yield Signal(kind=FACTORY_SIGNAL, line=function.lineno, name=function.name, detail=made)
            continue
        client = _returned_client(function, ctx.imports)
        if client:
            # ``def get_redis(): return Redis(...)``: each caller makes a client of its own.
            detail = driver_made(client)
            yield Signal(
                kind=FACTORY_SIGNAL, line=function.lineno, name=function.name, detail=detail
            )
            continue
        flags = where[id(function)]
        for line, producer, direct in _openings(function, ctx.imports, instances):
            yield Signal(
                kind=OPEN_SIGNAL,
                line=line,
                name=producer,
                detail=function.name,
                data={**flags, "direct": "1" if direct else "0"},
            )


def _keeping_methods(
    node: ast.ClassDef, imports: dict[str, str]
) -> Iterator[tuple[FunctionNode, str]]:
    """Methods, besides the opening ones, that make a connection or a pool and keep it on their
    object (``self.pool = await asyncpg.create_pool(url)``): "pool" or "connection"."""
    for item in node.body:
        if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if item.name in OPENING_METHODS:
            continue
        for assign in own_nodes_of(item, ast.Assign):
            kept = any(dotted(target).startswith("self.") for target in assign.targets)
            made = made_kind(unawaited(assign.value), imports)
            if kept and made:
                yield item, made
                break


def _module_instances(ctx: FileContext) -> dict[str, str]:
    """Module-level names bound to an object of a class (``db = Database(url)``) -> the class's
    own name, an imported alias resolved, so ``db.connect()`` can be matched with
    ``Database.connect``."""
    assigned = [node for node in ctx.tree.body if isinstance(node, ast.Assign)]
    return {
        name: last_part(ctx.imports.get(made, made)) for name, made in instances(assigned).items()
    }


def _imports_driver(imports: dict[str, str]) -> bool:
    return any(name.split(".", 1)[0] in DRIVER_MODULES for name in imports.values())


def _uses_connections(ctx: FileContext) -> bool:
    """A file that imports no driver may still get connections from another module's helper."""
    return any(
        isinstance(node.func, ast.Attribute) and node.func.attr in CONNECTION_USES
        for node in walk_of(ctx.tree, ast.Call)
    )


def _uses_made_objects(ctx: FileContext) -> bool:
    """A method called on an object of a class made on the spot (``Database().select()``),
    which may connect when made."""
    return any(
        isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Call)
        and last_part(dotted(node.func.value.func))[:1].isupper()
        for node in walk_of(ctx.tree, ast.Call)
    )


def _made_by(function: FunctionNode, imports: dict[str, str]) -> str:
    """The first of ``MADE_ORDER`` the function makes, or ""."""
    made = {made_kind(call, imports) for call in own_nodes_of(function, ast.Call)}
    return next((kind for kind in MADE_ORDER if kind in made), "")


def _returned_connection(function: FunctionNode, imports: dict[str, str]) -> str:
    """The driver's call of ``return psycopg2.connect(...)``, or of a local bound to one and
    returned; "" when the function returns no new connection."""
    made: dict[str, str] = {}
    kept: set[int] | None = None  # worked out only for a function that connects at all
    for assign in own_nodes_of(function, ast.Assign):
        driver = connect_call(unawaited(assign.value), imports)
        if not driver:
            continue
        kept = _made_once(function) if kept is None else kept
        if id(unawaited(assign.value)) in kept:
            continue  # Flask's ``db = g._database = connect(...)``: once per request context
        made.update((t.id, driver) for t in assign.targets if isinstance(t, ast.Name))
    for node in own_nodes_of(function, ast.Return):
        returned = unawaited(node.value)
        driver = connect_call(returned, imports)
        if not driver and isinstance(returned, ast.Name):
            driver = made.get(returned.id, "")
        if driver:
            return driver
    return ""


def _yields_connection(function: FunctionNode, ctx: FileContext) -> bool:
    """Yields a local bound to a driver's connection (assigned, or entered with ``with``)."""
    made = {
        target.id
        for target, value, _ in local_bindings(function)
        if isinstance(target, ast.Name) and connect_call(unawaited(value), ctx.imports)
    }
    return any(name in made for name in yielded_names(function))


def _openings(
    function: FunctionNode, imports: dict[str, str], instances: dict[str, str]
) -> Iterator[tuple[int, str, bool]]:
    """(line, producer, from the driver itself) for each connection or pool the function gets;
    a method of a module-level object is named by its class (``Database.connect``)."""
    used = {
        node.func.value.id
        for node in own_nodes_of(function, ast.Call)
        if isinstance(node.func, ast.Attribute)
        and node.func.attr in CONNECTION_USES
        and isinstance(node.func.value, ast.Name)
    }
    seen: set[int] = _made_once(function)
    for node in own_nodes_of(function, ast.Call):
        if id(node) in seen:
            continue
        driver = driver_call(node, imports)
        if driver:
            seen.add(id(node))
            yield node.lineno, driver, True
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            owner = instances.get(node.func.value.id)
            if owner:
                seen.add(id(node))
                yield node.lineno, f"{owner}.{node.func.attr}", False
    for target, value, line in local_bindings(function):
        call = unawaited(value)
        if not isinstance(call, ast.Call) or id(call) in seen:
            continue
        producer = _callee(call, imports)
        if isinstance(target, ast.Name) and producer and _may_connect(target.id, producer, used):
            seen.add(id(call))
            yield line, producer, False
    for node in own_nodes_of(function, ast.Call):
        func = node.func
        inner = func.value if isinstance(func, ast.Attribute) else None
        # ``get_conn().cursor()``, and ``Database().select_users()`` of a class the project
        # check knows connects when made.
        if (
            isinstance(func, ast.Attribute)
            and isinstance(inner, ast.Call)
            and id(inner) not in seen
            and (producer := _callee(inner, imports))
            and (func.attr in CONNECTION_USES or producer.rpartition(".")[2][:1].isupper())
        ):
            seen.add(id(inner))
            yield inner.lineno, _callee(inner, imports), False


def _returned_client(function: FunctionNode, imports: dict[str, str]) -> str:
    """The driver's call of ``return Redis(...)`` (a client or a pool made and handed out on
    every call, not kept by a cache or a global), else ""."""
    kept = _made_once(function)
    for node in own_nodes_of(function, ast.Return):
        returned = unawaited(node.value)
        made = pool_create(returned, imports)
        if made and id(returned) not in kept:
            return made
    return ""


def _may_connect(local: str, producer: str, used: set[str]) -> bool:
    """The local is used as a connection, or is a service or database object of a project
    class (``db_service = MongoDBService()``), which the project check pairs with the classes
    that connect when made."""
    return (
        local in used
        or (producer[:1].isupper() and bool(HANDLE_NAME.search(local)))
        or bool(CLIENT_NAME.fullmatch(local))
        or bool(CONNECTION_NAME.fullmatch(local))
    )


def _made_once(function: FunctionNode) -> set[int]:
    """The calls of a function that keep what they make past the call: all of a cached
    function's, and those assigned to a global (``global client; client = MongoClient(url)``)
    or to another object's attribute (``app.state.pool = ...``), which a guard makes once."""
    calls = own_nodes_of(function, ast.Call)
    decorators = {
        last_part(dotted(d.func if isinstance(d, ast.Call) else d)) for d in function.decorator_list
    }
    if decorators & CACHING_DECORATORS:
        return {id(call) for call in calls}
    shared = {name for node in own_nodes_of(function, ast.Global) for name in node.names}
    kept: set[int] = set()
    for assign in own_nodes_of(function, ast.Assign):
        value = unawaited(assign.value)
        for target in assign.targets:
            owner = dotted(target).partition(".")[0] if isinstance(target, ast.Attribute) else ""
            if (isinstance(target, ast.Name) and target.id in shared) or owner not in {"", "self"}:
                kept.add(id(value))
    return kept


def _binds_handles(ctx: FileContext) -> bool:
    """A function binds a service or database object made from a class, or a client from a
    call (``r = get_redis()``; see ``_may_connect``)."""
    for node in walk_of(ctx.tree, ast.Assign):
        if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        name = node.targets[0].id
        if HANDLE_NAME.search(name) is not None and constructed_class(node.value):
            return True
        if CLIENT_NAME.fullmatch(name) and isinstance(unawaited(node.value), ast.Call):
            return True
    return False


def _callee(call: ast.Call, imports: dict[str, str]) -> str:
    """The name of a function the project may define: ``get_conn()``, ``db.get_conn()`` (an
    imported module's), ``self.get_conn()``; "" for a method of some object (``engine.connect``,
    ``pool.getconn``) and for session factories, which are the other half of the rule."""
    name = dotted(call.func)
    owner, _, function = name.rpartition(".")
    if not function or (owner and owner != "self" and owner.split(".", 1)[0] not in imports):
        return ""
    return "" if "session" in function.lower() else function
