"""Per-run settings of a review, shown by LangGraph Studio as the run's context.

Services (database, cache, LLM) are not here: they are bound when the graph is built.
``llm_for`` is the one place that decides whether a run uses the LLM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mentorbot.llm import MentorLlm
    from mentorbot.services import Services


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
    use_llm: bool = field(
        default=True,
        metadata={
            "description": "Let the configured LLM add prose around the evidence (LLM mode); "
            "false, or no OPENAI_API_KEY, writes the deterministic log."
        },
    )


def llm_for(services: Services, context: ReviewContext | None) -> MentorLlm | None:
    """The model this run may use: none when the run or the settings say deterministic."""
    if context is not None and not context.use_llm:
        return None
    return services.llm
