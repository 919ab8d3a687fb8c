"""The real ChatOpenAI client path against a loopback OpenAI-compatible server the test starts.

The server speaks just enough of ``/v1/chat/completions``: JSON replies with usage, SSE chunks
with a usage chunk at the end, a 429 before a success, and a reply slower than the client's
timeout. Nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from langgraph.graph import END, START, StateGraph
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from typing_extensions import TypedDict

from mentorbot.llm import LlmUnavailable, MentorLlm, create_llm
from mentorbot.settings import load_settings


@dataclass
class Double:
    """What the server will answer next, and every request body it received."""

    actions: list[tuple[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "mentor-test",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 321, "completion_tokens": 12, "total_tokens": 333},
    }


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    body = {
        "id": "chatcmpl-2",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "mentor-test",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


def _app(double: Double) -> Starlette:
    async def completions(request: Request) -> Response:
        body = await request.json()
        double.requests.append(body)
        kind, value = double.actions.pop(0) if len(double.actions) > 1 else double.actions[0]
        if kind == "status":
            return JSONResponse(
                {"error": {"message": "slow down", "type": "rate_limit"}},
                status_code=value,
                headers={"retry-after-ms": "20"},
            )
        if kind == "sleep":
            await asyncio.sleep(value)
            return JSONResponse(_completion("{}"))
        if kind == "json":
            return JSONResponse(_completion(value))

        async def events() -> Any:
            yield _chunk({"role": "assistant", "content": ""})
            for word in value.split(" "):
                yield _chunk({"content": word + " "})
                await asyncio.sleep(0.01)
            yield _chunk({}, finish="stop")
            usage = {"prompt_tokens": 400, "completion_tokens": 9, "total_tokens": 409}
            last = {"id": "chatcmpl-2", "object": "chat.completion.chunk", "created": 0}
            last |= {"model": "mentor-test", "choices": [], "usage": usage}
            yield f"data: {json.dumps(last)}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


@pytest.fixture(scope="module")
def double() -> Iterator[tuple[Double, str]]:
    state = Double()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        _app(state), host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    yield state, f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(timeout=5)


def client(base_url: str, **overrides: Any) -> MentorLlm:
    settings = load_settings(
        openai_api_key="test-key",
        openai_base_url=base_url,
        mentor_model="mentor-test",
        mentor_llm_timeout=overrides.pop("timeout", 5.0),
        mentor_llm_max_retries=overrides.pop("retries", 2),
    )
    llm = create_llm(settings)
    assert llm is not None
    return llm


class Answer(BaseModel):
    verdict: str


def script(double: Double, *actions: tuple[str, Any]) -> None:
    double.actions[:] = list(actions)
    double.requests.clear()


async def test_a_429_is_retried_then_the_reply_parsed(double: tuple[Double, str]) -> None:
    state, url = double
    script(state, ("status", 429), ("json", '{"verdict": "solid"}'))
    reply = await client(url).structured("assess", "skills", "en", {"areas": []}, Answer)
    assert reply.value.verdict == "solid"
    assert len(state.requests) == 2
    assert reply.usage.prompt_tokens == 321, "usage comes from the API's own count"
    sent = state.requests[-1]
    assert sent["model"] == "mentor-test"
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert "<evidence>" in sent["messages"][1]["content"]
    assert '{"areas":[]}' in sent["messages"][1]["content"]
    assert '{"areas":[]}' not in sent["messages"][0]["content"], "data never in the system prompt"


async def test_a_timeout_gives_up_after_the_retries(double: tuple[Double, str]) -> None:
    state, url = double
    script(state, ("sleep", 3.0))
    llm = client(url, timeout=0.3, retries=1)
    with pytest.raises(LlmUnavailable) as caught:
        await llm.structured("plan", "plan", "en", {"tasks": []}, Answer)
    assert caught.value.reason == "timeout"
    assert len(state.requests) == 2


async def test_a_server_error_that_persists_is_reported(double: tuple[Double, str]) -> None:
    state, url = double
    script(state, ("status", 503))
    with pytest.raises(LlmUnavailable) as caught:
        await client(url, retries=1).structured("plan", "plan", "en", {}, Answer)
    assert caught.value.reason == "HTTP 503"
    assert len(state.requests) == 2


class _State(TypedDict, total=False):
    text: str


async def test_streamed_tokens_reach_langgraph_messages_mode(double: tuple[Double, str]) -> None:
    state, url = double
    words = "You fixed the blocking call yourself and it shows."
    script(state, ("stream", words))
    llm = client(url)

    async def render(_: _State) -> _State:
        prose = await llm.write("render", "reflection", "en", {"summary": {"solved": 1}})
        assert prose.usage.prompt_tokens == 400
        return {"text": prose.text}

    builder = StateGraph(_State)
    builder.add_node("render", render)
    builder.add_edge(START, "render")
    builder.add_edge("render", END)
    graph = builder.compile()
    pieces: list[str] = []
    final: dict[str, Any] = {}
    async for mode, chunk in graph.astream({}, stream_mode=["messages", "updates"]):
        if mode == "messages":
            message, metadata = chunk
            assert metadata["langgraph_node"] == "render"
            if message.content:
                pieces.append(message.content)
        else:
            final.update(chunk.get("render") or {})
    assert len(pieces) >= 5, "each chunk arrived on its own"
    assert "".join(pieces).strip() == words
    assert final["text"] == words
    assert state.requests[-1]["stream"] is True
