"""scan: read the repository — files, stack, history, Python facts and findings."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from langgraph.runtime import Runtime

from graph.context import ReviewContext
from graph.state import ReviewState
from mentorbot.analysis.repo import open_repo
from mentorbot.cancel import StopFlag, in_thread
from mentorbot.domain import NodeTiming
from mentorbot.history import (
    others_who_reviewed,
    outcome_recorded,
    previous_review,
    record_start,
)
from mentorbot.knowledge.review_memory import follow_study_plan
from mentorbot.logfile import MAX_STEP, next_step
from mentorbot.repo_config import apply_disabled, load_repo_config
from mentorbot.scanning import resolve_since, scan_repository
from mentorbot.services import Services


async def scan(
    state: ReviewState, runtime: Runtime[ReviewContext], *, services: Services
) -> dict[str, Any]:
    started = time.perf_counter()
    context = runtime.context or ReviewContext()
    emit = runtime.stream_writer
    repo = await asyncio.to_thread(open_repo, state["repo_path"])
    config = await asyncio.to_thread(load_repo_config, repo.root)
    learner = state.get("learner") or config.learner or "default"
    language = state.get("language") or config.language or services.settings.mentor_lang
    requested_step = state.get("step")
    previous = await previous_review(services.db, str(repo.root), learner, requested_step)
    step = (
        requested_step
        if requested_step is not None
        else await asyncio.to_thread(next_step, repo.root / "docs")
    )
    if requested_step is None and previous is not None:
        # A log written elsewhere (--output) leaves docs/ without it: the last review's step
        # counts too, or the next review would be step 1 again (blind checks g1, h4).
        step = min(max(step, previous.step + 1), MAX_STEP)
    others = (
        await others_who_reviewed(services.db, str(repo.root), learner)
        if previous is None and step > 1
        else ()
    )
    if previous is None:
        # A first review analyses every file: the workers' start-up overlaps the steps before.
        await asyncio.to_thread(services.analysis_pool.prepare)
    else:
        # A later one looks for its open problems in the earlier logs and remembers its own
        # new log: both need the model and the segmenter, whose load now overlaps the scan.
        services.knowledge.warm_up(language)
    since, notes = await asyncio.to_thread(
        resolve_since, repo, state.get("since"), previous.head if previous else None
    )
    review_id = await record_start(
        services.db,
        "scan",
        repo_path=str(repo.root),
        learner=learner,
        step=step,
        language=language,
        since=since,
        head=repo.head,
    )
    emit({"event": "progress", "stage": "start", "review_id": review_id, "step": step})
    stop = StopFlag()

    def progress(stage: str, data: dict[str, Any]) -> None:
        if stage == "analysing":
            services.knowledge.warm_up(language)  # the analysis hides the model's load
        emit({"event": "progress", "stage": stage, **data})

    # The record exists from here on: a failure of the scan is written down in it.
    async with outcome_recorded(services.db, review_id, "scan"):
        result = await in_thread(
            stop,
            scan_repository,
            repo,
            since=since,
            cache=services.cache,
            run_ruff_checks=context.run_ruff,
            extra_ignores=config.ignore,
            progress=progress,
            pool=services.analysis_pool,
            stop=stop,
        )
        result = result.model_copy(
            update={"findings": tuple(apply_disabled(result.findings, config))}
        )
        config_note = config.note()
        curriculum, plan_notes = await follow_study_plan(
            services.knowledge, learner, repo.root, config.study_plan
        )
        for finding in result.findings:
            emit({"event": "finding", **finding.model_dump(mode="json")})
    return {
        "review_id": review_id,
        "learner": learner,
        "resolved_step": step,
        "resolved_language": language,
        "previous": previous,
        "other_learners": others,
        "curriculum": curriculum,
        "scan": result,
        "notes": [*notes, *result.notes, *([config_note] if config_note else []), *plan_notes],
        "max_open_problems": config.max_open_problems,
        "timings": [NodeTiming(node="scan", seconds=time.perf_counter() - started)],
    }
