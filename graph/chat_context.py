"""Per-run settings of a chat turn, shown by LangGraph Studio as the run's context.

The knowledge store and the answer model are not here: they are bound when the graph is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChatContext:
    """Knobs a caller may turn for one turn."""

    passages: int = field(
        default=3, metadata={"description": "How many passages an answer quotes at most."}
    )
    history_turns: int = field(
        default=1,
        metadata={
            "description": "Earlier questions of the thread added to the search, so a "
            "follow-up finds what the conversation is about."
        },
    )
