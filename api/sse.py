"""Server-sent events of a review run, through sse-starlette.

sse-starlette notices a client that went away and cancels the generator below; the generator
then cancels the run's own task (when the client owned the run), which stops the graph — the
running node included — at its next await.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
from sse_starlette import EventSourceResponse, ServerSentEvent

from mentorbot.chat_service import ChatEvent
from mentorbot.runs import ReviewRun, RunEvent

PING_SECONDS = 15


def to_sse(event: RunEvent | ChatEvent) -> ServerSentEvent:
    return ServerSentEvent(data=orjson.dumps(event.data).decode(), event=event.event)


async def run_events(run: ReviewRun, *, owner: bool) -> AsyncIterator[ServerSentEvent]:
    """Every event of the run; when ``owner``, leaving early cancels the run."""
    try:
        async for event in run.follow():
            yield to_sse(event)
    finally:
        if owner and not run.finished:
            run.cancel()


async def single_event(event: RunEvent) -> AsyncIterator[ServerSentEvent]:
    yield to_sse(event)


def event_stream(events: AsyncIterator[ServerSentEvent]) -> EventSourceResponse:
    return EventSourceResponse(
        events, ping=PING_SECONDS, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
