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


STATS = """\
def share(done: int, total: int) -> float:
    try:
        return done / total
    except:
        return 0.0
"""


def test_a_revert_undoes_the_commit_its_message_names_not_the_latest_of_that_subject(
    tmp_path: Path,
) -> None:
    """Two commits called "fix stuff", the first one reverted: the second's genuine fix got no
    lesson, as the revert was taken for the latest commit of that subject (blind check h4)."""
    repo = _repo(tmp_path)
    repo.write("app/stats.py", STATS)
    repo.commit("feat: stats")
    first = _fix(repo, "fix stuff")
    repo.write("app/stats.py", STATS.replace("except:", "except ZeroDivisionError:"))
    second = repo.commit("fix stuff")
    _revert(repo, first)

    assert [(lesson.commit, lesson.rule) for lesson in solved_lessons(repo, tmp_path)] == [
        (second, "MB106")
    ]


def test_a_fix_cherry_picked_onto_another_branch_is_one_lesson(tmp_path: Path) -> None:
    """A fix picked with ``git cherry-pick -x`` onto a release branch merged back was told
    twice (blind check h4): the copy names its original."""
    repo = _repo(tmp_path)
    repo.checkout("release", create=True)
    repo.checkout("main")
    fix = _fix(repo, "fix: do not block the loop in /report")
    repo.checkout("release")
    repo.git("cherry-pick", "-x", fix)
    repo.checkout("main")
    repo.merge("release", "Merge branch 'release'")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [fix]
