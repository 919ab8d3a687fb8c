"""LLM mode through the whole review graph, with the scripted fake model behind our interface."""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import BaseMessage
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import text

from graph.builder import build_review_graph
from graph.context import ReviewContext
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.services import Services
from tests.integration.grounding import assert_grounded
from tests.unit.llm.fake import FakeChatModel, fake_llm
from tests.unit.llm.pipeline import INJECTION, build_injected

EVIDENCE = re.compile(r"<evidence>\n(.*)\n</evidence>", re.S)
REFLECTION = "You kept fixing what you found, one commit at a time. Keep that rhythm going."


def _data(messages: list[BaseMessage]) -> dict[str, Any]:
    found = EVIDENCE.search(str(messages[-1].content))
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def mentor_replies() -> dict[str, Any]:
    """A model that answers every id it is sent, citing the evidence's own places."""

    def skills(messages: list[BaseMessage]) -> str:
        areas = _data(messages)["areas"]
        return json.dumps(
            {"areas": [{"area": a["area"], "why": f"Mentor view of {a['title']}."} for a in areas]}
        )

    def lessons(messages: list[BaseMessage]) -> str:
        items = _data(messages)["lessons"]
        return json.dumps(
            {
                "lessons": [
                    {
                        "id": item["id"],
                        "explanation": f"Mentor explains {item['id']} at {item['where']}. "
                        "It was also in app/imaginary.py:7.",
                    }
                    for item in items
                    if ":" in item.get("where", "")
                ]
            }
        )

    def plan(messages: list[BaseMessage]) -> str:
        tasks = _data(messages)["tasks"]
        return json.dumps(
            {"tasks": [{"id": t["id"], "text": f"Mentor task {t['id']}."} for t in tasks]}
        )

    return {"skills": skills, "lessons": lessons, "plan": plan, "reflection": REFLECTION}


@pytest.fixture
async def llm_graph(
    services: Services,
) -> AsyncIterator[tuple[CompiledStateGraph[Any, Any, Any, Any], FakeChatModel]]:
    llm, model = fake_llm(mentor_replies())
    async with open_checkpointer(services.db) as saver:
        yield build_review_graph(dataclasses.replace(services, llm=llm), saver), model


async def run(
    graph: CompiledStateGraph[Any, Any, Any, Any], context: ReviewContext, **inputs: Any
) -> tuple[dict[str, Any], list[str]]:
    config = {"configurable": {"thread_id": f"llm-{uuid.uuid4()}"}}
    tokens: list[str] = []
    async for mode, chunk in graph.astream(
        inputs, config, context=context, stream_mode=["updates", "messages", "custom"]
    ):
        if mode == "messages":
            message, metadata = chunk
            assert metadata["langgraph_node"] == "render", "only the log's prose is streamed"
            tokens.append(message.content)
    state = await graph.aget_state(config)
    return dict(state.values), tokens


async def test_llm_mode_writes_grounded_prose_and_records_tokens(
    llm_graph: tuple[CompiledStateGraph[Any, Any, Any, Any], FakeChatModel],
    tmp_path: Path,
    learner: str,
    services: Services,
) -> None:
    graph, model = llm_graph
    root = build_injected(tmp_path / "repo")
    values, tokens = await run(
        graph, ReviewContext(), repo_path=str(root), learner=learner, language="en"
    )
    report = values["report"]
    log = Path(values["log_path"]).read_text(encoding="utf-8")

    assert "".join(tokens).strip() == REFLECTION, "the closing paragraph streamed token by token"
    assert len(tokens) > 5
    assert REFLECTION in log
    assert "Why these levels" in log and "Mentor view of" in log
    assert re.search(r"Mentor explains L\d+ at app/\w+\.py:\d+\.", log)
    assert "app/imaginary.py" not in log, "a fabricated citation never reaches the log"
    assert "Mentor task T1." in log
    assert_grounded(root, log)

    usage = {u.node: u for u in report.metrics.llm}
    assert set(usage) == {"assess", "extract_lessons", "plan", "render"}
    assert all(u.prompt_tokens > 0 and u.completion_tokens > 0 for u in usage.values())
    assert usage["extract_lessons"].dropped >= 1
    assert all(u.evidence_tokens <= 2500 for u in usage.values())
    assert [call.task for call in model.calls] == ["skills", "lessons", "plan", "reflection"]
    assert all(INJECTION not in call.system for call in model.calls)
    assert "PWNED" not in log.replace(INJECTION, "")

    async with services.db.session() as session:
        counts = (
            await session.execute(
                text("SELECT counts FROM reviews WHERE id = :id"), {"id": report.review_id}
            )
        ).scalar_one()
    assert set(counts["llm_tokens"]) == set(usage)
    assert counts["llm_tokens"]["render"] == (
        usage["render"].prompt_tokens + usage["render"].completion_tokens
    )


async def test_no_llm_writes_the_deterministic_log(
    llm_graph: tuple[CompiledStateGraph[Any, Any, Any, Any], FakeChatModel],
    tmp_path: Path,
    learner: str,
) -> None:
    graph, model = llm_graph
    root = build_injected(tmp_path / "repo")
    values, tokens = await run(
        graph, ReviewContext(use_llm=False), repo_path=str(root), learner=learner, language="en"
    )
    assert model.calls == []
    assert tokens == []
    assert values["report"].metrics.llm == ()
    log = Path(values["log_path"]).read_text(encoding="utf-8")
    assert "Why these levels" not in log
    assert REFLECTION not in log


async def test_a_failing_model_never_fails_the_review(
    services: Services, tmp_path: Path, learner: str
) -> None:
    llm, _ = fake_llm(
        {
            "skills": TimeoutError("slow"),
            "lessons": ["garbage", "more garbage"],
            "plan": ConnectionError("down"),
            "reflection": RuntimeError("stream broke"),
        }
    )
    root = build_injected(tmp_path / "repo")
    async with open_checkpointer(services.db) as saver:
        graph = build_review_graph(dataclasses.replace(services, llm=llm), saver)
        values, _ = await run(
            graph, ReviewContext(), repo_path=str(root), learner=learner, language="en"
        )
    report = values["report"]
    assert {u.node: u.fallback for u in report.metrics.llm} == {
        "assess": "timeout",
        "extract_lessons": "malformed structured output",
        "plan": "connection failed",
        "render": "RuntimeError",
    }
    log = Path(values["log_path"]).read_text(encoding="utf-8")
    assert log.count("the deterministic text is shown instead") == 4
    assert "## Problems and solutions" in log
    assert_grounded(root, log)
