"""chat retrieve: the learner's passages for this turn, searched with the thread's context."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime

from graph.chat_context import ChatContext
from graph.chat_state import ChatState
from mentorbot.chat import earlier_questions, ensure_segmenter, retrieval_query, to_passage
from mentorbot.knowledge.store import KnowledgeStore


async def chat_retrieve(
    state: ChatState, runtime: Runtime[ChatContext], *, store: KnowledgeStore
) -> dict[str, Any]:
    message = state["message"]
    learner = state.get("learner") or "default"
    context = runtime.context or ChatContext()
    query = retrieval_query(
        message, earlier_questions(state.get("messages", [])), context.history_turns
    )
    passages = []
    if query:
        await ensure_segmenter()
        hits = await store.search(learner, query, k=max(1, context.passages))
        passages = [to_passage(hit) for hit in hits]
    return {"messages": [HumanMessage(message)], "query": query, "passages": passages}
