"""The database services object: one async engine, its sessions, and the schema migrations.

A :class:`Database` is created in exactly one place by whoever owns the process (the CLI, the API
lifespan, a worker) with ``await Database.connect(settings)`` and closed with ``dispose()``;
nothing connects at import time. By default ``connect`` also migrates the schema to the newest
revision, so a first ``mentor review`` on a fresh machine just works.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from mentorbot.errors import ConfigError, DatabaseError
from mentorbot.knowledge.embedded import ensure_embedded_server
from mentorbot.rules.secret_patterns import URL_CREDENTIALS
from mentorbot.settings import Settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
HEAD_REVISION = "0005"
"""The newest migration's id, so an up-to-date database is recognised without loading the
migration scripts (they import procrastinate and pgvector: ~0.04 s of every command that opens
the database). A test keeps it equal to the head Alembic finds in ``migrations/``."""
CONNECT_TIMEOUT_S = 10.0
"""The default of ``DATABASE_TIMEOUT_S``: connecting, and waiting for a pooled connection."""
VERSION_TABLE = "alembic_version"
"""Where Alembic keeps the revision a database is at (its default name; env.py keeps it)."""
# Any constant works as long as every process uses the same one: it serialises migrations.
MIGRATION_LOCK_KEY = 0x6D656E746F72

_PGVECTOR_MISSING = (
    "the database at {url} has no pgvector extension: install pgvector or unset DATABASE_URL "
    "to use the embedded server"
)


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError("DATABASE_URL: not a URL (expected postgresql://...)") from None
    backend = parsed.drivername.split("+", 1)[0]
    if backend not in ("postgresql", "postgres"):
        raise ConfigError(
            f"DATABASE_URL: Mentor Bot needs PostgreSQL, got a {backend!r} URL "
            "(expected postgresql://...)"
        )
    return parsed


def to_async_url(url: str) -> str:
    """SQLAlchemy form for asyncpg; accepts libpq, ``postgres://`` and any ``+driver`` URL."""
    parsed = _parse(url)
    query = dict(parsed.query)
    if "sslmode" in query:  # libpq spelling; asyncpg calls the same thing ``ssl``
        query["ssl"] = query.pop("sslmode")
    return parsed.set(drivername="postgresql+asyncpg", query=query).render_as_string(
        hide_password=False
    )


def to_libpq_url(url: str) -> str:
    """Plain ``postgresql://`` form for psycopg, procrastinate and ``psql``."""
    parsed = _parse(url)
    query = dict(parsed.query)
    if "ssl" in query and "sslmode" not in query:
        query["sslmode"] = query.pop("ssl")
    return parsed.set(drivername="postgresql", query=query).render_as_string(hide_password=False)


def redact(url: str) -> str:
    """The URL as shown to users: the password never leaves the process (all of it, also one
    written with an unencoded ``@``, which SQLAlchemy's parser splits at the first)."""
    try:
        make_url(url)
    except ArgumentError:
        return "<unparseable DATABASE_URL>"
    return URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@", url)


def resolve_database_url(settings: Settings) -> str:
    """DATABASE_URL if set, else the embedded server's (started on demand); libpq form.

    Blocking: it may start the embedded server. Async callers go through ``asyncio.to_thread``.
    """
    if settings.database_url:
        return to_libpq_url(settings.database_url)
    return to_libpq_url(ensure_embedded_server(settings.mentor_home))


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config that needs no alembic.ini: migrations run from any working directory.

    Alembic is imported here, not with this module: only a migration needs it, and importing it
    (with Mako) cost every command ~0.07 s.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _reason(error: BaseException) -> str:
    """The first line of the innermost driver error, for one-line messages."""
    inner: BaseException = error
    if isinstance(error, DBAPIError) and error.orig is not None:
        inner = error.orig
    message = str(inner).strip()
    return message.splitlines()[0] if message else type(inner).__name__


def _upgrade_on(connection: Connection, config: Config) -> None:
    from alembic import command

    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _revision_on(connection: Connection) -> str | None:
    """What Alembic's ``MigrationContext.get_current_revision`` answers (our history has one
    head), read without importing Alembic."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
    found = list(versions)
    if len(found) > 1:
        raise DatabaseError(f"the database has several migration heads: {', '.join(found)}")
    return found[0] if found else None


@dataclass(eq=False)
class Database:
    """An async engine and its session factory, plus the schema's migration state."""

    url: str
    libpq_url: str
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession] = field(repr=False)
    timeout_s: float = CONNECT_TIMEOUT_S

    @classmethod
    async def connect(cls, settings: Settings, *, migrate: bool = True) -> Database:
        """Resolve the URL, check the server is reachable and has pgvector, then migrate."""
        libpq_url = await asyncio.to_thread(resolve_database_url, settings)
        database = cls.from_url(libpq_url, timeout_s=settings.database_timeout_s)
        try:
            await database.check()
            if migrate:
                await database.upgrade()
        except BaseException:
            await database.dispose()
            raise
        return database

    @classmethod
    def from_url(cls, url: str, *, timeout_s: float = CONNECT_TIMEOUT_S) -> Database:
        """Wrap a URL without touching the network (``connect`` is the checked way in)."""
        async_url = to_async_url(url)
        engine = create_async_engine(
            async_url,
            pool_pre_ping=True,
            connect_args={"timeout": timeout_s},
        )
        return cls(
            url=async_url,
            libpq_url=to_libpq_url(url),
            engine=engine,
            sessionmaker=async_sessionmaker(engine, expire_on_commit=False),
            timeout_s=timeout_s,
        )

    @property
    def display_url(self) -> str:
        return redact(self.libpq_url)

    def session(self) -> AsyncSession:
        """A new session; use it as ``async with db.session() as session:``."""
        return self.sessionmaker()

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def check(self) -> None:
        """Fail with a one-line DatabaseError if the server is unreachable or lacks pgvector."""
        query = text("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')")
        try:
            async with self.engine.connect() as conn:
                has_vector = bool(await conn.scalar(query))
        except (OSError, TimeoutError, SQLAlchemyError) as error:
            raise DatabaseError(
                f"cannot reach the database at {self.display_url}: {_reason(error)}"
            ) from None
        if not has_vector:
            raise DatabaseError(_PGVECTOR_MISSING.format(url=self.display_url))

    async def upgrade(self) -> str | None:
        """Migrate to the newest revision; a no-op when already there. Returns the revision.

        Concurrent callers (two CLIs, several workers) queue on an advisory lock in env.py.
        The common case, an up-to-date schema, reads no migration script; Alembic reads them
        in a thread (file I/O) so the event loop never blocks (``langgraph dev`` checks that).
        """
        current = await self.current_revision()
        if current == HEAD_REVISION:
            return current
        config = await asyncio.to_thread(alembic_config)
        try:
            async with self.engine.begin() as conn:
                await conn.run_sync(_upgrade_on, config)
        except DBAPIError as error:
            if "vector" in str(error.orig) and "extension" in str(error.orig):
                raise DatabaseError(
                    f"{_PGVECTOR_MISSING.format(url=self.display_url)} ({_reason(error)})"
                ) from None
            raise DatabaseError(
                f"could not migrate the database at {self.display_url}: {_reason(error)}"
            ) from None
        except (OSError, TimeoutError, SQLAlchemyError) as error:
            raise DatabaseError(
                f"could not migrate the database at {self.display_url}: {_reason(error)}"
            ) from None
        return await self.current_revision()

    async def current_revision(self) -> str | None:
        """The revision the database is at; None before the first migration."""
        try:
            async with self.engine.connect() as conn:
                return await conn.run_sync(_revision_on)
        except (OSError, TimeoutError, SQLAlchemyError) as error:
            raise DatabaseError(
                f"cannot reach the database at {self.display_url}: {_reason(error)}"
            ) from None

    async def is_current(self) -> bool:
        """True when the schema is at the newest revision (the API's readiness check)."""
        return await self.current_revision() == HEAD_REVISION
