"""Words for summaries, messages and the log: English counts ("1 file", "3 files"), an
evidence note's signal kind in the log's language, and why findings went without a fix."""

from __future__ import annotations

import re
from collections.abc import Mapping

from mentorbot.domain import Text


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


def retired_note(number: int) -> Text:
    """Says why findings of the last review vanished without a fix."""
    return Text(
        zh=f"上次回顾报告的 {number} 处问题这次不再报告：相关代码没有变，是 Mentor Bot 的规则更新了"
        "（判断更准确了），所以它们不算作你修好的问题。",
        en=f"{count(number, 'finding')} of the last review "
        + ("is" if number == 1 else "are")
        + " no longer reported: the code did not change, Mentor Bot's rules did (they got more "
        + "precise), so "
        + ("it is not counted as a problem" if number == 1 else "they are not counted as problems")
        + " you fixed.",
    )
