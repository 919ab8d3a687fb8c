"""plan: the next stage of the learner's curriculum, concrete tasks, and a reflection."""

from __future__ import annotations

import time
from typing import Any

from graph.state import ReviewState
from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import NodeTiming
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
    return {
        "plan": made,
        "practices": best_practices(scan.stack),
        "timings": [NodeTiming(node="plan", seconds=time.perf_counter() - started)],
    }
