"""plan: the next stage of the learner's curriculum, concrete tasks, and a reflection."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from langgraph.runtime import Runtime

from graph.context import ReviewContext, llm_for
from graph.state import ReviewState
from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import NodeTiming
from mentorbot.followup import follow_up, untracked_on_disk
from mentorbot.llm_review import word_plan
from mentorbot.planning import best_practices, make_plan
from mentorbot.services import Services


def _plan(state: ReviewState) -> dict[str, Any]:
    started = time.perf_counter()
    scan = state["scan"]
    curriculum = state.get("curriculum") or load_curriculum()
    made = make_plan(
        state["skills"],
        scan.findings,
        scan.analyses,
        scan.stack,
        [f.path for f in scan.files],
        curriculum,
        [lesson for lesson in state.get("lessons", []) if lesson.status == "solved"],
    ).model_copy(update={"curriculum": curriculum.source})
    previous = state.get("previous")
    paths = [f.path for f in scan.files]
    checked = follow_up(
        previous.plan if previous else None,
        state.get("findings", scan.findings),  # tracked: new since the last review, or open
        scan.analyses,
        paths,
        scan.stack,
        state["skills"],
        state.get("fixed_findings", []),
        untracked_on_disk(previous.plan if previous else None, scan),
    )
    return {
        "plan": made,
        "follow_up": checked,
        "practices": best_practices(scan.stack, scan.analyses),
        "timings": [NodeTiming(node="plan", seconds=time.perf_counter() - started)],
    }


async def plan(
    state: ReviewState, runtime: Runtime[ReviewContext], *, services: Services
) -> dict[str, Any]:
    """The deterministic plan, then (LLM mode) specific wording for its tasks and reflection."""
    started = time.perf_counter()
    update = await asyncio.to_thread(_plan, state)
    llm = llm_for(services, runtime.context)
    if llm is not None:
        worded = await word_plan(
            llm,
            update["plan"],
            state["skills"],
            state["scan"],
            state["resolved_language"],
            runtime.stream_writer,
        )
        update = {**update, **worded.update("plan")}
    return {**update, "timings": [NodeTiming(node="plan", seconds=time.perf_counter() - started)]}
