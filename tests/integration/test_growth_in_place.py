"""A query rewritten in place with bound parameters is a fix, though the same commit wrote an
f-string query in another function: the file's count of SQL problems stayed one, and the fix
went unseen in the solved problems and in "Since the last review" (blind check history 53)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded

USERS = """\
import sqlite3

from flask import Blueprint, jsonify, request

users_api = Blueprint("users_api", __name__)


def connect():
    return sqlite3.connect("blog.db")


@users_api.route("/users", methods=["POST"])
def create_user():
    conn = connect()
    cur = conn.cursor()
    cur.execute("INSERT INTO users (username) VALUES (?)", (request.json["username"],))
    conn.commit()
    cur.execute(f"SELECT id, username FROM users WHERE id = {cur.lastrowid}")
    return jsonify(cur.fetchone())
"""
WITH_PROFILE = (
    USERS.replace(
        'cur.execute(f"SELECT id, username FROM users WHERE id = {cur.lastrowid}")',
        'cur.execute("SELECT id, username FROM users WHERE id = ?", (cur.lastrowid,))',
    )
    + """

@users_api.route("/users/<name>")
def profile(name):
    cur = connect().cursor()
    cur.execute(f"SELECT id, username FROM users WHERE username = '{name}'")
    return jsonify(cur.fetchone())
"""
)


async def test_a_query_given_parameters_is_fixed_while_another_function_gains_one(
    tmp_path: Path, review: Any, learner: str
) -> None:
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("blog/__init__.py", "")
    repo.write("blog/users.py", USERS)
    repo.commit("feat: users api", date="2026-03-02T10:00:00+00:00")
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.rule, f.line) for f in week1.findings if f.rule == "MB108"] == [("MB108", 18)]

    repo.write("blog/users.py", WITH_PROFILE)
    both = repo.commit(
        "users: profile page; params in create_user select", date="2026-03-03T10:00:00+00:00"
    )
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")
    report = week2_run["report"]

    solved = [
        (lesson.commit, lesson.rule, lesson.path)
        for lesson in report.lessons
        if lesson.status == "solved"
    ]
    assert (both, "MB108", "blog/users.py") in solved
    assert [(f.line, f.fixed_by) for f in report.fixed_findings] == [(18, both)]
    new = [f for f in report.findings if f.rule == "MB108"]
    assert [(f.line, f.status) for f in new] == [(25, "new")]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`blog/users.py`, fixed in commit `{both[:8]}`" in log
    # The week-1 plan's SQL task: its one place fixed, so done; a new one in the profile page.
    assert "(cursor.execute(sql, params)): done, and 1 new since (`blog/users.py:25`)" in log
    assert_grounded(repo.path, log)
