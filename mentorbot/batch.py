"""Scheduled and batch reviews on procrastinate, in the same PostgreSQL as everything else.

Nothing connects at import: the task functions are plain coroutines, bound to a fresh App by
:func:`create_batch_app` over the ``Database.libpq_url`` of whoever owns the process
(``mentor worker``, ``mentor batch``). Workers get the review graph through procrastinate's
``additional_context``, so a task is a small function of its arguments and that runtime.

Idempotency: one review per (repo, learner, head commit). A job whose repo has not moved since
the last completed review is *skipped*; a retried job resumes its own LangGraph thread
(``batch-job-<id>``) instead of starting a second review, so no second log is ever written.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg
from langgraph.graph.state import CompiledStateGraph
from procrastinate import App, BaseRetryStrategy, JobContext, PsycopgConnector, RetryDecision
from procrastinate.exceptions import AlreadyEnqueued, ProcrastinateException
from procrastinate.job_context import AbortReason
from procrastinate.jobs import Job
from pydantic import BaseModel, ConfigDict
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import InterfaceError, OperationalError

from graph.context import ReviewContext
from mentorbot.analysis.repo import RepoInfo, open_repo
from mentorbot.collector import review_pace
from mentorbot.domain import ReviewReport
from mentorbot.errors import DatabaseError, MentorError
from mentorbot.knowledge.batch_models import BatchOutcome, BatchOutcomeKind
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.reviews import last_completed_review
from mentorbot.schedules import claim_due

REVIEW_TASK = "mentor:review_repo"
ENQUEUE_DUE_TASK = "mentor:enqueue_due_reviews"
RETRY_STALLED_TASK = "mentor:retry_stalled_reviews"
REVIEW_QUEUE = "reviews"
MAX_ATTEMPTS = 5
# Failures worth another try: the database or the network went away for a moment.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseError,
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    ConnectionError,
    TimeoutError,
)


class TransientReviewError(Exception):
    """Raised by the review task so procrastinate retries it with backoff."""


class PermanentReviewError(Exception):
    """Raised by the review task for a failure a retry cannot fix; recorded, never retried."""


class ReviewInterrupted(Exception):
    """Raised when a stopping worker gave up waiting for a review: it goes back to the queue."""


def retry_delay_s(attempts: int) -> int:
    """Backoff before the next try after ``attempts`` failed ones: 4, 8, 16, 32 s."""
    return int(2 ** (attempts + 1))


class ReviewRetryStrategy(BaseRetryStrategy):
    """At most MAX_ATTEMPTS runs for transient failures; an interrupted review is requeued at once.

    procrastinate's ``job.attempts`` counts the runs before this one, so this run is number
    ``attempts + 1``. Anything else (a permanent failure, a user's abort) is not retried.
    """

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, ReviewInterrupted):
            return RetryDecision(retry_in={"seconds": 0})
        if isinstance(exception, TransientReviewError) and job.attempts + 1 < MAX_ATTEMPTS:
            return RetryDecision(retry_in={"seconds": retry_delay_s(job.attempts + 1)})
        return None


REVIEW_RETRY = ReviewRetryStrategy()


class ReviewOutcome(BaseModel):
    """How one queued review ended, as stored in ``batch_outcomes.summary``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    repo_path: str
    learner: str
    outcome: BatchOutcomeKind
    reason: str | None = None
    review_id: int | None = None
    step: int | None = None
    log_path: str | None = None
    solved: int = 0
    open: int = 0
    dropped_areas: tuple[str, ...] = ()
    recurring: int = 0


@dataclass(frozen=True)
class BatchRuntime:
    """What a worker hands every task: the database, the compiled graph and a clock."""

    db: Database
    graph: CompiledStateGraph[Any, Any, Any, Any]
    stalled_after_s: float = 30.0
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


def create_batch_app(libpq_url: str, *, housekeeping_cron: str = "* * * * *") -> App:
    """The procrastinate App over our database; ``housekeeping_cron`` paces the periodic tasks.

    Housekeeping runs every minute by default (a 6th cron field means seconds, for tests).
    """
    app = App(connector=PsycopgConnector(conninfo=libpq_url))
    app.task(name=REVIEW_TASK, pass_context=True, retry=REVIEW_RETRY, queue=REVIEW_QUEUE)(
        review_repo
    )
    for name, periodic_id, function in (
        (ENQUEUE_DUE_TASK, "schedules", enqueue_due_reviews),
        (RETRY_STALLED_TASK, "stalled", retry_stalled_reviews),
    ):
        task = app.task(name=name, pass_context=True, queue=REVIEW_QUEUE)(function)
        app.periodic(cron=housekeeping_cron, periodic_id=periodic_id)(task)
    return app


def review_lock(repo_path: str, learner: str) -> str:
    """One queued and one running review per repo and learner, across all workers."""
    return f"review:{learner}:{repo_path}"


async def enqueue_review(
    app: App,
    repo_path: str,
    learner: str,
    *,
    language: str | None = None,
    batch_id: str | None = None,
) -> tuple[int, bool]:
    """Queue a review and return (job id, True); an already queued one gives (its id, False)."""
    lock = review_lock(repo_path, learner)
    try:
        job_id = await app.configure_task(
            REVIEW_TASK, queue=REVIEW_QUEUE, lock=lock, queueing_lock=lock
        ).defer_async(repo_path=repo_path, learner=learner, language=language, batch_id=batch_id)
    except AlreadyEnqueued:
        rows = await app.connector.execute_query_all_async(
            "SELECT id FROM procrastinate_jobs WHERE queueing_lock = %(lock)s "
            "AND status = 'todo' ORDER BY id DESC LIMIT 1",
            lock=lock,
        )
        if not rows:
            return await enqueue_review(
                app, repo_path, learner, language=language, batch_id=batch_id
            )
        return int(rows[0]["id"]), False
    return job_id, True


def _runtime(context: JobContext) -> BatchRuntime:
    runtime = context.additional_context.get("mentor")
    if not isinstance(runtime, BatchRuntime):
        raise RuntimeError("this worker was started without a BatchRuntime")
    return runtime


def outcome_from_report(report: ReviewReport, log_path: str | None) -> ReviewOutcome:
    """Per-repo summary: solved/open problems, areas whose score fell, recurring problems."""
    previous_areas = report.previous_skills.areas if report.previous_skills else ()
    previous = {area.key: area.score for area in previous_areas}
    dropped = tuple(
        area.key
        for area in report.skills.areas
        if area.key in previous and area.score < previous[area.key]
    )
    return ReviewOutcome(
        repo_path=report.repo,
        learner=report.learner,
        outcome="reviewed",
        review_id=report.review_id,
        step=report.step,
        log_path=log_path,
        solved=sum(1 for lesson in report.lessons if lesson.status == "solved"),
        open=sum(1 for lesson in report.lessons if lesson.status == "open"),
        dropped_areas=dropped,
        recurring=sum(1 for lesson in report.lessons if lesson.recurring),
    )


async def review_once(
    runtime: BatchRuntime,
    *,
    job_id: int,
    repo_path: str,
    learner: str,
    language: str | None,
) -> ReviewOutcome:
    """Review one repo unless its head was already reviewed; resume this job's own thread."""
    repo: RepoInfo = await asyncio.to_thread(open_repo, repo_path)
    root = str(repo.root)
    config: Any = {"configurable": {"thread_id": f"batch-job-{job_id}"}}
    snapshot = await runtime.graph.aget_state(config)
    if snapshot.values.get("report") is not None and not snapshot.next:
        return outcome_from_report(snapshot.values["report"], snapshot.values.get("log_path"))
    if not snapshot.next:
        async with runtime.db.session() as session:
            last = await last_completed_review(session, root, learner)
        if repo.head is not None and last is not None and last.head_sha == repo.head:
            return ReviewOutcome(
                repo_path=root,
                learner=learner,
                outcome="skipped",
                reason=f"no new commits since review #{last.id} (step {last.step}, "
                f"{repo.head[:7]})",
                review_id=last.id,
                step=last.step,
            )
    inputs: dict[str, Any] | None = None
    if not snapshot.next:
        inputs = {"repo_path": root, "learner": learner}
        if language is not None:
            inputs["language"] = language
    with review_pace():
        values = await runtime.graph.ainvoke(inputs, config, context=ReviewContext())
    return outcome_from_report(values["report"], values.get("log_path"))


async def record_outcome(
    db: Database, job_id: int, attempts: int, outcome: ReviewOutcome, batch_id: str | None
) -> None:
    """Store (or replace, on a later attempt) how this job ended."""
    values = {
        "job_id": job_id,
        "batch_id": batch_id,
        "repo_path": outcome.repo_path,
        "learner": outcome.learner,
        "outcome": outcome.outcome,
        "reason": outcome.reason,
        "attempts": attempts,
        "review_id": outcome.review_id,
        "summary": outcome.model_dump(mode="json"),
    }
    statement = pg_insert(BatchOutcome).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[BatchOutcome.job_id],
        set_={key: statement.excluded[key] for key in values if key != "job_id"}
        | {"finished_at": text("now()")},
    )
    async with db.session() as session:
        await session.execute(statement)
        await session.commit()


def _describe(error: BaseException) -> str:
    if isinstance(error, MentorError):
        return str(error)
    return f"{type(error).__name__}: {error}".splitlines()[0]


async def review_repo(
    context: JobContext,
    *,
    repo_path: str,
    learner: str,
    language: str | None = None,
    batch_id: str | None = None,
) -> dict[str, Any]:
    """Run the review graph for one repo; classify failures as transient or permanent."""
    runtime = _runtime(context)
    job_id = int(context.job.id or 0)
    attempts = context.job.attempts + 1
    try:
        outcome = await review_once(
            runtime, job_id=job_id, repo_path=repo_path, learner=learner, language=language
        )
    except asyncio.CancelledError:
        if context.abort_reason() is not AbortReason.SHUTDOWN:
            raise
        # The worker's shutdown timeout ran out: requeue; the retry resumes from the checkpoint.
        interrupted = ReviewOutcome(
            repo_path=repo_path,
            learner=learner,
            outcome="retrying",
            reason=f"attempt {attempts}: the worker stopped before the review finished; requeued",
        )
        with contextlib.suppress(*TRANSIENT_ERRORS):
            await record_outcome(runtime.db, job_id, attempts, interrupted, batch_id)
        raise ReviewInterrupted(interrupted.reason) from None
    except TRANSIENT_ERRORS as error:
        final = attempts >= MAX_ATTEMPTS
        failed = ReviewOutcome(
            repo_path=repo_path,
            learner=learner,
            outcome="failed" if final else "retrying",
            reason=f"attempt {attempts}/{MAX_ATTEMPTS}: {_describe(error)}",
        )
        with contextlib.suppress(*TRANSIENT_ERRORS):
            await record_outcome(runtime.db, job_id, attempts, failed, batch_id)
        raise TransientReviewError(failed.reason) from error
    except Exception as error:
        failed = ReviewOutcome(
            repo_path=repo_path, learner=learner, outcome="failed", reason=_describe(error)
        )
        await record_outcome(runtime.db, job_id, attempts, failed, batch_id)
        raise PermanentReviewError(failed.reason) from error
    await record_outcome(runtime.db, job_id, attempts, outcome, batch_id)
    return outcome.model_dump(mode="json")


async def enqueue_due_reviews(context: JobContext, timestamp: int) -> int:
    """Queue a review for every schedule whose cron fired; returns how many were queued."""
    runtime = _runtime(context)
    now = runtime.clock()
    async with runtime.db.session() as session:
        due = await claim_due(session, now)
        for schedule in due:
            await enqueue_review(
                context.app, schedule.repo_path, schedule.learner, language=schedule.language
            )
        await session.commit()
    return len(due)


async def retry_stalled_reviews(context: JobContext, timestamp: int) -> int:
    """Put back in the queue the reviews of workers that stopped sending heartbeats (SIGKILL)."""
    runtime = _runtime(context)
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(
        task_name=REVIEW_TASK, seconds_since_heartbeat=runtime.stalled_after_s
    )
    retried = 0
    for job in stalled:
        with contextlib.suppress(ProcrastinateException):
            await manager.retry_job(job)
            retried += 1
    return retried
