"""A small learner corpus for the chat tests: one learning log and two notes, in two languages.

The follow-up tests rely on its shape: "how do I fix that?" alone matches the debugging note
best, while the earlier question about slow async handlers points at the log's blocking-call
section.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph

from graph.chat_context import ChatContext
from mentorbot.knowledge.store import KnowledgeStore

LOG = """\
# Step 1 learning log: task-api

## Problems and solutions

### Blocking calls in async handlers

Your async handlers called time.sleep and requests.get, which block the event loop: while one
request waited, every other request stalled. You fixed it in commit 3f2a91c by switching to
asyncio.sleep and httpx.AsyncClient. Keep blocking I/O out of async def functions.

### SQL built with string formatting

app/main.py builds SQL with f-strings, which invites SQL injection. Use bound parameters.

## Next steps

Write tests for the task endpoints with pytest and httpx.
"""

DEBUGGING = """\
# Debugging notes

## How to fix a failing test

When a test fails, read the assertion message first, reproduce the failure with pytest -x,
then fix the code, not the test. Commit the fix with a message that says what broke.
"""

ZH_NOTE = """\
# 学习笔记

## 上次的主要问题

上次复盘的主要问题是在异步接口里调用了阻塞的 time.sleep，导致事件循环卡住。
解决办法是改用 asyncio.sleep，并且用 httpx.AsyncClient 发请求。
"""


def write_corpus(folder: Path) -> dict[str, Path]:
    """The corpus as files under ``folder``; returns them by role."""
    files = {
        "log": folder / "docs" / "learning_log_step1.md",
        "debugging": folder / "notes" / "debugging.md",
        "zh": folder / "notes" / "学习笔记.md",
    }
    for role, text in (("log", LOG), ("debugging", DEBUGGING), ("zh", ZH_NOTE)):
        files[role].parent.mkdir(parents=True, exist_ok=True)
        files[role].write_text(text, encoding="utf-8")
    return files


async def ingest_corpus(store: KnowledgeStore, learner: str, folder: Path) -> dict[str, Path]:
    """Write the corpus under ``folder`` and give it to ``learner``: the notes, then the log."""
    corpus = write_corpus(folder)
    await store.ingest_paths(learner, [corpus["debugging"], corpus["zh"]], kind="note")
    await store.ingest_paths(learner, [corpus["log"]], kind="log")
    return corpus


async def chat_turn(
    graph: CompiledStateGraph[Any, Any, Any, Any], thread_id: str, **inputs: Any
) -> tuple[list[str], dict[str, Any]]:
    """Run one turn; the respond node's non-empty streamed chunks and the turn's output."""
    chunks: list[str] = []
    output: dict[str, Any] = {}
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    parts = cast(
        AsyncIterator[tuple[str, Any]],
        graph.astream(inputs, config, context=ChatContext(), stream_mode=["messages", "values"]),
    )
    async for mode, part in parts:
        if mode == "messages" and part[1]["langgraph_node"] == "respond" and part[0].content:
            chunks.append(part[0].content)
        elif mode == "values":
            output = part
    return chunks, output
