"""The LangGraph Postgres checkpointer, on the same database as everything else.

Checkpoints make a crashed review resumable and keep chat threads; they live in LangGraph's own
tables (created by ``setup()``), next to ours.
"""

from __future__ import annotations

import asyncio
import inspect
import math
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

import psycopg
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from psycopg import AsyncConnection
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from pydantic import BaseModel
from sqlalchemy.exc import InterfaceError, OperationalError

from mentorbot import domain
from mentorbot.errors import DatabaseError
from mentorbot.knowledge.db import Database

# Shared by every process, so concurrent first runs create LangGraph's tables one at a time.
SETUP_LOCK_KEY = 0x636B7074
CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    PoolTimeout,
    OSError,
)
"""What losing the database looks like to a served run, whichever driver noticed first."""


def domain_model_classes() -> tuple[type[BaseModel], ...]:
    """Every pydantic model defined in ``mentorbot.domain`` and its modules (found, not listed,
    so it keeps up)."""
    return tuple(
        value
        for value in vars(domain).values()
        if inspect.isclass(value)
        and issubclass(value, BaseModel)
        and (value.__module__ + ".").startswith(domain.__name__ + ".")
    )


def checkpoint_serializer(extra_types: Iterable[type] = ()) -> JsonPlusSerializer:
    """A serializer that revives our domain objects from checkpoints, and nothing unexpected.

    An explicit allowlist is both safer than LangGraph's permissive default (which imports any
    class a checkpoint names) and quiet: allowed types load without "unregistered type" warnings.
    """
    return JsonPlusSerializer(allowed_msgpack_modules=(*domain_model_classes(), *extra_types))


@asynccontextmanager
async def open_checkpointer(
    db: Database,
    *,
    max_connections: int = 10,
    extra_types: Iterable[type] = (),
) -> AsyncIterator[AsyncPostgresSaver]:
    """A ready checkpointer over a psycopg pool; the pool closes when the block exits.

    Connections use autocommit, dict rows and no server-side prepared statements, as
    ``AsyncPostgresSaver`` requires. A checkpoint write waits ``db.timeout_s`` for a connection:
    when the database is down, the run fails with a clear error that soon instead of after
    psycopg_pool's default 30 s (twice).
    """
    pool: AsyncConnectionPool[AsyncConnection[DictRow]] = AsyncConnectionPool(
        db.libpq_url,
        min_size=1,
        max_size=max(1, max_connections),
        timeout=db.timeout_s,
        open=False,
        check=AsyncConnectionPool.check_connection,
        connection_class=AsyncConnection[DictRow],
        kwargs={
            "autocommit": True,
            "row_factory": dict_row,
            "prepare_threshold": 0,
            "connect_timeout": max(2, math.ceil(db.timeout_s)),  # libpq: whole seconds, 2 at least
        },
    )
    try:
        await pool.open(wait=True, timeout=db.timeout_s)
    except PoolTimeout:
        await pool.close()
        raise DatabaseError(
            f"cannot reach the database at {db.display_url} for the checkpointer"
        ) from None
    try:
        serde = checkpoint_serializer(extra_types)
        await _setup_once(pool, serde)
        yield AsyncPostgresSaver(pool, serde=serde)
    finally:
        await pool.close()


async def _setup_once(
    pool: AsyncConnectionPool[AsyncConnection[DictRow]], serde: JsonPlusSerializer
) -> None:
    """Run LangGraph's idempotent ``setup()`` once per schema version, one process at a time.

    ``setup()`` builds an index ``CONCURRENTLY``, which waits for every open transaction — a
    session blocked inside ``pg_advisory_lock`` included — so waiting there deadlocks when
    several processes start at once. Instead: skip when the schema is current, and wait for the
    lock with ``pg_try_advisory_lock`` between statements.
    """
    async with pool.connection() as conn:
        if await _checkpoint_schema_current(conn):
            return
        while not await _try_lock(conn):  # noqa: ASYNC110 - the lock lives in the database
            await asyncio.sleep(0.1)
        try:
            if not await _checkpoint_schema_current(conn):
                await AsyncPostgresSaver(conn, serde=serde).setup()
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))


async def _try_lock(conn: AsyncConnection[DictRow]) -> bool:
    cursor = await conn.execute("SELECT pg_try_advisory_lock(%s) AS locked", (SETUP_LOCK_KEY,))
    row = await cursor.fetchone()
    return bool(row and row["locked"])


async def _checkpoint_schema_current(conn: AsyncConnection[DictRow]) -> bool:
    latest = len(AsyncPostgresSaver.MIGRATIONS) - 1
    cursor = await conn.execute("SELECT to_regclass('checkpoint_migrations') IS NOT NULL AS ok")
    row = await cursor.fetchone()
    if not row or not row["ok"]:
        return False
    cursor = await conn.execute("SELECT max(v) AS v FROM checkpoint_migrations")
    row = await cursor.fetchone()
    return row is not None and row["v"] is not None and row["v"] >= latest
