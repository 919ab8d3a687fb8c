"""A fix of one of ruff's findings is credited with that finding, not another of its file: the
old versions are checked under scratch names, and their findings must still match the new
version's by what they are."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

THUMBNAILS = """\
import shutil
from pathlib import Path

import asyncio

from PIL import Image


def make_thumbnail(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        image.thumbnail((200, 200))
        image.save(target)
"""
WITHOUT_ASYNCIO = THUMBNAILS.replace("import asyncio\n\n", "")
"""The fix takes the unused ``asyncio`` out; ``shutil`` stays unused. (A commit that only put
``asyncio`` to use solved nothing a lesson could show: ``lesson_files._put_to_use``.)"""


def test_the_unused_import_a_commit_removed_is_the_one_credited(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "pillow==10.4.0\n")
    repo.write("app/__init__.py", "")
    repo.write("app/thumbnails.py", THUMBNAILS)
    repo.commit("feat: thumbnails")
    repo.write("app/thumbnails.py", WITHOUT_ASYNCIO)
    sha = repo.commit("fix: drop the unused asyncio import")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB201"]

    assert [lesson.commit for lesson in lessons] == [sha]
    assert lessons[0].found is not None
    assert "`asyncio`" in lessons[0].found.en
    assert "shutil" not in lessons[0].found.en
