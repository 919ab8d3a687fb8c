"""The review records: which reviews ran, how they ended, and what they found.

Functions take an open ``AsyncSession``, and each write commits, so a running review is visible
to other processes (``GET /reviews``, a second worker) the moment it starts. Reads return frozen
values, never ORM objects, so nothing lazy-loads after the session is gone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path, PurePath
from typing import Any, Literal

from sqlalchemy import and_, delete, false, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot.domain import Language, ReviewReport
from mentorbot.knowledge.models import (
    REVIEW_STATUSES,
    Repo,
    Review,
    ReviewFinding,
    ReviewStatus,
    SkillLevel,
)
from mentorbot.knowledge.review_records import (
    ReviewDetail,
    ReviewRecord,
    ReviewSummary,
    parse_report,
)
from mentorbot.skills_rubric import DIMENSIONS, LEVEL_POINTS

MAX_ERROR_CHARS = 4000
ABANDONED_AFTER = timedelta(hours=6)
"""A review still running this long after its start has lost its process: even an LLM review of
a large repo takes minutes."""
ABANDONED = "abandoned: the process running it stopped without recording an outcome"


class ReviewNotFoundError(LookupError):
    """The review id does not exist (deleted, or never started in this database)."""

    def __init__(self, review_id: int) -> None:
        super().__init__(f"no review with id {review_id}")
        self.review_id = review_id


def _path_key(repo_path: str | PurePath) -> str:
    """Repos are keyed by the path exactly as the review reports it (absolute, unresolved)."""
    return os.fspath(repo_path)


async def _ensure_repo(session: AsyncSession, repo_path: str) -> int:
    """Insert-or-get in one statement, so two reviews of a new repo cannot collide."""
    name = Path(repo_path).name or repo_path
    statement = (
        pg_insert(Repo)
        .values(path=repo_path, name=name)
        .on_conflict_do_update(index_elements=[Repo.path], set_={"name": name})
        .returning(Repo.id)
    )
    return int((await session.execute(statement)).scalar_one())


async def start_review(
    session: AsyncSession,
    *,
    repo_path: str | PurePath,
    learner: str,
    step: int,
    language: Language,
    since: str | None,
    head: str | None,
) -> int:
    """Record a review as ``running`` and return its id.

    Earlier reviews of the same repo and learner still ``running`` long after they started were
    left by a process that died without a word (killed outright, a crash): they are closed as
    failed, so the record stops claiming they run.
    """
    repo_id = await _ensure_repo(session, _path_key(repo_path))
    await session.execute(
        update(Review)
        .where(
            Review.repo_id == repo_id,
            Review.learner == learner,
            Review.status == "running",
            Review.started_at < func.now() - ABANDONED_AFTER,
        )
        .values(status="failed", error=ABANDONED, finished_at=func.now())
    )
    review = Review(
        repo_id=repo_id,
        learner=learner,
        step=step,
        language=language,
        since_sha=since,
        head_sha=head,
        status="running",
    )
    session.add(review)
    await session.flush()
    review_id = review.id
    await session.commit()
    return review_id


def _finding_rows(review_id: int, report: ReviewReport) -> list[dict[str, Any]]:
    return [
        {
            "review_id": review_id,
            "rule": finding.rule,
            "category": finding.category,
            "severity": finding.severity,
            "path": finding.path,
            "line": finding.line,
            "fingerprint": finding.fingerprint,
            "message_en": finding.message.en,
            "message_zh": finding.message.zh,
            "source": finding.source,
        }
        for finding in report.findings
    ]


def _skill_rows(review_id: int, report: ReviewReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for area in report.skills.areas:
        for dimension in DIMENSIONS:
            cell = getattr(area, dimension)
            rows.append(
                {
                    "review_id": review_id,
                    "area": area.key,
                    "dimension": dimension,
                    "level": cell.level,
                    "score": LEVEL_POINTS[cell.level],
                }
            )
    return rows


def _timings(report: ReviewReport) -> dict[str, float]:
    """Seconds per node; a node that ran twice (a resumed review) counts both runs."""
    timings: dict[str, float] = {}
    for timing in report.metrics.nodes:
        timings[timing.node] = timings.get(timing.node, 0.0) + timing.seconds
    return timings


def _llm_counts(report: ReviewReport) -> dict[str, Any]:
    """LLM mode's tokens per node (prompt + completion) and dropped claims; empty without it."""
    usage = report.metrics.llm
    if not usage:
        return {}
    return {
        "llm_tokens": {u.node: u.prompt_tokens + u.completion_tokens for u in usage},
        "llm_dropped": sum(u.dropped for u in usage),
        "llm_fallbacks": [u.node for u in usage if u.fallback],
    }


async def complete_review(
    session: AsyncSession,
    review_id: int,
    report: ReviewReport,
    log_path: str | None,
) -> None:
    """Store a finished review: counts, timings, finding and skill rows, and the report itself.

    Calling it again for the same review replaces what the first call stored.
    """
    metrics = report.metrics
    stored = report.model_copy(update={"review_id": review_id})
    result = await session.execute(
        update(Review)
        .where(Review.id == review_id)
        .values(
            status="completed",
            error=None,
            head_sha=report.head,
            finished_at=func.now(),
            duration_s=metrics.duration_s,
            counts={
                "files": metrics.files,
                "loc": metrics.loc,
                "commits": metrics.commits,
                "findings": metrics.findings,
                **_llm_counts(report),
            },
            timings=_timings(report),
            log_path=log_path,
            report=stored.model_dump(mode="json"),
        )
        .returning(Review.id)
    )
    if result.scalar_one_or_none() is None:
        await session.rollback()
        raise ReviewNotFoundError(review_id)
    await session.execute(delete(ReviewFinding).where(ReviewFinding.review_id == review_id))
    await session.execute(delete(SkillLevel).where(SkillLevel.review_id == review_id))
    findings = _finding_rows(review_id, report)
    if findings:
        await session.execute(pg_insert(ReviewFinding), findings)
    skills = _skill_rows(review_id, report)
    if skills:
        await session.execute(pg_insert(SkillLevel), skills)
    await session.commit()


async def fail_review(
    session: AsyncSession,
    review_id: int,
    error: str,
    status: Literal["failed", "cancelled"] = "failed",
    *,
    only_running: bool = False,
) -> None:
    """Mark a review failed (or cancelled, when the client went away) and keep the reason.

    A review that already completed stays completed: a cancellation that arrives after the
    result was stored must not hide it. ``only_running``: leave a review that has already
    ended as it is (the reason given first stands).
    """
    if status not in ("failed", "cancelled"):
        raise ValueError(f"a review ends as 'failed' or 'cancelled', not {status!r}")
    elapsed = func.extract("epoch", func.now() - Review.started_at)
    still_open = Review.status == "running" if only_running else Review.status != "completed"
    result = await session.execute(
        update(Review)
        .where(Review.id == review_id, still_open)
        .values(
            status=status,
            error=error[:MAX_ERROR_CHARS],
            finished_at=func.now(),
            duration_s=elapsed,
        )
        .returning(Review.id)
    )
    if result.scalar_one_or_none() is None:
        exists = await session.scalar(select(Review.id).where(Review.id == review_id))
        await session.rollback()
        if exists is None:
            raise ReviewNotFoundError(review_id)
        return
    await session.commit()


async def last_completed_review(
    session: AsyncSession,
    repo_path: str | PurePath,
    learner: str,
    *,
    before_step: int | None = None,
) -> ReviewRecord | None:
    """The newest completed review of this repo for this learner, or None on a first review.

    ``before_step``: only reviews of an earlier step count, so a step reviewed again is compared
    with the step before it, not with itself (which would leave it no commits to look at).
    """
    statement = (
        select(Review.id, Review.step, Review.head_sha, Review.finished_at, Review.report)
        .join(Repo, Repo.id == Review.repo_id)
        .where(
            Repo.path == _path_key(repo_path),
            Review.learner == learner,
            Review.status == "completed",
        )
        .order_by(Review.finished_at.desc(), Review.id.desc())
        .limit(1)
    )
    if before_step is not None:
        statement = statement.where(Review.step < before_step)
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        return None
    return ReviewRecord(
        id=row.id,
        step=row.step,
        head_sha=row.head_sha,
        finished_at=row.finished_at,
        report=parse_report(row.report),
    )


async def other_learners(
    session: AsyncSession, repo_path: str | PurePath, learner: str
) -> list[str]:
    """The learners other than ``learner`` with a completed review of this repo, by name."""
    statement = (
        select(Review.learner)
        .join(Repo, Repo.id == Review.repo_id)
        .where(
            Repo.path == _path_key(repo_path),
            Review.learner != learner,
            Review.status == "completed",
        )
        .distinct()
        .order_by(Review.learner)
    )
    return list((await session.scalars(statement)).all())


_SUMMARY_COLUMNS = (
    Review.id,
    Repo.path.label("repo_path"),
    Repo.name.label("repo_name"),
    Review.learner,
    Review.step,
    Review.language,
    Review.status,
    Review.since_sha,
    Review.head_sha,
    Review.started_at,
    Review.finished_at,
    Review.duration_s,
    Review.counts,
    Review.error,
    Review.log_path,
)


async def list_reviews(
    session: AsyncSession,
    *,
    learner: str | None = None,
    repo: str | PurePath | None = None,
    status: ReviewStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ReviewSummary]:
    """Reviews, newest first, optionally for one learner, one repo path and/or one status."""
    if status is not None and status not in REVIEW_STATUSES:
        raise ValueError(f"unknown review status {status!r}; expected one of {REVIEW_STATUSES}")
    statement = select(*_SUMMARY_COLUMNS).join(Repo, Repo.id == Review.repo_id)
    if learner is not None:
        statement = statement.where(Review.learner == learner)
    if repo is not None:
        statement = statement.where(Repo.path == _path_key(repo))
    if status is not None:
        statement = statement.where(Review.status == status)
    statement = (
        statement.order_by(Review.started_at.desc(), Review.id.desc())
        .limit(max(0, limit))
        .offset(max(0, offset))
    )
    rows = (await session.execute(statement)).mappings().all()
    return [ReviewSummary.model_validate(dict(row)) for row in rows]


async def get_review(session: AsyncSession, review_id: int) -> ReviewDetail | None:
    """One review with its timings and report, or None if there is no such id."""
    statement = (
        select(*_SUMMARY_COLUMNS, Review.timings, Review.report)
        .join(Repo, Repo.id == Review.repo_id)
        .where(Review.id == review_id)
    )
    row = (await session.execute(statement)).mappings().one_or_none()
    if row is None:
        return None
    values = dict(row)
    values["report"] = parse_report(values["report"])
    return ReviewDetail.model_validate(values)


async def repos_of_logs(session: AsyncSession, logs: Sequence[str]) -> dict[str, str]:
    """The path of the repository each log was written for, by the reviews that wrote them
    (the newest, where several did): a log written outside any repository says nothing itself."""
    if not logs:
        return {}
    statement = (
        select(Review.log_path, Repo.path)
        .join(Repo, Repo.id == Review.repo_id)
        .where(Review.log_path.in_(list(logs)))
        .order_by(Review.started_at)
    )
    return {log: repo for log, repo in (await session.execute(statement)).all() if log}


async def logs_not_earlier(
    session: AsyncSession, repo_path: str, learner: str, step: int, head: str | None
) -> list[str]:
    """The logs the learner's reviews of this repository wrote that are no earlier log of a
    review of ``step`` at commit ``head``: those of a later step, and those of this step that
    reviewed the same commit (a re-run in another language, or to another ``--output``)."""
    same_run = and_(Review.step == step, Review.head_sha == head) if head else false()
    statement = (
        select(Review.log_path)
        .join(Repo, Repo.id == Review.repo_id)
        .where(Repo.path == repo_path, Review.learner == learner)
        .where(or_(Review.step > step, same_run))
    )
    return [log for log in (await session.scalars(statement)).all() if log]
