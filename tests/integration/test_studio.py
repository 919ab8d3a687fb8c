"""``langgraph dev`` serves both graphs to LangGraph Studio, and our own routes, on one port.

One real server runs for the module: the installed CLI on a free port, offline, with the repo's
``langgraph.json`` and the session's database. Its working directory is a temp dir, so neither a
developer's ``.env`` nor the server's ``.langgraph_api`` files touch the checkout.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from langgraph_sdk import get_client
from langgraph_sdk.client import LangGraphClient
from sqlalchemy import text

from graph.builder import REVIEW_NODES
from graph.chat import CHAT_NODES
from mentorbot.knowledge import reviews
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.settings import load_settings
from tests.integration.chat_corpus import ingest_corpus
from tests.integration.server import iter_sse
from tests.repos import MAIN_V3, build_large_repo, build_task_api, line_of

ROOT = Path(__file__).resolve().parents[2]
OFFLINE_ENV = {
    "LANGGRAPH_CLI_NO_ANALYTICS": "1",
    "LANGGRAPH_NO_VERSION_CHECK": "1",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
}
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class StudioServer:
    url: str
    log: Path

    def client(self) -> LangGraphClient:
        return get_client(url=self.url)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Poll LangGraph's own ``/ok`` until the server answers; fail early if it died."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"langgraph dev exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/ok", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"langgraph dev did not answer within {START_TIMEOUT_S}s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def studio(
    tmp_path_factory: pytest.TempPathFactory, database_url: str, mentor_home: Path
) -> Iterator[StudioServer]:
    workdir = tmp_path_factory.mktemp("langgraph-dev")
    log = workdir / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **OFFLINE_ENV,
        "DATABASE_URL": database_url,
        "MENTOR_HOME": str(mentor_home),
        # uvicorn ends the server by re-raising the stop signal, so no exit hook removes the
        # analysis fork server's socket dir: it goes with the test's temp dir.
        "TMPDIR": str(workdir),
    }
    command = [
        sys.executable,
        "-m",
        "langgraph_cli",
        "dev",
        "--no-browser",
        "--no-reload",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--config",
        str(ROOT / "langgraph.json"),
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdout=sink, stderr=sink)
        try:
            wait_until_ready(process, url, log)
            yield StudioServer(url=url, log=log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


async def review_assistant(client: LangGraphClient, graph_id: str = "review") -> dict[str, Any]:
    assistants = await client.assistants.search(graph_id=graph_id)
    assert len(assistants) == 1
    return dict(assistants[0])


@pytest.fixture
async def chat_learner(tmp_path: Path, learner: str, database: Database, database_url: str) -> str:
    """A learner with a log and notes in the knowledge store the server reads."""
    store = KnowledgeStore.from_settings(database, load_settings(database_url=database_url))
    await ingest_corpus(store, learner, tmp_path / "corpus")
    return learner


async def test_studio_form_shows_the_review_inputs_and_context(studio: StudioServer) -> None:
    client = studio.client()
    assistant = await review_assistant(client)
    assert assistant["name"] == "review"

    schemas = await client.assistants.get_schemas(assistant["assistant_id"])
    form = schemas["input_schema"]
    assert form is not None
    assert list(form["properties"]) == [
        "repo_path",
        "learner",
        "step",
        "language",
        "since",
        "output",
    ]
    assert form["required"] == ["repo_path"]
    assert form["properties"]["learner"]["default"] == "default"
    assert form["properties"]["language"]["enum"] == ["zh", "en"]
    assert form["properties"]["repo_path"]["description"].startswith("Path of the repository")

    context = schemas["context_schema"]
    assert context is not None
    assert {name: field["default"] for name, field in context["properties"].items()} == {
        "run_ruff": True,
        "max_open_problems": 8,
        "max_lessons": 12,
        "write_log": True,
        "use_llm": True,
    }
    output = schemas["output_schema"]
    assert output is not None
    assert list(output["properties"]) == ["report", "log_path", "review_id"]

    drawn = await client.assistants.get_graph(assistant["assistant_id"])
    nodes = [node["id"] for node in drawn["nodes"]]
    assert nodes == ["__start__", *REVIEW_NODES, "__end__"]


async def test_review_streams_one_update_per_node_and_writes_the_log(
    studio: StudioServer, tmp_path: Path, learner: str, database: Database
) -> None:
    task_api = build_task_api(tmp_path / "task-api")
    client = studio.client()
    thread = await client.threads.create()
    thread_id = thread["thread_id"]

    updates: list[str] = []
    final: dict[str, Any] = {}
    async for part in client.runs.stream(
        thread_id,
        "review",
        input={"repo_path": str(task_api.path), "learner": learner, "language": "en"},
        stream_mode=["updates", "values"],
    ):
        assert part.event != "error", part.data
        if part.event == "updates":
            updates.extend(part.data)
        elif part.event == "values":
            final = part.data

    assert updates == list(REVIEW_NODES)
    log_file = task_api.path / "docs" / "learning_log_step1.md"
    assert final["log_path"] == str(log_file)
    assert final["report"]["learner"] == learner
    assert final["report"]["step"] == 1
    log = log_file.read_text(encoding="utf-8")
    assert "# Step 1 learning log: task-api" in log
    assert f"`app/main.py:{line_of(MAIN_V3, 'SELECT * FROM tasks')}`" in log
    assert f"`{task_api.fix_sleep[:8]}`" in log

    # Every checkpoint Studio shows lives in our Postgres, next to the review records.
    history = await client.threads.get_history(thread_id, limit=50)
    assert [entry["next"] for entry in reversed(history)] == [
        ["__start__"],
        *[[node] for node in REVIEW_NODES],
        [],
    ]
    async with database.session() as session:
        stored = await session.scalar(
            text("SELECT count(*) FROM checkpoints WHERE thread_id = :id"), {"id": thread_id}
        )
        recorded = await session.scalar(
            text("SELECT count(*) FROM reviews WHERE learner = :learner"), {"learner": learner}
        )
    assert stored == len(history)
    assert recorded == 1

    server_log = studio.log.read_text(errors="replace")
    assert "Using custom checkpointer: AsyncPostgresSaver" in server_log
    assert "BlockingError" not in server_log


async def test_rerun_from_a_node_checkpoint_runs_only_the_rest(
    studio: StudioServer, tmp_path: Path, learner: str
) -> None:
    task_api = build_task_api(tmp_path / "task-api")
    client = studio.client()
    thread = await client.threads.create()
    thread_id = thread["thread_id"]
    await client.runs.wait(
        thread_id, "review", input={"repo_path": str(task_api.path), "learner": learner}
    )
    history = await client.threads.get_history(thread_id, limit=50)
    before_plan = next(entry for entry in history if entry["next"] == ["plan"])

    updates: list[str] = []
    async for part in client.runs.stream(
        thread_id,
        "review",
        input=None,
        checkpoint_id=before_plan["checkpoint"]["checkpoint_id"],
        stream_mode="updates",
    ):
        assert part.event != "error", part.data
        if part.event == "updates":
            updates.extend(part.data)

    assert updates == ["plan", "render"]
    values = (await client.threads.get_state(thread_id))["values"]
    assert isinstance(values, dict)
    assert values["log_path"] == str(task_api.path / "docs" / "learning_log_step1.md")


async def test_our_routes_are_served_on_the_same_port(studio: StudioServer) -> None:
    client = studio.client()
    health = await client.http.get("/health")
    assert health == {"status": "ok"}
    langgraph_ok = await client.http.get("/ok")
    assert langgraph_ok["ok"] is True


async def test_studio_form_shows_the_chat_inputs_and_context(studio: StudioServer) -> None:
    client = studio.client()
    assistant = await review_assistant(client, "chat")
    assert assistant["name"] == "chat"
    schemas = await client.assistants.get_schemas(assistant["assistant_id"])
    form = schemas["input_schema"]
    assert form is not None
    assert list(form["properties"]) == ["message", "learner", "language"]
    assert form["required"] == ["message"]
    assert form["properties"]["learner"]["default"] == "default"
    assert form["properties"]["message"]["description"].startswith("The learner's question")
    context = schemas["context_schema"]
    assert context is not None
    assert {name: field["default"] for name, field in context["properties"].items()} == {
        "passages": 3,
        "history_turns": 1,
    }
    output = schemas["output_schema"]
    assert output is not None
    assert list(output["properties"]) == ["messages", "answer", "citations", "mode"]
    drawn = await client.assistants.get_graph(assistant["assistant_id"])
    assert [node["id"] for node in drawn["nodes"]] == ["__start__", *CHAT_NODES, "__end__"]


async def test_chat_runs_in_studio_and_streams_its_answer(
    studio: StudioServer, chat_learner: str
) -> None:
    client = studio.client()
    thread_id = (await client.threads.create())["thread_id"]
    tokens: list[str] = []
    final: dict[str, Any] = {}
    async for part in client.runs.stream(
        thread_id,
        "chat",
        input={"learner": chat_learner, "message": "Why were my async handlers slow?"},
        stream_mode=["messages-tuple", "values"],
    ):
        assert part.event != "error", part.data
        if part.event == "messages":
            chunk, metadata = part.data
            if metadata["langgraph_node"] == "respond" and chunk["content"]:
                tokens.append(chunk["content"])
        elif part.event == "values":
            final = part.data

    assert len(tokens) > 1
    assert "".join(tokens) == final["answer"]
    assert final["answer"].startswith("_Extractive answer")
    assert final["citations"][0]["heading"].endswith("Blocking calls in async handlers")
    assert [message["type"] for message in final["messages"]] == ["human", "ai"]
    # LangGraph's own thread routes still answer: ours do not shadow them on this port.
    thread = await client.threads.get(thread_id)
    assert thread["thread_id"] == thread_id
    server_log = studio.log.read_text(errors="replace")
    assert "BlockingError" not in server_log


def test_our_chat_route_answers_on_the_same_port(studio: StudioServer, chat_learner: str) -> None:
    body = {"learner": chat_learner, "message": "我上次的主要问题是什么？"}
    with httpx.Client(base_url=studio.url, timeout=120) as http:
        with http.stream("POST", "/chat", json=body) as response:
            assert response.status_code == 200
            events = list(iter_sse(response))
    assert events[0].event == "thread"
    assert events[-1].event == "done"
    text = "".join(str(event.data["text"]) for event in events if event.event == "token")
    assert text.startswith("_摘录式回答")


async def test_a_review_stopped_in_studio_is_recorded_as_cancelled(
    studio: StudioServer, tmp_path: Path, learner: str, database: Database
) -> None:
    repo = tmp_path / "large"
    build_large_repo(repo, modules=300)
    for module in (repo / "app").iterdir():  # content no earlier test put in the analysis cache
        module.write_text(module.read_text() + f"# reviewed for {learner}\n")
    client = studio.client()
    thread = await client.threads.create()
    run = await client.runs.create(
        thread["thread_id"], "review", input={"repo_path": str(repo), "learner": learner}
    )
    review_id = await _review_of(database, learner, status="running")

    await client.runs.cancel(thread["thread_id"], run["run_id"], wait=True)

    ended = await _review_of(database, learner, status="cancelled")
    assert ended == review_id
    async with database.session() as session:
        record = await reviews.get_review(session, review_id)
    assert record is not None
    assert record.error == "cancelled: the run was stopped during scan, before the review finished"
    assert not (repo / "docs").exists()


async def _review_of(database: Database, learner: str, *, status: str) -> int:
    """The id of this learner's review once it has ``status`` (polled: the run is elsewhere)."""
    query = text("SELECT id FROM reviews WHERE learner = :learner AND status = :status")
    for _ in range(1500):
        async with database.engine.connect() as connection:
            found = await connection.scalar(query, {"learner": learner, "status": status})
        if found is not None:
            return int(found)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no review of {learner} was {status} within 30 s")
