"""Ruff's general findings speak in our words, and those words must fit the code they cite."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

LITERAL_COMPARISONS = """\
def greet(word: str) -> str:
    if word is not "World":
        return "Hello " + word
    return "Hello"
"""


def test_is_not_with_a_literal_is_told_to_use_not_equal(tmp_path: Path) -> None:
    """Blind check b1: ``'World' is not int`` was told to use ``==``, the opposite test."""
    findings = review_files(tmp_path, {"app/greet.py": LITERAL_COMPARISONS})
    [finding] = [finding for finding in findings if finding.line == 2]

    assert finding.rule == "MB201"
    assert "`!=`" in finding.message.en
    assert "`!=`" in finding.message.zh
