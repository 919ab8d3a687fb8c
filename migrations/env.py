"""Alembic environment, async, for both ways migrations run.

- Programmatically (``Database.upgrade``): the caller passes its open connection in
  ``config.attributes["connection"]``; nothing here opens another one.
- From the ``alembic`` CLI (``alembic upgrade head`` at the repo root): the URL is
  ``sqlalchemy.url`` if set, else DATABASE_URL, else the embedded server under MENTOR_HOME
  (started for the command and stopped after it). ``--sql`` needs no database at all.

Every online run first takes a transaction-scoped advisory lock, so processes that start at the
same time migrate one after the other and the later ones find nothing to do.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, pool, text
from sqlalchemy.ext.asyncio import create_async_engine

import mentorbot.knowledge.batch_models  # noqa: F401  (registers the batch tables)
from mentorbot.knowledge import store_models  # noqa: F401  (registers the knowledge tables)
from mentorbot.knowledge.db import MIGRATION_LOCK_KEY, resolve_database_url, to_async_url
from mentorbot.knowledge.models import Base
from mentorbot.settings import get_settings

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name)


def _cli_url() -> str:
    configured = config.get_main_option("sqlalchemy.url")
    return to_async_url(configured or resolve_database_url(get_settings()))


def run_migrations_offline() -> None:
    """Emit SQL (``alembic upgrade head --sql``) without a connection, or a server."""
    context.configure(
        dialect_name="postgresql",
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_async_engine(_cli_url(), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        asyncio.run(run_async_migrations())
    else:
        do_run_migrations(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
