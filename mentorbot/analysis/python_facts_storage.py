"""Call facts about where data is stored: the engine, session factory, client or driver
connection an app reaches its database with (and the URL scheme that says which database), and
the calls that create tables outside of migrations (``create_all``, Tortoise's
``generate_schemas``, ``conn.run_sync(Base.metadata.create_all)``)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_names import SESSION_FACTORIES
from mentorbot.analysis.python_facts_support import (
    FileState,
    first_arg,
    flag,
    keyword,
    last_name,
    safe_unparse,
    str_literal,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


MONGO_CLIENT_LIBRARIES = frozenset({"motor", "pymongo"})
PEEWEE_LIBRARIES = frozenset({"peewee", "playhouse"})
SYNC_CLIENT_LIBRARIES = PEEWEE_LIBRARIES | {"flask_sqlalchemy"}
"""Libraries whose database object runs its queries synchronously."""
DB_CLIENT_LIBRARIES = MONGO_CLIENT_LIBRARIES | SYNC_CLIENT_LIBRARIES | {"databases"}
"""Libraries whose client object is the application's connection to its database (Flask-
SQLAlchemy's ``db = SQLAlchemy()`` makes the engine and sessions from the app's config)."""
PEEWEE_DATABASES = (
    *("SqliteDatabase", "MySQLDatabase", "PostgresqlDatabase", "CockroachDatabase"),
    *("PooledMySQLDatabase", "PooledPostgresqlDatabase", "PooledSqliteDatabase"),
    *("SqliteExtDatabase", "PostgresqlExtDatabase"),
)
"""peewee's (and playhouse's) database classes: the connection its models are bound to."""


def db_client(site: CallSite) -> None:
    """``AsyncIOMotorClient(url)``, ``MongoClient(url)``, ``databases.Database(url)``,
    peewee's ``MySQLDatabase(...)``, Flask-SQLAlchemy's ``SQLAlchemy()``: the database
    connection of an app that makes no SQLAlchemy engine itself (peewee's and Flask-SQLAlchemy's
    are sync)."""
    library = site.state.library_of(site.func_path)
    if library not in DB_CLIENT_LIBRARIES:
        return
    if library in SYNC_CLIENT_LIBRARIES:
        is_async = False
    else:
        is_async = library != "pymongo" or site.callee.startswith("Async")
    data = {"async": flag(is_async), "library": library}
    site.sink.emit("db-client", site.line, site.target, detail=site.callee, data=data)


ASYNC_POOL_LIBRARIES = frozenset({"asyncpg", "aiomysql", "aiopg", "asyncmy"})
"""Async drivers whose ``create_pool`` gives the app its database connections."""


def async_pool(site: CallSite) -> None:
    """``await aiomysql.create_pool(**config)``: an async driver's pool, the app's database
    connection where no ORM engine is made."""
    library = site.state.library_of(site.func_path)
    if library in ASYNC_POOL_LIBRARIES:
        data = {"async": flag(True), "library": library}
        site.sink.emit("db-client", site.line, site.target, detail=site.callee, data=data)


DRIVER_LIBRARIES = {"sqlite3": False, "psycopg2": False, "psycopg": False, "pymysql": False}
DRIVER_LIBRARIES |= {"mysql": False, "MySQLdb": False, "asyncpg": True, "aiosqlite": True}
DRIVER_LIBRARIES |= {"aiomysql": True, "aiopg": True, "asyncmy": True, "psycopg_pool": False}
"""DB-API and async drivers (async or not) whose ``connect`` opens the app's connection."""
DRIVER_POOLS = (
    *("SimpleConnectionPool", "ThreadedConnectionPool", "ConnectionPool"),
    *("AsyncConnectionPool", "MySQLConnectionPool"),
)
"""Their connection pools (psycopg2's, psycopg 3's, MySQL Connector's): the app's connections."""


def driver_connection(site: CallSite) -> None:
    """``sqlite3.connect("app.db")``, ``await asyncpg.connect(url)``, a driver's pool
    (``SimpleConnectionPool(1, 10, ...)``): how an app on raw SQL reaches its database
    (psycopg 3's ``AsyncConnection.connect`` and ``AsyncConnectionPool`` are async)."""
    library = site.state.library_of(site.func_path)
    if library in DRIVER_LIBRARIES:
        is_async = DRIVER_LIBRARIES[library] or "Async" in site.func_path
        data = {"async": flag(is_async), "library": library}
        site.sink.emit("db-client", site.line, site.target, detail=site.callee, data=data)


CHECKPOINTERS = (
    *("SqliteSaver", "AsyncSqliteSaver", "PostgresSaver", "AsyncPostgresSaver"),
    *("MongoDBSaver", "AsyncMongoDBSaver", "RedisSaver", "AsyncRedisSaver"),
)
"""LangGraph's checkpoint savers: a connection handed to one stores the graph's state."""


def checkpointer(site: CallSite) -> None:
    """``AsyncSqliteSaver(conn)``: ``conn`` is the graph's checkpoint store, not the app's
    database (an agent with no table of its own was rated on its data model, blind check c2)."""
    for arg in site.call.args:
        if isinstance(arg, ast.Name):
            site.state.checkpointer_connections.add(arg.id)


def create_all(site: CallSite) -> None:
    if isinstance(site.call.func, ast.Attribute):
        site.sink.emit("create-all", site.line, detail=safe_unparse(site.call.func))


def create_tables(site: CallSite) -> None:
    """peewee's ``db.create_tables([User, Post])``: a list of models, where a project's own
    ``Database.create_tables()`` wraps a ``create_all`` found on its own."""
    models = first_arg(site.call)
    if isinstance(models, ast.List | ast.Tuple):
        create_all(site)


def register_tortoise(site: CallSite) -> None:
    """Tortoise's ``register_tortoise(app, db_url=...)`` (or ``RegisterTortoise`` in a lifespan)
    connects the app's async ORM; with ``generate_schemas=True`` it creates the tables at start."""
    data = {"async": flag(True), "library": "tortoise"}
    site.sink.emit("db-client", site.line, site.target, detail=site.callee, data=data)
    value = keyword(site.call, "generate_schemas")
    if isinstance(value, ast.Constant) and value.value is True:
        site.sink.emit("create-all", site.line, detail="generate_schemas=True")


def run_sync(site: CallSite) -> None:
    """``conn.run_sync(Base.metadata.create_all)`` creates tables without calling create_all."""
    argument = first_arg(site.call)
    if isinstance(argument, ast.Attribute) and argument.attr == "create_all":
        site.sink.emit("create-all", site.line, detail=safe_unparse(argument))


def engine(site: CallSite) -> None:
    url = first_arg(site.call, "url")
    site.sink.emit(
        "engine",
        site.line,
        site.target,
        detail=site.callee,
        data={
            "async": flag(site.callee == "create_async_engine"),
            "url_scheme": _url_scheme(url, site.state),
        },
    )


_SCHEME_FAMILIES = (("postgres", "postgresql"), ("mysql", "mysql"), ("sqlite", "sqlite"))
"""A URL's scheme named by the value that fills it in: ``f"{MYSQL_DIALECT}://..."``."""


def _url_scheme(node: ast.expr | None, state: FileState) -> str:
    """Scheme of a literal URL, or of a string constant the file defines under that name; of an
    f-string, its literal scheme (``f"mysql+pymysql://{user}..."``), or the database its scheme's
    placeholder names (``f"{MYSQL_DIALECT}://..."``: ``mysql``)."""
    if isinstance(node, ast.JoinedStr):
        return _formatted_scheme(node)
    url = str_literal(node)
    if url is None and isinstance(node, ast.Name):
        url = state.module_strings.get(node.id)
    if url is None and isinstance(node, ast.Attribute):
        url = state.class_strings.get(node.attr)
    if not url or "://" not in url:
        return ""
    return url.split("://", 1)[0]


def _formatted_scheme(url: ast.JoinedStr) -> str:
    parts = url.values
    literal = str_literal(parts[0]) if parts else None
    if literal is not None:
        return literal.split("://", 1)[0] if "://" in literal else ""
    if len(parts) < 2 or not isinstance(parts[0], ast.FormattedValue):
        return ""
    if not (str_literal(parts[1]) or "").startswith("://"):
        return ""
    placeholder = last_name(parts[0].value).lower()
    return next((scheme for word, scheme in _SCHEME_FAMILIES if word in placeholder), "")


def session_factory(site: CallSite) -> None:
    is_async = site.callee.startswith("async_") or _has_async_class(site.call)
    inner = first_arg(site.call, "session_factory")
    if site.callee.endswith("scoped_session") and isinstance(inner, ast.Call):
        if last_name(inner.func) in SESSION_FACTORIES:
            site.state.consumed_calls.add(id(inner))
            is_async = is_async or _has_async_class(inner)
    site.sink.emit(
        "session-factory",
        site.line,
        site.target,
        detail=site.callee,
        data={"async": flag(is_async)},
    )


def _has_async_class(call: ast.Call) -> bool:
    return last_name(keyword(call, "class_")) == "AsyncSession"


def core_table(site: CallSite) -> None:
    """SQLAlchemy Core's ``users = Table("users", metadata, Column(...), ...)``: a table the
    code designs, as an ORM model is, only without a class (blind check e1)."""
    if site.state.library_of(site.func_path) != "sqlalchemy":
        return
    name = first_arg(site.call, "name")
    columns = [arg for arg in site.call.args[2:] if isinstance(arg, ast.Call)]
    if isinstance(name, ast.Constant) and isinstance(name.value, str) and columns:
        site.sink.emit("core-table", site.line, name.value, data={"variable": site.target})


def declarative_base(site: CallSite) -> None:
    if site.target:
        site.state.orm_bases.add(site.target)
