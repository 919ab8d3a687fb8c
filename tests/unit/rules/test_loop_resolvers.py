"""A sync Strawberry resolver's blocking call is reported as what it is: a plain ``def`` that
Strawberry's async integration calls on the loop, not an ``async def`` (blind check g1); also
one it makes through another module's helper, whose fix is then credited (blind check r2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.rules import _strawberry_cases as cases
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons
from tests.unit.rules import review_files


def test_a_sync_resolver_s_blocking_calls_say_strawberry_calls_it_on_the_loop(
    tmp_path: Path,
) -> None:
    files = {"app/schema.py": cases.SCHEMA, "app/main.py": cases.FASTAPI_MAIN}
    found = review_files(tmp_path, files)

    [quote] = [f for f in found if f.rule == "MB101" and f.line == 31]
    assert quote.message.en == (
        "`requests.get` blocks the event loop inside `quote`, a sync Strawberry resolver that "
        "Strawberry's async integration calls on the loop (make it `async def` and await an "
        "async counterpart, or run the call with `asyncio.to_thread`)"
    )
    assert "`quote` 是普通 def 的 Strawberry 解析函数" in quote.message.zh
    assert [f.message.en for f in found if f.rule == "MB111" and f.line == 25] == [
        "sync database driver (sqlite3) is used from `books`, a sync Strawberry resolver that "
        "Strawberry's async integration calls on the event loop, and blocks the loop"
    ]
    assert not any("async function" in f.message.en for f in found if f.rule in {"MB101", "MB111"})


def test_a_sync_resolver_s_call_to_a_blocking_helper_says_strawberry_calls_it_on_the_loop(
    tmp_path: Path,
) -> None:
    files = {
        "app/services/__init__.py": "",
        "app/services/covers.py": cases.COVERS,
        "app/schema.py": cases.HELPER_SCHEMA,
        "app/main.py": cases.FASTAPI_MAIN,
    }
    found = review_files(tmp_path, files)

    [cover] = [f for f in found if f.rule == "MB101" and f.path == "app/schema.py"]
    assert cover.line == cases.HELPER_SCHEMA_LINE
    assert cover.message.en.startswith(
        "`fetch_cover → requests.get` blocks the event loop inside `cover`, a sync Strawberry "
        "resolver that Strawberry's async integration calls on the loop"
    )


ASYNC_COVERS = """\
import os
from typing import Optional

import httpx

GOOGLE_BOOKS_URL = "https://www.googleapis.com/books/v1/volumes"


async def fetch_cover(isbn: str) -> Optional[str]:
    async with httpx.AsyncClient(timeout=10) as client:
        resp = await client.get(
            GOOGLE_BOOKS_URL,
            params={"q": f"isbn:{isbn}", "key": os.environ["GOOGLE_BOOKS_API_KEY"]},
        )
    items = resp.json().get("items") or []
    return items[0]["volumeInfo"].get("imageLinks", {}).get("thumbnail") if items else None
"""
SYNC_RESOLVER = (
    "    def cover(self, isbn: str) -> Optional[str]:\n        return fetch_cover(isbn)\n"
)
AWAITED_CLIENT = (
    "    async def cover(self, isbn: str) -> Optional[str]:\n"
    "        return await fetch_cover(isbn)\n"
)
IN_A_THREAD = (
    "    async def cover(self, isbn: str) -> Optional[str]:\n"
    "        return await asyncio.to_thread(fetch_cover, isbn)\n"
)


@pytest.mark.parametrize(
    ("covers", "resolver"),
    [(ASYNC_COVERS, AWAITED_CLIENT), (cases.COVERS, IN_A_THREAD)],
    ids=["awaited-async-client", "to-thread"],
)
def test_making_the_resolver_async_is_a_solved_blocking_call(
    covers: str, resolver: str, tmp_path: Path
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.109.2\nstrawberry-graphql[fastapi]==0.219.2\n")
    repo.write("app/__init__.py", "")
    repo.write("app/services/__init__.py", "")
    repo.write("app/services/covers.py", cases.COVERS)
    repo.write("app/schema.py", cases.HELPER_SCHEMA)
    repo.write("app/main.py", cases.FASTAPI_MAIN)
    repo.commit("feat: book covers over GraphQL")
    repo.write("app/services/covers.py", covers)
    repo.write("app/schema.py", cases.HELPER_SCHEMA.replace(SYNC_RESOLVER, resolver))
    sha = repo.commit("fix: cover resolver blocked the event loop")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, "MB101", "app/schema.py")
    ]
    assert "return fetch_cover(isbn)" in lessons[0].before
