"""Scratch databases on the session's PostgreSQL server, for tests that change store-wide state."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql


@contextmanager
def scratch_database(database_url: str, prefix: str) -> Iterator[str]:
    """A brand-new database beside the shared one (its URL), dropped when the block ends."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin_url = database_url.replace("/mentor?", "/postgres?")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url.replace("/mentor?", f"/{name}?")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
