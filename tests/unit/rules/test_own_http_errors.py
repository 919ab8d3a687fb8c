"""MB106 names the HTTPException whose status a broad handler loses: the first in the try that
the handler does not answer the same, a status written as a number or as a constant."""

from __future__ import annotations

from pathlib import Path

from mentorbot.rules import _except_cases as cases
from tests.unit.rules import review_files


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_lost_status_is_the_one_named(tmp_path: Path) -> None:
    found = review_files(tmp_path, {"app/routes/books.py": cases.OWN_HTTP_ERRORS})
    messages = {f.line: f.message.en for f in found if f.rule == "MB106"}

    source = cases.OWN_HTTP_ERRORS
    not_found = _line(source, "book not found")
    no_title = _line(source, "a title is needed")
    assert f"raises on line {not_found}" in messages[17]
    assert f"raises on line {no_title}" in messages[46]
