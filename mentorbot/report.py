"""Assembles the review's findings, skills, lessons and plan into one ReviewReport."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from mentorbot.analysis.languages import NOT_CODE
from mentorbot.domain import (
    Achievement,
    Finding,
    Language,
    Lesson,
    Metrics,
    NodeTiming,
    Plan,
    PreviousReview,
    ReviewReport,
    ScanResult,
    SkillMatrix,
    TaskFollowUp,
    Text,
)


def levels_only(matrix: SkillMatrix) -> SkillMatrix:
    """A previous review's matrix for comparison: its evidence cites an older tree, so drop it."""
    dimensions = ("understanding", "practice", "code_quality", "best_practice")
    return matrix.model_copy(
        update={
            "areas": tuple(
                area.model_copy(
                    update={
                        name: getattr(area, name).model_copy(update={"evidence": ()})
                        for name in dimensions
                    }
                )
                for area in matrix.areas
            )
        }
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
    other_learners: Sequence[str] = (),
    findings: Sequence[Finding] | None = None,
    fixed_findings: Sequence[Finding] = (),
    follow_up: Sequence[TaskFollowUp] = (),
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
        uncommitted=scan.uncommitted,
        shallow=scan.shallow,
        subfolder=scan.subfolder,
        since=scan.since,
        has_git=scan.has_git,
        first_commit_date=dates[0] if dates else None,
        last_commit_date=dates[-1] if dates else None,
        stack=scan.stack,
        languages=scan.languages,
        skipped=scan.skipped,
        commits=scan.commits,
        findings=tuple(findings) if findings is not None else scan.findings,
        fixed_findings=tuple(fixed_findings),
        previous_step=previous.step if previous else None,
        other_learners=tuple(other_learners),
        follow_up=tuple(follow_up),
        skills=skills,
        previous_skills=levels_only(previous.skills) if previous and previous.skills else None,
        lessons=tuple(lessons),
        achievements=tuple(achievements),
        plan=plan,
        practices=tuple(practices),
        notes=tuple(notes),
        metrics=Metrics(
            files=len(scan.files),
            loc=sum(f.loc for f in scan.files if f.language not in NOT_CODE),
            data_loc=sum(f.loc for f in scan.files if f.language in NOT_CODE),
            commits=len(scan.commits),
            findings=len(scan.findings),
            nodes=tuple(timings),
            duration_s=round(sum(t.seconds for t in timings), 4),
        ),
        review_id=review_id,
    )
