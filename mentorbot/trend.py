"""Skill levels and open problems across all completed reviews of one repo for one learner.

Growth is only visible against the past: the log charts every area's 0–8 score per review and
calls out a drop, and ``mentor history`` shows the same numbers as a table. Everything is read
from the ``skill_levels`` and ``review_findings`` rows the reviews left, not from stored reports,
so an old report that no longer validates still counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot.domain import Language
from mentorbot.knowledge.models import Repo, Review, ReviewFinding, SkillLevel

MAX_SCORE = 8
CHART_WIDTH = 420
CHART_HEIGHT = 220
_CHART_SIZE = f'%%{{init: {{"xyChart": {{"width": {CHART_WIDTH}, "height": {CHART_HEIGHT}}}}}}}%%'


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReviewSkills(_Value):
    """One completed review's area scores (0–8 each, the sum of its four dimension points)."""

    step: int
    date: str | None
    head: str | None
    scores: dict[str, int]


class ReviewProblems(_Value):
    """One completed review's open findings, counted per category."""

    step: int
    date: str | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class SkillDrop(_Value):
    area: str
    from_score: int
    to_score: int
    from_step: int
    to_step: int


class _ReviewRow(_Value):
    id: int
    step: int
    date: str | None
    head: str | None


async def _completed_reviews(
    session: AsyncSession, repo_path: str | PurePath, learner: str
) -> list[_ReviewRow]:
    """One review per step, in step order; a step reviewed twice keeps its latest run."""
    statement = (
        select(
            Review.id,
            Review.step,
            Review.head_sha,
            Review.finished_at,
            Review.report["date"].astext.label("report_date"),
        )
        .join(Repo, Repo.id == Review.repo_id)
        .where(
            Repo.path == str(repo_path),
            Review.learner == learner,
            Review.status == "completed",
        )
        .order_by(Review.step, Review.finished_at, Review.id)
    )
    by_step: dict[int, _ReviewRow] = {}
    for row in (await session.execute(statement)).all():
        date = row.report_date or (row.finished_at.date().isoformat() if row.finished_at else None)
        by_step[row.step] = _ReviewRow(id=row.id, step=row.step, date=date, head=row.head_sha)
    return [by_step[step] for step in sorted(by_step)]


async def skill_history(
    session: AsyncSession, repo_path: str | PurePath, learner: str
) -> list[ReviewSkills]:
    """Area scores of every completed review, oldest step first ([] if never reviewed)."""
    reviews = await _completed_reviews(session, repo_path, learner)
    if not reviews:
        return []
    statement = (
        select(SkillLevel.review_id, SkillLevel.area, func.sum(SkillLevel.score))
        .where(SkillLevel.review_id.in_([r.id for r in reviews]))
        .group_by(SkillLevel.review_id, SkillLevel.area)
    )
    scores: dict[int, dict[str, int]] = {r.id: {} for r in reviews}
    for review_id, area, total in (await session.execute(statement)).all():
        scores[review_id][area] = int(total)
    return [
        ReviewSkills(
            step=r.step, date=r.date, head=r.head, scores=dict(sorted(scores[r.id].items()))
        )
        for r in reviews
    ]


async def open_problem_history(
    session: AsyncSession, repo_path: str | PurePath, learner: str
) -> list[ReviewProblems]:
    """Open findings per category at every completed review, oldest step first."""
    reviews = await _completed_reviews(session, repo_path, learner)
    if not reviews:
        return []
    statement = (
        select(ReviewFinding.review_id, ReviewFinding.category, func.count())
        .where(ReviewFinding.review_id.in_([r.id for r in reviews]))
        .group_by(ReviewFinding.review_id, ReviewFinding.category)
    )
    counts: dict[int, dict[str, int]] = {r.id: {} for r in reviews}
    for review_id, category, count in (await session.execute(statement)).all():
        counts[review_id][category] = int(count)
    return [
        ReviewProblems(step=r.step, date=r.date, counts=dict(sorted(counts[r.id].items())))
        for r in reviews
    ]


def areas_seen(history: Sequence[ReviewSkills]) -> list[str]:
    """Areas that scored above zero in some review: the ones worth a chart."""
    return sorted({area for review in history for area, score in review.scores.items() if score})


def drops(history: Sequence[ReviewSkills]) -> list[SkillDrop]:
    """Areas whose score fell from the review before the latest to the latest, biggest first."""
    if len(history) < 2:
        return []
    before, latest = history[-2], history[-1]
    fallen = [
        SkillDrop(
            area=area,
            from_score=before.scores[area],
            to_score=score,
            from_step=before.step,
            to_step=latest.step,
        )
        for area, score in latest.scores.items()
        if area in before.scores and score < before.scores[area]
    ]
    return sorted(fallen, key=lambda d: (d.to_score - d.from_score, d.area))


def _quoted(text: str) -> str:
    """Mermaid strings cannot hold a double quote or a line break."""
    return '"' + " ".join(text.replace('"', "'").split()) + '"'


_AXIS_TITLES: dict[Language, tuple[str, str]] = {
    "zh": ("第几次回顾", "得分（0–8）"),
    "en": ("review step", "score (0–8)"),
}


def mermaid_chart(
    history: Sequence[ReviewSkills], area: str, title: str, *, language: Language = "zh"
) -> str:
    """One area's scores as a Mermaid ``xychart-beta`` (no fences): one point per review.

    A review that did not judge the area (an older version had fewer areas) counts as 0.
    """
    x_title, y_title = _AXIS_TITLES[language]
    steps = ", ".join(_quoted(str(review.step)) for review in history)
    points = [review.scores.get(area, 0) for review in history]
    latest = f" · {points[-1]}/{MAX_SCORE}" if points else ""
    return "\n".join(
        (
            _CHART_SIZE,
            "xychart-beta",
            f"    title {_quoted(title + latest)}",
            f"    x-axis {_quoted(x_title)} [{steps}]",
            f"    y-axis {_quoted(y_title)} 0 --> {MAX_SCORE}",
            f"    line [{', '.join(str(point) for point in points)}]",
        )
    )


def mermaid_trend(
    history: Sequence[ReviewSkills],
    area_titles: Mapping[str, str],
    *,
    language: Language = "zh",
) -> str:
    """Markdown with one small fenced ``mermaid`` chart per area of ``area_titles``, in order.

    xychart-beta draws no legend, so several lines in one chart could not be told apart; a
    compact chart per area stays readable. Pass only the areas worth charting (``areas_seen``).
    """
    if not history:
        return ""
    return "\n\n".join(
        f"```mermaid\n{mermaid_chart(history, area, title, language=language)}\n```"
        for area, title in area_titles.items()
    )
