"""Batch and scheduled reviews with real ``mentor worker`` processes on the session database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from procrastinate import App

from bench.genrepo import generate_repo
from mentorbot.batch import create_batch_app, enqueue_review
from mentorbot.batch_run import job_statuses, repo_statuses
from mentorbot.knowledge.db import Database
from mentorbot.services import Services
from tests.repos import build_task_api

WorkerStarter = Callable[..., subprocess.Popen[str]]
CliRunner = Callable[..., subprocess.CompletedProcess[str]]
FAST = ["--tick", "* * * * * *", "--heartbeat", "0.5", "--stalled-after", "2"]
DEADLINE_S = 60


@pytest.fixture
def start_worker(database_url: str, mentor_home: Path, tmp_path: Path) -> Iterator[WorkerStarter]:
    """Starts ``mentor worker`` subprocesses; whatever is still running is stopped afterwards.

    Their temp dir is the test's: a killed worker cannot remove its fork server's socket dir.
    """
    started: list[subprocess.Popen[str]] = []
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MENTOR_HOME": str(mentor_home),
        "TMPDIR": str(tmp_path),
    }

    def start(*options: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "mentorbot", "worker", *FAST, *options],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stderr is not None
        for line in process.stderr:
            if "worker ready" in line:
                return process
        raise AssertionError(f"worker exited with {process.wait()} before it was ready")

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


@pytest.fixture
def cli(mentor_cli: Callable[..., subprocess.CompletedProcess[str]]) -> CliRunner:
    """The real ``mentor`` command, wide enough that table rows never wrap."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return mentor_cli(*args, env={"COLUMNS": "400"})

    return run


@pytest.fixture
async def batch_app(database: Database) -> AsyncIterator[App]:
    app = create_batch_app(database.libpq_url)
    async with app.open_async():
        yield app


async def _wait_status(app: App, job_id: int, wanted: set[str]) -> str:
    for _ in range(DEADLINE_S * 20):
        status = (await job_statuses(app, [job_id]))[job_id]
        if status in wanted:
            return status
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {wanted}")


async def _job_row(app: App, job_id: int) -> dict[str, object]:
    rows = await app.connector.execute_query_all_async(
        "SELECT status::text AS status, attempts FROM procrastinate_jobs WHERE id = %(id)s",
        id=job_id,
    )
    return dict(rows[0])


def _logs(repo: Path) -> list[str]:
    return sorted(path.name for path in (repo / "docs").glob("learning_log_step*.md"))


async def test_two_workers_review_three_repos_and_a_rerun_writes_nothing(
    tmp_path: Path, learner: str, start_worker: WorkerStarter, cli: CliRunner
) -> None:
    repos = [build_task_api(tmp_path / name).path for name in ("alpha", "beta", "gamma")]
    workers = [start_worker(), start_worker()]

    first = cli("batch", *map(str, repos), "--learner", learner, "--concurrency", "0")
    assert first.returncode == 0, first.stderr
    for repo in repos:
        assert _logs(repo) == ["learning_log_step1.md"]
    assert first.stdout.count("reviewed") == 3

    second = cli("batch", *map(str, repos), "--learner", learner, "--concurrency", "0")
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("skipped") == 3
    assert "no new commits since review" in second.stdout
    for repo in repos:
        assert _logs(repo) == ["learning_log_step1.md"]

    status = cli("status")
    lines = [line for line in status.stdout.splitlines() if learner in line]
    assert len(lines) == 3 and all("skipped" in line for line in lines)

    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    assert [worker.wait(timeout=30) for worker in workers] == [0, 0]


async def test_a_review_whose_worker_is_killed_is_retried_by_another(
    tmp_path: Path, learner: str, start_worker: WorkerStarter, batch_app: App
) -> None:
    repo = build_task_api(tmp_path / "killed").path
    doomed = start_worker()
    job_id, queued = await enqueue_review(batch_app, str(repo.resolve()), learner)
    assert queued
    await _wait_status(batch_app, job_id, {"doing"})
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    assert (await _job_row(batch_app, job_id))["status"] == "doing"

    start_worker()
    assert await _wait_status(batch_app, job_id, {"succeeded", "failed"}) == "succeeded"
    rows = await batch_app.connector.execute_query_all_async(
        "SELECT outcome, reason, attempts FROM batch_outcomes WHERE job_id = %(id)s", id=job_id
    )
    assert [(row["outcome"], row["reason"]) for row in rows] == [("reviewed", None)]
    # procrastinate counts an attempt when a job is retried or finished: killed one + retried one.
    assert (await _job_row(batch_app, job_id))["attempts"] == 2
    assert _logs(repo) == ["learning_log_step1.md"]


async def test_a_schedule_fires_and_a_missing_repo_fails_without_retry(
    tmp_path: Path,
    learner: str,
    start_worker: WorkerStarter,
    batch_app: App,
    cli: CliRunner,
) -> None:
    repo = build_task_api(tmp_path / "scheduled").path
    added = cli(
        "schedule", "add", str(repo), "--learner", learner, "--cron", "* * * * * *", "--lang", "en"
    )
    assert added.returncode == 0, added.stderr
    schedule_id = added.stdout.split()[1].rstrip(":")
    gone_job, _ = await enqueue_review(batch_app, str(tmp_path / "gone"), learner)
    start_worker()

    assert await _wait_status(batch_app, gone_job, {"succeeded", "failed"}) == "failed"
    assert (await _job_row(batch_app, gone_job))["attempts"] == 1
    for _ in range(DEADLINE_S * 10):
        if _logs(repo):
            break
        await asyncio.sleep(0.1)
    assert _logs(repo) == ["learning_log_step1.md"]
    assert "## " in (repo / "docs" / "learning_log_step1.md").read_text(encoding="utf-8")

    listed = cli("schedule", "list")
    row = next(line for line in listed.stdout.splitlines() if learner in line)
    assert "* * * * * *" in row and "never" not in row
    status = cli("status")
    gone_row = next(
        line for line in status.stdout.splitlines() if "gone" in line and learner in line
    )
    assert "failed" in gone_row and "No such directory" in gone_row
    assert cli("schedule", "remove", schedule_id).returncode == 0


def _slow_repo(path: Path) -> Path:
    """A repo whose review takes a few seconds, so a signal lands while it runs."""
    return generate_repo(path, 3000, 60, seed=3).path.resolve()


async def _state(services: Services, learner: str) -> str:
    """The state ``mentor status`` shows for this learner's only repo."""
    (row,) = [row for row in await repo_statuses(services) if row.learner == learner]
    return row.state


async def test_sigterm_lets_the_running_review_finish_before_the_worker_exits(
    tmp_path: Path,
    learner: str,
    start_worker: WorkerStarter,
    batch_app: App,
    services: Services,
) -> None:
    repo = _slow_repo(tmp_path / "finishing")
    job_id, _ = await enqueue_review(batch_app, str(repo), learner)
    assert await _state(services, learner) == "queued"
    worker = start_worker()
    await _wait_status(batch_app, job_id, {"doing"})
    assert await _state(services, learner) == "running"

    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=DEADLINE_S) == 0
    assert (await _job_row(batch_app, job_id)) == {"status": "succeeded", "attempts": 1}
    assert _logs(repo) == ["learning_log_step1.md"]
    assert await _state(services, learner) == "done"


async def test_a_worker_that_stops_before_its_review_ends_requeues_it_for_another(
    tmp_path: Path,
    learner: str,
    start_worker: WorkerStarter,
    batch_app: App,
    services: Services,
) -> None:
    repo = _slow_repo(tmp_path / "requeued")
    impatient = start_worker("--shutdown-timeout", "0")
    job_id, _ = await enqueue_review(batch_app, str(repo), learner)
    await _wait_status(batch_app, job_id, {"doing"})

    impatient.send_signal(signal.SIGTERM)
    assert impatient.wait(timeout=DEADLINE_S) == 0
    assert (await _job_row(batch_app, job_id)) == {"status": "todo", "attempts": 1}
    (queued,) = [row for row in await repo_statuses(services) if row.learner == learner]
    assert queued.state == "retrying"
    assert queued.reason is not None and "requeued" in queued.reason

    start_worker()
    assert await _wait_status(batch_app, job_id, {"succeeded", "failed"}) == "succeeded"
    (done,) = [row for row in await repo_statuses(services) if row.learner == learner]
    assert (done.state, done.outcome, done.reason, done.step) == ("done", "reviewed", None, 1)
    assert _logs(repo) == ["learning_log_step1.md"]


async def test_the_batch_summary_names_dropped_skills_and_recurring_problems(
    tmp_path: Path, learner: str, cli: CliRunner
) -> None:
    api = build_task_api(tmp_path / "slipping")
    first = cli("batch", str(api.path), "--learner", learner, "--concurrency", "1")
    assert first.returncode == 0, first.stderr
    assert "attention" not in first.stdout

    api.repo.delete("tests/test_tasks.py")
    api.repo.delete("tests/__init__.py")
    api.repo.commit("chore: drop the tests for now", date="2026-02-09T10:00:00+00:00")
    second = cli("batch", str(api.path), "--learner", learner, "--concurrency", "1")
    assert second.returncode == 0, second.stderr
    assert _logs(api.path) == ["learning_log_step1.md", "learning_log_step2.md"]
    attention = [line for line in second.stdout.splitlines() if line.startswith("attention:")]
    assert any(f"{learner}: skill dropped in" in line and "testing" in line for line in attention)
    assert any(f"{learner}:" in line and "recurring problems" in line for line in attention)
