"""Where one file version holds a secret the rules found, and code lines shown with every
secret hidden: a line the rules found a secret on is hidden whole (``SECRET_KEY = (`` then
``"value"`` on the next line matches no pattern of ``redact_text``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from mentorbot.domain import Finding
from mentorbot.rules.redact import MARK, redact_text

_LITERAL = re.compile(r"""(["'])(?:\\.|(?!\1).)*\1""")


def _holds_secret(finding: Finding) -> bool:
    return finding.category == "hardcoded-secret"


def secret_lines(findings: Iterable[Finding] | None) -> frozenset[int]:
    """The lines of one file version where the rules found a hard-coded secret."""
    return frozenset(finding.line for finding in findings or () if _holds_secret(finding))


def secret_lines_by_path(findings: Iterable[Finding]) -> dict[str, set[int]]:
    """Where the rules found a hard-coded secret, per file, for ``repo_snippets.read_snippet``."""
    found: dict[str, set[int]] = defaultdict(set)
    for finding in findings:
        if _holds_secret(finding):
            found[finding.path].add(finding.line)
    return found


def redact_lines(lines: Sequence[str], first_number: int, secret_lines: Collection[int]) -> str:
    """``lines`` (numbered from ``first_number``) joined and redacted. A line known to hold a
    secret is redacted on its own first, so nothing around it decides whether its value shows;
    where ``redact_text`` finds none in it, every string literal is emptied: a value whose name
    sits on another line (``SECRET_KEY = (`` then ``"value"``) matches none of its patterns."""
    shown = [
        _redacted_line(line) if number in secret_lines else line
        for number, line in enumerate(lines, start=first_number)
    ]
    return redact_text("\n".join(shown))


def _redacted_line(line: str) -> str:
    redacted = redact_text(line)
    if redacted != line:
        return redacted
    return _LITERAL.sub(lambda literal: f"{literal[1]}{MARK}{literal[1]}", line)
