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
from mentorbot.repo_snippets import repo_text

MIN_LINES = 2
"""A snippet of one line (``time.sleep(1)``) may come back in new code; two in order do not."""


def without_undone(
    root: Path, lessons: Sequence[Lesson], findings: Sequence[Finding]
) -> list[Lesson]:
    """``lessons`` but those whose fix was undone by hand: the code it replaced stands in its
    file again with the same rule's finding in it (``findings``: the review's), and the code
    the fix wrote does not. Each file is read once, and only where a lesson may be undone."""
    flagged: dict[tuple[str, str], list[int]] = {}
    for finding in findings:
        flagged.setdefault((finding.rule, finding.path), []).append(finding.line)
    texts: dict[str, list[tuple[int, str]]] = {}
    kept: list[Lesson] = []
    for lesson in lessons:
        lines = flagged.get((lesson.rule or "", lesson.path or ""), [])
        before = _code_lines(lesson.before)
        if lesson.status == "solved" and lines and len(before) >= MIN_LINES:
            path = lesson.path or ""
            if path not in texts:
                texts[path] = _numbered_code(repo_text(root, path))
            if _stands_again(texts[path], before, _code_lines(lesson.after), lines):
                continue
        kept.append(lesson)
    return kept


def _stands_again(
    numbered: Sequence[tuple[int, str]],
    before: Sequence[str],
    after: Sequence[str],
    flagged: Sequence[int],
) -> bool:
    """Whether ``before`` runs in the file's code lines (``numbered``) with a flagged line
    inside, and ``after`` does not."""
    lines = [line for _, line in numbered]
    if after and _find(lines, after) is not None:
        return False
    start = _find(lines, before)
    if start is None:
        return False
    first, last = numbered[start][0], numbered[start + len(before) - 1][0]
    return any(first <= line <= last for line in flagged)


def _numbered_code(text: str) -> list[tuple[int, str]]:
    """The file's non-blank lines, stripped, with their line numbers."""
    return [
        (number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()
    ]


def _code_lines(snippet: str) -> list[str]:
    return [line.strip() for line in snippet.splitlines() if line.strip()]


def _find(lines: Sequence[str], wanted: Sequence[str]) -> int | None:
    """Where ``wanted`` starts in ``lines`` as a run of consecutive lines, if it does."""
    head = wanted[0]
    for start, line in enumerate(lines):
        if line == head and list(lines[start : start + len(wanted)]) == list(wanted):
            return start
    return None
