"""chat respond: the answer to this turn, streamed as message chunks, with its citations.

The answer model comes from the bound ``Answerer`` (extractive by default; an LLM answerer
replaces it in LLM mode). Its chunks reach two streams: LangGraph's ``messages`` stream (through
the model's callbacks, which is what Studio's chat shows) and the ``custom`` stream as ``token``
events (what the API forwards; it need not pay for the ``messages`` machinery). The mode and
citations are read after the run: an LLM answer knows which passages it cited, or that it fell
back, only once it has streamed.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk
from langgraph.runtime import Runtime

from graph.chat_context import ChatContext
from graph.chat_state import ChatState
from mentorbot.chat import Answerer, AnswerRequest, detect_language


async def chat_respond(
    state: ChatState, runtime: Runtime[ChatContext], *, answerer: Answerer
) -> dict[str, Any]:
    question = state["message"]
    history = state.get("messages", [])[:-1]
    language = state.get("language") or detect_language(question)
    prepared = await answerer(
        AnswerRequest(
            question=question,
            history=history,
            passages=state.get("passages", []),
            language=language,
        )
    )
    reply: AIMessageChunk | None = None
    async for chunk in prepared.model.astream(prepared.prompt):
        if chunk.text:
            runtime.stream_writer({"event": "token", "text": chunk.text})
        reply = chunk if reply is None else reply + chunk
    answer = reply.text if reply is not None else ""
    outcome = prepared.settled()
    stored = AIMessage(
        content=answer,
        id=reply.id if reply is not None else None,
        additional_kwargs={
            **outcome.extra,
            "citations": outcome.citations,
            "mode": outcome.mode,
        },
    )
    return {
        "messages": [stored],
        "answer": answer,
        "citations": outcome.citations,
        "mode": outcome.mode,
    }
