"""Words for summaries, messages and the log: English counts ("1 file", "3 files"), and an
evidence note's signal kind in the log's language."""

from __future__ import annotations

import re
from collections.abc import Mapping


def count(number: int, noun: str) -> str:
    """``1 finding``, ``3 findings`` (nouns here take a plain ``s``)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


_FINDING_NOTE = re.compile(r"(?P<rule>\S+) (?P<category>[a-z0-9-]+) \((?P<severity>\w+)\)")
"""A finding's note: ``MB107 hardcoded-secret (high)``."""


def evidence_words(
    note: str,
    signals: Mapping[str, str],
    categories: Mapping[str, str] | None = None,
    severities: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
) -> str:
    """An evidence note in the log's words. The JSON keeps notes language-neutral: a signal's
    kind and name (``depends get_session``) or a finding's rule, category and severity
    (``MB107 hardcoded-secret (high)``). The log names the kind (``dependency get_session``,
    ``依赖注入 get_session``) and the category and severity (``MB107 · Secrets hard-coded in
    the source · high``); ``notes`` words the kinds of note that are not signals
    (``annotated-functions 3/4``). Other notes stay as they are."""
    finding = _FINDING_NOTE.fullmatch(note)
    if finding and categories and finding["category"] in categories:
        severity = (severities or {}).get(finding["severity"], finding["severity"])
        return f"{finding['rule']} · {categories[finding['category']]} · {severity}"
    kind, _, rest = note.partition(" ")
    word = signals.get(kind) or (notes or {}).get(kind)
    return f"{word} {rest}".rstrip() if word else note
