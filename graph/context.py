"""Per-run settings of a review, shown by LangGraph Studio as the run's context.

Services (database, cache, LLM) are not here: they are bound when the graph is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReviewContext:
    """Knobs a caller may turn for one run."""

    run_ruff: bool = field(default=True, metadata={"description": "Also run ruff's checks."})
    max_open_problems: int = field(
        default=8,
        metadata={"description": "Open problem groups shown in the log body (the rest: appendix)."},
    )
    max_lessons: int = field(
        default=12, metadata={"description": "Solved problems from history shown in the log."}
    )
    write_log: bool = field(
        default=True, metadata={"description": "Write the Markdown log file (else only return it)."}
    )
