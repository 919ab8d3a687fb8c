"""English counts for summaries and messages: "1 file", "3 files"."""

from __future__ import annotations


def count(number: int, noun: str) -> str:
    """``1 finding``, ``3 findings`` (nouns here take a plain ``s``)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
