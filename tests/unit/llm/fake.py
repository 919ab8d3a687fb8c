"""A hand-written chat model for tests: scripted replies per task, every prompt recorded.

It is a real LangChain chat model (so LangGraph's ``messages`` stream mode sees its tokens) and
sits behind :class:`mentorbot.llm.MentorLlm` exactly like ``ChatOpenAI`` does.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from mentorbot.llm import MentorLlm

Script = str | BaseException | Callable[[list[BaseMessage]], str]
_TASK = re.compile(r"^task: (\w+)", re.M)


@dataclass(frozen=True)
class Call:
    task: str
    system: str
    user: str


def task_of(messages: list[BaseMessage]) -> str:
    for message in messages:
        if message.type == "human":
            found = _TASK.search(str(message.content))
            if found:
                return found.group(1)
    return ""


class FakeChatModel(BaseChatModel):
    """Replies from ``script[task]`` in order (the last one repeats); records each call."""

    _script: dict[str, list[Script]] = PrivateAttr(default_factory=dict)
    _calls: list[Call] = PrivateAttr(default_factory=list)

    def __init__(self, script: dict[str, list[Script] | Script] | None = None) -> None:
        super().__init__()
        for task, replies in (script or {}).items():
            self._script[task] = list(replies) if isinstance(replies, list) else [replies]

    @property
    def _llm_type(self) -> str:
        return "mentor-fake"

    @property
    def calls(self) -> list[Call]:
        return self._calls

    def _reply(self, messages: list[BaseMessage]) -> str:
        task = task_of(messages)
        system = next((str(m.content) for m in messages if m.type == "system"), "")
        user = "\n".join(str(m.content) for m in messages if m.type == "human")
        self._calls.append(Call(task, system, user))
        queue = self._script.get(task) or ["{}"]
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(reply, BaseException):
            raise reply
        return reply(messages) if callable(reply) else reply

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self._reply(messages)))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for word in re.findall(r"\S+\s*", self._reply(messages)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word))

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for chunk in self._stream(messages, stop, **kwargs):
            yield chunk


def fake_llm(
    script: dict[str, list[Script] | Script] | None = None, budget: int = 2500
) -> tuple[MentorLlm, FakeChatModel]:
    model = FakeChatModel(script)
    return MentorLlm(model, name="fake", budget=budget), model
