"""The code an open problem quotes: its line, or the whole expression that begins there when
that runs over a few lines. A finding's snippet is its one line (its fingerprint is made of
it), so an f-string query written over two lines was quoted by its constant half,
``f"SELECT url FROM links "``, without the ``{name}`` that makes it a problem (blind check s1).
"""

from __future__ import annotations

import ast
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from mentorbot.domain import Finding, Lesson
from mentorbot.repo_snippets import repo_text
from mentorbot.rules.secret_lines import redact_lines

MAX_QUOTED_LINES = 6
"""Lines an open problem's quote may run to; a longer expression is quoted by its first line."""
SECRET_CATEGORY = "hardcoded-secret"


def whole_expressions(
    lessons: Sequence[Lesson], root: Path, findings: Sequence[Finding]
) -> list[Lesson]:
    """``lessons`` with each open problem of a Python file quoting the expression or simple
    statement that begins at its line, when that spans more lines than one (up to
    ``MAX_QUOTED_LINES``), redacted as any quote of the repository is. A hard-coded secret
    keeps its one redacted line."""
    secrets: dict[str, set[int]] = defaultdict(set)
    for finding in findings:
        if finding.category == SECRET_CATEGORY:
            secrets[finding.path].add(finding.line)
    texts: dict[str, str] = {}
    quoted: list[Lesson] = []
    for lesson in lessons:
        if (
            lesson.status != "open"
            or lesson.category == SECRET_CATEGORY
            or not lesson.path
            or not lesson.line
            or not lesson.before
            or not lesson.path.endswith(".py")
        ):
            quoted.append(lesson)
            continue
        if lesson.path not in texts:
            texts[lesson.path] = repo_text(root, lesson.path)
        lines = texts[lesson.path].splitlines()
        last = expression_end(texts[lesson.path], lesson.line)
        if last is None or last > len(lines) or lines[lesson.line - 1].strip() != lesson.before:
            quoted.append(lesson)
            continue
        window = lines[lesson.line - 1 : last]
        shown = redact_lines(window, lesson.line, secrets[lesson.path], lines)
        quoted.append(lesson.model_copy(update={"before": textwrap.dedent(shown).strip()}))
    return quoted


def expression_end(text: str, line: int) -> int | None:
    """The last line of the longest expression or simple statement that begins at ``line``,
    when it runs past that line and over at most ``MAX_QUOTED_LINES``; None otherwise (a
    ``def`` or ``if`` is quoted by its first line, its body being no part of the problem)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    ends = [
        node.end_lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.expr) or (isinstance(node, ast.stmt) and not _compound(node)))
        and node.lineno == line
        and node.end_lineno is not None
    ]
    last = max(ends, default=line)
    if last == line or last - line + 1 > MAX_QUOTED_LINES:
        return None
    return last


def _compound(node: ast.stmt) -> bool:
    """A statement that holds others (``def``, ``if``, ``with``, ``match``)."""
    return any(hasattr(node, field) for field in ("body", "cases"))
