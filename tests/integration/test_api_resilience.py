"""The API when the database goes away and comes back, over real sockets."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from api.app import create_app
from mentorbot.settings import load_settings
from tests.integration.server import TcpGate, iter_sse, running_server
from tests.integration.test_api_reviews import build_large_repo
from tests.repos import build_task_api

BACK_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def gate(database_url: str) -> Iterator[TcpGate]:
    """TCP in front of the session's database (which listens on a unix socket only)."""
    socket_dir = make_url(database_url).query["host"]
    assert isinstance(socket_dir, str)
    socket_path = str(Path(socket_dir) / ".s.PGSQL.5432")

    def connect() -> socket.socket:
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect(socket_path)
        return upstream

    tcp_gate = TcpGate(connect)
    yield tcp_gate
    tcp_gate.close()


@pytest.fixture(scope="module")
def gated_url(gate: TcpGate, database_url: str) -> str:
    parsed = make_url(database_url)
    return parsed.set(host="127.0.0.1", port=gate.port, query={}).render_as_string(
        hide_password=False
    )


def wait_until_ready(client: httpx.Client) -> None:
    deadline = time.monotonic() + BACK_TIMEOUT_S
    while client.get("/ready").status_code != 200:
        assert time.monotonic() < deadline, "the API never became ready"
        time.sleep(0.2)


def test_a_database_outage_is_reported_and_the_server_recovers(
    gate: TcpGate, gated_url: str, mentor_home: Path, tmp_path: Path, learner: str
) -> None:
    settings = load_settings(
        database_url=gated_url,
        mentor_home=mentor_home,
        mentor_repo_roots=(tmp_path,),
        database_timeout_s=2,
    )
    repo = build_task_api(tmp_path / "task-api").path
    large = tmp_path / "large"
    build_large_repo(large, modules=300)
    body = {"repo_path": str(repo), "learner": learner, "language": "en"}
    gate.shut()
    with (
        running_server(create_app(settings, connect_on_startup=True)) as url,
        httpx.Client(base_url=url, timeout=120) as client,
    ):
        assert client.get("/health").json() == {"status": "ok"}
        down = client.get("/ready")
        assert down.status_code == 503
        assert down.json()["error"]["code"] == "database"
        refused = client.post("/reviews", json=body)
        assert refused.status_code == 503
        assert refused.json()["error"]["message"].startswith("cannot reach the database")

        gate.open = True
        wait_until_ready(client)
        review_id = None
        with client.stream("POST", "/reviews", json={**body, "repo_path": str(large)}) as response:
            events = []
            for event in iter_sse(response):
                events.append(event)
                if event.event == "progress" and "review_id" in event.data:
                    review_id = event.data["review_id"]
                    gate.shut()
        # The stream ends with a clear error event instead of hanging or dropping the connection.
        assert events[-1].event == "error"
        assert events[-1].data["code"] == "database"
        assert "database" in events[-1].data["message"]
        assert events[-1].data["review_id"] == review_id

        gate.open = True
        wait_until_ready(client)
        with client.stream("POST", "/reviews", json=body) as response:
            final = list(iter_sse(response))[-1]
        assert final.event == "done"
        assert final.data["log_path"] == str(repo / "docs" / "learning_log_step1.md")

        # The review the outage broke is recorded as failed once the database is back.
        lost = client.get(f"/reviews/{review_id}").json()
        assert lost["status"] == "failed"
        assert str(lost["error"]).startswith("database: ")
