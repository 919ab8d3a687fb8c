"""A re-review of an unchanged repo is served from the analysis cache and loads nothing it
does not need: no file is analysed again, and the embedding model and the segmenter's
dictionary are not loaded ahead of time (only if the log has something new to remember)."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path
from typing import Any

from graph.builder import build_review_graph
from graph.context import ReviewContext
from mentorbot.cache import AnalysisCache
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.services import Services
from tests.repos import build_task_api


async def _review(services: Services, **inputs: Any) -> tuple[list[dict[str, Any]], Any]:
    """One review with services of its own (as each `mentor review` process has); the progress
    events it streamed and its final values."""
    progress: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    async with open_checkpointer(services.db) as saver:
        graph = build_review_graph(services, saver)
        config: Any = {"configurable": {"thread_id": f"test-{uuid.uuid4()}"}}
        async for mode, chunk in graph.astream(
            inputs, config, context=ReviewContext(), stream_mode=["custom", "values"]
        ):
            if mode == "values":
                values = chunk
            elif chunk.get("event") == "progress":
                progress.append(chunk)
    return progress, values


def _fresh(services: Services, cache_dir: Path) -> Services:
    knowledge = KnowledgeStore(db=services.db, embedder=services.knowledge.embedder)
    return dataclasses.replace(services, cache=AnalysisCache(cache_dir), knowledge=knowledge)


async def test_rereview_of_an_unchanged_repo_analyses_nothing_and_loads_no_model(
    tmp_path: Path, services: Services, learner: str
) -> None:
    task_api = build_task_api(tmp_path / "task-api")
    inputs = {"repo_path": str(task_api.path), "learner": learner, "step": 1}

    first = _fresh(services, tmp_path / "cache")
    progress, values = await _review(first, **inputs)
    analysing = [event for event in progress if event["stage"] == "analysing"]
    python_files = sum(1 for f in values["scan"].files if f.language == "python")
    assert analysing and analysing[0]["files"] >= python_files
    assert analysing[0]["cache_hits"] == 0
    assert first.knowledge.warming is not None, "a cold review loads the model while it analyses"
    findings = [(f.rule, f.path, f.line) for f in values["report"].findings]

    again = _fresh(services, tmp_path / "cache")
    progress, values = await _review(again, **inputs)
    assert [event for event in progress if event["stage"] == "analysing"] == []
    analysis = next(event for event in progress if event["stage"] == "analysis")
    assert analysis["cache_hits"] == analysis["files"] > 0
    assert again.knowledge.warming is None, "nothing to analyse or embed: nothing to load"
    assert [(f.rule, f.path, f.line) for f in values["report"].findings] == findings
