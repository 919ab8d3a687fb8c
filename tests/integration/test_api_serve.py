"""``mentor serve`` as a user runs it: the installed command, a port, the session's database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from tests.integration.server import free_port, iter_sse
from tests.repos import build_task_api

START_TIMEOUT_S = 60


def test_mentor_serve_streams_a_review(
    database_url: str, mentor_home: Path, tmp_path: Path, learner: str
) -> None:
    repo = build_task_api(tmp_path / f"task-api-{uuid.uuid4().hex[:6]}").path
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "MENTOR_HOME": str(mentor_home)}
    for name in ("MENTOR_API_TOKEN", "MENTOR_API_TOKENS", "MENTOR_REPO_ROOTS"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mentorbot", "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "mentor serve did not start"
                time.sleep(0.1)
            assert client.get("/ready").json()["status"] == "ready"
            assert "Mentor Bot" in client.get("/docs").text

            body = {"repo_path": str(repo), "learner": learner, "language": "en"}
            with client.stream("POST", "/reviews", json=body) as response:
                events = list(iter_sse(response))
        assert events[-1].event == "done"
        assert events[-1].data["log_path"] == str(repo / "docs" / "learning_log_step1.md")
        assert (repo / "docs" / "learning_log_step1.md").is_file()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0
