"""The log's "open the longest" list: oldest first, and of the same age the most severe first."""

from __future__ import annotations

from mentorbot.domain import Finding, ReviewReport, Severity, Text
from mentorbot.render_growth import growth_context


def _open(rule: str, severity: Severity, path: str, line: int, since: int) -> Finding:
    return Finding(
        rule=rule,
        category="other" if rule == "MB201" else "orm-as-response-model",
        severity=severity,
        path=path,
        line=line,
        message=Text(zh=rule, en=rule),
        source="mentor",
        status="open",
        since_step=since,
    )


def test_of_problems_open_as_long_the_most_severe_come_first(report_en: ReviewReport) -> None:
    """A step-2 log led with an unused import ahead of an ORM object handed out as a response,
    both open since step 1 (blind check corpus 48)."""
    findings = (
        _open("MB201", "low", "app/a.py", 1, since=1),
        _open("MB102", "high", "app/routes.py", 40, since=1),
        _open("MB201", "low", "app/b.py", 3, since=2),
    )
    context = growth_context(report_en.model_copy(update={"findings": findings}))

    assert [(f.rule, f.path) for f in context["oldest_open"]] == [
        ("MB102", "app/routes.py"),
        ("MB201", "app/a.py"),
        ("MB201", "app/b.py"),
    ]
