"""Builds the chat graph: retrieve -> respond, on a learner's logs and documents.

The services' knowledge store and the answerer are bound here, once; the nodes stay small
functions of state and runtime. Threads persist through the checkpointer the caller passes.
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from graph.chat_context import ChatContext
from graph.chat_state import ChatInput, ChatOutput, ChatState
from mentorbot.chat import Answerer, extractive_answerer
from mentorbot.chat_llm import llm_answerer
from mentorbot.services import Services
from nodes.chat_respond import chat_respond
from nodes.chat_retrieve import chat_retrieve

CHAT_NODES = ("retrieve", "respond")


def default_answerer(services: Services) -> Answerer:
    """The LLM's answers when one is configured; the extractive ones otherwise."""
    if services.llm is not None:
        return llm_answerer(services.llm)
    return extractive_answerer


def build_chat_graph(
    services: Services,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    *,
    answerer: Answerer | None = None,
) -> CompiledStateGraph[Any, Any, Any, Any]:
    """The compiled chat graph.

    ``answerer`` defaults to the LLM's when the services have one (LLM mode), else to the
    extractive one; pass :func:`extractive_answerer` to keep the chat extractive regardless.
    """
    store = services.knowledge
    answer = answerer or default_answerer(services)

    async def retrieve(state: ChatState, runtime: Runtime[ChatContext]) -> dict[str, Any]:
        return await chat_retrieve(state, runtime, store=store)

    async def respond(state: ChatState, runtime: Runtime[ChatContext]) -> dict[str, Any]:
        return await chat_respond(state, runtime, answerer=answer)

    builder = StateGraph(
        ChatState,
        context_schema=ChatContext,
        input_schema=ChatInput,
        output_schema=ChatOutput,
    )
    builder.add_node("retrieve", retrieve)
    builder.add_node("respond", respond)
    builder.add_edge(START, "retrieve")
    builder.add_edge("retrieve", "respond")
    builder.add_edge("respond", END)
    return builder.compile(checkpointer=checkpointer, name="chat")
