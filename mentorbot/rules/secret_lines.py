"""Where one file version holds a secret the rules found, and code lines shown with every
secret hidden: a line the rules found a secret on is hidden whole (``SECRET_KEY = (`` then
``"value"`` on the next line matches no pattern of ``redact_text``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from mentorbot.domain import Finding
from mentorbot.rules.redact import redact_text
from mentorbot.rules.redact_hidden import hidden_values
from mentorbot.rules.secret_patterns import MARK, URL_MARK

_LITERAL = re.compile(r"""(["'])(?:\\.|(?!\1).)*\1""")
_MARKER = re.compile(f"{re.escape(MARK)}|{re.escape(URL_MARK)}")
_LONE_VALUE = re.compile(r"(?![A-Za-z_][\w.\-]*[ \t]*[:=][ \t]*[^\s=])\S+")
"""A line of one value, no ``NAME=value`` (a base64 key ends in ``=``): a key kept alone in
its file."""


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


def redact_lines(
    lines: Sequence[str],
    first_number: int,
    secret_lines: Collection[int],
    file_lines: Sequence[str] = (),
) -> str:
    """``lines`` (numbered from ``first_number``) joined and redacted. A line known to hold a
    secret is redacted on its own first, so nothing around it decides whether its value shows;
    where ``redact_text`` finds none in it, every string literal is emptied: a value whose name
    sits on another line (``SECRET_KEY = (`` then ``"value"``) matches none of its patterns.

    A hidden value is hidden on every line shown: a compose file's ``MINIO_ROOT_USER: minioadmin``
    above ``MINIO_ROOT_PASSWORD: minioadmin`` would otherwise give the password away; but not
    where it is code (``import mysql.connector`` beside ``password="mysql"``). With
    ``file_lines`` (the whole file, numbered from 1), so is the value of a secret line outside
    the window: two snippets of one file showed ``DB_NAME = os.getenv("DB_NAME", "postgres")``
    plain in one and hidden in the other, beside ``DB_PASS``'s hidden fallback (corpus 87)."""
    shown = [
        _redacted_line(line) if number in secret_lines else line
        for number, line in enumerate(lines, start=first_number)
    ]
    redacted = redact_text("\n".join(shown)).split("\n")
    if len(redacted) != len(lines):
        return "\n".join(redacted)  # a private key block became one line: nothing else shows
    hidden = {
        value
        for original, line in zip(lines, redacted, strict=True)
        if original != line
        for value in hidden_values(original, line)
    }
    hidden |= {
        value
        for number in secret_lines
        if 0 < number <= len(file_lines)
        for value in hidden_values(file_lines[number - 1], _redacted_line(file_lines[number - 1]))
    }
    if not hidden:
        return "\n".join(redacted)
    values = "|".join(re.escape(value) for value in sorted(hidden, key=len, reverse=True))
    # Not as a module or attribute name: ``password="mysql"`` leaves ``mysql.connector`` be.
    elsewhere = re.compile(rf"(?<![\w.]){values}(?![\w.(])")
    return "\n".join(elsewhere.sub(MARK, line) for line in redacted)


def hidden_value(line: str) -> str:
    """The part of ``line`` its redacted form replaces (between their common ends)."""
    redacted = redact_text(line)
    start = 0
    while start < min(len(line), len(redacted)) and line[start] == redacted[start]:
        start += 1
    end = 0
    while end < min(len(line), len(redacted)) - start and line[-1 - end] == redacted[-1 - end]:
        end += 1
    return line[start : len(line) - end].strip()


def _redacted_line(line: str) -> str:
    redacted = redact_text(line)
    if redacted != line:
        return redacted
    emptied = _LITERAL.sub(lambda literal: f"{literal[1]}{MARK}{literal[1]}", line)
    if emptied == line and _LONE_VALUE.fullmatch(line.strip()) and not _MARKER.search(line):
        return line.replace(line.strip(), MARK)  # a value alone on its line: ``token.txt``
    return emptied
