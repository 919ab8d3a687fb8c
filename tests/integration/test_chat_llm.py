"""Chat in LLM mode through the real ChatOpenAI client, against a loopback OpenAI-compatible server.

The server streams a scripted answer word by word, or answers 503. The answer goes through the
chat graph on the Postgres checkpointer, and through ``POST /chat`` on a real uvicorn server.
Nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from langgraph.graph.state import CompiledStateGraph
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.app import create_app
from graph.chat import build_chat_graph
from mentorbot.chat_llm import system_prompt
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.llm import create_llm
from mentorbot.services import Services
from mentorbot.settings import Settings, load_settings
from tests.integration.chat_corpus import chat_turn as turn
from tests.integration.chat_corpus import ingest_corpus
from tests.integration.server import iter_sse, running_server

Graph = CompiledStateGraph[Any, Any, Any, Any]
QUESTION = "Why were my async handlers slow?"
ANSWER = (
    "Your handlers called time.sleep, which blocked the event loop for every request [1]. "
    "Your linter warned about it too [7]. Switch to asyncio.sleep [1]."
)


@dataclass
class Model:
    """What the loopback model does next ("stream" or an HTTP status) and what it was sent."""

    action: tuple[str, Any] = ("stream", ANSWER)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def will(self, kind: str, value: Any) -> None:
        self.action = (kind, value)
        self.requests.clear()


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    body = {
        "id": "chatcmpl-chat",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "mentor-test",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


def _app(model: Model) -> Starlette:
    async def completions(request: Request) -> Response:
        model.requests.append(await request.json())
        kind, value = model.action
        if kind == "status":
            return JSONResponse(
                {"error": {"message": "upstream is down", "type": "server_error"}},
                status_code=value,
                headers={"retry-after-ms": "20"},
            )

        async def events() -> AsyncIterator[str]:
            yield _chunk({"role": "assistant", "content": ""})
            for word in value.split(" "):
                yield _chunk({"content": word + " "})
                await asyncio.sleep(0.005)
            yield _chunk({}, finish="stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


@pytest.fixture(scope="module")
def model() -> Iterator[tuple[Model, str]]:
    state = Model()
    with running_server(_app(state)) as url:
        yield state, f"{url}/v1"


def llm_settings(url: str, **more: Any) -> Settings:
    return load_settings(
        openai_api_key="test-key",
        openai_base_url=url,
        mentor_model="mentor-test",
        mentor_llm_max_retries=1,
        **more,
    )


@pytest.fixture(scope="module")
async def chat_graph(services: Services, model: tuple[Model, str]) -> AsyncIterator[Graph]:
    llm = create_llm(llm_settings(model[1]))
    assert llm is not None
    async with open_checkpointer(services.db) as saver:
        yield build_chat_graph(dataclasses.replace(services, llm=llm), saver)


@pytest.fixture(scope="module")
async def alice(services: Services, tmp_path_factory: pytest.TempPathFactory) -> str:
    store = KnowledgeStore.from_settings(services.db, services.settings)
    learner = f"alice-llm-{uuid.uuid4().hex[:8]}"
    await ingest_corpus(store, learner, tmp_path_factory.mktemp("chat-llm-corpus"))
    return learner


async def test_the_models_answer_streams_grounded_and_the_thread_is_its_history(
    chat_graph: Graph, alice: str, model: tuple[Model, str]
) -> None:
    double, _ = model
    double.will("stream", ANSWER)
    thread = str(uuid.uuid4())
    chunks, output = await turn(chat_graph, thread, learner=alice, message=QUESTION)

    assert len(chunks) >= 10, "the model's tokens arrive as they come"
    assert "".join(chunks) == output["answer"]
    assert output["mode"] == "llm"
    assert "[7]" not in output["answer"]
    assert "Your linter warned about it too." in output["answer"]
    assert "_Removed 1 citation to passages that were not retrieved (no. 7)._" in output["answer"]
    (cited,) = output["citations"]
    assert cited["n"] == 1 and cited["heading"].endswith("Blocking calls in async handlers")
    assert output["answer"].endswith(f"Sources: [1] `{cited['link']}`")

    (sent,) = double.requests
    assert sent["stream"] is True and sent["model"] == "mentor-test"
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert sent["messages"][0]["content"] == system_prompt("en")
    data = json.loads(sent["messages"][1]["content"].split("<data>\n")[1].split("\n</data>")[0])
    assert data["question"] == QUESTION
    assert [p["n"] for p in data["passages"]] == [1, 2, 3]
    assert "time.sleep" in data["passages"][0]["text"]

    double.will("stream", "Use asyncio.sleep instead [1].")
    _, follow_up = await turn(chat_graph, thread, learner=alice, message="How do I fix that?")
    roles = [m["role"] for m in double.requests[0]["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert double.requests[0]["messages"][1]["content"] == QUESTION
    assert double.requests[0]["messages"][2]["content"].startswith("Your handlers called")
    assert follow_up["mode"] == "llm"
    assert len(follow_up["messages"]) == 4


async def test_a_model_that_keeps_failing_leaves_the_extractive_answer_with_a_note(
    chat_graph: Graph, alice: str, model: tuple[Model, str]
) -> None:
    double, _ = model
    double.will("status", 503)
    chunks, output = await turn(chat_graph, str(uuid.uuid4()), learner=alice, message=QUESTION)

    assert len(double.requests) == 2, "the client retried once, then gave up"
    assert "".join(chunks) == output["answer"]
    assert output["answer"].startswith("_The language model was unavailable (HTTP 503)")
    assert "You fixed it in commit 3f2a91c by switching to asyncio.sleep" in output["answer"]
    assert output["mode"] == "extractive"
    assert len(output["citations"]) == 3
    assert output["messages"][-1].additional_kwargs["fallback"] == "HTTP 503"


@pytest.fixture(scope="module")
def api_model() -> Iterator[tuple[Model, str]]:
    """A model server of the API's own: langchain-openai caches one HTTP client per endpoint,
    bound to the event loop that first used it, and the API runs on another loop than the tests.
    """
    state = Model()
    with running_server(_app(state)) as url:
        yield state, f"{url}/v1"


@pytest.fixture(scope="module")
def api_url(
    api_model: tuple[Model, str], alice: str, database_url: str, mentor_home: Path
) -> Iterator[str]:
    settings = llm_settings(api_model[1], database_url=database_url, mentor_home=mentor_home)
    with running_server(create_app(settings)) as url:
        yield url


def ask(url: str, learner: str, message: str) -> list[Any]:
    with (
        httpx.Client(base_url=url, timeout=120) as http,
        http.stream("POST", "/chat", json={"learner": learner, "message": message}) as response,
    ):
        assert response.status_code == 200, response.read()
        return list(iter_sse(response))


def test_post_chat_streams_the_models_answer_and_falls_back_when_it_is_down(
    api_url: str, alice: str, api_model: tuple[Model, str]
) -> None:
    double, _ = api_model
    double.will("stream", ANSWER)
    events = ask(api_url, alice, QUESTION)
    tokens = [e.data["text"] for e in events if e.event == "token"]
    done = events[-1]
    assert done.event == "done"
    assert len(tokens) >= 10
    assert "".join(tokens).startswith("Your handlers called time.sleep")
    assert done.data["mode"] == "llm"
    assert [c["n"] for c in done.data["citations"]] == [1]
    assert done.data["dropped_citations"] == ["[7]"]

    double.will("status", 503)
    events = ask(api_url, alice, QUESTION)
    done = events[-1]
    assert done.event == "done", "the turn answers, it does not error"
    assert done.data["mode"] == "extractive"
    assert done.data["fallback"] == "HTTP 503"
    text = "".join(e.data["text"] for e in events if e.event == "token")
    assert text.startswith("_The language model was unavailable (HTTP 503)")
