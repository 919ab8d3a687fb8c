"""Open problems: today's findings grouped by root cause (their category), most severe and
most frequent first, each citing where it shows, and led by the place written first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime

from mentorbot.blocking_order import lead_order
from mentorbot.domain import SEVERITY_RANK, Category, Evidence, Finding, Lesson
from mentorbot.rules.registry import get_rule


def open_lessons(findings: Sequence[Finding], limit_evidence: int = 6) -> list[Lesson]:
    """Open findings grouped by root cause, most severe and most frequent first."""
    groups: dict[tuple[Category, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        # "other" is no root cause: a file that does not parse and ruff's unused imports
        # elsewhere are two problems (corpus 95).
        apart = finding.rule if finding.category == "other" else ""
        groups[finding.category, apart].append(finding)
    lessons: list[tuple[tuple[int, int], Lesson]] = []
    for (category, _), items in groups.items():
        items.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.path, f.line))
        if category == "blocking-call-in-async":
            items = lead_order(items)
        first = items[0]
        top_rule = first.rule
        rule = get_rule(top_rule)
        lesson = Lesson(
            title=rule.title,
            category=category,
            status="open",
            rule=top_rule,
            path=first.path,
            line=first.line,
            before=first.snippet,
            explanation=rule.explanation_for(first),
            evidence=tuple(
                Evidence(path=f.path, line=f.line, note=f.rule) for f in items[:limit_evidence]
            ),
            occurrences=len(items),
        )
        # Ranked by the lead's severity and how many share it: a parse error leading ten of
        # ruff's low findings is one high problem, not eleven.
        as_severe = sum(1 for f in items if f.severity == first.severity)
        lessons.append(((SEVERITY_RANK[first.severity], -as_severe), lesson))
    lessons.sort(key=lambda pair: pair[0])
    return [lesson for _, lesson in lessons]


DATED_PLACES = 6
"""Places of one group blamed for its age: one per file first, as a file's places were often
written together (a git process each; remembered for the next review)."""


def dating_places(
    lesson: Lesson, findings: Sequence[Finding], changed: Collection[str]
) -> list[Finding]:
    """The places of ``lesson``'s group whose age is asked: its lead first, then one place of
    each other file, then the rest, up to ``DATED_PLACES``; a file that differs from HEAD on
    disk has other line numbers there and is left out."""
    same = [
        f
        for f in findings
        if f.rule == lesson.rule and f.category == lesson.category and f.path not in changed
    ]
    lead = [f for f in same if (f.path, f.line) == (lesson.path, lesson.line)]
    if not lead or not lesson.line:
        return []
    firsts: dict[str, Finding] = {lead[0].path: lead[0]}
    others: list[Finding] = []
    for finding in sorted(same, key=lambda f: (f.path, f.line)):
        if finding is not lead[0]:
            if finding.path in firsts:
                others.append(finding)
            else:
                firsts[finding.path] = finding
    return [*firsts.values(), *others][:DATED_PLACES]


def led_by_oldest(lesson: Lesson, places: Sequence[Finding], dated: Sequence[Lesson]) -> Lesson:
    """``lesson`` shown first at the place written first (``dated``: a copy of it dated at each
    of ``places``); the lead stays on a tie or where no place could be dated."""
    best: tuple[datetime, int] | None = None
    for index, copy in enumerate(dated):
        if copy.introduced_date:
            key = (datetime.fromisoformat(copy.introduced_date), index)
            best = key if best is None or key < best else best
    if best is None:
        return lesson
    oldest, copy = places[best[1]], dated[best[1]]
    shown = Evidence(path=oldest.path, line=oldest.line, note=oldest.rule)
    others = [e for e in lesson.evidence if (e.path, e.line) != (oldest.path, oldest.line)]
    evidence = (shown, *others)[: max(len(lesson.evidence), 1)]
    update = {"path": oldest.path, "line": oldest.line, "before": oldest.snippet}
    return copy.model_copy(update={**update, "evidence": evidence})
