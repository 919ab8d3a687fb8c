"""What the "since last review" section of a log needs: the finding lifecycle, in numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from mentorbot.domain import SEVERITY_RANK, Finding, ReviewReport, SkillArea, SkillMatrix

OLDEST_OPEN_SHOWN = 5
DIMENSIONS: tuple[str, ...] = ("understanding", "practice", "code_quality", "best_practice")


@dataclass(frozen=True)
class SkillDrop:
    area: SkillArea
    before: int
    after: int


@dataclass(frozen=True)
class Growth:
    area: SkillArea
    before: int | None
    trend: str
    changes: tuple[tuple[str, str, str], ...]


# --- filters ------------------------------------------------------------------------------


def growth(current: SkillMatrix, previous: SkillMatrix | None) -> list[Growth]:
    """Per area: score before, up/down/same/new, and which dimensions changed level."""
    if previous is None:
        return []
    before = {area.key: area for area in previous.areas}
    rows: list[Growth] = []
    for area in current.areas:
        old = before.get(area.key)
        if old is None:
            rows.append(Growth(area, None, "new", ()))
            continue
        trend = "up" if area.score > old.score else "down" if area.score < old.score else "same"
        changes = tuple(
            (dim, getattr(old, dim).level, getattr(area, dim).level)
            for dim in DIMENSIONS
            if getattr(old, dim).level != getattr(area, dim).level
        )
        rows.append(Growth(area, old.score, trend, changes))
    return rows


def period_days(first: str | None, last: str | None) -> int | None:
    """Calendar days from the first to the last commit, both counted (same day = 1)."""
    if not first or not last:
        return None
    try:
        start: date = datetime.fromisoformat(first).date()
        end: date = datetime.fromisoformat(last).date()
    except ValueError:
        return None
    return abs((end - start).days) + 1


def days_between(first: str | None, last: str | None) -> int | None:
    """Whole days from one ISO date to another; None when either is missing or malformed."""
    if not first or not last:
        return None
    try:
        return (datetime.fromisoformat(last).date() - datetime.fromisoformat(first).date()).days
    except ValueError:
        return None


def _drops(report: ReviewReport) -> list[SkillDrop]:
    """Areas whose score went down; not one whose code left the repo (every cell unseen now:
    routes made plain ``def``, a module deleted), which is no skill lost."""
    if report.previous_skills is None:
        return []
    before = {area.key: area.score for area in report.previous_skills.areas}
    return [
        SkillDrop(area, before[area.key], area.score)
        for area in report.skills.areas
        if area.key in before and area.score < before[area.key] and not _left_the_repo(area)
    ]


def _left_the_repo(area: SkillArea) -> bool:
    cells = (area.understanding, area.practice, area.code_quality, area.best_practice)
    return all(cell.rubric.endswith(".unseen") for cell in cells)


class FixedLine(NamedTuple):
    """One line of the "Fixed" list: a finding standing for ``times`` that read the same."""

    finding: Finding
    times: int


def fixed_lines(fixed: Sequence[Finding]) -> list[FixedLine]:
    """The fixed findings one line each where their line would say the same (the category, the
    file and how it went): two ``class Config`` of one schema file read as a line said twice."""
    grouped: dict[tuple[object, ...], list[Finding]] = {}
    for finding in fixed:
        key = (
            finding.category,
            finding.path,
            finding.fixed_by,
            finding.fixed_elsewhere,
            finding.removed_with_file,
            finding.removed_with_code,
        )
        grouped.setdefault(key, []).append(finding)
    return [FixedLine(findings[0], len(findings)) for findings in grouped.values()]


def growth_context(report: ReviewReport) -> dict[str, Any]:
    new: list[Finding] = [f for f in report.findings if f.status == "new"]
    # Oldest first; of the same age the most severe first: an unused import ahead of an ORM
    # object handed out as a response buried the one that matters.
    still_open = sorted(
        (f for f in report.findings if f.status == "open"),
        key=lambda f: (f.since_step or 0, SEVERITY_RANK[f.severity], f.path, f.line),
    )
    # A problem whose file or function was deleted went away; nobody fixed it, so it is told
    # apart. Unless deleting it was the fix its commit is credited with: a committed secrets
    # file taken out of git (blind check a1: "0 fixed, 1 gone with deleted code" beside it).
    solved = {(x.commit, x.category) for x in report.lessons if x.status == "solved"}

    def went_away(finding: Finding) -> bool:
        deleted = finding.removed_with_file or finding.removed_with_code
        return deleted and (finding.fixed_by, finding.category) not in solved

    fixed = [f for f in report.fixed_findings if not went_away(f)]
    deleted = [f for f in report.fixed_findings if went_away(f)]
    return {
        "new_findings": new,
        "open_findings": still_open,
        "oldest_open": still_open[:OLDEST_OPEN_SHOWN],
        "fixed": fixed,
        "fixed_lines": fixed_lines(fixed),
        "deleted": deleted,
        "deleted_lines": fixed_lines(deleted),
        "drops": _drops(report),
        "days_between": days_between,
    }
