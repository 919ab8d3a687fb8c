"""A fix is solved only if the rules stop seeing its problem, not if they never saw one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mining import solved_lessons
from tests.unit.analysis._helpers import _fixed, _repo

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


CATEGORY_CRUD = """\
from sqlalchemy.orm import Session

from app.models import Category


def udate_category(db: Session, category_id: int, name: str) -> Category:
    category = db.get(Category, category_id)
    category.name = name
    db.commit()
    return category
"""
CATEGORY_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.crud import udate_category
from app.database import get_db

router = APIRouter()


@router.put("/categories/{category_id}")
def rename_category(category_id: int, name: str, db: Session = Depends(get_db)) -> dict:
    return {"name": udate_category(db, category_id, name).name}
"""


def test_a_typo_fixed_in_a_function_name_and_its_callers_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    """``fix typo`` renaming ``udate_category`` everywhere was "Problem 3" of a log, with no
    rule, while a "fix typo" in a string was not (blind check history 46)."""
    repo = _repo(tmp_path)
    repo.write("app/crud.py", CATEGORY_CRUD)
    repo.write("app/routes.py", CATEGORY_ROUTES)
    repo.commit("feat: rename categories")
    repo.write("app/crud.py", CATEGORY_CRUD.replace("udate_", "update_"))
    repo.write("app/routes.py", CATEGORY_ROUTES.replace("udate_", "update_"))
    repo.commit("fix typo")
    repo.write(
        "app/crud.py",
        CATEGORY_CRUD.replace("udate_", "update_").replace("db.get", "db.query(Category).get"),
    )
    changed = repo.commit("fix typo in the category lookup")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [changed]


DASHBOARD = """\
from PyQt5 import QtWidgets

import dashboard_rc
from sensors import read_temperature


class Dashboard(QtWidgets.QMainWindow):
    def refresh(self) -> None:
        self.setStyleSheet("QLabel#status { image: url(:/green); }")
        self.statusBar().showMessage(f"{read_temperature():.1f} C")
"""


def test_a_fix_of_an_unused_import_ruff_never_saw_is_no_solved_problem(tmp_path: Path) -> None:
    """ "fix: remove unused import dashboard_rc" deleted the Qt resource module the style sheet's
    icons come from: no linter called it unused, and the log credited the breakage as a fix
    (blind check u1)."""
    repo = _repo(tmp_path)
    repo.write("windows/dashboard.py", DASHBOARD)
    repo.commit("feat: dashboard")
    repo.write("windows/dashboard.py", DASHBOARD.replace("import dashboard_rc\n", ""))
    repo.commit("fix: remove unused import dashboard_rc")

    assert solved_lessons(repo, tmp_path) == []


DOUBAN = """\
import json

import requests


def download_html(url: str) -> str:
    r = requests.get(url, timeout=10)
    r.raise_for_status()
    r.encodeing = "utf-8"  # 防止中文乱码
    return r.text


def save(titles: list[str]) -> str:
    return json.dumps(titles, ensure_ascci=False)
"""


@pytest.mark.parametrize(
    ("typo", "fixed", "message"),
    [
        ('r.encodeing = "utf-8"', 'r.encoding = "utf-8"', "fix typo: encodeing -> encoding"),
        ('r.encodeing = "utf-8"', 'r.encoding = "utf-8"', "修正拼写错误：encodeing"),
        ("ensure_ascci=False", "ensure_ascii=False", "fix typo in save"),
    ],
)
def test_a_typo_fixed_in_a_name_the_project_only_uses_is_a_solved_problem(
    tmp_path: Path, typo: str, fixed: str, message: str
) -> None:
    """``r.encodeing = "utf-8"`` set a new attribute on the requests ``Response``, so the page
    was never decoded as UTF-8: the "typo" fixed garbled Chinese text (blind check c1). So does
    a keyword respelled in a library's call; each is shown before and after."""
    before = DOUBAN if typo.startswith("r.") else DOUBAN.replace("encodeing", "encoding")
    after = before.replace(typo, fixed)
    repo, sha = _fixed(tmp_path, {"crawler/douban.py": before}, "crawler/douban.py", after, message)

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.category) for lesson in lessons] == [(sha, "other")]
    assert typo in (lessons[0].before or "")
    assert fixed in (lessons[0].after or "")


PLAYER = """\
class Player:
    def __init__(self, nmae: str) -> None:
        self.nmae = nmae

    def greet(self) -> str:
        return "hi " + self.nmae
"""


def test_a_typo_fixed_in_an_attribute_the_project_sets_everywhere_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    """Respelling the project's own attribute wherever it stands changes no behaviour."""
    repo, _ = _fixed(
        tmp_path,
        {"game/player.py": PLAYER},
        "game/player.py",
        PLAYER.replace("nmae", "name"),
        "fix typo",
    )

    assert solved_lessons(repo, tmp_path) == []
