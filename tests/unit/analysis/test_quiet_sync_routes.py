"""A commit whose message names no problem ("test: API tests; make the user routes sync") that
turned blocking ``async def`` routes into plain ``def`` ones solved their blocking calls:
FastAPI runs a ``def`` route in a thread. The flagged lines themselves stay as they were, so
the commit is credited by the ``def`` it rewrote, and only where it became a plain ``def``;
likewise a route's decorator given a ``response_model``."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.git import Hunk
from mentorbot.lesson_defs import made_sync
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

USERS = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: Session = Depends(get_db)):
    user = db.query(User).filter(User.id == user_id).first()
    return {"name": user.name if user else None}


@router.delete("/users/{user_id}")
async def delete_user(user_id: int, db: Session = Depends(get_db)):
    db.query(User).filter(User.id == user_id).delete()
    db.commit()
    return {"deleted": user_id}
"""
DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///users.db")
SessionLocal = sessionmaker(bind=engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
"""
MODELS = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String)
"""
USERS_TEST = """\
from fastapi.testclient import TestClient

from app.main import app


def test_missing_user_has_no_name() -> None:
    assert TestClient(app).get("/users/1").json() == {"name": None}
"""


def test_routes_made_sync_under_a_quiet_message_solved_their_blocking_calls(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/users.py", USERS)
    repo.write("app/database.py", DATABASE)
    repo.write("app/models.py", MODELS)
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.36\n")
    first = repo.commit("user routes")
    repo.write("app/users.py", USERS.replace("async def ", "def "))
    repo.write("tests/test_users.py", USERS_TEST)
    sha = repo.commit("test: API tests; make the user routes sync", date="2026-01-06T10:00:00Z")

    blocking = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB101"]

    assert [(lesson.commit, lesson.occurrences) for lesson in blocking] == [(sha, 3)]
    assert blocking[0].introduced_in == first
    assert "async def read_user(" in blocking[0].before
    assert "\ndef read_user(" in "\n" + blocking[0].after


def test_only_a_def_that_lost_its_async_counts() -> None:
    before = ["@router.get('/')", "async def index(db):", "    return db.query(User).all()"]
    rewritten = [Hunk(old_start=2, old_count=1, new_start=2, new_count=1)]

    made_plain = ["@router.get('/')", "def index(db):", "    return db.query(User).all()"]
    renamed = ["@router.get('/')", "async def home(db):", "    return db.query(User).all()"]

    assert made_sync(rewritten, before, made_plain, 3)
    assert not made_sync(rewritten, before, renamed, 3)
    assert not made_sync([], before, made_plain, 3)


TASKS = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Task
from app.schemas import TaskOut

router = APIRouter()


@router.get("/tasks/{task_id}")
def read_task(task_id: int, db: Session = Depends(get_db)):
    return db.get(Task, task_id)
"""
TASK_MODEL = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Task(Base):
    __tablename__ = "tasks"
    id = Column(Integer, primary_key=True)
    title = Column(String)
"""


def test_a_quiet_commit_that_gave_the_decorator_a_response_model_solved_it(
    tmp_path: Path,
) -> None:
    """ "wip" added ``response_model=TaskOut`` to the route's decorator and left the flagged
    ``return`` as it was: MB102's fix sits on the decorator, and was not credited."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/tasks.py", TASKS)
    repo.write("app/models.py", TASK_MODEL)
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.36\n")
    repo.commit("task routes")
    given = TASKS.replace('"/tasks/{task_id}")', '"/tasks/{task_id}", response_model=TaskOut)')
    repo.write("app/tasks.py", given)
    sha = repo.commit("wip", date="2026-01-06T10:00:00Z")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB102"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(sha, "app/tasks.py")]
    assert "response_model=TaskOut" in lessons[0].after


BOOKS = """\
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def root():
    return {"app": "books"}


@app.get("/books")
async def root():
    con = sqlite3.connect("data.db")
    rows = con.execute("SELECT id, title FROM book").fetchall()
    return [{"id": row[0], "title": row[1]} for row in rows]
"""


def test_a_route_made_sync_and_renamed_under_a_quiet_message_solved_its_blocking_calls(
    tmp_path: Path,
) -> None:
    """ "update main.py" made the second of two ``async def root()`` routes ``def list_books()``:
    the blocking route was fixed as much as when its name stays (blind check g1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("main.py", BOOKS)
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.commit("books api")
    fixed = BOOKS.replace(
        '@app.get("/books")\nasync def root():', '@app.get("/books")\ndef list_books():'
    )
    repo.write("main.py", fixed)
    sha = repo.commit("update main.py", date="2026-01-06T10:00:00Z")

    solved = {lesson.rule for lesson in solved_lessons(repo, tmp_path) if lesson.commit == sha}

    assert "MB101" in solved


def test_a_def_renamed_counts_only_with_its_parameters_kept() -> None:
    before = ["@router.get('/')", "async def root(db):", "    return db.query(User).all()"]
    rewritten = [Hunk(old_start=2, old_count=1, new_start=2, new_count=1)]

    renamed = ["@router.get('/')", "def list_users(db):", "    return db.query(User).all()"]
    another = ["@router.get('/')", "def list_users(db, page):", "    return db.query(User).all()"]

    assert made_sync(rewritten, before, renamed, 3)
    assert not made_sync(rewritten, before, another, 3)


def test_a_route_made_sync_renamed_and_laid_out_anew_under_a_quiet_message_solved_it(
    tmp_path: Path,
) -> None:
    """The signature split over several lines, the file's own style, as the route became
    ``def list_users(``: the screen of the diff turned the commit away (blind check r2)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/users.py", USERS)
    repo.write("app/database.py", DATABASE)
    repo.write("app/models.py", MODELS)
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.36\n")
    repo.commit("user routes")
    laid_out = USERS.replace(
        "async def read_user(user_id: int, db: Session = Depends(get_db)):",
        "def get_user(\n    user_id: int,\n    db: Session = Depends(get_db),\n):",
    )
    repo.write("app/users.py", laid_out)
    sha = repo.commit("update users.py", date="2026-01-06T10:00:00Z")

    solved = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == sha]

    assert [(lesson.rule, lesson.occurrences) for lesson in solved] == [("MB101", 1)]
