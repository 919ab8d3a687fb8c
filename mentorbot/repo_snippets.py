"""Code quoted from the reviewed repository into the log: the lines around a cited line, with
the secrets the review found redacted, and nothing from outside the repository."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path


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

        base = root.resolve(strict=True)
        target = (base / path).resolve(strict=True)
        if not target.is_relative_to(base) or not target.is_file() or line < 1:
            return ""
        lines = target.read_bytes().decode("utf-8", errors="replace").splitlines()
        if line > len(lines):
            return ""
        start = max(line - 1 - context, 0)
        window = lines[start : line + context]
        while window and not window[0].strip():
            window.pop(0)
            start += 1
        while window and not window[-1].strip():
            window.pop()
        return redact_lines(window, start + 1, secret_lines)
    except Exception:
        return ""
