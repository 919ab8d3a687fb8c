"""The chat graph in-process on the Postgres checkpointer: streamed chunks, memory, schemas."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.graph.state import CompiledStateGraph

from graph.chat import CHAT_NODES, build_chat_graph
from graph.chat_context import ChatContext
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.services import Services
from tests.integration.chat_corpus import chat_turn as turn
from tests.integration.chat_corpus import ingest_corpus

Graph = CompiledStateGraph[Any, Any, Any, Any]


@pytest.fixture(scope="module")
async def chat_graph(services: Services) -> AsyncIterator[Graph]:
    async with open_checkpointer(services.db) as saver:
        yield build_chat_graph(services, saver)


@pytest.fixture
async def alice(services: Services, tmp_path: Path, learner: str) -> str:
    store = KnowledgeStore.from_settings(services.db, services.settings)
    await ingest_corpus(store, learner, tmp_path)
    return learner


async def test_the_answer_streams_in_chunks_that_make_up_the_stored_message(
    chat_graph: Graph, alice: str
) -> None:
    chunks, output = await turn(
        chat_graph, str(uuid.uuid4()), learner=alice, message="Why were my async handlers slow?"
    )
    assert len(chunks) == 5  # label, three passages, sources
    assert "".join(chunks) == output["answer"]
    assert output["mode"] == "extractive"
    last = output["messages"][-1]
    assert isinstance(last, AIMessage)
    assert last.content == output["answer"]
    assert last.additional_kwargs["citations"] == output["citations"]
    assert output["citations"][0]["heading"].endswith("Blocking calls in async handlers")
    assert output["citations"][0]["kind"] == "log"


async def test_the_follow_up_search_includes_the_earlier_question(
    chat_graph: Graph, alice: str
) -> None:
    thread = str(uuid.uuid4())
    await turn(chat_graph, thread, learner=alice, message="Why were my async handlers slow?")
    _, follow_up = await turn(chat_graph, thread, learner=alice, message="How do I fix that?")
    assert follow_up["query"] == "Why were my async handlers slow?\nHow do I fix that?"
    assert [type(m) for m in follow_up["messages"]] == [HumanMessage, AIMessage] * 2
    assert follow_up["citations"][0]["heading"].endswith("Blocking calls in async handlers")

    # Told to ignore the thread, the same follow-up is about fixing tests instead.
    config = {"configurable": {"thread_id": thread}}
    alone = await chat_graph.ainvoke(
        {"learner": alice, "message": "How do I fix that?"},
        config,
        context=ChatContext(history_turns=0),
    )
    assert alone["citations"][0]["heading"].endswith("How to fix a failing test")


async def test_the_language_follows_the_message_unless_given(chat_graph: Graph, alice: str) -> None:
    _, chinese = await turn(chat_graph, str(uuid.uuid4()), learner=alice, message="异步 阻塞")
    assert chinese["answer"].startswith("_摘录式回答")
    _, english = await turn(
        chat_graph, str(uuid.uuid4()), learner=alice, message="异步 阻塞", language="en"
    )
    assert english["answer"].startswith("_Extractive answer")


def test_the_graph_schemas_show_typed_fields_with_descriptions(chat_graph: Graph) -> None:
    form = chat_graph.get_input_jsonschema()
    assert list(form["properties"]) == ["message", "learner", "language"]
    assert form["required"] == ["message"]
    assert form["properties"]["learner"]["default"] == "default"
    assert form["properties"]["message"]["description"].startswith("The learner's question")
    output = chat_graph.get_output_jsonschema()
    assert list(output["properties"]) == ["messages", "answer", "citations", "mode"]
    nodes = list(chat_graph.get_graph().nodes)
    assert nodes == ["__start__", *CHAT_NODES, "__end__"]
