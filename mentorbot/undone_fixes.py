"""Fixes a later commit undid by hand: the code a fix replaced is back, and so is its problem.

``git revert`` says what it undoes (``reverts``); a commit that puts the old code back by hand
("chore: drop aiofiles, the corpus is tiny") does not. Its trace is the code itself: the lines
the fix took out stand in the file again, in the same order, with the rule's finding among
them, and the lines the fix wrote are gone. Such a fix solved nothing that held (blind check
h2), while a fix whose problem only came back elsewhere, in new code, still did.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mentorbot.domain import Finding, Lesson

MIN_LINES = 2
"""A snippet of one line (``time.sleep(1)``) may come back in new code; two in order do not."""


def undone_by_hand(root: Path, lesson: Lesson, findings: Sequence[Finding]) -> bool:
    """Whether the code ``lesson``'s fix replaced stands in its file again with the same rule's
    finding in it (``findings``: the review's), and the code the fix wrote does not."""
    if lesson.rule is None or not lesson.path or lesson.status != "solved":
        return False
    flagged = [f.line for f in findings if f.rule == lesson.rule and f.path == lesson.path]
    before = _code_lines(lesson.before)
    if not flagged or len(before) < MIN_LINES:
        return False
    try:
        text = (root / lesson.path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    numbered = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    numbered = [(number, line) for number, line in numbered if line]
    lines = [line for _, line in numbered]
    after = _code_lines(lesson.after)
    if after and _find(lines, after) is not None:
        return False
    start = _find(lines, before)
    if start is None:
        return False
    first, last = numbered[start][0], numbered[start + len(before) - 1][0]
    return any(first <= line <= last for line in flagged)


def _code_lines(snippet: str) -> list[str]:
    return [line.strip() for line in snippet.splitlines() if line.strip()]


def _find(lines: Sequence[str], wanted: Sequence[str]) -> int | None:
    """Where ``wanted`` starts in ``lines`` as a run of consecutive lines, if it does."""
    head = wanted[0]
    for start, line in enumerate(lines):
        if line == head and list(lines[start : start + len(wanted)]) == list(wanted):
            return start
    return None
