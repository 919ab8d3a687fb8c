"""Builds the review graph: scan -> assess -> extract_lessons -> plan -> render.

Services are bound here, once, so nodes stay small functions of state (and runtime).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import itertools
from collections.abc import Callable
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Durability

from graph.context import ReviewContext
from graph.state import ReviewInput, ReviewOutput, ReviewState
from mentorbot.collector import review_pace
from mentorbot.history import outcome_recorded
from mentorbot.services import Services
from nodes.assess import assess
from nodes.extract_lessons import extract_lessons
from nodes.plan import plan
from nodes.render import render
from nodes.scan import scan

REVIEW_NODES = ("scan", "assess", "extract_lessons", "plan", "render")
ONE_SHOT: Durability = "exit"
"""Checkpoint a run once, when it ends, where nothing resumes it (the CLI, API runs: a fresh
thread each): writing the state after every node serialised the whole scan five times, ~0.15 s
of a re-review of the 100k-line bench repo. Batch jobs resume a failed run, so they keep the
per-node checkpoints."""


def _recorded(name: str, node: Callable[..., Any], services: Services) -> Callable[..., Any]:
    """Runs a node at the review's collector pace; marks the review failed in the database
    when the node raises, or cancelled when its run is stopped, then lets it propagate. The
    scan, which creates the record, marks it itself; a driver that stops a run (the CLI on
    Ctrl-C, the API when the client goes away) then writes its own reason."""

    if inspect.iscoroutinefunction(node):

        @functools.wraps(node)
        async def run_async(state: ReviewState, runtime: Any) -> Any:
            async with outcome_recorded(services.db, state.get("review_id"), name):
                with review_pace():
                    return await node(state, runtime, services=services)

        return run_async

    @functools.wraps(node)
    async def run_sync(state: ReviewState) -> Any:
        async with outcome_recorded(services.db, state.get("review_id"), name):
            with review_pace():
                return await asyncio.to_thread(node, state)

    return run_sync


def build_review_graph(
    services: Services, checkpointer: BaseCheckpointSaver[Any] | None = None
) -> CompiledStateGraph[Any, Any, Any, Any]:
    builder = StateGraph(
        ReviewState,
        context_schema=ReviewContext,
        input_schema=ReviewInput,
        output_schema=ReviewOutput,
    )
    builder.add_node("scan", _recorded("scan", scan, services))
    builder.add_node("assess", _recorded("assess", assess, services))
    builder.add_node("extract_lessons", _recorded("extract_lessons", extract_lessons, services))
    builder.add_node("plan", _recorded("plan", plan, services))
    builder.add_node("render", _recorded("render", render, services))
    builder.add_edge(START, "scan")
    for current, following in itertools.pairwise(REVIEW_NODES):
        builder.add_edge(current, following)
    builder.add_edge("render", END)
    return builder.compile(checkpointer=checkpointer, name="review")
