"""Ctrl-C stops a review with the shell's exit code and one word, never a traceback or a 0,
and the review's record says it was cancelled instead of staying "running" for ever."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot import history
from mentorbot.cli import INTERRUPTED_REVIEW
from mentorbot.knowledge import reviews
from mentorbot.services import Services
from tests.repos import build_large_repo, build_task_api


def mentor(*args: str) -> list[str]:
    """The ``mentor`` command with Ctrl-C armed: a background job of a script inherits SIGINT
    ignored (as CI may start the tests), and Python then never turns it into an interrupt."""
    arm = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv = ['mentor', *sys.argv[1:]]; runpy.run_module('mentorbot', run_name='__main__')"
    )
    return [sys.executable, "-c", arm, *args]


def test_ctrl_c_while_a_review_waits_exits_130_and_says_so(
    mentor_home: Path, tmp_path: Path
) -> None:
    api = build_task_api(tmp_path / "task-api")
    # A "database" that takes the connection and never answers: once it has the connection, the
    # review is past start-up and waiting, which is when the learner gives up and presses Ctrl-C.
    hung = tmp_path / "hung"
    hung.mkdir()
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(hung / ".s.PGSQL.5432"))
        listener.listen()
        listener.settimeout(120)
        environment = {
            **os.environ,
            "DATABASE_URL": f"postgresql://postgres@/mentor?host={hung}",
            "MENTOR_HOME": str(mentor_home),
            "NO_COLOR": "1",
        }
        process = subprocess.Popen(
            mentor("review", str(api.path)),
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            connection, _ = listener.accept()
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=60)
            connection.close()
        finally:
            process.kill()

    assert process.returncode == 130, stderr
    assert stderr.strip() == "interrupted"
    assert stdout == ""
    assert not (api.path / "docs").exists()


@pytest.mark.parametrize(
    ("stop", "code", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["ctrl-c", "sigterm"],
)
async def test_ctrl_c_or_a_stop_signal_during_a_review_marks_its_record_cancelled(
    database_url: str,
    mentor_home: Path,
    services: Services,
    learner: str,
    tmp_path: Path,
    stop: signal.Signals,
    code: int,
    said: str,
) -> None:
    """``timeout``, a process manager or a cancelled CI job send SIGTERM: the review stops as
    on Ctrl-C, with the shell's code for that signal."""
    repo = tmp_path / "large"
    build_large_repo(repo, modules=300)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MENTOR_HOME": str(mentor_home),
        "NO_COLOR": "1",
    }
    process = await asyncio.create_subprocess_exec(
        *mentor("review", str(repo), "--learner", learner),
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        review_id = await _running_review(services, learner)
        process.send_signal(stop)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    finally:
        if process.returncode is None:
            process.kill()

    assert process.returncode == code, stderr
    assert stderr.decode().strip() == said
    assert stdout == b""
    async with services.db.session() as session:
        record = await reviews.get_review(session, review_id)
    assert record is not None
    assert (record.status, record.error) == ("cancelled", INTERRUPTED_REVIEW)
    assert not (repo / "docs").exists()


async def _running_review(services: Services, learner: str) -> int:
    """The id of this learner's review once its record exists (the review is under way)."""
    query = text("SELECT id FROM reviews WHERE learner = :learner AND status = 'running'")
    for _ in range(3000):
        async with services.db.engine.connect() as connection:
            found = await connection.scalar(query, {"learner": learner})
        if found is not None:
            return int(found)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no review of {learner} started within a minute")


async def test_a_stop_while_the_record_is_written_leaves_it_cancelled(
    services: Services, learner: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The record is committed, but its id has not reached the scan node yet: a stop landing
    # there must not leave a "running" record that nobody can close.
    committed = asyncio.Event()
    start_review = reviews.start_review

    async def committed_then_slow(session: AsyncSession, **review: Any) -> int:
        review_id = await start_review(session, **review)
        await session.commit()
        committed.set()
        await asyncio.sleep(0.5)
        return review_id

    monkeypatch.setattr(reviews, "start_review", committed_then_slow)
    with history.stop_reason(INTERRUPTED_REVIEW):
        starting = asyncio.create_task(
            history.record_start(
                services.db,
                "scan",
                repo_path="/repos/shop",
                learner=learner,
                step=1,
                language="en",
                since=None,
                head=None,
            )
        )
    await committed.wait()
    starting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await starting

    query = text("SELECT status, error FROM reviews WHERE learner = :learner")
    async with services.db.engine.connect() as connection:
        rows = (await connection.execute(query, {"learner": learner})).all()
    assert [tuple(row) for row in rows] == [("cancelled", INTERRUPTED_REVIEW)]
