"""``mentor review`` in LLM mode from the environment, against an endpoint that is down."""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.unit.llm.pipeline import build_injected

Cli = Callable[..., subprocess.CompletedProcess[str]]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def llm_env() -> dict[str, str]:
    return {
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{closed_port()}/v1",
        "MENTOR_MODEL": "mentor-test",
        "MENTOR_LLM_MAX_RETRIES": "0",
        "MENTOR_LLM_TIMEOUT": "2",
        "LANGSMITH_TRACING": "false",
    }


def test_an_unreachable_llm_still_gives_the_whole_log(
    mentor_cli: Cli, tmp_path: Path, learner: str
) -> None:
    root = build_injected(tmp_path / "repo")
    done = mentor_cli(
        "review", str(root), "--learner", learner, "--lang", "en", "--format", "json",
        env=llm_env(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {u["node"]: u["fallback"] for u in report["metrics"]["llm"]} == dict.fromkeys(
        ("assess", "extract_lessons", "plan", "render"), "connection failed"
    )
    log = Path(report["log_path"]).read_text(encoding="utf-8")
    assert log.count("(connection failed); the deterministic text is shown instead") == 4
    assert "## Problems and solutions" in log


def test_no_llm_never_calls_the_model(mentor_cli: Cli, tmp_path: Path, learner: str) -> None:
    root = build_injected(tmp_path / "repo")
    done = mentor_cli(
        "review", str(root), "--learner", learner, "--lang", "en", "--no-llm",
        env=llm_env(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "LLM" not in done.stdout
    log = next((root / "docs").glob("learning_log_step*.md")).read_text(encoding="utf-8")
    assert "deterministic text is shown instead" not in log
