"""When an open problem began: the commit that wrote its line or made it a problem."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Lesson
from mentorbot.lessons import LessonMiner
from mentorbot.lessons_open import open_lessons
from mentorbot.open_snippets import expression_end, whole_expressions
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo
from tests.unit.analysis._helpers import REPORTS


def _open_problem(repo: GitRepo, tmp_path: Path, rule: str = "MB101") -> Lesson:
    """The open problem of ``rule`` in a review of ``repo``, dated."""
    cache = AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=None, cache=cache)
    miner = LessonMiner(Path(scan.root), scan, cache)
    [lesson] = [x for x in miner.dated(open_lessons(scan.findings)) if x.rule == rule]
    return lesson


def test_an_open_problem_is_dated_by_the_commit_that_wrote_its_line(tmp_path: Path) -> None:
    """Open problems said only "first at app.py:13"; a learner asked since when. A later rename
    of the helper did not write the problem."""
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", REPORTS)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", REPORTS.replace("fetch_report", "load_report"))
    repo.commit("refactor: rename fetch_report", date="2026-03-02T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path)
    assert (lesson.status, lesson.path, lesson.line) == ("open", "app.py", 13)
    assert lesson.introduced_in == first

    # Changed on disk since HEAD: its lines are not HEAD's, so no commit is named.
    repo.write("app.py", "import os\n" + REPORTS.replace("fetch_report", "load_report"))
    assert _open_problem(repo, tmp_path / "again").introduced_in is None


ADMIN = """\
import requests
from fastapi import APIRouter

router = APIRouter()


@router.get("/admin/report")
async def admin_report(url: str) -> dict:
    return requests.get(url, timeout=10).json()
"""


def test_an_open_group_is_dated_and_shown_by_its_place_written_first(tmp_path: Path) -> None:
    """A learner's blocking calls sat in ``app.py`` from the first commit; a later admin router
    added one more. The group was shown at ``admin.py`` (first by path) and dated by the admin
    commit: "first at admin.py, written in <the admin commit>" while the problem was older."""
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", REPORTS)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("admin.py", ADMIN)
    repo.commit("feat: admin report", date="2026-03-05T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path)
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("app.py", 13, first)
    assert lesson.evidence[0].path == "app.py"
    assert "admin.py" in {evidence.path for evidence in lesson.evidence}


SCHEMAS = """\
from pydantic import BaseModel


class TodoOut(BaseModel):
    id: int
    title: str

    class Config:
        orm_mode = True
"""


def test_pydantic_v1_code_became_a_problem_when_the_project_moved_to_pydantic_2(
    tmp_path: Path,
) -> None:
    """``class Config: orm_mode`` was right while pydantic 1 was pinned; the log dated it by the
    commit that wrote it, 439 days before the upgrade that made it v1 code in a v2 project."""
    repo = GitRepo(tmp_path / "todos").init()
    repo.write("requirements.txt", "fastapi==0.75.2\npydantic==1.9.0\n")
    repo.write("app/schemas.py", SCHEMAS)
    repo.commit("feat: todo schemas", date="2024-03-01T10:00:00+00:00")
    repo.write("README.md", "# Todos\n")
    repo.commit("docs: readme", date="2024-04-01T10:00:00+00:00")
    repo.write("requirements.txt", "fastapi==0.110.0\npydantic==2.6.0\n")
    upgrade = repo.commit("update requirements", date="2025-05-01T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB104")
    assert (lesson.path, lesson.introduced_in) == ("app/schemas.py", upgrade)


DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

DATABASE_URL = "sqlite:///./todos.db"
engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
"""
DATABASE_ON_POSTGRES = """\
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

# DATABASE_URL = "sqlite:///./todos.db"
# engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})

DATABASE_URL = os.getenv("DB_URL")
engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(bind=engine)
"""
TODO_ROUTES = """\
from fastapi import FastAPI

from database import SessionLocal
from models import Todo

app = FastAPI()


@app.get("/todos")
async def list_todos() -> list[dict]:
    with SessionLocal() as db:
        return [{"title": todo.title} for todo in db.query(Todo).all()]
"""
TODO_MODELS = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Todo(Base):
    __tablename__ = "todos"
    id = Column(Integer, primary_key=True)
    title = Column(String)
"""


def test_an_engine_line_kept_as_a_comment_above_its_new_version_is_no_new_problem(
    tmp_path: Path,
) -> None:
    """A learner moved from sqlite to PostgreSQL by commenting the old engine out and writing a
    new one: the sync engine behind async routes was dated by that move, though it had been
    there from the first commit."""
    repo = GitRepo(tmp_path / "todos").init()
    repo.write("database.py", DATABASE)
    repo.write("main.py", TODO_ROUTES)
    repo.write("models.py", TODO_MODELS)
    first = repo.commit("primer commit", date="2025-01-10T10:00:00+00:00")
    repo.write("database.py", DATABASE_ON_POSTGRES)
    repo.commit("conexion con postgres", date="2025-01-20T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB111")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("database.py", 10, first)


def test_a_sync_engine_became_a_problem_with_the_first_async_route(tmp_path: Path) -> None:
    """The sync engine was dated by a commit whose routes were all sync, walked back past an
    edit of its line; it became a problem when the routes went async (blind checks history 22
    and 25)."""
    repo = GitRepo(tmp_path / "todos").init()
    repo.write("database.py", DATABASE)
    repo.write("main.py", TODO_ROUTES.replace("async def", "def"))
    repo.write("models.py", TODO_MODELS)
    repo.commit("primer commit", date="2025-01-10T10:00:00+00:00")
    repo.write("database.py", DATABASE_ON_POSTGRES)
    repo.commit("conexion con postgres", date="2025-01-20T10:00:00+00:00")
    repo.write("main.py", TODO_ROUTES)
    went_async = repo.commit("rutas async", date="2025-01-25T10:00:00+00:00")
    repo.write("README.md", "# todos\n")
    repo.commit("readme", date="2025-01-26T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB111")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("database.py", 10, went_async)


ALEMBIC_INI = """\
[alembic]
script_location = alembic
sqlalchemy.url = postgresql://snap:Kd83-snap-pw@localhost:5432/snappost

[loggers]
keys = root
"""


def test_a_secret_line_commented_out_was_written_where_it_was_first_written(
    tmp_path: Path,
) -> None:
    """ "update alembic.ini" put a ``#`` before the URL with its password, and was named as where
    the password was written (blind check history 23)."""
    repo = GitRepo(tmp_path / "snap").init()
    repo.write("alembic.ini", ALEMBIC_INI)
    repo.write("app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
    first = repo.commit("first commit", date="2025-09-01T10:00:00+00:00")
    repo.write("alembic.ini", ALEMBIC_INI.replace("sqlalchemy.url", "# sqlalchemy.url"))
    repo.commit("update alembic.ini", date="2025-09-03T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB107")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("alembic.ini", 3, first)

    # Commented out with the comments above it rewritten: two lines for four.
    repo = GitRepo(tmp_path / "snap2").init()
    commented = "# database URL.\n# Read by env.py.\n# Any driver.\n"
    repo.write("alembic.ini", ALEMBIC_INI.replace("sqlalchemy.url", commented + "sqlalchemy.url"))
    first = repo.commit("first commit", date="2025-09-01T10:00:00+00:00")
    repo.write(
        "alembic.ini",
        ALEMBIC_INI.replace("sqlalchemy.url", "# the URL comes from .env\n# sqlalchemy.url"),
    )
    repo.commit("update alembic.ini", date="2025-09-03T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path / "again", "MB107")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("alembic.ini", 4, first)


DJANGO_SETTINGS = """\
import os

SECRET_KEY = "r4x0en8m2wkq7zb1y5tc9d6f3hjpl"
DEBUG = True
"""
PSYCOPG_MAIN = """\
import psycopg2

conn = psycopg2.connect(
    host="localhost",
    database="fastapi",
    user="postgres",
    password="admin",
)
"""


def test_a_secret_wrapped_or_commented_later_was_written_where_its_value_first_came(
    tmp_path: Path,
) -> None:
    """A key made the fallback of ``os.environ.get`` was dated by the commit that wrapped it,
    and a password commented out with its multi-line call by the commit that commented it:
    both had sat in the history since the first commit (blind checks d2, s1)."""
    repo = GitRepo(tmp_path / "todolist").init()
    repo.write("proj/settings.py", DJANGO_SETTINGS)
    first = repo.commit("first commit", date="2024-03-01T10:00:00+00:00")
    repo.write("proj/settings.py", DJANGO_SETTINGS.replace("DEBUG = True\n", "DEBUG = False\n"))
    repo.commit("turn debug off", date="2024-03-05T10:00:00+00:00")
    repo.write(
        "proj/settings.py",
        DJANGO_SETTINGS.replace(
            '"r4x0en8m2wkq7zb1y5tc9d6f3hjpl"',
            'os.environ.get("DJANGO_SECRET_KEY", "r4x0en8m2wkq7zb1y5tc9d6f3hjpl")',
        ),
    )
    repo.commit("fix: read the secret key from the environment", date="2024-03-10T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB107")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("proj/settings.py", 3, first)

    repo = GitRepo(tmp_path / "social").init()
    repo.write("main.py", PSYCOPG_MAIN)
    first = repo.commit("first commit", date="2023-04-01T10:00:00+00:00")
    commented = "".join(f"# {line}\n" for line in PSYCOPG_MAIN.splitlines()[2:])
    repo.write("main.py", "import psycopg2\n\n" + commented)
    repo.commit("stop connecting to postgres directly", date="2023-04-11T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path / "again", "MB107")
    assert (lesson.path, lesson.introduced_in) == ("main.py", first)


WIKI = """\
import sqlite3


def topic_url(cursor, name):
    query = (
        f"SELECT url FROM links "
        f"WHERE topic = 'Wikipedia: {name}'"
    )
    cursor.execute(query)
    return cursor.fetchone()


print(topic_url(sqlite3.connect("wiki.db").cursor(), input("Start: ")))
"""


def test_an_open_problem_quotes_the_whole_expression_that_begins_at_its_line(
    tmp_path: Path,
) -> None:
    """The f-string query written over two lines was quoted by its constant half, without the
    ``{name}`` that makes it an injection (blind check s1)."""
    repo = GitRepo(tmp_path / "wiki").init()
    repo.write("path_finder.py", WIKI)
    repo.commit("path finder", date="2023-05-15T10:00:00+00:00")
    cache = AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=None, cache=cache)

    [lesson] = [x for x in open_lessons(scan.findings) if x.rule == "MB108"]
    [quoted] = whole_expressions([lesson], repo.path, scan.findings)

    assert (lesson.line, lesson.before) == (6, 'f"SELECT url FROM links "')
    assert quoted.before == ('f"SELECT url FROM links "\nf"WHERE topic = \'Wikipedia: {name}\'"')


def test_a_line_that_opens_a_block_or_a_long_expression_is_quoted_alone() -> None:
    """A ``def`` or an ``if`` is quoted by its line, its body no part of the problem; so is an
    expression longer than a few lines, and one that ends on its line."""
    long_call = "run(\n" + "    1,\n" * 8 + ")\n"

    assert expression_end(WIKI, 6) == 7
    assert expression_end(WIKI, 5) == 8
    assert expression_end(WIKI, 4) is None
    assert expression_end(WIKI, 9) is None
    assert expression_end(long_call, 1) is None


OPENAI_KEY = "sk-proj-" + "q7Xk2LmP9vRt4WzB8nYc" + "T3BlbkFJ" + "h3Jd6Fs1Ga5Qe0Ku2Pw9"
"""Made up, in the shape the secret scan knows an OpenAI key by."""
CHAT_PAGE = """\
import openai
import streamlit as st

api_key = st.sidebar.text_input("OpenAI API Key", type="password", value="{key}")
"""


def test_a_key_moved_into_a_committed_secrets_file_was_written_where_it_first_came(
    tmp_path: Path,
) -> None:
    """A key moved from ``app.py`` into a committed ``.streamlit/secrets.toml`` was said to be
    written in the move, though it had been public since ``app.py`` first held it (blind
    check l1)."""
    repo = GitRepo(tmp_path / "chatbot").init()
    repo.write("app.py", CHAT_PAGE.format(key=OPENAI_KEY))
    first = repo.commit("chatbot with my key prefilled", date="2024-05-08T10:00:00+00:00")
    repo.write(".streamlit/secrets.toml", f'[general]\nOPENAI_API_KEY = "{OPENAI_KEY}"\n')
    repo.write("app.py", CHAT_PAGE.replace('"{key}"', 'st.secrets["general"]["OPENAI_API_KEY"]'))
    repo.commit("fix: move api key out of app.py", date="2024-05-09T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB107")
    assert (lesson.path, lesson.line) == (".streamlit/secrets.toml", 2)
    assert lesson.introduced_in == first


def test_a_short_password_is_dated_by_its_own_file_not_by_a_word_elsewhere(
    tmp_path: Path,
) -> None:
    """A value as short as ``admin123`` may be any file's word: only its own file's history
    dates it, not notes that used the same word earlier."""
    repo = GitRepo(tmp_path / "social").init()
    repo.write("notes.txt", "The demo account signs in with admin / admin123.\n")
    repo.commit("notes", date="2023-04-01T10:00:00+00:00")
    repo.write("main.py", PSYCOPG_MAIN.replace('"admin"', '"admin123"'))
    written = repo.commit("connect to postgres", date="2023-04-05T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB107")
    assert (lesson.path, lesson.introduced_in) == ("main.py", written)


def test_a_password_moved_into_an_ini_file_is_dated_by_its_whole_value(tmp_path: Path) -> None:
    """configparser keeps a ``#`` inside a value; cut there, the password was looked for only in
    ``config.ini`` and dated by the move (blind check s2)."""
    password = "Warehouse2024#Zq9LmTx"
    repo = GitRepo(tmp_path / "etl").init()
    repo.write("etl/db.py", f'import pymysql\n\nconn = pymysql.connect(password="{password}")\n')
    first = repo.commit("initial", date="2024-05-10T10:00:00+00:00")
    repo.write("etl/config.ini", f"[mysql]\nuser = etl\npassword = {password}\n")
    repo.write("etl/db.py", 'import pymysql\n\nconn = pymysql.connect(read_default_file="x")\n')
    repo.commit("fix: remove hardcoded db password from code", date="2024-05-16T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB107")
    assert (lesson.path, lesson.line) == ("etl/config.ini", 3)
    assert lesson.introduced_in == first
