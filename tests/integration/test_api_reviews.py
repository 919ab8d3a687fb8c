"""The review API against a real uvicorn server: streamed events, follow-later, cancellation."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from graph.builder import REVIEW_NODES
from mentorbot.settings import load_settings
from tests.integration.server import SseEvent, iter_sse, running_server
from tests.repos import build_large_repo, build_task_api

OPERATOR = "operator-token"
SETTLE_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api-repos")


@pytest.fixture(scope="module")
def base_url(database_url: str, mentor_home: Path, repo_root: Path) -> Iterator[str]:
    settings = load_settings(
        database_url=database_url,
        mentor_home=mentor_home,
        mentor_api_token=OPERATOR,
        mentor_repo_roots=(repo_root,),
    )
    with running_server(create_app(settings, connect_on_startup=True)) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {OPERATOR}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=120) as http:
        yield http


def wait_for_status(client: httpx.Client, review_id: int) -> dict[str, object]:
    """Poll the record until the review left ``running`` (no timing is asserted)."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while time.monotonic() < deadline:
        record: dict[str, object] = client.get(f"/reviews/{review_id}").json()
        if record["status"] != "running":
            return record
        time.sleep(0.1)
    raise AssertionError(f"review {review_id} still running after {SETTLE_TIMEOUT_S}s")


def test_review_events_arrive_while_the_review_runs(
    client: httpx.Client, repo_root: Path, learner: str
) -> None:
    task_api = build_task_api(repo_root / f"task-api-{uuid.uuid4().hex[:8]}")
    log_file = task_api.path / "docs" / "learning_log_step1.md"
    events: list[SseEvent] = []
    seen_while_running: dict[str, object] = {}
    body = {"repo_path": str(task_api.path), "learner": learner, "language": "en"}
    with client.stream("POST", "/reviews", json=body) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for event in iter_sse(response):
            events.append(event)
            if event.event == "progress" and "review_id" in event.data and not seen_while_running:
                # The first events reach us before the review has finished, not all at the end.
                record = client.get(f"/reviews/{event.data['review_id']}").json()
                seen_while_running = {"status": record["status"], "log": log_file.exists()}

    assert seen_while_running == {"status": "running", "log": False}
    assert events[0] == SseEvent("node", {"name": "scan", "status": "running"})
    finished = [event.data["name"] for event in events if event.data.get("status") == "done"]
    assert finished == list(REVIEW_NODES)
    assert all(
        event.data["duration_s"] >= 0 for event in events if event.data.get("status") == "done"
    )
    finding_paths = {event.data["path"] for event in events if event.event == "finding"}
    assert "app/main.py" in finding_paths
    done = events[-1]
    assert done.event == "done"
    assert done.data["log_path"] == str(log_file)
    assert done.data["step"] == 1
    review_id = done.data["review_id"]

    record = client.get(f"/reviews/{review_id}").json()
    assert record["status"] == "completed"
    assert record["learner"] == learner
    assert record["report"]["step"] == 1
    log = client.get(f"/reviews/{review_id}/log")
    assert log.headers["content-type"].startswith("text/markdown")
    assert log.text.startswith("# Step 1 learning log: task-api") or (
        "# Step 1 learning log: task-api" in log.text
    )
    listed = client.get("/reviews", params={"learner": learner}).json()
    assert [item["id"] for item in listed["items"]] == [review_id]
    assert (
        client.get("/reviews", params={"learner": learner, "status": "failed"}).json()["items"]
        == []
    )


def test_a_review_started_without_streaming_is_followed_by_id(
    client: httpx.Client, repo_root: Path, learner: str
) -> None:
    task_api = build_task_api(repo_root / f"task-api-{uuid.uuid4().hex[:8]}")
    started = client.post(
        "/reviews",
        params={"stream": "false"},
        json={"repo_path": str(task_api.path), "learner": learner},
    )
    assert started.status_code == 202
    review_id = started.json()["review_id"]
    assert started.json()["events"] == f"/reviews/{review_id}/events"

    with client.stream("GET", f"/reviews/{review_id}/events") as response:
        events = list(iter_sse(response))
    assert events[-1].event == "done"
    assert events[-1].data["review_id"] == review_id
    assert events[-1].data["log_path"] == str(task_api.path / "docs" / "learning_log_step1.md")
    assert wait_for_status(client, review_id)["status"] == "completed"

    # Once finished, following it again gives the outcome straight from the record.
    with client.stream("GET", f"/reviews/{review_id}/events") as response:
        replay = list(iter_sse(response))
    assert [event.event for event in replay] == ["done"]
    assert replay[0].data["step"] == 1


def test_a_client_that_hangs_up_cancels_its_review(
    client: httpx.Client, repo_root: Path, learner: str
) -> None:
    repo = repo_root / f"large-{uuid.uuid4().hex[:8]}"
    build_large_repo(repo, modules=1500)
    body = {"repo_path": str(repo), "learner": learner}
    review_id = None
    with client.stream("POST", "/reviews", json=body) as response:
        for event in iter_sse(response):
            if event.event == "progress" and "review_id" in event.data:
                review_id = event.data["review_id"]
                break
    assert isinstance(review_id, int)

    record = wait_for_status(client, review_id)
    assert record["status"] == "cancelled"
    assert str(record["error"]).startswith("cancelled: the client went away")
    assert not (repo / "docs" / "learning_log_step1.md").exists()
    assert client.get(f"/reviews/{review_id}/log").json()["error"]["code"] == "log-missing"
