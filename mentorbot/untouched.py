"""Files of a folder without git that were not modified since a review finished: there, a
finding that came or went while its line stayed was the rules' doing, not the learner's."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from pathlib import Path

from mentorbot.analysis.file_text import decode_source
from mentorbot.domain import Finding
from mentorbot.rules.redact import redact_text


def untouched_since(
    paths: Collection[str], root: Path | None, when: str | None
) -> dict[str, tuple[str, str]]:
    """The files not modified since the review that finished at ``when``, with their text as
    it is and as the log shows it (secrets redacted): in a folder without git, a finding that
    came or went in one, its line still there, was the rules' doing, not the learner's."""
    if root is None or when is None:
        return {}
    try:
        finished = datetime.fromisoformat(when).timestamp()
    except ValueError:
        return {}
    untouched: dict[str, tuple[str, str]] = {}
    for path in paths:
        try:
            if (root / path).stat().st_mtime >= finished:
                continue
            text = decode_source((root / path).read_bytes())[0]
        except OSError:
            continue
        untouched[path] = (text, redact_text(text))
    return untouched


def still_in(finding: Finding, untouched: Mapping[str, tuple[str, str]]) -> bool:
    code = finding.snippet.strip()
    texts = untouched.get(finding.path, ())
    return bool(code) and any(code in text for text in texts)
