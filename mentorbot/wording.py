"""Words for summaries, messages and the log: English counts ("1 file", "3 files"), and an
evidence note's signal kind in the log's language."""

from __future__ import annotations

from collections.abc import Mapping


def count(number: int, noun: str) -> str:
    """``1 finding``, ``3 findings`` (nouns here take a plain ``s``)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def evidence_words(note: str, words: Mapping[str, str]) -> str:
    """An evidence note in the log's words: the signal kind it opens with (``depends
    get_session``, kept language-neutral in the JSON) replaced by what it means (``dependency
    get_session``, ``依赖注入 get_session``); other notes as they are."""
    kind, _, rest = note.partition(" ")
    word = words.get(kind)
    return f"{word} {rest}".rstrip() if word else note
