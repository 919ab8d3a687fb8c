"""Code a commit moves into new modules keeps its problems: the commit solved none of them, even
where the moved line is bound differently (``rows = ...`` made ``return ...``) or reached through
the new module (``save_request(...)`` made ``db.save_request(...)``), and the later commit that
does fix them is the one credited (blind check history 59)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

SEARCH_ROUTE = """\
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def get_db():
    return sqlite3.connect("blog.db")


@app.route("/search")
def search():
    q = request.args.get("q", "")
    rows = get_db().execute("SELECT id FROM posts WHERE title LIKE '%{}%'".format(q)).fetchall()
    return {"rows": rows}
"""
SEARCH_CALLS_REPO = """\
from flask import Flask, request

import repo

app = Flask(__name__)


@app.route("/search")
def search():
    return {"rows": repo.search_posts(request.args.get("q", ""))}
"""
REPO = """\
import sqlite3


def get_db():
    return sqlite3.connect("blog.db")


def search_posts(q):
    return get_db().execute("SELECT id FROM posts WHERE title LIKE '%{}%'".format(q)).fetchall()
"""
REPO_FIXED = REPO.replace(
    """"SELECT id FROM posts WHERE title LIKE '%{}%'".format(q)""",
    """"SELECT id FROM posts WHERE title LIKE ?", (f"%{q}%",)""",
)


REPO_RENAMED = REPO.replace("(q)", "(term)")
REPO_RENAMED_FIXED = REPO_FIXED.replace("(q)", "(term)").replace('f"%{q}%"', 'f"%{term}%"')


@pytest.mark.parametrize(
    ("moved", "fixed"),
    [(REPO, REPO_FIXED), (REPO_RENAMED, REPO_RENAMED_FIXED)],
    ids=["as-it-was", "parameter-renamed"],
)
def test_a_query_moved_into_a_helper_that_returns_it_is_no_fix(
    tmp_path: Path, moved: str, fixed: str
) -> None:
    """Also when the move renamed the query's parameter (blind check h60: ``q`` -> ``word``),
    so the moved line no longer read as the flagged one."""
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("app.py", SEARCH_ROUTE)
    repo.commit("search page", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", SEARCH_CALLS_REPO)
    repo.write("repo.py", moved)
    repo.commit("refactor: move queries into repo.py", date="2026-03-02T10:00:00+00:00")
    repo.write("repo.py", fixed)
    fix = repo.commit("fix(repo): bind the search term", date="2026-03-03T10:00:00+00:00")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (fix, "MB108", "repo.py")
    ]


BOT = """\
import sqlite3

from aiogram import Bot, Dispatcher
from aiogram.filters import Command
from aiogram.types import Message

bot = Bot(token="")
dp = Dispatcher()

conn = sqlite3.connect("bot.db")


def save_request(user_id, city):
    conn.execute("INSERT INTO requests (user_id, city) VALUES (?, ?)", (user_id, city))
    conn.commit()


@dp.message(Command("weather"))
async def weather(message: Message):
    city = message.text.removeprefix("/weather").strip() or "Moscow"
    save_request(message.from_user.id, city)
    await message.answer(city)
"""
BOT_SPLIT = """\
from aiogram import Bot, Dispatcher

from handlers import weather

bot = Bot(token="")
dp = Dispatcher()
dp.include_router(weather.router)
"""
DB = """\
import sqlite3

conn = sqlite3.connect("bot.db")


def save_request(user_id, city):
    conn.execute("INSERT INTO requests (user_id, city) VALUES (?, ?)", (user_id, city))
    conn.commit()
"""
HANDLER = """\
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

import db

router = Router()


@router.message(Command("weather"))
async def weather(message: Message):
    city = message.text.removeprefix("/weather").strip() or "Moscow"
    db.save_request(message.from_user.id, city)
    await message.answer(city)
"""
DB_ASYNC = """\
import aiosqlite


async def save_request(user_id, city):
    async with aiosqlite.connect("bot.db") as conn:
        await conn.execute("INSERT INTO requests (user_id, city) VALUES (?, ?)", (user_id, city))
        await conn.commit()
"""


def test_handlers_split_into_modules_that_call_the_moved_helper_solve_nothing(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "bot").init()
    repo.write("bot.py", BOT)
    repo.commit("weather bot", date="2026-03-01T10:00:00+00:00")
    repo.write("bot.py", BOT_SPLIT)
    repo.write("db.py", DB)
    repo.write("handlers/__init__.py", "")
    repo.write("handlers/weather.py", HANDLER)
    split = repo.commit("refactor: split handlers into modules", date="2026-03-02T10:00:00+00:00")
    repo.write("db.py", DB_ASYNC)
    repo.write("handlers/weather.py", HANDLER.replace("    db.save", "    await db.save"))
    fix = repo.commit("switch to aiosqlite", date="2026-03-03T10:00:00+00:00")

    lessons = solved_lessons(repo, tmp_path)

    assert split not in {lesson.commit for lesson in lessons}
    assert {lesson.rule for lesson in lessons if lesson.commit == fix} >= {"MB101", "MB111"}


ADMIN = """\
import sqlite3


def delete_post(post_id):
    conn = sqlite3.connect("blog.db")
    conn.execute("DELETE FROM posts WHERE id = {}".format(post_id))
    conn.commit()
"""


def test_a_fix_that_adds_another_formatted_query_elsewhere_still_fixed_its_own(
    tmp_path: Path,
) -> None:
    """A new module's query of the same shape but another text is no moved line: the fix of
    the search query is still credited (and the new one is open)."""
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("app.py", SEARCH_ROUTE)
    repo.commit("search page", date="2026-03-01T10:00:00+00:00")
    repo.write(
        "app.py",
        SEARCH_ROUTE.replace(
            """"SELECT id FROM posts WHERE title LIKE '%{}%'".format(q)""",
            """"SELECT id FROM posts WHERE title LIKE ?", (f"%{q}%",)""",
        ),
    )
    repo.write("admin.py", ADMIN)
    fix = repo.commit(
        "fix: bind the search term; add post deletion", date="2026-03-02T10:00:00+00:00"
    )

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (fix, "MB108", "app.py")
    ]
