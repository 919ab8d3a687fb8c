"""A "fix" that only renames what the project defines (a function and its callers in every
module, a method and its parameters) solved no problem (blind check h2: "fix naming",
"fix: rename retriever search() to retrieve()"), nor does one that only writes an augmented
assignment out (blind check t2); a change of what the code calls still does."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

DB = """\
import sqlite3

from flask import current_app, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


def latest_posts(limit=20):
    return get_db().execute("SELECT * FROM post ORDER BY created DESC LIMIT ?", (limit,)).fetchall()


def init_db():
    db = get_db()
    with current_app.open_resource("schema.sql") as f:
        db.executescript(f.read().decode("utf8"))
"""
POSTS = """\
from flask import Blueprint

from blog.db import get_db

bp = Blueprint("posts", __name__)


@bp.route("/posts/<int:post_id>")
def view(post_id):
    db = get_db()
    post = db.execute("SELECT * FROM post WHERE id = ?", (post_id,)).fetchone()
    return dict(post) if post else ({}, 404)
"""
RETRIEVER = """\
def tokenize(text: str) -> list[str]:
    return text.lower().split()


class Index:
    def __init__(self, documents: dict[str, str]) -> None:
        self.documents = documents

    def search(self, q: str, k: int = 4) -> list[str]:
        terms = set(tokenize(q))
        scored = sorted(
            self.documents,
            key=lambda name: -len(terms & set(tokenize(self.documents[name]))),
        )
        return scored[:k]


index = Index({})


def search(q: str, k: int = 4) -> list[str]:
    return index.search(q, k)
"""
CHAT = """\
from pydantic import BaseModel

from app.retriever import search


class ChatRequest(BaseModel):
    question: str
    top_k: int = 4


def answer(req: ChatRequest) -> list[str]:
    hits = search(req.question, k=req.top_k)
    return hits
"""


def _renamed_retriever() -> tuple[str, str]:
    retriever = (
        RETRIEVER.replace(
            "def search(self, q: str, k: int", "def retrieve(self, query: str, top_k: int"
        )
        .replace("def search(q: str, k: int", "def retrieve(query: str, top_k: int")
        .replace("tokenize(q)", "tokenize(query)")
        .replace("scored[:k]", "scored[:top_k]")
        .replace("index.search(q, k)", "index.retrieve(query, top_k)")
    )
    chat = CHAT.replace("import search", "import retrieve").replace(
        "search(req.question, k=req.top_k)", "retrieve(req.question, top_k=req.top_k)"
    )
    return retriever, chat


def test_a_function_renamed_in_every_module_is_no_solved_problem(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("blog/db.py", DB)
    repo.write("blog/posts.py", POSTS)
    repo.commit("blog posts", date="2026-03-01T10:00:00+00:00")
    repo.write("blog/db.py", DB.replace("get_db", "get_conn"))
    repo.write("blog/posts.py", POSTS.replace("get_db", "get_conn"))
    repo.commit("fix naming", date="2026-03-02T10:00:00+00:00")

    assert solved_lessons(repo, tmp_path) == []


def test_a_method_renamed_with_its_parameters_is_no_solved_problem(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "rag").init()
    repo.write("app/retriever.py", RETRIEVER)
    repo.write("app/chat.py", CHAT)
    repo.commit("retrieval", date="2026-03-01T10:00:00+00:00")
    retriever, chat = _renamed_retriever()
    repo.write("app/retriever.py", retriever)
    repo.write("app/chat.py", chat)
    repo.commit("fix: rename retriever search() to retrieve()", date="2026-03-02T10:00:00+00:00")

    assert solved_lessons(repo, tmp_path) == []


def test_calling_another_function_is_still_a_fix(tmp_path: Path) -> None:
    """Only names the changed files define are renamed: a call that now reaches another of the
    project's functions, or another builtin (``len`` made ``sum``), changes the program."""
    repo = GitRepo(tmp_path / "rag").init()
    chat = CHAT.replace("import search", "import search, tokenize")
    repo.write("app/retriever.py", RETRIEVER)
    repo.write("app/chat.py", chat)
    repo.commit("retrieval", date="2026-03-01T10:00:00+00:00")
    repo.write("app/chat.py", chat.replace("hits = search(", "hits = tokenize("))
    first = repo.commit("fix: answer with the question's words", date="2026-03-02T10:00:00+00:00")
    repo.write("app/retriever.py", RETRIEVER.replace("-len(terms", "-sum(terms"))
    second = repo.commit("fix: score documents by shared words", date="2026-03-03T10:00:00+00:00")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [second, first]


LEVELS = """\
def get_level(xp):
    level = 0
    while xp >= (level + 1) ** 2 * 100:
        level *= 1
    return level
"""


def test_an_augmented_assignment_written_out_is_no_solved_problem(tmp_path: Path) -> None:
    """``level *= 1`` made ``level = level * 1``, with redundant parentheses, is the same
    loop that never ends: "fix: xp level calculation" solved nothing (blind check t2)."""
    repo = GitRepo(tmp_path / "xp").init()
    repo.write("commands/xp.py", LEVELS)
    repo.commit("xp levels", date="2026-03-01T10:00:00+00:00")
    repo.write("commands/xp.py", LEVELS.replace("level *= 1", "level = (level * 1)"))
    repo.commit("fix: xp level calculation", date="2026-03-02T10:00:00+00:00")

    assert solved_lessons(repo, tmp_path) == []


def test_an_augmented_assignment_written_out_with_another_value_is_still_a_fix(
    tmp_path: Path,
) -> None:
    """Written out with another operand (``level *= 2`` -> ``level = level * 3``), the
    program changed, and so did the next fix."""
    repo = GitRepo(tmp_path / "xp").init()
    doubling = LEVELS.replace("level *= 1", "level *= 2")
    repo.write("commands/xp.py", doubling)
    repo.commit("xp levels", date="2026-03-01T10:00:00+00:00")
    repo.write("commands/xp.py", doubling.replace("level *= 2", "level = level * 3"))
    first = repo.commit("fix: xp level calculation", date="2026-03-02T10:00:00+00:00")
    repo.write("commands/xp.py", LEVELS.replace("level *= 1", "level = level + 1"))
    second = repo.commit("fix: xp levels go up", date="2026-03-03T10:00:00+00:00")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [second, first]
