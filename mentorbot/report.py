"""Assembles the review's findings, skills, lessons and plan into one ReviewReport."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from mentorbot.domain import (
    Achievement,
    Language,
    Lesson,
    Metrics,
    NodeTiming,
    Plan,
    PreviousReview,
    ReviewReport,
    ScanResult,
    SkillMatrix,
    Text,
)


def build_report(
    *,
    scan: ScanResult,
    learner: str,
    step: int,
    language: Language,
    skills: SkillMatrix,
    lessons: Sequence[Lesson],
    achievements: Sequence[Achievement],
    plan: Plan,
    practices: Sequence[Text],
    notes: Sequence[Text],
    timings: Sequence[NodeTiming],
    previous: PreviousReview | None,
    review_id: int | None,
    today: dt.date | None = None,
) -> ReviewReport:
    dates = sorted(c.date for c in scan.commits)
    root = Path(scan.root)
    return ReviewReport(
        repo=str(root),
        repo_name=root.name,
        learner=learner,
        step=step,
        language=language,
        date=(today or dt.date.today()).isoformat(),
        head=scan.head,
        since=scan.since,
        has_git=scan.has_git,
        first_commit_date=dates[0] if dates else None,
        last_commit_date=dates[-1] if dates else None,
        stack=scan.stack,
        languages=scan.languages,
        skipped=scan.skipped,
        commits=scan.commits,
        findings=scan.findings,
        skills=skills,
        previous_skills=previous.skills if previous else None,
        lessons=tuple(lessons),
        achievements=tuple(achievements),
        plan=plan,
        practices=tuple(practices),
        notes=tuple(notes),
        metrics=Metrics(
            files=len(scan.files),
            loc=sum(f.loc for f in scan.files),
            commits=len(scan.commits),
            findings=len(scan.findings),
            nodes=tuple(timings),
            duration_s=round(sum(t.seconds for t in timings), 4),
        ),
        review_id=review_id,
    )
