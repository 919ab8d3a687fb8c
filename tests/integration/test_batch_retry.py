"""Transient failures are retried with backoff until the database is back; others are not.

The worker runs in this process over the session's review graph; its database connection for
the review's own queries goes through a small TCP proxy the test can cut and restore, which is
what a worker sees while PostgreSQL restarts: refused connections, then a working server.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from langgraph.graph.state import CompiledStateGraph
from procrastinate import App
from procrastinate.jobs import Job
from psycopg.conninfo import conninfo_to_dict

from mentorbot.batch import (
    MAX_ATTEMPTS,
    REVIEW_RETRY,
    REVIEW_TASK,
    PermanentReviewError,
    ReviewInterrupted,
    TransientReviewError,
    create_batch_app,
    enqueue_review,
)
from mentorbot.batch_run import BatchRuntime, WorkerOptions, repo_statuses, run_worker
from mentorbot.knowledge.db import Database
from mentorbot.services import Services
from tests.repos import build_task_api

DEADLINE_S = 60


class CuttableProxy:
    """Forwards TCP connections to the embedded server's socket until it is cut."""

    def __init__(self, database_url: str) -> None:
        params = conninfo_to_dict(database_url)
        self.socket_path = f"{params['host']}/.s.PGSQL.{params.get('port', 5432)}"
        self.params = params
        self.port = 0
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        user, database = self.params.get("user", "postgres"), self.params["dbname"]
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Refuse new connections and drop the open ones, as a restarting server does."""
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        await self.server.wait_closed()
        self.server = None

    async def _serve(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        server_reader, server = await asyncio.open_unix_connection(self.socket_path)
        self.writers.update((client, server))

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            writer.close()

        await asyncio.gather(pipe(client_reader, server), pipe(server_reader, client))
        self.writers.difference_update((client, server))


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[CuttableProxy]:
    proxy = CuttableProxy(database_url)
    await proxy.start()
    yield proxy
    if proxy.server is not None:
        await proxy.cut()


@pytest.fixture
async def batch_app(database: Database) -> AsyncIterator[App]:
    app = create_batch_app(database.libpq_url)
    async with app.open_async():
        yield app


async def _job(app: App, job_id: int) -> dict[str, Any]:
    rows = await app.connector.execute_query_all_async(
        "SELECT status::text AS status, attempts, scheduled_at, "
        "(SELECT max(at) FROM procrastinate_events WHERE job_id = j.id "
        " AND type = 'deferred_for_retry') AS failed_at "
        "FROM procrastinate_jobs j WHERE id = %(id)s",
        id=job_id,
    )
    return dict(rows[0])


async def _wait(app: App, job_id: int, done: Any) -> dict[str, Any]:
    for _ in range(DEADLINE_S * 20):
        row = await _job(app, job_id)
        if done(row):
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} never got there: {await _job(app, job_id)}")


async def test_a_review_that_loses_its_database_is_retried_after_a_backoff_and_completes(
    tmp_path: Path,
    learner: str,
    services: Services,
    review_graph: CompiledStateGraph[Any, Any, Any, Any],
    batch_app: App,
    proxy: CuttableProxy,
) -> None:
    repo = build_task_api(tmp_path / "flaky").path.resolve()
    through_proxy = Database.from_url(proxy.url)
    runtime = BatchRuntime(db=through_proxy, graph=review_graph)
    options = WorkerOptions(install_signal_handlers=False, heartbeat_s=0.5)
    worker = asyncio.create_task(run_worker(batch_app, runtime, options))
    try:
        async with through_proxy.session() as session:
            await session.connection()  # the pool holds a live connection when the cut comes
        await proxy.cut()
        job_id, _ = await enqueue_review(batch_app, str(repo), learner)

        retrying = await _wait(batch_app, job_id, lambda row: row["attempts"] == 1)
        assert retrying["status"] == "todo"
        assert retrying["scheduled_at"] - retrying["failed_at"] >= timedelta(seconds=3)
        (status,) = [row for row in await repo_statuses(services) if row.learner == learner]
        assert (status.state, status.attempts) == ("retrying", 1)
        assert not (repo / "docs").exists()

        await proxy.start()
        finished = await _wait(
            batch_app, job_id, lambda row: row["status"] not in ("todo", "doing")
        )
        assert (finished["status"], finished["attempts"]) == ("succeeded", 2)
        (status,) = [row for row in await repo_statuses(services) if row.learner == learner]
        assert (status.state, status.outcome, status.step) == ("done", "reviewed", 1)
        assert [path.name for path in (repo / "docs").glob("learning_log_step*.md")] == [
            "learning_log_step1.md"
        ]
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        await through_proxy.dispose()


def _job_after(attempts: int) -> Job:
    return Job(
        id=1, queue="reviews", lock=None, queueing_lock=None, task_name=REVIEW_TASK,
        attempts=attempts,
    )  # fmt: skip


def test_transient_failures_back_off_4_8_16_32_seconds_then_give_up() -> None:
    windows: list[int | None] = []
    for attempts in range(MAX_ATTEMPTS):
        before = datetime.now(UTC)
        decision = REVIEW_RETRY.get_retry_decision(
            exception=TransientReviewError("database restarting"), job=_job_after(attempts)
        )
        after = datetime.now(UTC)
        if decision is None:
            windows.append(None)
            continue
        assert decision.retry_at is not None
        lower, upper = decision.retry_at - after, decision.retry_at - before
        windows.append(next(s for s in (4, 8, 16, 32) if lower <= timedelta(seconds=s) <= upper))
    assert windows == [4, 8, 16, 32, None]


def test_a_permanent_failure_is_never_retried_and_an_interrupted_review_is_requeued_at_once() -> (
    None
):
    permanent = PermanentReviewError("No such directory")
    assert REVIEW_RETRY.get_retry_decision(exception=permanent, job=_job_after(0)) is None
    before = datetime.now(UTC)
    requeue = REVIEW_RETRY.get_retry_decision(
        exception=ReviewInterrupted("worker stopped"), job=_job_after(MAX_ATTEMPTS)
    )
    assert requeue is not None and requeue.retry_at is not None
    assert requeue.retry_at - before < timedelta(seconds=1)
