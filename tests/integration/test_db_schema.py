"""The database settings and URLs, and the migrations that build its schema."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text

from mentorbot.errors import ConfigError
from mentorbot.knowledge.db import (
    HEAD_REVISION,
    Database,
    head_revision,
    redact,
    to_async_url,
    to_libpq_url,
)
from mentorbot.knowledge.models import Base
from mentorbot.settings import load_settings
from tests.integration.databases import scratch_database

REVIEW_TABLES = {"repos", "reviews", "review_findings", "skill_levels"}


# --- settings and URLs --------------------------------------------------------------------


def test_settings_split_repo_roots_and_name_the_bad_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MENTOR_REPO_ROOTS", "/srv/learners, /home/ana/code")
    settings = load_settings()
    assert settings.mentor_repo_roots == (Path("/srv/learners"), Path("/home/ana/code"))
    assert settings.cache_dir == settings.mentor_home / "cache"
    assert settings.database_url is None

    monkeypatch.setenv("MENTOR_LANG", "fr")
    with pytest.raises(ConfigError, match=r"^invalid setting: MENTOR_LANG: .*'fr'"):
        load_settings()


def test_settings_read_mentor_homes_env_file_never_the_working_directorys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from inside a learner's repo, Mentor Bot took the repo's .env DATABASE_URL (the
    learner's app's database) for its own (blind check corpus 52)."""
    repo, home = tmp_path / "todoapp", tmp_path / "home"
    repo.mkdir()
    home.mkdir()
    (repo / ".env").write_text("DATABASE_URL=postgresql://postgres:pw@localhost:5432/tododb\n")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("MENTOR_LANG", raising=False)
    monkeypatch.setenv("MENTOR_HOME", str(home))
    monkeypatch.chdir(repo)

    assert load_settings().database_url is None

    (home / ".env").write_text("MENTOR_LANG=en\n")
    assert load_settings().mentor_lang == "en"


def test_a_database_url_is_shown_without_any_of_its_password() -> None:
    """SQLAlchemy splits a password with an unencoded "@" at the first one, and showed the rest
    in "cannot reach the database at ..." (blind check corpus 52)."""
    assert redact("postgresql://postgres:Xy7@pw9@localhost:5432/tododb") == (
        "postgresql://postgres:***@localhost:5432/tododb"
    )
    assert redact("postgresql+asyncpg://ana:s3cret@db:5432/m") == (
        "postgresql+asyncpg://ana:***@db:5432/m"
    )
    assert redact("postgresql://postgres:@/mentor?host=/tmp/pg") == (
        "postgresql://postgres:@/mentor?host=/tmp/pg"
    )


def test_urls_convert_between_libpq_and_asyncpg_forms() -> None:
    socket_url = "postgresql://postgres:@/mentor?host=/tmp/pg"
    assert to_async_url(socket_url) == "postgresql+asyncpg://postgres:@/mentor?host=%2Ftmp%2Fpg"
    assert to_libpq_url(to_async_url(socket_url)) == (
        "postgresql://postgres:@/mentor?host=%2Ftmp%2Fpg"
    )
    heroku = "postgres://ana:s3cret@db.internal:5433/mentor?sslmode=require"
    assert to_async_url(heroku) == (
        "postgresql+asyncpg://ana:s3cret@db.internal:5433/mentor?ssl=require"
    )
    assert to_libpq_url("postgresql+psycopg://ana@db.internal/mentor") == (
        "postgresql://ana@db.internal/mentor"
    )
    with pytest.raises(ConfigError, match="DATABASE_URL: Mentor Bot needs PostgreSQL"):
        to_async_url("mysql://ana@db.internal/mentor")


# --- migrations ---------------------------------------------------------------------------


@pytest.fixture
async def empty_database(database_url: str) -> AsyncIterator[str]:
    """A brand-new database on the session server, dropped afterwards."""
    with scratch_database(database_url, "empty") as url:
        yield url


async def test_migrations_apply_to_an_empty_database_and_reapplying_changes_nothing(
    empty_database: str,
) -> None:
    db = await Database.connect(load_settings(database_url=empty_database), migrate=False)
    try:
        assert await db.current_revision() is None
        assert await db.is_current() is False

        assert await db.upgrade() == head_revision()
        assert await db.is_current() is True
        async with db.engine.connect() as conn:
            tables = set(
                (
                    await conn.execute(
                        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    )
                ).scalars()
            )
            vector = await conn.scalar(
                text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            )
        assert REVIEW_TABLES <= tables
        assert str(vector).startswith("0.8")

        assert await db.upgrade() == head_revision()
        async with db.engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
        assert [row[0] for row in versions] == [head_revision()]
    finally:
        await db.dispose()


def test_the_known_head_is_the_newest_migration() -> None:
    """A database at HEAD_REVISION is taken as up to date without running Alembic: a new
    migration must move it, or databases would never get the new revision."""
    assert HEAD_REVISION == head_revision()


def _only_review_tables(
    item: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Compare our tables only; other parts of the store have their own models and revisions."""
    table = name if type_ == "table" else getattr(getattr(item, "table", None), "name", None)
    return table in REVIEW_TABLES


async def test_orm_models_match_the_migrated_schema(database: Database) -> None:
    def differences(conn: Connection) -> list[object]:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_object": _only_review_tables,
            },
        )
        return list(compare_metadata(context, Base.metadata))

    async with database.engine.connect() as conn:
        assert await conn.run_sync(differences) == []


async def test_connect_without_database_url_uses_the_embedded_server_in_mentor_home(
    database_url: str, mentor_home: Path
) -> None:
    db = await Database.connect(load_settings())
    try:
        assert db.libpq_url == to_libpq_url(database_url)
        assert f"host={mentor_home / 'pgdata'}" in database_url
        assert await db.is_current() is True
    finally:
        await db.dispose()


def test_alembic_cli_reads_database_url_from_the_environment(database_url: str) -> None:
    repo_root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "current"],
        cwd=repo_root,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{head_revision()} (head)"
