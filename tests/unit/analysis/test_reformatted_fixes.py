"""A fix commit that also runs a formatter over the file: the lines it only re-quoted or
re-spaced keep their problems, so the lesson shows the line the fix really changed (blind check
history 41, where black's re-quoting made a still-open sqlite call the "fixed" excerpt)."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

BOT = """\
import sqlite3

import requests
from aiogram import Router, types

router = Router()
conn = sqlite3.connect('user.db')


@router.message()
async def register(message: types.Message) -> None:
    conn.execute('INSERT INTO users (id) VALUES (?)', (message.from_user.id,))
    await message.answer('ok')


@router.message()
async def rates(message: types.Message) -> None:
    answer = requests.get('https://rates.example.com/latest', timeout=10).json()
    await message.answer(str(answer['usd']))
"""
FIXED = """\
import sqlite3

import httpx
from aiogram import Router, types

router = Router()
conn = sqlite3.connect("user.db")


@router.message()
async def register(message: types.Message) -> None:
    conn.execute("INSERT INTO users (id) VALUES (?)", (message.from_user.id,))
    await message.answer("ok")


@router.message()
async def rates(message: types.Message) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        answer = (await client.get("https://rates.example.com/latest")).json()
    await message.answer(str(answer["usd"]))
"""


def test_a_line_the_formatter_only_requoted_is_not_the_fix(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "bot").init()
    repo.write("requirements.txt", "aiogram==3.13.1\nrequests==2.32.3\n")
    repo.write("bot.py", BOT)
    repo.commit("feat: rates")
    repo.write("requirements.txt", "aiogram==3.13.1\nhttpx==0.27.2\n")
    repo.write("bot.py", FIXED)
    sha = repo.commit("fix: rates no longer block the bot; black")

    [lesson] = [found for found in solved_lessons(repo, tmp_path) if found.rule == "MB101"]

    assert lesson.commit == sha
    assert lesson.occurrences == 1
    assert "requests.get" in lesson.before
    assert "conn.execute" not in lesson.before
