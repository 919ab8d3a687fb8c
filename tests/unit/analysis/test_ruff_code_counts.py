"""Ruff's general problems (MB201) are counted per ruff code when a commit's files are compared:
a "wip" that removed a redefined route while adding unused imports fixed the redefinition, even
though the file has more of MB201's findings after it (blind check history 35)."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

ROUTES = """\
from fastapi import APIRouter

router = APIRouter()


@router.put("/posts/{pk}")
def update_post(pk: int) -> dict:
    return {"id": pk}


@router.put("/posts/{pk}")
def update_post(pk: int) -> dict:
    return {"id": pk, "updated": True}
"""
REWRITTEN = """\
from typing import Optional

from fastapi import APIRouter, Query

router = APIRouter()


@router.put("/posts/{pk}")
def update_post(pk: int) -> dict:
    return {"id": pk, "updated": True}
"""


def test_a_redefinition_removed_beside_new_unused_imports_is_a_solved_problem(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("app/routes.py", ROUTES)
    repo.commit("init", date="2025-03-01T10:00:00+00:00")
    repo.write("app/routes.py", REWRITTEN)
    wip = repo.commit("wip", date="2025-03-02T10:00:00+00:00")

    solved = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == wip]
    assert [(lesson.rule, lesson.path) for lesson in solved] == [("MB201", "app/routes.py")]
    assert solved[0].found is not None
    assert "redefinition of `update_post`" in solved[0].found.en


def test_unused_imports_traded_for_others_solve_nothing(tmp_path: Path) -> None:
    """One unused import removed and another added: the same problem, still there."""
    repo = GitRepo(tmp_path / "blog").init()
    repo.write(
        "app/routes.py", "import os\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n"
    )
    repo.commit("init", date="2025-03-01T10:00:00+00:00")
    repo.write(
        "app/routes.py", "import sys\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n"
    )
    swapped = repo.commit("update", date="2025-03-02T10:00:00+00:00")

    assert [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == swapped] == []


def test_an_unused_import_the_commit_only_started_using_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    """``Depends`` imported and unused, then used by a fix of something else: the lesson showed
    the same import line before and after (blind check history 54)."""
    repo = GitRepo(tmp_path / "posts").init()
    unused = (
        "from fastapi import APIRouter, Depends\n\nrouter = APIRouter()\n\n\n"
        '@router.get("/posts")\ndef list_posts() -> list:\n    return []\n'
    )
    repo.write("app/routes.py", unused)
    repo.commit("init", date="2025-03-01T10:00:00+00:00")
    repo.write(
        "app/routes.py",
        unused.replace(
            "def list_posts() -> list:", "def list_posts(db: dict = Depends(dict)) -> list:"
        ),
    )
    used = repo.commit("fix: take the store from a dependency", date="2025-03-02T10:00:00+00:00")

    assert [
        (lesson.rule, lesson.found.en if lesson.found else "")
        for lesson in solved_lessons(repo, tmp_path)
        if lesson.commit == used and lesson.rule == "MB201"
    ] == []
