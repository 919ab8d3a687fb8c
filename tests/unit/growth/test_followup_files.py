"""A task to stop committing a file is followed up on the file, not only on its findings: the
secrets blanked in a ``.env`` that git still tracks did not do "Stop committing .env" (blind
check m1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import TaskFollowUp
from mentorbot.followup import follow_up
from tests.unit.assess.scenarios import plan_files

MAIN = b"""\
import os

import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/geocode")
def geocode(address: str) -> dict:
    params = {"address": address, "key": os.environ["MAPS_API_KEY"]}
    url = "https://maps.googleapis.com/maps/api/geocode/json"
    return requests.get(url, params=params, timeout=10).json()
"""
ENV = b"MAPS_API_KEY=AIzaSyD4kq8Vx2mN7pL0rT5wY9bC3fH6jK1sQ8z\nAPI_URL=http://localhost:8000\n"


def _followed(tmp_path: Path, sources: dict[str, bytes], rule: str, now: list[str]) -> TaskFollowUp:
    """The follow-up, against a repo of ``now``'s files with no finding left, of the plan's
    task for ``rule``."""
    plan = plan_files(tmp_path, sources).plan
    return next(
        result
        for result in follow_up(plan, [], [], now)
        if result.task.check is not None and result.task.check.rule == rule
    )


SOURCES = {"main.py": MAIN, ".env": ENV, "requirements.txt": b"fastapi==0.115.0\n"}


def test_stop_committing_env_is_not_done_while_git_still_tracks_the_file(tmp_path: Path) -> None:
    blanked = _followed(tmp_path / "a", SOURCES, "MB107", list(SOURCES))
    assert blanked.task.text.en.startswith("Stop committing .env")
    assert blanked.done is False
    assert [evidence.path for evidence in blanked.evidence] == [".env"]

    untracked = _followed(tmp_path / "b", SOURCES, "MB107", ["main.py", "requirements.txt"])
    assert untracked.done is True


def test_a_secret_task_for_a_python_file_is_done_when_its_finding_is_gone(tmp_path: Path) -> None:
    key = b'"AIzaSyD4kq8Vx2mN7pL0rT5wY9bC3fH6jK1sQ8z"'
    sources = {
        "main.py": MAIN.replace(b'os.environ["MAPS_API_KEY"]', key),
        "requirements.txt": b"fastapi==0.115.0\n",
    }
    result = _followed(tmp_path, sources, "MB107", list(sources))

    assert result.task.text.en.startswith("Take the hard-coded secret at main.py")
    assert result.done is True


def test_stop_committing_env_is_not_done_by_a_new_key_replacing_the_old_one(
    tmp_path: Path,
) -> None:
    plan = plan_files(tmp_path, SOURCES).plan
    [old] = [f for f in plan_files(tmp_path / "again", SOURCES).findings if f.rule == "MB107"]
    fixed = old.model_copy(update={"status": "fixed"})
    new = old.model_copy(update={"status": "new", "line": 3})
    result = next(
        r
        for r in follow_up(plan, [new], [], list(SOURCES), fixed=[fixed])
        if r.task.check is not None and r.task.check.rule == "MB107"
    )

    assert result.done is False
