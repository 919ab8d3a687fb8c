"""Helpers every achievement is written with: a count with its noun, the names it lists,
and the places it cites."""

from __future__ import annotations

from collections.abc import Sequence

from mentorbot.domain import Evidence
from mentorbot.skills_facts import Located, one_per_line

MAX_ACHIEVEMENT_EVIDENCE = 12


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else many or singular + 's'}"


def names(items: Sequence[Located], limit: int = 4) -> str:
    unique = list(dict.fromkeys(item.name for item in items if item.name))
    shown = ", ".join(unique[:limit])
    return shown + (", …" if len(unique) > limit else "")


def cite(items: Sequence[Located]) -> tuple[Evidence, ...]:
    """The first items' places, each line once (a view under three ``@app.route`` is one)."""
    return tuple(item.evidence() for item in one_per_line(items)[:MAX_ACHIEVEMENT_EVIDENCE])


def uncited(items: Sequence[Located]) -> int:
    """How many of the places ``cite`` leaves out: the log says so after those it cites."""
    return max(0, len(one_per_line(items)) - MAX_ACHIEVEMENT_EVIDENCE)
