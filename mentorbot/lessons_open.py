"""Open problems: today's findings grouped by root cause (their category), most severe and
most frequent first, each citing where it shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from mentorbot.blocking_order import lead_order
from mentorbot.domain import Category, Evidence, Finding, Lesson
from mentorbot.rules.engine import SEVERITY_ORDER
from mentorbot.rules.registry import get_rule
from mentorbot.rules.syntax_error import needs_newer_python


def open_lessons(findings: Sequence[Finding], limit_evidence: int = 6) -> list[Lesson]:
    """Open findings grouped by root cause, most severe and most frequent first. Code that only
    a newer Python than the review's can read is no problem of the learner's; the overview's
    "Skipped" line counts those files."""
    groups: dict[Category, list[Finding]] = defaultdict(list)
    for finding in findings:
        if not needs_newer_python(finding):
            groups[finding.category].append(finding)
    lessons: list[tuple[tuple[int, int], Lesson]] = []
    for category, items in groups.items():
        items.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.path, f.line))
        if category == "blocking-call-in-async":
            items = lead_order(items)
        # The lead finding names the root cause it shows: a group of ruff's findings led by a
        # file that does not parse is told about the parse error, not "found by ruff".
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
            explanation=rule.explanation,
            evidence=tuple(
                Evidence(path=f.path, line=f.line, note=f.rule) for f in items[:limit_evidence]
            ),
            occurrences=len(items),
        )
        lessons.append(((SEVERITY_ORDER[first.severity], -len(items)), lesson))
    lessons.sort(key=lambda pair: pair[0])
    return [lesson for _, lesson in lessons]
