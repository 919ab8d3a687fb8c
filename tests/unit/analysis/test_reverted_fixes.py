"""A fix a later commit reverted is no solved problem: the problem it fixed is open again."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

ROUTES = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/report")
async def report() -> dict:
    time.sleep(1)
    return {"ok": True}
"""
FIXED = ROUTES.replace("import time", "import asyncio").replace(
    "time.sleep(1)", "await asyncio.sleep(1)"
)


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/main.py", ROUTES)
    repo.commit("feat: report route")
    return repo


def _fix(repo: GitRepo, message: str) -> str:
    repo.write("app/main.py", FIXED)
    return repo.commit(message)


def _revert(repo: GitRepo, sha: str) -> str:
    repo.git("revert", "--no-edit", sha)
    return repo.rev("HEAD")


def test_a_reverted_fix_is_no_solved_problem(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    fix = _fix(repo, "fix: do not block the loop in /report")
    _revert(repo, fix)

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_brought_back_after_its_revert_keeps_its_lesson(tmp_path: Path) -> None:
    """Reverting the revert (``Revert "Revert ..."``) puts the fix back: it solved the problem."""
    repo = _repo(tmp_path)
    fix = _fix(repo, "fix: do not block the loop in /report")
    _revert(repo, _revert(repo, fix))

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(fix, "MB101")]


def test_a_fix_made_again_after_a_revert_is_the_solved_problem(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = _fix(repo, "fix: do not block the loop in /report")
    _revert(repo, first)
    again = _fix(repo, "fix: await asyncio.sleep in /report")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(again, "MB101")]
