"""assess: the skill matrix, each cell decided by a rubric line and cited evidence."""

from __future__ import annotations

import time
from typing import Any

from graph.state import ReviewState
from mentorbot.domain import NodeTiming
from mentorbot.skills import assess_skills


def assess(state: ReviewState) -> dict[str, Any]:
    started = time.perf_counter()
    scan = state["scan"]
    skills = assess_skills(
        scan.analyses, scan.findings, scan.stack, [f.path for f in scan.files], scan.commits
    )
    return {
        "skills": skills,
        "timings": [NodeTiming(node="assess", seconds=time.perf_counter() - started)],
    }
