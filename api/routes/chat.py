"""Chat with the mentor: ``POST /chat`` streams a turn, ``GET /threads/{id}`` reads a thread.

The chat service lives for as long as the app: this router's lifespan opens it (FastAPI runs a
router's lifespan inside the app's) and closes it at shutdown. A learner's token sees only that
learner's threads; anyone else's thread answers 404, as if it did not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette import ServerSentEvent

from api.deps import CallerDep
from api.errors import ApiError
from api.schemas import ERROR_RESPONSES, Learner
from api.sse import event_stream, to_sse
from mentorbot.chat_service import ChatService, ChatTurn
from mentorbot.settings import Settings, get_settings

MESSAGE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\S[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


@asynccontextmanager
async def chat_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One chat service per app; it connects on the first chat request."""
    settings = getattr(app.state, "settings", None)
    service = ChatService(settings if isinstance(settings, Settings) else get_settings())
    app.state.chat_service = service
    try:
        yield
    finally:
        await service.close()


router = APIRouter(tags=["chat"], responses=ERROR_RESPONSES, lifespan=chat_lifespan)


def chat_service(request: Request) -> ChatService:
    service = getattr(request.app.state, "chat_service", None)
    if not isinstance(service, ChatService):
        raise ApiError(503, "unavailable", "the chat service is not running in this server")
    return service


ChatServiceDep = Annotated[ChatService, Depends(chat_service)]


class ChatRequest(BaseModel):
    """One message to the mentor; omit ``thread_id`` to start a new thread."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message: str = Field(
        min_length=1,
        max_length=4000,
        pattern=MESSAGE_PATTERN,
        description="The question or reply, e.g. 我上次的主要问题是什么？",
    )
    learner: Learner | None = Field(
        default=None, description="Whose logs and documents to draw on; default: the caller's."
    )
    thread_id: uuid.UUID | None = Field(
        default=None, description="Continue this thread (from an earlier `done` event)."
    )
    language: Literal["zh", "en"] | None = Field(
        default=None, description="Answer language; default: the message's language."
    )


class Citation(BaseModel):
    n: int = Field(description="The passage's number in the answer, [n].")
    source: str = Field(description="The document or log the passage comes from.")
    heading: str = Field(description="The section within it (headings joined by ›).")
    kind: str = Field(description="`log`, `plan` or `note`.")
    link: str = Field(description="The document with the section's anchor.")


class ThreadMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str
    citations: list[Citation] = Field(default_factory=list)
    mode: str | None = Field(default=None, description="`extractive` or `llm` for answers.")


class Thread(BaseModel):
    """A chat thread: every turn so far, oldest first."""

    thread_id: str
    learner: str
    messages: list[ThreadMessage]


SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: thread (its id), token (answer text), then done "
        "(thread_id, citations, mode; in LLM mode also `fallback`, why the answer is extractive, "
        "and `dropped_citations`, [n] the model made up) or error.",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    },
    404: {"description": "No such thread for this learner"},
}


async def _events(turn: ChatTurn) -> AsyncIterator[ServerSentEvent]:
    async for event in turn.events():
        yield to_sse(event)


@router.post(
    "/chat",
    summary="Ask the mentor; the answer streams as server-sent events",
    response_class=Response,
    responses=SSE_RESPONSE,
)
async def chat(body: ChatRequest, caller: CallerDep, service: ChatServiceDep) -> Response:
    learner = caller.acting_learner(body.learner)
    if body.thread_id is None:
        thread_id = service.new_thread_id()
    else:
        thread_id = str(body.thread_id)
        if await service.owner(thread_id) != learner:
            raise ApiError(404, "not-found", f"no chat thread {thread_id} for this learner")
    inputs: dict[str, Any] = {"learner": learner, "message": body.message}
    if body.language is not None:
        inputs["language"] = body.language
    turn = await service.start(thread_id, inputs)
    return event_stream(_events(turn))


@router.get("/threads/{thread_id}", summary="A chat thread's history", responses={404: {}})
async def get_thread(
    thread_id: Annotated[uuid.UUID, Path(description="The id a `done` event returned.")],
    caller: CallerDep,
    service: ChatServiceDep,
) -> Thread:
    history = await service.history(str(thread_id))
    if history is None or not caller.sees(history.learner):
        raise ApiError(404, "not-found", f"no chat thread {thread_id}")
    return Thread(
        thread_id=history.thread_id,
        learner=history.learner,
        messages=[
            ThreadMessage(
                role=message.role,
                content=message.content,
                citations=[Citation.model_validate(c) for c in message.citations],
                mode=message.mode,
            )
            for message in history.messages
        ],
    )
