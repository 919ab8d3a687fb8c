"""Typed state of the chat graph: a learner's message in, the thread's messages and answer out.

Like the review's state, the TypedDicts come from ``typing_extensions`` and carry attribute
docstrings, so LangGraph Studio's form shows each field with its description and default.
``messages`` uses ``add_messages``: every turn appends to the thread's history, which the
Postgres checkpointer keeps between requests (and server restarts).
"""

from __future__ import annotations

from typing import Annotated, Literal, Required

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from mentorbot.chat import AnswerMode, Citation, Passage


@with_config(ConfigDict(use_attribute_docstrings=True))
class ChatInput(TypedDict, total=False):
    """One turn of a chat: who asks, and what."""

    message: Required[str]
    """The learner's question or reply, e.g. "What was my main problem last time?"."""
    learner: Annotated[str, Field(default="default")]
    """Whose logs and documents the answer may draw on. Default: `default`."""
    language: Annotated[Literal["zh", "en"] | None, Field(default=None)]
    """Language of the answer; default: the language the message is written in."""


class ChatState(ChatInput, total=False):
    """The whole state; each node returns a partial update of it."""

    messages: Annotated[list[AnyMessage], add_messages]
    query: str
    passages: list[Passage]
    answer: str
    citations: list[Citation]
    mode: AnswerMode


@with_config(ConfigDict(use_attribute_docstrings=True))
class ChatOutput(TypedDict, total=False):
    """What a turn hands back."""

    messages: Annotated[list[AnyMessage], add_messages]
    """The whole thread so far, this turn's question and answer last."""
    answer: str
    """This turn's answer (Markdown)."""
    citations: list[Citation]
    """The log sections and documents the answer quotes, numbered as in the answer."""
    mode: AnswerMode
    """`llm`, or `extractive` (quoted passages: no LLM configured, or it failed this turn)."""
