"""What the database remembers of a learner's reviews, in the terms the graph needs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
from typing import Literal

from mentorbot.domain import Language, PreviousReview, ReviewReport
from mentorbot.errors import MentorError
from mentorbot.knowledge import reviews
from mentorbot.knowledge.db import Database
from mentorbot.trend import ReviewSkills, areas_seen, mermaid_trend, skill_history

STOP_RECORD_TIMEOUT_S = 5.0
_STOP_REASON: ContextVar[str | None] = ContextVar("stop_reason", default=None)


async def previous_review(
    db: Database, repo_path: str, learner: str, step: int | None = None
) -> PreviousReview | None:
    """The review this one follows: the newest completed one, or for a step asked for by number,
    the newest of an earlier step (a step reviewed again covers the same commits again)."""
    async with db.session() as session:
        record = await reviews.last_completed_review(session, repo_path, learner, before_step=step)
    if record is None:
        return None
    report = record.report
    return PreviousReview(
        review_id=record.id,
        step=record.step,
        head=record.head_sha,
        date=record.finished_at.isoformat() if record.finished_at else None,
        skills=report.skills if report else None,
        findings=report.findings if report else (),
        plan=report.plan if report else None,
    )


async def others_who_reviewed(db: Database, repo_path: str, learner: str) -> tuple[str, ...]:
    """Who else has reviews of this repo: a learner's first review at a step past 1 says whose
    the earlier logs in docs/ may be, rather than that the database remembers none."""
    async with db.session() as session:
        return tuple(await reviews.other_learners(session, repo_path, learner))


async def record_start(
    db: Database,
    node: str,
    *,
    repo_path: str,
    learner: str,
    step: int,
    language: Language,
    since: str | None,
    head: str | None,
) -> int:
    """Create the review's record ("running") from inside ``node``; its id.

    Safe against a stop that arrives while the record is written: once the row is committed, a
    stop before its id reached the caller would leave it "running" for ever, as nobody else
    knows the id yet. So the write runs to its end, and when the run was stopped meanwhile the
    record is marked cancelled before the stop goes on.
    """

    async def insert() -> int:
        async with db.session() as session:
            review_id = await reviews.start_review(
                session,
                repo_path=repo_path,
                learner=learner,
                step=step,
                language=language,
                since=since,
                head=head,
            )
            await session.commit()
        return review_id

    writing = asyncio.ensure_future(insert())
    try:
        return await asyncio.shield(writing)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            review_id = await asyncio.wait_for(writing, STOP_RECORD_TIMEOUT_S)
            await record_stop(db, review_id, node)
        raise


async def record_complete(
    db: Database, review_id: int, report: ReviewReport, log_path: str | None
) -> None:
    async with db.session() as session:
        await reviews.complete_review(session, review_id, report, log_path)
        await session.commit()


async def record_failure(
    db: Database,
    review_id: int,
    error: str,
    status: Literal["failed", "cancelled"] = "failed",
    *,
    only_running: bool = False,
) -> None:
    async with db.session() as session:
        await reviews.fail_review(
            session, review_id, error, status=status, only_running=only_running
        )
        await session.commit()


async def record_node_failure(db: Database, review_id: int, node: str, error: Exception) -> None:
    """Mark the review failed because ``node`` raised ``error``, with the reason.

    An interruption is not a node's failure: ``record_stop`` marks it cancelled.
    """
    detail = str(error) if isinstance(error, MentorError) else f"{type(error).__name__}: {error}"
    await record_failure(db, review_id, f"{node}: {detail}")


@contextlib.contextmanager
def stop_reason(reason: str) -> Iterator[None]:
    """The reason runs started inside give when they are stopped (the CLI: Ctrl-C; the API: the
    client went away). The node that was running writes it, so the record says it even when
    the caller has not yet heard the review's id; the caller may write it again."""
    token = _STOP_REASON.set(reason)
    try:
        yield
    finally:
        _STOP_REASON.reset(token)


async def record_stop(db: Database, review_id: int, node: str) -> None:
    """Mark a review cancelled because its run was stopped while ``node`` ran.

    The reason is the caller's (``stop_reason``) or, for a run whose caller gives none
    (LangGraph Studio's stop button, a batch worker shutting down), names the node. Bounded and
    quiet: a database that does not answer must not hold up the stop, and the cancellation is
    what the caller re-raises.
    """
    reason = (
        _STOP_REASON.get()
        or f"cancelled: the run was stopped during {node}, before the review finished"
    )
    with contextlib.suppress(Exception):
        await asyncio.wait_for(
            record_failure(db, review_id, reason, "cancelled", only_running=True),
            STOP_RECORD_TIMEOUT_S,
        )


@contextlib.asynccontextmanager
async def outcome_recorded(db: Database, review_id: int | None, node: str) -> AsyncIterator[None]:
    """Around a node's work: its review is marked failed when the work raises, cancelled when
    its run is stopped, and the error or the cancellation goes on either way."""
    try:
        yield
    except Exception as error:
        if review_id is not None:
            await record_node_failure(db, review_id, node, error)
        raise
    except asyncio.CancelledError:
        if review_id is not None:
            await record_stop(db, review_id, node)
        raise


async def trend_chart(db: Database, report: ReviewReport) -> str:
    """Mermaid charts of each area's score over this learner's reviews up to this one's step,
    in step order: a log of step 2 written after step 3's charted 1, 3, 2 (blind check z1)."""
    async with db.session() as session:
        history = await skill_history(session, report.repo, report.learner)
    history = [review for review in history if review.step < report.step]
    history.append(
        ReviewSkills(
            step=report.step,
            date=report.date,
            head=report.head,
            scores={area.key: area.score for area in report.skills.areas},
        )
    )
    if len(history) < 2:
        return ""
    titles = {area.key: area.title.pick(report.language) for area in report.skills.areas}
    shown = {key: titles[key] for key in areas_seen(history) if key in titles}
    return mermaid_trend(history, shown, language=report.language)
