"""Call facts about where data is stored: the client or driver connection an app reaches its
database with, and the calls that create tables outside of migrations (``create_all``,
Tortoise's ``generate_schemas``, ``conn.run_sync(Base.metadata.create_all)``)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import first_arg, flag, keyword, safe_unparse

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


MONGO_CLIENT_LIBRARIES = frozenset({"motor", "pymongo"})
DB_CLIENT_LIBRARIES = MONGO_CLIENT_LIBRARIES | {"databases"}
"""Libraries whose client object is the application's connection to its database."""


def db_client(site: CallSite) -> None:
    """``AsyncIOMotorClient(url)``, ``MongoClient(url)``, ``databases.Database(url)``: the
    database connection of an app that has no SQLAlchemy engine."""
    library = site.state.library_of(site.func_path)
    if library not in DB_CLIENT_LIBRARIES:
        return
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
DRIVER_LIBRARIES |= {"aiomysql": True, "aiopg": True, "asyncmy": True}
"""DB-API and async drivers (async or not) whose ``connect`` opens the app's connection."""


def driver_connection(site: CallSite) -> None:
    """``sqlite3.connect("app.db")``, ``await asyncpg.connect(url)``: a driver's connection,
    how an app on raw SQL reaches its database (psycopg 3's ``AsyncConnection.connect`` is
    async)."""
    library = site.state.library_of(site.func_path)
    if library in DRIVER_LIBRARIES:
        is_async = DRIVER_LIBRARIES[library] or "Async" in site.func_path
        data = {"async": flag(is_async), "library": library}
        site.sink.emit("db-client", site.line, site.target, detail=site.callee, data=data)


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
