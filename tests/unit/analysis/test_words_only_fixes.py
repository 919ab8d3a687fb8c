"""A commit that says "fix" but changed only prose, comments, docstrings or layout solved no
problem in the code: "fix typo in README" is not a lesson of the learning log."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

PAGES = '''\
"""Paging of list endpoints."""

DEFAULT_PAGE_SIZE = 20


def page_bounds(page: int, size: int = DEFAULT_PAGE_SIZE) -> tuple[int, int]:
    """First and last index of a page (pages start at 1)."""
    start = (page - 1) * size
    return start, start + size
'''


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("README.md", "# Shop API\n\nRun it with uvicron.\n")
    repo.write("app/__init__.py", "")
    repo.write("app/pages.py", PAGES)
    repo.commit("feat: paging helpers")
    return repo


def _fixed(
    tmp_path: Path, files: dict[str, str], path: str, after: str, message: str
) -> tuple[GitRepo, str]:
    """The repo with ``files`` added by a feature commit, then ``path`` rewritten to ``after`` by a
    commit with ``message``; the repo and that commit's sha."""
    repo = _repo(tmp_path)
    for name, text in files.items():
        repo.write(name, text)
    repo.commit("feat: add the feature")
    repo.write(path, after)
    return repo, repo.commit(message)


def test_fixes_of_words_and_layout_are_not_solved_problems(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("README.md", "# Shop API\n\nRun it with uvicorn.\n")
    repo.commit("fix typo in README")
    commented = PAGES.replace(
        '"""First and last index of a page (pages start at 1)."""',
        '"""First index and the index past the last of a page; pages start at 1."""',
    ).replace(
        "    start = (page - 1) * size\n",
        "    # pages are 1-based\n    start = (page - 1) * size\n",
    )
    repo.write("app/pages.py", commented)
    repo.commit("fix: 修正注释")
    repo.write("app/pages.py", commented.replace("(page - 1) * size", "(page-1)*size"))
    repo.commit("fix: formatting")

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_that_changes_the_code_is_still_a_solved_problem(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("README.md", "# Shop API\n\nRun it with uvicorn.\n")
    repo.write("app/pages.py", PAGES.replace("(page - 1) * size", "max(page - 1, 0) * size"))
    sha = repo.commit("fix: page 0 returned a negative start index")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.commit == sha
    assert lesson.path == "app/pages.py"
    assert "max(page - 1, 0)" in lesson.after


EXPORT = """\
import json

from fastapi import APIRouter

router = APIRouter()


@router.post("/export")
async def export_posts(posts: list[dict]) -> dict:
    with open("export/posts.json", "w") as target:
        json.dump(posts, target)
    return {"exported": len(posts)}


def page_error(page: int) -> str:
    return f"Unsupported pgae {page}"
"""


def test_a_fix_the_rules_still_see_or_a_typo_in_a_string_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.write("app/export.py", EXPORT)
    repo.commit("feat: export posts")
    encoded = EXPORT.replace(
        'open("export/posts.json", "w")', 'open("export/posts.json", "w", encoding="utf-8")'
    )
    repo.write("app/export.py", encoded)
    repo.commit("fix: blocking file write in export")
    repo.write("app/export.py", encoded.replace("Unsupported pgae", "Unsupported page"))
    repo.commit("fix typo")

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_the_rules_see_go_away_is_a_solved_problem(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("app/export.py", EXPORT)
    repo.commit("feat: export posts")
    threaded = EXPORT.replace(
        '    with open("export/posts.json", "w") as target:\n        json.dump(posts, target)\n',
        '    await asyncio.to_thread(Path("export/posts.json").write_text, json.dumps(posts))\n',
    ).replace("import json\n", "import asyncio\nimport json\nfrom pathlib import Path\n")
    repo.write("app/export.py", threaded)
    sha = repo.commit("fix: blocking file write in export")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.commit == sha
    assert lesson.category == "blocking-call-in-async"


TODOS = """\
from fastapi import HTTPException

from app.db import cursor


def add_todo(title: str) -> dict:
    try:
        cursor.execute("INSERT INTO todo (title) VALUES (%s) RETURNING id", (title,))
        return cursor.fetchone()
    except Exception:
        raise HTTPException(status_code=500, detail="Server error")
"""


def test_a_fix_that_only_rewords_the_error_a_broad_handler_hides_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.write("app/db.py", "cursor = None\n")
    repo.write("app/todos.py", TODOS)
    repo.commit("feat: add todos")
    repo.write("app/todos.py", TODOS.replace('"Server error"', '"Could not add the todo"'))
    repo.commit("fix: handle errors in add todo service")

    assert solved_lessons(repo, tmp_path) == []


CREATE_USER = """\
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.db import cursor

router = APIRouter()


@router.post("/users")
def create_user(name: str):
    try:
        cursor.execute("INSERT INTO users (name) VALUES (%s)", (name,))
    except Exception as error:
        return JSONResponse(status_code=500, content={"error": str(error)})
    return {"ok": True}
"""


def test_a_fix_of_error_handling_that_only_rewords_an_answer_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo, _ = _fixed(
        tmp_path,
        {"app/db.py": "cursor = None\n", "app/users.py": CREATE_USER},
        "app/users.py",
        CREATE_USER.replace('{"error": str(error)}', '{"detail": str(error)}'),
        "fix: handle db error in create_user",
    )

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_of_error_handling_that_drops_the_cause_from_the_answer_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo, _ = _fixed(
        tmp_path,
        {"app/db.py": "cursor = None\n", "app/users.py": CREATE_USER},
        "app/users.py",
        CREATE_USER.replace('{"error": str(error)}', '{"error": "Internal server error"}'),
        "fix: handle db error in create_user",
    )

    assert solved_lessons(repo, tmp_path) == []


USERS_QUERY = """\
import sqlite3

from fastapi import APIRouter

router = APIRouter()
SQL = "SELECT username FROM users WHERE user_id = ?"


@router.get("/users/{user_id}")
def read_user(user_id: int) -> dict:
    con = sqlite3.connect("app.db")
    row = con.execute(SQL, [user_id]).fetchone()
    return {"username": row[0]}
"""


def test_a_fix_of_sql_injection_where_every_query_was_bound_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo, _ = _fixed(
        tmp_path,
        {"app/users.py": USERS_QUERY},
        "app/users.py",
        USERS_QUERY.replace("[user_id]", "(user_id,)"),
        "fix sql injection in users.py",
    )

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_of_sql_injection_in_a_query_built_elsewhere_keeps_its_lesson(
    tmp_path: Path,
) -> None:
    built = USERS_QUERY.replace("con.execute(SQL, [user_id])", "con.execute(query_for(user_id))")
    repo, sha = _fixed(
        tmp_path,
        {"app/users.py": built},
        "app/users.py",
        USERS_QUERY,
        "fix sql injection in users.py",
    )

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [sha]


VECTORS = """\
from langchain_chroma import Chroma
import os


def store(directory: str) -> Chroma:
    return Chroma(persist_directory=directory)
"""
BLOG = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Blog

router = APIRouter()


@router.post("/blogs")
def create_blog(title: str, db: Session = Depends(get_db)):
    blog = Blog(title=title)
    db.add(blog)
    db.commit()
    return blog
"""

BLOG_MODEL = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Blog(Base):
    __tablename__ = "blogs"
    id = Column(Integer, primary_key=True)
    title = Column(String)
"""


def test_a_fix_of_an_unused_import_or_a_returned_row_that_stays_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    """ "fix: unused import in vectordb" only swapped two import lines, and "fix: blog create
    returns plain data" renamed a variable: both were listed as fixed, and still reported."""
    repo = _repo(tmp_path)
    repo.write("app/vectordb.py", VECTORS)
    repo.write("app/blogs.py", BLOG)
    repo.write("app/models.py", BLOG_MODEL)
    repo.commit("feat: vectors and blogs")
    repo.write(
        "app/vectordb.py",
        VECTORS.replace(
            "from langchain_chroma import Chroma\nimport os\n",
            "import os\nfrom langchain_chroma import Chroma\n",
        ),
    )
    repo.commit("fix: unused import in vectordb")
    repo.write("app/blogs.py", BLOG.replace("blog", "new_blog").replace("/new_blogs", "/blogs"))
    repo.commit("fix: blog create returns plain data")
    # "unused os import" names the problem too (blind check history 12: a moved import).
    repo.write(
        "app/vectordb.py",
        VECTORS.replace("import os\n", "").replace(
            "from langchain_chroma import Chroma\n",
            "from langchain_chroma import Chroma\nimport os\n",
        ),
    )
    repo.commit("fix: remove unused os import in vectordb")

    assert solved_lessons(repo, tmp_path) == []


SUMMARY = """\
import requests
from fastapi import APIRouter

router = APIRouter()


@router.get("/summary")
async def summary(url: str) -> dict:
    page = requests.get(url, timeout=10)
    return {"length": len(page.text)}


def status_text(code: int) -> str:
    return "ok" if code == 200 else "failed"
"""


def test_a_vague_fix_that_leaves_its_changed_line_flagged_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    """ "fix: summary endpoint timeout" changed the timeout of a blocking requests.get in an
    async route, which the rules flag as before; a fix of a line they do not flag stays."""
    repo = _repo(tmp_path)
    repo.write("app/summary.py", SUMMARY)
    repo.commit("feat: summaries")
    repo.write("app/summary.py", SUMMARY.replace("timeout=10", "timeout=5"))
    repo.commit("fix: summary endpoint timeout")
    repo.write("app/summary.py", SUMMARY.replace("timeout=10", "timeout=5").replace("200", "201"))
    sha = repo.commit("fix: status text of a created page")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [sha]


ROLES = """\
import logging

from sqlalchemy.exc import IntegrityError

log = logging.getLogger(__name__)


def ensure_role(session, role):
    try:
        session.add(role)
        session.commit()
    except IntegrityError as e:
        session.rollback()
        log.warning("role %s exists: %s", role, e)
"""


def test_renaming_a_variable_throughout_is_no_fix(tmp_path: Path) -> None:
    """ "fix: handle duplicate role errors" that only renamed ``e`` to ``err`` handles no error
    differently (blind check history 11 credited it as a solved broad-except problem)."""
    renamed = ROLES.replace("as e:", "as err:").replace("role, e)", "role, err)")
    repo, _ = _fixed(
        tmp_path,
        {"app/roles.py": ROLES},
        "app/roles.py",
        renamed,
        "fix: handle duplicate role errors",
    )

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_that_swaps_which_function_is_called_is_still_a_fix(tmp_path: Path) -> None:
    """Only the names the file binds are taken for words: ``log.warning`` -> ``log.error``
    changes an attribute, and a builtin called instead of another changes the program."""
    fixed = ROLES.replace(
        "    except IntegrityError as e:\n", "    except IntegrityError as err:\n"
    )
    fixed = fixed.replace(
        'log.warning("role %s exists: %s", role, e)',
        'log.error("role %s exists: %s", role, str(err))',
    )
    repo, sha = _fixed(
        tmp_path,
        {"app/roles.py": ROLES},
        "app/roles.py",
        fixed,
        "fix: handle duplicate role errors",
    )

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [sha]
