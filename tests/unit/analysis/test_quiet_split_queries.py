"""Quiet commits ("更新 app.py") that rewrote a query split over several string literals: its
``select`` on one line, its ``% (word,)`` on another (blind check c2)."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

BOOKS = """\
import sqlite3
from flask import Flask, request, render_template

app = Flask(__name__)
conn = sqlite3.connect("books.db", check_same_thread=False)
cursor = conn.cursor()


def sql_select(sql):
    cursor.execute(sql)
    return cursor.fetchall()


@app.route("/search", methods=["POST"])
def search():
    word = request.form["word"]
    lists = sql_select("select * "
                       "from book "
                       "where title like '%%%s%%' "
                       % (word, ))
    return render_template("index.html", lists=lists)


@app.route("/type/<name>")
def by_type(name):
    lists = sql_select("select * "
                       "from book "
                       "where type_name='%s' "
                       % (name, ))
    return render_template("index.html", lists=lists)
"""
SPLIT_SEARCH = """\
    lists = sql_select("select * "
                       "from book "
                       "where title like '%%%s%%' "
                       % (word, ))
"""
BOUND_SEARCH = """\
    cursor.execute("select * from book where title like ?", ("%" + word + "%",))
    lists = cursor.fetchall()
"""
LATER = "2026-01-06T10:00:00+00:00"


def _books(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "books").init()
    repo.write("app.py", BOOKS)
    repo.write("requirements.txt", "flask==3.0.0\n")
    repo.commit("图书管理系统初版")
    return repo


def test_an_update_that_bound_a_split_query_solved_it_beside_one_still_open(
    tmp_path: Path,
) -> None:
    repo = _books(tmp_path)
    repo.write("app.py", BOOKS.replace(SPLIT_SEARCH, BOUND_SEARCH))
    sha = repo.commit("更新 app.py", date=LATER)

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, "MB108", "app.py")
    ]
    assert "where title like '%%%s%%'" in lessons[0].before
    assert 'title like ?", ("%" + word + "%",)' in lessons[0].after


def test_an_update_that_reformatted_a_split_query_solved_nothing(tmp_path: Path) -> None:
    repo = _books(tmp_path)
    reformatted = """\
    lists = sql_select("select * "
                       "from book "
                       "where title like '%{}%' ".format(word))
"""
    repo.write("app.py", BOOKS.replace(SPLIT_SEARCH, reformatted))
    repo.commit("更新 app.py", date=LATER)

    assert solved_lessons(repo, tmp_path) == []


def test_an_update_that_moved_a_split_query_to_another_module_solved_nothing(
    tmp_path: Path,
) -> None:
    repo = _books(tmp_path)
    moved = """\
    lists = search_books(word)
"""
    repo.write(
        "app.py",
        BOOKS.replace(SPLIT_SEARCH, moved).replace(
            "from flask import", "from books import search_books\nfrom flask import"
        ),
    )
    repo.write(
        "books.py",
        "from app import sql_select\n\n\ndef search_books(word):\n    return sql_select("
        '"select * "\n                      "from book "\n'
        "                      \"where title like '%%%s%%' \"\n"
        "                      % (word, ))\n",
    )
    repo.commit("更新", date=LATER)

    assert solved_lessons(repo, tmp_path) == []
