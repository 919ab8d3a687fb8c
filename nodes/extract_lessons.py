"""extract_lessons: solved problems from fix commits, open problems, achievements."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from graph.context import ReviewContext, llm_for
from graph.state import ReviewState
from mentorbot.achievements import find_achievements
from mentorbot.cancel import StopFlag, in_thread
from mentorbot.carried_findings import carried_places
from mentorbot.domain import LlmUsage, NodeTiming
from mentorbot.knowledge.review_memory import mark_recurring, upcoming_log
from mentorbot.lessons import LessonMiner
from mentorbot.lessons_open import open_lessons
from mentorbot.lifecycle import (
    fixed_findings,
    rules_change,
    still_there,
    track_findings,
)
from mentorbot.llm_review import explain_lessons
from mentorbot.open_snippets import whole_expressions
from mentorbot.services import Services
from mentorbot.wording import retired_note


async def extract_lessons(
    state: ReviewState, runtime: Runtime[ReviewContext], *, services: Services
) -> dict[str, Any]:
    started = time.perf_counter()
    scan = state["scan"]
    stop = StopFlag()
    miner = LessonMiner(Path(scan.root), scan, services.cache, services.analysis_pool, stop)
    solved = await in_thread(stop, miner.solved)
    previous = state.get("previous")
    change = await in_thread(stop, rules_change, scan.findings, previous, miner)
    fixed = (
        await in_thread(
            stop, fixed_findings, change.gone, scan.commits, miner, change.elsewhere, solved
        )
        if change.gone
        else []
    )
    fixed, change = still_there(fixed, scan.findings, previous, change, scan.uncommitted)
    carried = await in_thread(stop, carried_places, scan.findings, previous, scan.root)
    await asyncio.to_thread(services.cache.flush)  # the review's last cache writes, timed here
    achievements = await asyncio.to_thread(
        find_achievements,
        scan.analyses,
        scan.stack,
        [f.path for f in scan.files],
        scan.commits,
        {lesson.commit for lesson in solved if lesson.commit},
    )
    runtime.stream_writer({"event": "progress", "stage": "lessons", "solved": len(solved)})
    context = runtime.context or ReviewContext()
    new_log = upcoming_log(
        Path(scan.root), state["resolved_step"], state.get("output"), context.write_log
    )
    still_open = await in_thread(stop, miner.dated, open_lessons(scan.findings))
    still_open = whole_expressions(still_open, Path(scan.root), scan.findings)
    lessons, notes = await mark_recurring(
        services.knowledge,
        state.get("learner") or "default",
        [*solved, *still_open],
        new_log,
        Path(scan.root),
        state["resolved_step"],
        scan.head,
        scan.findings,
    )
    usage: list[LlmUsage] = []
    llm = llm_for(services, runtime.context)
    if llm is not None:
        explained = await explain_lessons(
            llm,
            lessons,
            scan,
            state["resolved_language"],
            context.max_lessons,
            runtime.stream_writer,
        )
        lessons, usage = explained.value, explained.usage
        notes = [*notes, *explained.notes]
    if change.retired:
        notes = [*notes, retired_note(len(change.retired))]
    return {
        "lessons": lessons,
        "notes": notes,
        "findings": track_findings(
            scan.findings,
            previous,
            change.already_there,
            change.reworded,
            carried,
            change.kept_places,
        ),
        "fixed_findings": fixed,
        "achievements": achievements,
        "llm_usage": usage,
        "timings": [NodeTiming(node="extract_lessons", seconds=time.perf_counter() - started)],
    }
