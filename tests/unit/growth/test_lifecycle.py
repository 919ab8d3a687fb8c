"""Which findings of the last review are the same problem now, though their line was edited."""

from __future__ import annotations

from typing import Any

from mentorbot.domain import Finding, PreviousReview, Text
from mentorbot.lifecycle import rules_change
from mentorbot.rules.engine import fingerprint


def finding(rule: str, line: int, code: str, en: str, source: Any = "mentor") -> Finding:
    return Finding(
        rule=rule,
        category="blocking-call-in-async" if rule == "MB101" else "sql-string-formatting",
        severity="high",
        path="app/main.py",
        line=line,
        message=Text(zh=en, en=en),
        source=source,
        snippet=code,
        fingerprint=fingerprint(rule, "app/main.py", code),
    )


BLOCKS = "`db.execute` blocks the event loop inside async function `search_tasks`"
SQL = "SQL built with an f-string; use bound parameters instead"


def test_an_edited_line_naming_the_same_place_is_the_same_problem_a_generic_one_is_not() -> None:
    """In a folder without git (no commit to read the old files at): the blocking call in
    ``search_tasks`` was edited but still blocks; one f-string query was fixed and another,
    elsewhere in the file, was written. Only the first pair is one problem."""
    before = (
        finding("MB101", 10, 'db.execute(f"SELECT {q}")', BLOCKS),
        finding("MB108", 10, 'db.execute(f"SELECT {q}")', SQL),
    )
    now = [
        finding("MB101", 10, 'db.execute(text("SELECT :q"), {"q": q})', BLOCKS),
        finding("MB108", 50, 'db.execute(f"DELETE {table}")', SQL),
    ]
    previous = PreviousReview(review_id=1, step=3, head=None, findings=before)

    change = rules_change(now, previous, miner=None)  # type: ignore[arg-type]

    assert change.reworded == {now[0].fingerprint: 3}
    assert [f.rule for f in change.gone] == ["MB108"]
