"""What a redaction hid, and JSON's escaped quotes: a secret hidden where a cell's own quotes
stand is hidden where they stand escaped too."""

from __future__ import annotations

import re

from mentorbot.rules.secret_patterns import MARK, URL_MARK

ESCAPED_QUOTE = '\\"'


def unescape_quotes(text: str) -> str:
    """``text`` with JSON's escaped double quotes (``\\"``) as the quotes they stand for."""
    return text.replace(ESCAPED_QUOTE, '"')


_MARKER = re.compile(f"{re.escape(MARK)}|{re.escape(URL_MARK)}")
MIN_HIDDEN_LENGTH = 3


def hidden_values(original: str, redacted: str) -> list[str]:
    """The values ``redacted`` hides of ``original``: what stands where each marker is.

    Values shorter than three characters are left out: hiding every ``1`` or ``db`` of a snippet
    would hide the code around a secret, not the secret."""
    pieces = _MARKER.split(redacted)
    if len(pieces) == 1:
        return []
    pattern = "(.+?)".join(re.escape(piece) for piece in pieces)
    match = re.fullmatch(pattern, original, re.DOTALL)
    if match is None:
        return []
    return [
        value
        for value in (group.strip() for group in match.groups())
        if len(value) >= MIN_HIDDEN_LENGTH and value not in (MARK, URL_MARK)
    ]
