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
IN_A_THREAD = (
    THUMBNAILS
    + """

async def thumbnail_later(source: Path, target: Path) -> None:
    await asyncio.to_thread(make_thumbnail, source, target)
"""
)


def test_the_unused_import_a_commit_put_to_use_is_the_one_credited(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "pillow==10.4.0\n")
    repo.write("app/__init__.py", "")
    repo.write("app/thumbnails.py", THUMBNAILS)
    repo.commit("feat: thumbnails")
    repo.write("app/thumbnails.py", IN_A_THREAD)
    sha = repo.commit("fix: make thumbnails in a thread")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB201"]

    assert [lesson.commit for lesson in lessons] == [sha]
    assert lessons[0].found is not None
    assert "`asyncio`" in lessons[0].found.en
    assert "shutil" not in lessons[0].found.en
