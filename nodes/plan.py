"""plan: the next stage of the learner's curriculum, concrete tasks, and a reflection."""

from __future__ import annotations

import time
from typing import Any

from graph.state import ReviewState
from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import NodeTiming
from mentorbot.followup import follow_up
from mentorbot.planning import best_practices, make_plan


def plan(state: ReviewState) -> dict[str, Any]:
    started = time.perf_counter()
    scan = state["scan"]
    made = make_plan(
        state["skills"],
        scan.findings,
        scan.analyses,
        scan.stack,
        [f.path for f in scan.files],
        load_curriculum(),
    )
    previous = state.get("previous")
    paths = [f.path for f in scan.files]
    checked = follow_up(previous.plan if previous else None, scan.findings, scan.analyses, paths)
    return {
        "plan": made,
        "follow_up": checked,
        "practices": best_practices(scan.stack),
        "timings": [NodeTiming(node="plan", seconds=time.perf_counter() - started)],
    }
