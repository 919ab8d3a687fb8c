"""What the database remembers of a learner's reviews, in the terms the graph needs."""

from __future__ import annotations

from typing import Literal

from mentorbot.domain import Language, PreviousReview, ReviewReport
from mentorbot.errors import MentorError
from mentorbot.knowledge import reviews
from mentorbot.knowledge.db import Database
from mentorbot.trend import ReviewSkills, areas_seen, mermaid_trend, skill_history


async def previous_review(db: Database, repo_path: str, learner: str) -> PreviousReview | None:
    async with db.session() as session:
        record = await reviews.last_completed_review(session, repo_path, learner)
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


async def record_start(
    db: Database,
    *,
    repo_path: str,
    learner: str,
    step: int,
    language: Language,
    since: str | None,
    head: str | None,
) -> int:
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


async def record_complete(
    db: Database, review_id: int, report: ReviewReport, log_path: str | None
) -> None:
    async with db.session() as session:
        await reviews.complete_review(session, review_id, report, log_path)
        await session.commit()


async def record_failure(
    db: Database, review_id: int, error: str, status: Literal["failed", "cancelled"] = "failed"
) -> None:
    async with db.session() as session:
        await reviews.fail_review(session, review_id, error, status=status)
        await session.commit()


async def record_node_failure(db: Database, review_id: int, node: str, error: Exception) -> None:
    """Mark the review failed because ``node`` raised ``error``, with the reason.

    An interruption is not a node's failure: whoever interrupted the run records it (the CLI
    after Ctrl-C, the API when the client went away).
    """
    detail = str(error) if isinstance(error, MentorError) else f"{type(error).__name__}: {error}"
    await record_failure(db, review_id, f"{node}: {detail}")


async def trend_chart(db: Database, report: ReviewReport) -> str:
    """Mermaid charts of each area's score over this learner's reviews, this one included."""
    async with db.session() as session:
        history = await skill_history(session, report.repo, report.learner)
    history = [review for review in history if review.step != report.step]
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
