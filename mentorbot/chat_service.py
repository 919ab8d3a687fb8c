"""Chat turns run by the service: the chat graph on the Postgres checkpointer, one task per turn.

A thread is the checkpointer's thread: its messages, and the learner it belongs to (the
``learner`` channel of its state), survive a server restart. Each turn runs in its own asyncio
task feeding a queue that the HTTP response drains, so a client that goes away cancels its
turn. Threads are only ever created here, with a fresh UUID; a thread whose state has no chat
messages (a review's, say) is not a chat thread, and a thread of another learner is treated as
missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.runnables import RunnableConfig

from mentorbot.chat import Answerer
from mentorbot.errors import DatabaseError, MentorError
from mentorbot.knowledge.checkpoint import CONNECTION_ERRORS
from mentorbot.services import Services, open_services
from mentorbot.settings import Settings

logger = logging.getLogger(__name__)

ChatEventName = Literal["thread", "token", "done", "error"]
CHECKPOINT_CONNECTIONS = 20


@dataclass(frozen=True)
class ChatEvent:
    """One server-sent event of a chat turn."""

    event: ChatEventName
    data: dict[str, Any]


@dataclass(frozen=True)
class ThreadMessage:
    role: Literal["user", "assistant"]
    content: str
    citations: list[dict[str, Any]]
    mode: str | None


@dataclass(frozen=True)
class ThreadHistory:
    thread_id: str
    learner: str
    messages: list[ThreadMessage]


def _history_entry(message: BaseMessage) -> ThreadMessage | None:
    if isinstance(message, HumanMessage):
        return ThreadMessage("user", message.text, [], None)
    if isinstance(message, AIMessage):
        extra = message.additional_kwargs
        return ThreadMessage(
            "assistant", message.text, list(extra.get("citations", [])), extra.get("mode")
        )
    return None


def _llm_facts(update: dict[str, Any]) -> dict[str, Any]:
    """What LLM mode adds to ``done``: why it fell back, which citations it removed."""
    messages = update.get("messages") or []
    extra = messages[-1].additional_kwargs if messages else {}
    return {key: extra[key] for key in ("fallback", "dropped_citations") if key in extra}


def describe_failure(error: BaseException) -> tuple[str, str]:
    """A stable code and a message a client can act on; internals stay in the server log."""
    if isinstance(error, MentorError):
        return error.code, str(error)
    if isinstance(error, CONNECTION_ERRORS):
        return "database", "the database cannot be reached; try again once it is back"
    return "internal", f"the answer failed unexpectedly ({type(error).__name__}); see the log"


def _config(thread_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread_id}}


@dataclass(eq=False)
class ChatTurn:
    """One running turn: its task and the queue of its events (``None`` ends it)."""

    thread_id: str
    queue: asyncio.Queue[ChatEvent | None] = field(default_factory=asyncio.Queue)
    task: asyncio.Task[None] | None = None

    async def events(self) -> AsyncIterator[ChatEvent]:
        """Every event until the turn ends; leaving early cancels the turn."""
        try:
            while (event := await self.queue.get()) is not None:
                yield event
        finally:
            if self.task is not None and not self.task.done():
                self.task.cancel()


class ChatService:
    """Owns the services, the checkpointer and the compiled chat graph, opened on first use."""

    def __init__(self, settings: Settings, *, answerer: Answerer | None = None) -> None:
        self.settings = settings
        self.answerer = answerer
        self._lock = asyncio.Lock()
        self._stack: AsyncExitStack | None = None
        self._graph: Any = None
        self._turns: set[asyncio.Task[None]] = set()

    async def ensure(self) -> Any:
        """The compiled graph; connects (and migrates) on the first call, or after a failure."""
        if self._graph is not None:
            return self._graph
        async with self._lock:
            if self._graph is not None:
                return self._graph
            from graph.chat import build_chat_graph
            from mentorbot.knowledge.checkpoint import open_checkpointer

            stack = AsyncExitStack()
            try:
                services: Services = await stack.enter_async_context(open_services(self.settings))
                saver = await stack.enter_async_context(
                    open_checkpointer(services.db, max_connections=CHECKPOINT_CONNECTIONS)
                )
            except BaseException as error:
                await stack.aclose()
                code, message = describe_failure(error)
                if code == "database":
                    raise DatabaseError(message) from None
                raise
            self._stack = stack
            self._graph = build_chat_graph(services, saver, answerer=self.answerer)
            return self._graph

    async def close(self) -> None:
        for task in list(self._turns):
            task.cancel()
        if self._turns:
            await asyncio.wait(list(self._turns), timeout=5)
        stack, self._stack, self._graph = self._stack, None, None
        if stack is not None:
            with contextlib.suppress(Exception):
                await stack.aclose()

    async def _chat_thread(self, thread_id: str) -> tuple[str, list[BaseMessage]] | None:
        """The learner and messages of a chat thread; None when there is no such chat thread."""
        graph = await self.ensure()
        values = (await graph.aget_state(_config(thread_id))).values
        learner = values.get("learner")
        if not values.get("messages") or not isinstance(learner, str):
            return None
        return learner, values["messages"]

    async def owner(self, thread_id: str) -> str | None:
        """The learner a chat thread belongs to; None when there is no such chat thread."""
        thread = await self._chat_thread(thread_id)
        return thread[0] if thread is not None else None

    async def history(self, thread_id: str) -> ThreadHistory | None:
        thread = await self._chat_thread(thread_id)
        if thread is None:
            return None
        learner, messages = thread
        entries = [_history_entry(message) for message in messages]
        return ThreadHistory(thread_id, learner, [entry for entry in entries if entry])

    @staticmethod
    def new_thread_id() -> str:
        return str(uuid.uuid4())

    async def start(self, thread_id: str, inputs: dict[str, Any]) -> ChatTurn:
        """Run one turn on ``thread_id`` in its own task; its events start with ``thread``."""
        graph = await self.ensure()
        turn = ChatTurn(thread_id)
        turn.queue.put_nowait(ChatEvent("thread", {"thread_id": thread_id}))
        task = asyncio.create_task(self._drive(turn, graph, inputs))
        turn.task = task
        self._turns.add(task)
        task.add_done_callback(self._turns.discard)
        return turn

    async def _drive(self, turn: ChatTurn, graph: Any, inputs: dict[str, Any]) -> None:
        from graph.chat_context import ChatContext

        done: dict[str, Any] = {}
        try:
            async for mode, chunk in graph.astream(
                inputs,
                _config(turn.thread_id),
                context=ChatContext(),
                stream_mode=["custom", "updates"],
                durability="exit",
            ):
                if mode == "custom" and isinstance(chunk, dict) and chunk.get("event") == "token":
                    turn.queue.put_nowait(ChatEvent("token", {"text": chunk["text"]}))
                elif mode == "updates" and isinstance(chunk, dict) and "respond" in chunk:
                    done = chunk["respond"] or {}
            turn.queue.put_nowait(
                ChatEvent(
                    "done",
                    {
                        "thread_id": turn.thread_id,
                        "mode": done.get("mode"),
                        "citations": done.get("citations", []),
                        **_llm_facts(done),
                    },
                )
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:
            code, message = describe_failure(error)
            if code == "internal":
                logger.exception("chat turn on thread %s failed", turn.thread_id)
            turn.queue.put_nowait(
                ChatEvent("error", {"code": code, "message": message, "thread_id": turn.thread_id})
            )
        finally:
            turn.queue.put_nowait(None)
