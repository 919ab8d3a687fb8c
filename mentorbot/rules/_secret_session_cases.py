"""MB107's cases of a site's login cookie kept to fetch pages as the learner: Advent of Code's
``session`` cookie in a downloader, in a committed ``secrets.json``, in a request's cookies
or its ``Cookie`` header (blind check x1); and the database sessions, session settings and
short values that hold none."""

from __future__ import annotations

from mentorbot.rules.base import Case

SESSION_COOKIE = (
    "53616c7465645f5f9c1e7b2a4d8f0e3b6a5c9d2e1f4b7a0c3e6d9f2a5b8c1e4d"
    "7a0b3c6e9f2d5a8b1c4e7f0a3d6b9c2e5f8a1b4d7c0e3f6a9b2d5c8e1f4a7b0c"
)
"""An Advent of Code session cookie's shape (128 hex digits), made up."""

FETCH_INPUT = f"""\
import sys

import requests

SESSION = "{SESSION_COOKIE}"

day = int(sys.argv[1])
url = f"https://adventofcode.com/2021/day/{{day}}/input"
response = requests.get(url, cookies={{"session": SESSION}}, timeout=30)
"""
SECRETS_JSON = f'{{\n  "session": "{SESSION_COOKIE}"\n}}\n'
INLINE_COOKIES = f"""\
import requests


def puzzle_input(day: int) -> str:
    url = f"https://adventofcode.com/2022/day/{{day}}/input"
    cookies = {{"session": "{SESSION_COOKIE}"}}
    return requests.get(url, cookies=cookies, timeout=30).text


def puzzle_page(day: int) -> str:
    url = f"https://adventofcode.com/2022/day/{{day}}"
    headers = {{"Cookie": "session={SESSION_COOKIE}"}}
    return requests.get(url, headers=headers, timeout=30).text
"""
GOOD_SESSIONS = """\
from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

app = Flask(__name__)
app.config["SESSION_TYPE"] = "filesystem"
SESSION_COOKIE_NAME = "aoc_session"
session = "abc123"
SessionLocal = sessionmaker()


def load(user_id: int) -> None:
    session = Session()
    session.get("users", user_id)
"""

BAD = (
    Case(
        files={"fetch_input.py": FETCH_INPUT, "secrets.json": SECRETS_JSON},
        hits=(("fetch_input.py", 5), ("secrets.json", 2)),
        note="a session cookie in a downloader and in a committed secrets.json",
    ),
    Case(
        files={"aoc.py": INLINE_COOKIES},
        hits=(("aoc.py", 6), ("aoc.py", 12)),
        note="a session cookie in a request's cookies and in its Cookie header",
    ),
)
GOOD = (
    Case(
        files={"app/db.py": GOOD_SESSIONS},
        note="database sessions, session settings and a short value are no login cookie",
    ),
)
