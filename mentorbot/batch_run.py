"""Running the queue: a worker process, waiting for a batch, and the per-repo status.

Split from :mod:`mentorbot.batch` (tasks and idempotency) so the CLI can import these without
reading the task bodies; both build on the same App factory.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from procrastinate import App
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, text

from graph.builder import build_review_graph
from mentorbot.batch import REVIEW_QUEUE, REVIEW_TASK, BatchRuntime, ReviewOutcome
from mentorbot.knowledge.batch_models import BatchOutcome
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.services import Services

FINAL_JOB_STATUSES = frozenset({"succeeded", "failed", "cancelled", "aborted"})


class WorkerOptions(BaseModel):
    """How a worker runs; the defaults suit production, tests shorten the intervals."""

    model_config = ConfigDict(frozen=True)

    concurrency: int = 1
    name: str | None = None
    heartbeat_s: float = 10.0
    stalled_after_s: float = 30.0
    shutdown_timeout_s: float | None = None
    install_signal_handlers: bool = True


class RepoStatus(BaseModel):
    """The newest queued review of one repo for one learner, as ``mentor status`` shows it."""

    model_config = ConfigDict(frozen=True)

    job_id: int
    repo_path: str
    learner: str
    state: str
    attempts: int
    outcome: str | None
    reason: str | None
    step: int | None


@asynccontextmanager
async def open_runtime(
    services: Services, *, stalled_after_s: float = 30.0
) -> AsyncIterator[BatchRuntime]:
    """A checkpointer and the compiled review graph for the life of a worker."""
    async with open_checkpointer(services.db) as saver:
        yield BatchRuntime(
            db=services.db,
            graph=build_review_graph(services, saver),
            stalled_after_s=stalled_after_s,
        )


async def run_worker(app: App, runtime: BatchRuntime, options: WorkerOptions) -> None:
    """Process jobs until stopped. SIGTERM/SIGINT: running reviews finish, then it exits."""
    extra: dict[str, Any] = {}
    if options.shutdown_timeout_s is not None:
        extra["shutdown_graceful_timeout"] = options.shutdown_timeout_s
    if options.name is not None:
        extra["name"] = options.name
    await app.run_worker_async(
        queues=[REVIEW_QUEUE],
        concurrency=options.concurrency,
        additional_context={"mentor": runtime},
        install_signal_handlers=options.install_signal_handlers,
        update_heartbeat_interval=options.heartbeat_s,
        stalled_worker_timeout=options.stalled_after_s,
        **extra,
    )


async def job_statuses(app: App, job_ids: Sequence[int]) -> dict[int, str]:
    rows = await app.connector.execute_query_all_async(
        "SELECT id, status::text AS status FROM procrastinate_jobs WHERE id = ANY(%(ids)s)",
        ids=list(job_ids),
    )
    return {int(row["id"]): str(row["status"]) for row in rows}


async def wait_for_jobs(
    app: App,
    job_ids: Sequence[int],
    *,
    on_progress: Callable[[int], None] = lambda done: None,
    poll_s: float = 0.5,
) -> dict[int, str]:
    """Poll until every job reached a final status; reports how many are done as it goes."""
    while True:
        statuses = await job_statuses(app, job_ids)
        done = sum(1 for status in statuses.values() if status in FINAL_JOB_STATUSES)
        on_progress(done)
        if done >= len(set(job_ids)):
            return statuses
        await asyncio.sleep(poll_s)


async def outcomes_for(services: Services, job_ids: Sequence[int]) -> dict[int, ReviewOutcome]:
    async with services.db.session() as session:
        rows = (
            await session.scalars(select(BatchOutcome).where(BatchOutcome.job_id.in_(job_ids)))
        ).all()
    return {row.job_id: ReviewOutcome.model_validate(row.summary) for row in rows if row.summary}


_STATUS_SQL = text(
    """
    SELECT DISTINCT ON (j.args->>'repo_path', j.args->>'learner')
           j.id, j.args->>'repo_path' AS repo_path, j.args->>'learner' AS learner,
           j.status::text AS status, j.attempts, o.outcome, o.reason,
           (o.summary->>'step')::int AS step
      FROM procrastinate_jobs j
      LEFT JOIN batch_outcomes o ON o.job_id = j.id
     WHERE j.task_name = :task
     ORDER BY j.args->>'repo_path', j.args->>'learner', j.id DESC
    """
)


def describe_state(status: str, attempts: int, outcome: str | None) -> str:
    """queued / retrying / running / done / skipped / failed, in the user's words."""
    if status == "todo":
        return "retrying" if attempts > 0 else "queued"
    if status == "doing":
        return "running"
    if status == "succeeded":
        return "skipped" if outcome == "skipped" else "done"
    return "failed"


async def repo_statuses(services: Services) -> list[RepoStatus]:
    async with services.db.session() as session:
        rows = (await session.execute(_STATUS_SQL, {"task": REVIEW_TASK})).mappings().all()
    return [
        RepoStatus(
            job_id=row["id"],
            repo_path=row["repo_path"],
            learner=row["learner"],
            state=describe_state(row["status"], row["attempts"], row["outcome"]),
            attempts=row["attempts"],
            outcome=row["outcome"],
            reason=row["reason"],
            step=row["step"],
        )
        for row in rows
    ]
