"""The evidence each node sends the LLM: what the deterministic pass found, within a token budget.

Never the repository itself: ids, levels, citations, rule names, and short snippets that the scan
already quoted (secrets redacted). Items go in priority order — what the log shows first — and
stop at the budget, so the prompt's size does not grow with the repository.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mentorbot.domain import (
    Evidence,
    Finding,
    Language,
    Lesson,
    Plan,
    PreviousReview,
    ScanResult,
    SkillArea,
    SkillMatrix,
)
from mentorbot.llm_tokens import clip, pack_sections
from mentorbot.skills_rubric import DIMENSIONS

MAX_CITES = 3


@dataclass(frozen=True)
class NodeEvidence:
    """The data for one prompt, its size in tokens, and the items the budget left out."""

    data: dict[str, Any]
    tokens: int
    left_out: int


def _cite(evidence: Evidence) -> dict[str, str]:
    item = {"cite": evidence.cite()}
    if evidence.note:
        item["note"] = clip(evidence.note, 2, 160)
    return item


def lesson_id(index: int) -> str:
    return f"L{index + 1}"


def task_id(index: int) -> str:
    return f"T{index + 1}"


def _area(area: SkillArea, language: Language, previous: dict[str, int]) -> dict[str, Any]:
    cites: list[dict[str, str]] = []
    for dimension in DIMENSIONS:
        for evidence in getattr(area, dimension).evidence:
            if len(cites) < MAX_CITES and evidence.cite():
                cites.append(_cite(evidence))
    item: dict[str, Any] = {
        "area": area.key,
        "title": area.title.pick(language),
        "score": area.score,
        "levels": {d: getattr(area, d).level for d in DIMENSIONS},
        "rubric": [getattr(area, d).rubric for d in DIMENSIONS],
        "evidence": cites,
    }
    if area.key in previous:
        item["previous_score"] = previous[area.key]
    return item


def _findings_summary(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    counts = Counter(f.category for f in findings)
    return [{"category": c, "places": n} for c, n in counts.most_common()]


def skills_evidence(
    skills: SkillMatrix,
    scan: ScanResult,
    previous: PreviousReview | None,
    language: Language,
    budget: int,
) -> NodeEvidence:
    before = {a.key: a.score for a in previous.skills.areas} if previous and previous.skills else {}
    areas = sorted(skills.areas, key=lambda a: -a.score)
    data, tokens, left_out = pack_sections(
        [
            ("areas", [_area(area, language, before) for area in areas]),
            ("open_problems", _findings_summary(scan.findings)),
        ],
        budget,
    )
    data["overall"] = skills.overall.pick(language)
    return NodeEvidence(data, tokens, left_out)


def _lesson(
    index: int, lesson: Lesson, language: Language, subjects: dict[str, str]
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": lesson_id(index),
        "status": lesson.status,
        "category": lesson.category,
        "problem": lesson.title.pick(language),
    }
    if lesson.rule:
        item["rule"] = lesson.rule
    if lesson.path:
        item["where"] = f"{lesson.path}:{lesson.line}" if lesson.line else lesson.path
    if lesson.commit:
        item["fixed_in"] = lesson.commit[:8]
        if lesson.commit in subjects:
            item["commit_message"] = clip(subjects[lesson.commit], 2, 200)
    if lesson.introduced_in:
        item["introduced_in"] = lesson.introduced_in[:8]
    if lesson.before:
        item["before"] = clip(lesson.before)
    if lesson.after:
        item["after"] = clip(lesson.after)
    if lesson.occurrences > 1:
        item["places"] = lesson.occurrences
    if lesson.recurring:
        item["seen_in_an_earlier_review"] = lesson.recurring_source or True
    return item


def lesson_order(lessons: Sequence[Lesson], max_lessons: int) -> list[int]:
    """Indexes in the order the log shows lessons: solved (newest first), then open ones."""
    solved = [i for i, lesson in enumerate(lessons) if lesson.status == "solved"]
    open_ = [i for i, lesson in enumerate(lessons) if lesson.status == "open"]
    return [*solved[:max_lessons], *open_, *solved[max_lessons:]]


def lessons_evidence(
    lessons: Sequence[Lesson],
    scan: ScanResult,
    language: Language,
    budget: int,
    max_lessons: int,
) -> NodeEvidence:
    subjects = {c.sha: c.subject for c in scan.commits}
    items = [_lesson(i, lessons[i], language, subjects) for i in lesson_order(lessons, max_lessons)]
    data, tokens, left_out = pack_sections([("lessons", items)], budget)
    return NodeEvidence(data, tokens, left_out)


def plan_evidence(
    plan: Plan,
    skills: SkillMatrix,
    scan: ScanResult,
    language: Language,
    budget: int,
) -> NodeEvidence:
    tasks = [
        {
            "id": task_id(i),
            "horizon": task.horizon,
            "task": task.text.pick(language),
            "files": list(task.files),
        }
        for i, task in enumerate(plan.tasks)
    ]
    gaps = [
        {"area": a.title.pick(language), "score": a.score}
        for a in sorted(skills.areas, key=lambda a: a.score)
        if a.score < 6
    ]
    data, tokens, left_out = pack_sections(
        [
            ("tasks", tasks),
            ("checklist", [{"item": t.pick(language), "done": d} for t, d in plan.checklist]),
            ("skill_gaps", gaps),
            ("open_problems", _findings_summary(scan.findings)),
            ("strengths", [{"text": s.pick(language)} for s in plan.strengths]),
            ("improvements", [{"text": s.pick(language)} for s in plan.improvements]),
        ],
        budget,
    )
    data["stage"] = {
        "title": plan.stage_title.pick(language),
        "why": plan.stage_reason.pick(language),
    }
    return NodeEvidence(data, tokens, left_out)


def reflection_evidence(
    plan: Plan,
    skills: SkillMatrix,
    lessons: Sequence[Lesson],
    scan: ScanResult,
    previous: PreviousReview | None,
    language: Language,
    budget: int,
) -> NodeEvidence:
    solved = [lesson for lesson in lessons if lesson.status == "solved"]
    before = {a.key: a.score for a in previous.skills.areas} if previous and previous.skills else {}
    moved = [
        {"area": a.title.pick(language), "before": before[a.key], "now": a.score}
        for a in skills.areas
        if a.key in before and before[a.key] != a.score
    ]
    data, tokens, left_out = pack_sections(
        [
            ("strengths", [{"text": s.pick(language)} for s in plan.strengths]),
            ("improvements", [{"text": s.pick(language)} for s in plan.improvements]),
            (
                "solved",
                [
                    {"problem": s.title.pick(language), "fixed_in": (s.commit or "")[:8]}
                    for s in solved[:6]
                ],
            ),
            ("open_problems", _findings_summary(scan.findings)),
            ("skill_changes", moved),
        ],
        budget,
    )
    data["summary"] = {
        "commits": len(scan.commits),
        "solved": len(solved),
        "open": len(scan.findings),
        "next_stage": plan.stage_title.pick(language),
        "previous_step": previous.step if previous else None,
    }
    return NodeEvidence(data, tokens, left_out)
