"""Reviews run by the service: each in its own asyncio task, its events kept for its followers.

The graph runs in a task of its own (not in the HTTP response) so that a client going away can
cancel it: cancelling the task stops the graph at its next await, the running node included, and
the review's record ends as ``cancelled``. Every place that drives the graph for the API goes
through :class:`ReviewService`, which also owns the database, the checkpointer and the compiled
graph — opened lazily, so a server started while the database is down begins serving once it is
back.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig

from mentorbot.collector import review_pace
from mentorbot.errors import DatabaseError, MentorError
from mentorbot.history import record_failure, stop_reason
from mentorbot.knowledge.checkpoint import CONNECTION_ERRORS
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.services import Services, open_services
from mentorbot.settings import Settings

logger = logging.getLogger(__name__)

EventName = Literal["node", "progress", "finding", "token", "done", "error"]
CANCELLED_MESSAGE = "cancelled: the client went away before the review finished"
_NOT_READY: tuple[type[Exception], ...] = (DatabaseError, *CONNECTION_ERRORS)


@dataclass(frozen=True)
class RunEvent:
    """One server-sent event: its name and its JSON payload."""

    event: EventName
    data: dict[str, Any]


def describe_failure(error: BaseException) -> tuple[str, str]:
    """A stable code and a message a client can act on; internals stay in the server log."""
    if isinstance(error, MentorError):
        return error.code, str(error)
    if isinstance(error, CONNECTION_ERRORS):
        return "database", "the database cannot be reached; try again once it is back"
    return (
        "internal",
        f"the review failed unexpectedly ({type(error).__name__}); see the server log",
    )


def translate(
    mode: str, chunk: Any, started: dict[str, float], nodes: tuple[str, ...]
) -> list[RunEvent]:
    """One item of ``graph.astream(stream_mode=["tasks", "custom", "messages"])`` as events."""
    if mode == "tasks" and isinstance(chunk, dict) and chunk.get("name") in nodes:
        name = str(chunk["name"])
        task_id = str(chunk.get("id"))
        if "result" not in chunk and "error" not in chunk:
            started[task_id] = time.perf_counter()
            return [RunEvent("node", {"name": name, "status": "running"})]
        seconds = time.perf_counter() - started.pop(task_id, time.perf_counter())
        status = "failed" if chunk.get("error") else "done"
        return [RunEvent("node", {"name": name, "status": status, "duration_s": round(seconds, 3)})]
    if (
        mode == "custom"
        and isinstance(chunk, dict)
        and chunk.get("event") in ("progress", "finding")
    ):
        payload = {key: value for key, value in chunk.items() if key != "event"}
        return [RunEvent(chunk["event"], payload)]
    if mode == "messages" and isinstance(chunk, tuple) and len(chunk) == 2:
        message, metadata = chunk
        content = getattr(message, "content", None)
        if metadata.get("langgraph_node") == "render" and isinstance(content, str) and content:
            return [RunEvent("token", {"text": content})]
    return []


@dataclass(eq=False)
class ReviewRun:
    """One running review: its task, the events so far, and the review id once scan recorded it."""

    inputs: dict[str, Any]
    events: list[RunEvent] = field(default_factory=list)
    review_id: int | None = None
    finished: bool = False
    task: asyncio.Task[None] | None = None
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def publish(self, event: RunEvent) -> None:
        async with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    async def finish(self) -> None:
        async with self._changed:
            self.finished = True
            self._changed.notify_all()

    async def follow(self) -> AsyncIterator[RunEvent]:
        """Every event from the first, then each new one as it happens, until the run ends."""
        index = 0
        while True:
            async with self._changed:
                await self._changed.wait_for(functools.partial(self._has_news, index))
                batch = self.events[index:]
                done = self.finished
            index += len(batch)
            for event in batch:
                yield event
            if done and index == len(self.events):
                return

    def _has_news(self, seen: int) -> bool:
        return seen < len(self.events) or self.finished

    async def wait_started(self) -> None:
        """Until the review has an id (its record exists) or the run ended without one."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.review_id is not None or self.finished)

    def failure(self) -> RunEvent | None:
        return next((event for event in self.events if event.event == "error"), None)

    def cancel(self) -> None:
        """Synchronous on purpose: callers are often being cancelled themselves."""
        if self.task is not None and not self.task.done():
            self.task.cancel()


class ReviewService:
    """Owns the services, the checkpointer, the compiled review graph and the live runs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = asyncio.Lock()
        self._stack: AsyncExitStack | None = None
        self._services: Services | None = None
        self._graph: Any = None
        self._live: dict[int, ReviewRun] = {}
        self._runs: set[ReviewRun] = set()
        # Set when a run lost the database: pools may be stuck in reconnect back-off, so the
        # next request starts from fresh connections instead.
        self._broken = False
        # Outcomes that could not be written while the database was away (review id -> error,
        # status); written as soon as it answers again, so no record stays "running".
        self._unrecorded: dict[int, tuple[str, Literal["failed", "cancelled"]]] = {}

    async def ensure(self) -> tuple[Services, Any]:
        """Open everything on first use (or again after a failed attempt); idempotent."""
        async with self._lock:
            if self._broken and self._stack is not None:
                await self._discard()
            if self._services is not None:
                return self._services, self._graph
            from graph.builder import build_review_graph
            from mentorbot.knowledge.checkpoint import open_checkpointer

            stack = AsyncExitStack()
            try:
                services = await stack.enter_async_context(open_services(self.settings))
                saver = await stack.enter_async_context(open_checkpointer(services.db))
            except BaseException as error:
                await stack.aclose()
                if isinstance(error, CONNECTION_ERRORS):
                    raise DatabaseError(describe_failure(error)[1]) from None
                raise
            self._stack, self._services, self._broken = stack, services, False
            self._graph = build_review_graph(services, saver)
            await self._write_unrecorded(services)
            return services, self._graph

    async def _write_unrecorded(self, services: Services) -> None:
        for review_id, (error, status) in list(self._unrecorded.items()):
            try:
                await record_failure(services.db, review_id, error, status=status)
            except Exception:
                logger.warning("could not record the outcome of review %s yet", review_id)
                return
            del self._unrecorded[review_id]

    async def close(self) -> None:
        for run in list(self._runs):
            run.cancel()
        tasks = [run.task for run in self._runs if run.task is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=5)
        await self._discard()

    async def _discard(self) -> None:
        """Close the connections; the next ``ensure`` opens fresh ones."""
        stack, self._stack, self._services, self._graph = self._stack, None, None, None
        if stack is not None:
            with contextlib.suppress(Exception):
                await stack.aclose()

    async def ready_revision(self) -> str | None:
        """The schema revision, once the database answers and its migrations are current."""
        from mentorbot.knowledge.db import HEAD_REVISION

        services, _ = await self.ensure()
        try:
            await services.db.check()
            current = await services.db.current_revision()
        except _NOT_READY as error:
            self._broken = True
            raise DatabaseError(describe_failure(error)[1]) from None
        if current != HEAD_REVISION:
            raise DatabaseError(
                f"the database schema is at {current}, not {HEAD_REVISION}: "
                "run `mentor db upgrade`",
                code="migrations",
            )
        return current

    async def knowledge(self) -> KnowledgeStore:
        """The learners' knowledge store, on the same database and embedder as the reviews."""
        services, _ = await self.ensure()
        return services.knowledge

    def live(self, review_id: int) -> ReviewRun | None:
        return self._live.get(review_id)

    async def start(self, inputs: dict[str, Any]) -> ReviewRun:
        """Start a review in its own task and return at once; follow it with ``run.follow()``."""
        services, graph = await self.ensure()
        run = ReviewRun(inputs=inputs)
        self._runs.add(run)
        run.task = asyncio.create_task(self._drive(run, services, graph))
        return run

    async def _drive(self, run: ReviewRun, services: Services, graph: Any) -> None:
        from graph.builder import ONE_SHOT, REVIEW_NODES
        from graph.context import ReviewContext

        config: RunnableConfig = {"configurable": {"thread_id": f"api-review-{uuid.uuid4()}"}}
        started: dict[str, float] = {}
        values: dict[str, Any] = {}
        try:
            with review_pace(), stop_reason(CANCELLED_MESSAGE):
                async for mode, chunk in graph.astream(
                    run.inputs,
                    config,
                    context=ReviewContext(),
                    stream_mode=["tasks", "custom", "messages", "values"],
                    durability=ONE_SHOT,
                ):
                    if mode == "values" and isinstance(chunk, dict):
                        values = chunk  # the output channels; the checkpoint would add the scan
                        continue
                    for event in translate(mode, chunk, started, REVIEW_NODES):
                        if run.review_id is None and isinstance(event.data.get("review_id"), int):
                            run.review_id = event.data["review_id"]
                            self._live[run.review_id] = run
                        await run.publish(event)
            report = values.get("report")
            await run.publish(
                RunEvent(
                    "done",
                    {
                        "review_id": values.get("review_id", run.review_id),
                        "log_path": values.get("log_path"),
                        "step": report.step if report is not None else None,
                        "findings": report.metrics.findings if report is not None else None,
                    },
                )
            )
        except asyncio.CancelledError:
            await self._record_cancelled(run, services)
            await run.publish(
                RunEvent("error", {"code": "cancelled", "message": CANCELLED_MESSAGE})
            )
            raise
        except Exception as error:
            code, message = describe_failure(error)
            if code == "database":
                self._broken = True
                if run.review_id is not None:
                    self._unrecorded[run.review_id] = (f"database: {message}", "failed")
            if code == "internal":
                logger.exception("review %s failed", run.review_id)
            await run.publish(
                RunEvent("error", {"code": code, "message": message, "review_id": run.review_id})
            )
        finally:
            await run.finish()
            self._runs.discard(run)
            if run.review_id is not None:
                self._live.pop(run.review_id, None)

    async def _record_cancelled(self, run: ReviewRun, services: Services) -> None:
        """Mark the record cancelled, with the reason the running node gave (``stop_reason``) or
        for a run stopped between nodes."""
        if run.review_id is None:
            return
        try:
            await record_failure(services.db, run.review_id, CANCELLED_MESSAGE, status="cancelled")
        except Exception:
            self._unrecorded[run.review_id] = (CANCELLED_MESSAGE, "cancelled")
