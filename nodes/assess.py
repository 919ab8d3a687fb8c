"""assess: the skill matrix, each cell decided by a rubric line and cited evidence."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from langgraph.runtime import Runtime

from graph.context import ReviewContext, llm_for
from graph.state import ReviewState
from mentorbot.domain import NodeTiming
from mentorbot.llm_review import explain_skills
from mentorbot.services import Services
from mentorbot.skills import assess_skills


async def assess(
    state: ReviewState, runtime: Runtime[ReviewContext], *, services: Services
) -> dict[str, Any]:
    started = time.perf_counter()
    scan = state["scan"]
    skills = await asyncio.to_thread(
        assess_skills,
        scan.analyses,
        scan.findings,
        scan.stack,
        [f.path for f in scan.files],
        scan.commits,
    )
    update: dict[str, Any] = {"skills": skills}
    llm = llm_for(services, runtime.context)
    if llm is not None:
        explained = await explain_skills(
            llm,
            skills,
            scan,
            state.get("previous"),
            state["resolved_language"],
            runtime.stream_writer,
        )
        update = explained.update("skills")
    return {
        **update,
        "timings": [NodeTiming(node="assess", seconds=time.perf_counter() - started)],
    }
