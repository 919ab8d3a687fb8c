"""Database fixtures shared by the whole test session.

One embedded PostgreSQL server starts, lazily, the first time a test needs a database; it lives
under the session's MENTOR_HOME and stops when the session ends. Tests never drop or truncate
it: they isolate themselves by using their own repo paths (under ``tmp_path``) and learner names
(the ``learner`` fixture).

MENTOR_HOME is a fresh directory in the system temp dir rather than under pytest's basetemp:
as root, postgres runs as the ``pgserver`` user, which must traverse every parent of its data
dir, and each pytest start resets ``/tmp/pytest-of-<user>`` to mode 0700.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedded import ensure_embedded_server, release_embedded_server
from mentorbot.settings import get_settings, load_settings


@pytest.fixture(scope="session", autouse=True)
def mentor_home() -> Iterator[Path]:
    """A private MENTOR_HOME for the session, so no test touches the user's real data dir.

    DATABASE_URL is set empty (which means "unset") so neither the environment nor a ``.env``
    file can point the tests at a real database.
    """
    home = Path(tempfile.mkdtemp(prefix="mentor-test-home-"))
    patch = pytest.MonkeyPatch()
    patch.setenv("MENTOR_HOME", str(home))
    patch.setenv("DATABASE_URL", "")
    get_settings.cache_clear()
    yield home
    patch.undo()
    get_settings.cache_clear()
    release_embedded_server(home)
    if not (home / "pgdata" / "postmaster.pid").exists():
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def database_url(mentor_home: Path) -> str:
    """libpq URL of the session's server, for psycopg and for subprocesses (``DATABASE_URL``)."""
    return ensure_embedded_server(mentor_home)


@pytest.fixture(scope="session")
async def database(database_url: str) -> AsyncIterator[Database]:
    """The session's Database, migrated to the newest revision."""
    db = await Database.connect(load_settings(database_url=database_url))
    yield db
    await db.dispose()


@pytest.fixture
async def db_session(database: Database) -> AsyncIterator[AsyncSession]:
    async with database.session() as session:
        yield session


@pytest.fixture
def learner() -> str:
    """A learner name no other test uses, so rows of different tests never meet."""
    return f"learner-{uuid.uuid4().hex[:12]}"
