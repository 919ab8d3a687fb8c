"""The database layer on a real PostgreSQL: settings, migrations, reviews, checkpoints."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, TypedDict

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot.cache import ORIGINS_NAME
from mentorbot.domain import (
    Evidence,
    Finding,
    Metrics,
    NodeTiming,
    Plan,
    ReviewReport,
    SkillArea,
    SkillCell,
    SkillMatrix,
    Text,
)
from mentorbot.errors import ConfigError, DatabaseError
from mentorbot.knowledge import reviews
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.db import (
    HEAD_REVISION,
    Database,
    head_revision,
    redact,
    to_async_url,
    to_libpq_url,
)
from mentorbot.knowledge.embedded import (
    USERS_FILE,
    ensure_embedded_server,
    release_embedded_server,
)
from mentorbot.knowledge.models import Base
from mentorbot.settings import load_settings
from tests.integration.databases import scratch_database
from tests.repos import build_task_api

REVIEW_TABLES = {"repos", "reviews", "review_findings", "skill_levels"}


def make_report(repo: Path, learner: str, *, step: int = 1, head: str = "b" * 40) -> ReviewReport:
    """A small but complete report: one area, two findings, three timed nodes."""

    def cell(level: str, rubric: str) -> SkillCell:
        return SkillCell.model_validate(
            {"level": level, "rubric": rubric, "evidence": [{"path": "app/main.py", "line": 12}]}
        )

    area = SkillArea(
        key="fastapi",
        title=Text(zh="FastAPI 接口", en="FastAPI endpoints"),
        understanding=cell("good", "fastapi.u1"),
        practice=cell("good", "fastapi.p1"),
        code_quality=cell("partial", "fastapi.q1"),
        best_practice=cell("missing", "fastapi.b1"),
        overall=Text(zh="路由写得扎实，还缺响应模型", en="Solid routes, response models missing"),
        score=5,
    )
    findings = (
        Finding(
            rule="MB101",
            category="blocking-call-in-async",
            severity="high",
            path="app/main.py",
            line=12,
            message=Text(
                zh="异步函数里调用了阻塞的 requests.get", en="requests.get blocks in async"
            ),
            source="mentor",
            fingerprint="MB101:app/main.py:requests.get",
        ),
        Finding(
            rule="E722",
            category="bare-or-broad-except",
            severity="medium",
            path="app/db.py",
            line=30,
            message=Text(zh="裸 except 会吞掉所有异常", en="bare except hides every error"),
            source="ruff",
        ),
    )
    return ReviewReport(
        repo=str(repo),
        repo_name=repo.name,
        learner=learner,
        step=step,
        language="en",
        date="2025-03-04",
        head=head,
        findings=findings,
        skills=SkillMatrix(
            areas=(area,), overall=Text(zh="接口入门已稳", en="Getting solid on APIs")
        ),
        plan=Plan(
            stage_id="backend-2",
            stage_title=Text(zh="数据库与迁移", en="Databases and migrations"),
            stage_reason=Text(zh="还没有迁移脚本", en="no migrations yet"),
        ),
        metrics=Metrics(
            files=7,
            loc=412,
            commits=9,
            findings=2,
            nodes=(
                NodeTiming(node="scan", seconds=0.5),
                NodeTiming(node="assess", seconds=0.25),
                NodeTiming(node="scan", seconds=0.125),
            ),
            duration_s=1.5,
        ),
    )


async def start(session: AsyncSession, repo: Path, learner: str, step: int = 1) -> int:
    return await reviews.start_review(
        session,
        repo_path=repo,
        learner=learner,
        step=step,
        language="en",
        since="a" * 40,
        head="b" * 40,
    )


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


# --- review records -----------------------------------------------------------------------


async def test_completed_review_round_trips_as_the_last_completed_review(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = tmp_path / "shop-api"
    assert await reviews.last_completed_review(db_session, repo, learner) is None

    first = await start(db_session, repo, learner, step=1)
    await reviews.complete_review(
        db_session, first, make_report(repo, learner, step=1, head="1" * 40), None
    )
    second = await start(db_session, repo, learner, step=2)
    report = make_report(repo, learner, step=2)
    await reviews.complete_review(db_session, second, report, "docs/learning_log_step2.md")
    await start(db_session, repo, learner, step=3)  # still running: not a completed review

    last = await reviews.last_completed_review(db_session, repo, learner)
    assert last is not None
    assert (last.id, last.step, last.head_sha) == (second, 2, "b" * 40)
    assert last.finished_at is not None
    assert last.report == report.model_copy(update={"review_id": second})
    assert await reviews.last_completed_review(db_session, repo, "someone-else") is None

    detail = await reviews.get_review(db_session, second)
    assert detail is not None
    assert detail.status == "completed"
    assert detail.repo_name == "shop-api"
    assert detail.counts == {"files": 7, "loc": 412, "commits": 9, "findings": 2}
    assert detail.timings == {"scan": 0.625, "assess": 0.25}
    assert detail.duration_s == 1.5
    assert detail.log_path == "docs/learning_log_step2.md"

    rows = await db_session.execute(
        text(
            "SELECT rule, path, line, message_zh, source FROM review_findings "
            "WHERE review_id = :id ORDER BY rule"
        ),
        {"id": second},
    )
    assert [tuple(row) for row in rows] == [
        ("E722", "app/db.py", 30, "裸 except 会吞掉所有异常", "ruff"),
        ("MB101", "app/main.py", 12, "异步函数里调用了阻塞的 requests.get", "mentor"),
    ]
    skills = await db_session.execute(
        text(
            "SELECT dimension, level, score FROM skill_levels "
            "WHERE review_id = :id AND area = 'fastapi' ORDER BY dimension"
        ),
        {"id": second},
    )
    assert [tuple(row) for row in skills] == [
        ("best_practice", "missing", 0),
        ("code_quality", "partial", 1),
        ("practice", "good", 2),
        ("understanding", "good", 2),
    ]


async def test_completing_twice_replaces_the_finding_rows(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = tmp_path / "todo"
    review_id = await start(db_session, repo, learner)
    report = make_report(repo, learner)
    await reviews.complete_review(db_session, review_id, report, None)
    await reviews.complete_review(db_session, review_id, report, None)
    count = await db_session.scalar(
        text("SELECT count(*) FROM review_findings WHERE review_id = :id"), {"id": review_id}
    )
    assert count == 2


async def test_failed_review_keeps_its_error_and_a_late_cancel_keeps_a_completed_review(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = tmp_path / "blog"
    failed = await start(db_session, repo, learner)
    await reviews.fail_review(db_session, failed, "git log failed: not a git repository")
    detail = await reviews.get_review(db_session, failed)
    assert detail is not None
    assert (detail.status, detail.error) == ("failed", "git log failed: not a git repository")
    assert detail.finished_at is not None
    assert detail.duration_s is not None and detail.duration_s >= 0
    assert await reviews.last_completed_review(db_session, repo, learner) is None

    done = await start(db_session, repo, learner, step=2)
    await reviews.complete_review(db_session, done, make_report(repo, learner, step=2), None)
    await reviews.fail_review(db_session, done, "client disconnected", status="cancelled")
    detail = await reviews.get_review(db_session, done)
    assert detail is not None
    assert (detail.status, detail.error) == ("completed", None)

    with pytest.raises(reviews.ReviewNotFoundError, match="no review with id 999999999"):
        await reviews.fail_review(db_session, 999_999_999, "gone")


async def test_a_review_left_running_by_a_dead_process_is_closed_when_the_next_one_starts(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    """A CLI killed outright never records an outcome; its record must not say "running" for
    ever. One that started minutes ago may still be running (the API, a second terminal)."""
    repo = tmp_path / "blog"
    abandoned = await start(db_session, repo, learner)
    recent = await start(db_session, repo, learner, step=2)
    other_learner = await start(db_session, repo, f"{learner}-other")
    await db_session.execute(
        text(
            "UPDATE reviews SET started_at = now() - interval '7 hours' "
            "WHERE id = :abandoned OR id = :other"
        ),
        {"abandoned": abandoned, "other": other_learner},
    )
    await db_session.execute(
        text("UPDATE reviews SET started_at = now() - interval '5 minutes' WHERE id = :id"),
        {"id": recent},
    )
    await db_session.commit()

    await start(db_session, repo, learner, step=3)

    states = {}
    for review_id in (abandoned, recent, other_learner):
        detail = await reviews.get_review(db_session, review_id)
        assert detail is not None
        states[review_id] = (detail.status, detail.error)
    assert states == {
        abandoned: ("failed", reviews.ABANDONED),
        recent: ("running", None),
        other_learner: ("running", None),
    }


async def test_list_reviews_filters_by_learner_repo_and_status(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    api, cli = tmp_path / "api", tmp_path / "cli"
    first = await start(db_session, api, learner, step=1)
    await reviews.complete_review(db_session, first, make_report(api, learner), None)
    second = await start(db_session, api, learner, step=2)
    await reviews.fail_review(db_session, second, "timeout", status="cancelled")
    third = await start(db_session, cli, learner, step=1)

    everything = await reviews.list_reviews(db_session, learner=learner)
    assert [item.id for item in everything] == [third, second, first]
    assert {item.repo_path for item in everything} == {str(api), str(cli)}

    by_repo = await reviews.list_reviews(db_session, learner=learner, repo=api)
    assert [item.id for item in by_repo] == [second, first]
    running = await reviews.list_reviews(db_session, learner=learner, status="running")
    assert [(item.id, item.repo_name) for item in running] == [(third, "cli")]
    cancelled = await reviews.list_reviews(db_session, repo=api, status="cancelled")
    assert [(item.id, item.error) for item in cancelled] == [(second, "timeout")]
    page = await reviews.list_reviews(db_session, learner=learner, limit=1, offset=1)
    assert [item.id for item in page] == [second]
    assert await reviews.list_reviews(db_session, learner=f"{learner}-nobody") == []


# --- checkpointer -------------------------------------------------------------------------


class _NoteState(TypedDict):
    topic: str
    note: Text
    evidence: list[Evidence]


def _write_note(state: _NoteState) -> dict[str, object]:
    return {
        "note": Text(zh=f"复习{state['topic']}", en=f"review {state['topic']}"),
        "evidence": [Evidence(path="app/main.py", line=3)],
    }


async def test_checkpointer_saves_and_restores_domain_objects(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    builder = StateGraph(_NoteState)
    builder.add_node("write_note", _write_note)
    builder.add_edge(START, "write_note")
    builder.add_edge("write_note", END)
    thread: RunnableConfig = {"configurable": {"thread_id": f"test-{uuid.uuid4().hex}"}}

    async with open_checkpointer(database) as saver:
        graph = builder.compile(checkpointer=saver)
        start_state = _NoteState(topic="async", note=Text(zh="", en=""), evidence=[])
        await graph.ainvoke(start_state, thread)

    caplog.set_level(logging.WARNING)
    async with open_checkpointer(database) as saver:
        graph = builder.compile(checkpointer=saver)
        snapshot = await graph.aget_state(thread)
    assert snapshot.values["note"] == Text(zh="复习async", en="review async")
    assert snapshot.values["evidence"] == [Evidence(path="app/main.py", line=3)]
    assert not [r for r in caplog.records if "msgpack" in r.getMessage().lower()]


# --- failures a user sees -----------------------------------------------------------------


async def test_unreachable_socket_gives_a_one_line_database_error(tmp_path: Path) -> None:
    url = f"postgresql://postgres:hunter2@/mentor?host={tmp_path}"
    with pytest.raises(DatabaseError) as caught:
        await Database.connect(load_settings(database_url=url))
    message = str(caught.value)
    assert message.startswith("cannot reach the database at postgresql://postgres:***@/mentor")
    assert "hunter2" not in message
    assert "\n" not in message


async def test_closed_port_gives_a_database_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/mentor"
    with pytest.raises(DatabaseError, match=rf"^cannot reach the database at {url}: "):
        await Database.connect(load_settings(database_url=url))


def test_embedded_server_that_cannot_start_names_its_data_dir_and_log(tmp_path: Path) -> None:
    home = tmp_path / "not-a-dir"
    home.write_text("a file where MENTOR_HOME should be\n")
    with pytest.raises(DatabaseError) as caught:
        ensure_embedded_server(home)
    message = str(caught.value)
    assert message.startswith(f"could not start the embedded database in {home / 'pgdata'} (")
    assert message.endswith(f"see {home / 'pgdata' / 'log'}")


@pytest.fixture
def server_home() -> Iterator[Path]:
    """A home outside pytest's 0700 basetemp, which the ``pgserver`` user could not enter."""
    home = Path(tempfile.mkdtemp(prefix="mentor-test-"))
    yield home
    release_embedded_server(home)
    shutil.rmtree(home, ignore_errors=True)


def test_two_processes_share_one_embedded_server_and_it_stops_after_both(
    server_home: Path,
) -> None:
    script = (
        "import sys; from pathlib import Path; "
        "from mentorbot.knowledge.embedded import ensure_embedded_server; "
        "print(ensure_embedded_server(Path(sys.argv[1])))"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(server_home)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    errors = "\n".join(stderr for _, stderr in outputs)
    assert [process.returncode for process in processes] == [0, 0], errors
    uris = {stdout.strip() for stdout, _ in outputs}
    assert uris == {f"postgresql://postgres:@/mentor?host={server_home / 'pgdata'}"}
    assert (server_home / "pgdata" / "PG_VERSION").read_text().strip() == "18"
    assert not (server_home / "pgdata" / "postmaster.pid").exists()


def test_a_finished_review_leaves_no_server_running_and_its_cache_on_disk(
    server_home: Path, tmp_path: Path
) -> None:
    repo = build_task_api(tmp_path / "task-api")
    environment = {**os.environ, "MENTOR_HOME": str(server_home), "NO_COLOR": "1"}
    environment.pop("DATABASE_URL", None)

    done = subprocess.run(
        [sys.executable, "-m", "mentorbot", "review", str(repo.path), "--lang", "en"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert (repo.path / "docs" / "learning_log_step1.md").is_file()
    assert not (server_home / "pgdata" / "postmaster.pid").exists()
    (analyses,) = (server_home / "cache").glob("analysis-*.sqlite3")
    with closing(sqlite3.connect(analyses)) as written:
        assert written.execute("SELECT count(*) FROM analyses").fetchone()[0] > 0
    with closing(sqlite3.connect(server_home / "cache" / f"{ORIGINS_NAME}.sqlite3")) as written:
        assert written.execute("SELECT count(*) FROM origins").fetchone()[0] > 0


def test_a_review_killed_outright_does_not_keep_the_server_running_for_ever(
    server_home: Path, tmp_path: Path
) -> None:
    """A CLI killed with SIGKILL cannot say it is done with the server; the next review must
    still stop it when it finishes."""
    repo = build_task_api(tmp_path / "task-api")
    environment = {**os.environ, "MENTOR_HOME": str(server_home), "NO_COLOR": "1"}
    environment.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "mentorbot", "review", str(repo.path), "--lang", "en"]
    users = server_home / "pgdata" / USERS_FILE

    killed = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        for _ in range(600):
            if users.exists() and str(killed.pid) in users.read_text():
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the review never registered with the embedded server")
        killed.kill()
        killed.wait(timeout=30)
    finally:
        if killed.poll() is None:
            killed.kill()
    assert (server_home / "pgdata" / "postmaster.pid").exists()

    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr
    assert not (server_home / "pgdata" / "postmaster.pid").exists()
    assert json.loads(users.read_text()) == []
