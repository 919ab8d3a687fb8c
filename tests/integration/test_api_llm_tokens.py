"""LLM mode over the API: the closing words of the log stream as ``token`` events while render runs.

The model is a loopback OpenAI-compatible server started here: it streams a fixed paragraph word
by word and answers every structured request with something unusable, so those nodes fall back
to their deterministic result (a path the API must survive too). Nothing leaves the machine.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.app import create_app
from mentorbot.settings import load_settings
from tests.integration.server import SseEvent, iter_sse, running_server
from tests.repos import build_task_api

PARAGRAPH = "You kept every endpoint small and your tests grew with the code this week."


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    body = {
        "id": "chatcmpl-api",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "mentor-test",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


async def completions(request: Request) -> Response:
    body = await request.json()
    if not body.get("stream"):
        return JSONResponse(
            {
                "id": "chatcmpl-api",
                "object": "chat.completion",
                "created": 0,
                "model": "mentor-test",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "not json"},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
            }
        )

    async def events() -> AsyncIterator[str]:
        yield _chunk({"role": "assistant", "content": ""})
        for word in PARAGRAPH.split(" "):
            yield _chunk({"content": word + " "})
        yield _chunk({}, finish="stop")
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")


@pytest.fixture(scope="module")
def model_url() -> Iterator[str]:
    double = Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])
    with running_server(double) as url:
        yield f"{url}/v1"


@pytest.fixture(scope="module")
def base_url(
    model_url: str, database_url: str, mentor_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    settings = load_settings(
        database_url=database_url,
        mentor_home=mentor_home,
        openai_api_key="test-key",
        openai_base_url=model_url,
        mentor_model="mentor-test",
        mentor_llm_max_retries=0,
    )
    with running_server(create_app(settings)) as url:
        yield url


def test_the_log_is_streamed_as_tokens_while_render_writes_it(
    base_url: str, tmp_path: Path, learner: str
) -> None:
    repo = build_task_api(tmp_path / f"task-api-{uuid.uuid4().hex[:6]}").path
    body = {"repo_path": str(repo), "learner": learner, "language": "en"}
    with httpx.Client(base_url=base_url, timeout=120) as client:
        with client.stream("POST", "/reviews", json=body) as response:
            events = list(iter_sse(response))
        record = client.get(f"/reviews/{events[-1].data['review_id']}")
        listed = client.get("/reviews", params={"learner": learner})

    assert events[-1].event == "done"
    render_start = events.index(SseEvent("node", {"name": "render", "status": "running"}))
    render_end = next(
        index
        for index, event in enumerate(events)
        if event.event == "node"
        and (event.data["name"], event.data["status"]) == ("render", "done")
    )
    tokens = [index for index, event in enumerate(events) if event.event == "token"]
    assert len(tokens) == len(PARAGRAPH.split(" "))
    assert all(render_start < index < render_end for index in tokens)
    streamed = "".join(events[index].data["text"] for index in tokens).strip()
    assert streamed == PARAGRAPH
    log = (repo / "docs" / "learning_log_step1.md").read_text(encoding="utf-8")
    assert PARAGRAPH in log

    # The record of an LLM-mode review (tokens per node, nodes that fell back) reads back.
    assert record.status_code == 200
    counts = record.json()["counts"]
    assert set(counts["llm_tokens"]) == {"assess", "extract_lessons", "plan", "render"}
    assert counts["llm_fallbacks"] == ["assess", "extract_lessons", "plan"]
    assert [item["counts"] for item in listed.json()["items"]] == [counts]
