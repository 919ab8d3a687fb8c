"""Ctrl-C stops a review with the shell's exit code and one word, never a traceback or a 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.repos import build_task_api


def test_ctrl_c_while_a_review_waits_exits_130_and_says_so(
    mentor_home: Path, tmp_path: Path
) -> None:
    api = build_task_api(tmp_path / "task-api")
    # A "database" that takes the connection and never answers: once it has the connection, the
    # review is past start-up and waiting, which is when the learner gives up and presses Ctrl-C.
    hung = tmp_path / "hung"
    hung.mkdir()
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(hung / ".s.PGSQL.5432"))
        listener.listen()
        listener.settimeout(120)
        environment = {
            **os.environ,
            "DATABASE_URL": f"postgresql://postgres@/mentor?host={hung}",
            "MENTOR_HOME": str(mentor_home),
            "NO_COLOR": "1",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "mentorbot", "review", str(api.path)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            connection, _ = listener.accept()
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=60)
            connection.close()
        finally:
            process.kill()

    assert process.returncode == 130, stderr
    assert stderr.strip() == "interrupted"
    assert stdout == ""
    assert not (api.path / "docs").exists()
