"""A fix is judged among the modules its files imported at the time: a helper renamed later
does not hide the blocking calls the fix took off the event loop."""

from __future__ import annotations

from pathlib import Path

from mentorbot.lesson_context import imported_modules
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

DB_CONNECT = """\
import os

import mysql.connector


def get_db_connection():
    return mysql.connector.connect(host=os.environ["DB_HOST"], database="trips")
"""
ATTRACTIONS = """\
from fastapi import FastAPI

from db_connect import get_db_connection

app = FastAPI()


@app.get("/api/attractions")
async def get_attractions(page: int = 0):
    db = get_db_connection()
    cursor = db.cursor(dictionary=True)
    cursor.execute("SELECT * FROM attractions LIMIT 12 OFFSET %s", (page * 12,))
    rows = cursor.fetchall()
    db.close()
    return {"data": rows}
"""


def test_a_fix_is_credited_with_its_rule_though_the_helper_was_renamed_later(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "trips").init()
    repo.write("db_connect.py", DB_CONNECT)
    repo.write("app.py", ATTRACTIONS)
    repo.commit("feat: attractions api", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", ATTRACTIONS.replace("async def", "def"))
    fix = repo.commit("fix: blocking db calls in attractions api", date="2026-03-02T10:00:00+00:00")
    for path, text in (("db_connect.py", DB_CONNECT), ("app.py", ATTRACTIONS)):
        repo.write(
            path, text.replace("async def", "def").replace("get_db_connection", "connect_db")
        )
    repo.commit("refactor: rename get_db_connection", date="2026-03-03T10:00:00+00:00")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.path) == (fix, "MB101", "app.py")
    assert lesson.occurrences == 2
    assert "get_db_connection" in lesson.before


def test_imports_name_their_modules_and_what_may_be_submodules() -> None:
    text = (
        "import os, app.db as database\n"
        "from .models import (User,\n    Item)\n"
        "from .. import config\n"
        "from services.mail import send  # mails\n"
    )

    assert imported_modules(text, "app/api/routes.py") == {
        "os",
        "app.db",
        "app.api.models",
        "app.api.models.User",
        "app",
        "app.config",
        "services.mail",
        "services.mail.send",
    }
