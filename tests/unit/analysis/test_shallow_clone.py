"""A shallow clone (``git clone --depth``) holds only the newest commits: the review says so, and
a solved problem whose code is older than the clone's history names no commit it came from
(blame would name the clone's oldest commit, which did not write it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

BLOCKING = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/report")
async def report():
    time.sleep(2)
    return {"ready": True}
"""
FIXED = BLOCKING.replace("import time", "import asyncio").replace(
    "time.sleep(2)", "await asyncio.sleep(2)"
)


@pytest.fixture
def full(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "full").init()
    repo.write("app/main.py", BLOCKING)
    repo.commit("feat: report", date="2026-04-01T10:00:00+00:00")
    repo.write("README.md", "# report\n")
    repo.commit("docs: readme", date="2026-04-02T10:00:00+00:00")
    repo.write("app/main.py", FIXED)
    repo.commit("fix: await asyncio.sleep instead of blocking", date="2026-04-03T10:00:00+00:00")
    return repo


def test_a_shallow_clone_claims_no_origin_older_than_its_history(
    full: GitRepo, tmp_path: Path
) -> None:
    shallow = full.shallow_clone(tmp_path / "shallow", depth=2)
    cache = AnalysisCache(tmp_path / "cache")

    in_full = solved_lessons(full, tmp_path, cache)
    in_shallow = solved_lessons(shallow, tmp_path, cache)

    assert [lesson.rule for lesson in in_full] == ["MB101"]
    assert in_full[0].introduced_in == full.sha_of("feat: report")
    assert [lesson.rule for lesson in in_shallow] == ["MB101"]
    assert in_shallow[0].commit == full.sha_of("fix: await asyncio.sleep instead of blocking")
    assert in_shallow[0].introduced_in is None


def test_a_shallow_clone_is_named_in_the_scan_notes(full: GitRepo, tmp_path: Path) -> None:
    shallow = full.shallow_clone(tmp_path / "shallow", depth=2)
    repo = open_repo(shallow.path)
    scan = scan_repository(repo, since=None, cache=AnalysisCache(None))

    assert repo.shallow and scan.shallow
    assert not open_repo(full.path).shallow
    oldest = full.sha_of("docs: readme")
    assert [commit.sha for commit in scan.commits][-1] == oldest
    notes = [note.en for note in scan.notes if "shallow clone" in note.en]
    assert len(notes) == 1
    assert f"starts at commit `{oldest[:8]}`" in notes[0]
    # Its own fix cannot be told either: its parent is not there to compare with (blind
    # check g1: a fix at the clone's edge was credited with nothing, and nothing said why).
    assert f"nor does what `{oldest[:8]}` itself fixed" in notes[0]
    assert "git fetch --unshallow" in notes[0]
