"""Code quoted from the reviewed repository into the log: the lines around a cited line, with
the secrets the review found redacted, and nothing from outside the repository."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from mentorbot.analysis.file_text import source_text
from mentorbot.analysis.languages import is_dotenv_name

DOTENV_VALUE = re.compile(
    r"^(?P<name>\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*)(?P<value>.+)$"
)
PLAIN_VALUE = re.compile(
    r"(?i)[\"']?(?:true|false|yes|no|on|off|none|null|\d{1,6}(?:\.\d+)?)[\"']?"
)
"""Flags and small numbers, which a dotenv snippet may show."""


def read_snippet(
    root: Path, path: str, line: int, context: int = 2, secret_lines: Collection[int] = ()
) -> str:
    """The lines around ``line`` of ``root/path``, secrets redacted; "" on any problem.
    ``secret_lines``: where the review found a hard-coded secret in that file.

    A path that leaves ``root`` (``..``, absolute, or a symlink pointing outside) yields "",
    and so does a missing redactor: without redaction no repository text may reach the log.
    """
    try:
        from mentorbot.rules.secret_lines import redact_lines

        lines = repo_text(root, path).splitlines()
        if line < 1 or line > len(lines):
            return ""
        start = max(line - 1 - context, 0)
        window = lines[start : line + context]
        while window and not window[0].strip():
            window.pop(0)
            start += 1
        while window and not window[-1].strip():
            window.pop()
        if is_dotenv_name(Path(path).name):
            window = [_masked(text) for text in window]
        return redact_lines(window, start + 1, secret_lines, lines)
    except Exception:
        return ""


def repo_text(root: Path, path: str) -> str:
    """The text of ``root/path``; "" for a path that leaves ``root`` (``..``, absolute, or a
    symlink pointing outside), is no file, or cannot be read."""
    try:
        base = root.resolve(strict=True)
        target = (base / path).resolve(strict=True)
        if not target.is_relative_to(base) or not target.is_file():
            return ""
        return source_text(target.read_bytes())
    except (OSError, RuntimeError, ValueError):
        return ""


def _masked(line: str) -> str:
    """A dotenv line with its value hidden, whatever its name: the file is the environment, and
    a neighbour of a reported password may hold another (a URL the rules cannot read)."""
    from mentorbot.rules.secret_patterns import MARK

    found = DOTENV_VALUE.match(line)
    if found is None or line.lstrip().startswith("#") or PLAIN_VALUE.fullmatch(found["value"]):
        return line
    return f"{found['name']}{MARK}"
