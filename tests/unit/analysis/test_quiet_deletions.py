"""A commit whose message names no problem ("update") that deleted the ``create_all`` an app ran
beside its Alembic migrations solved that problem: for this rule the deletion is the fix. A
deleted line is credited only where it is the problem's own code, not an ORM model removed from
a project that has no migrations. A ``class Config`` deleted where the commit wrote a
``model_config`` elsewhere in the file was replaced, not only deleted."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

MODELS = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Todo(Base):
    __tablename__ = "todos"
    id = Column(Integer, primary_key=True)
    title = Column(String)


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
"""
MAIN = """\
from fastapi import FastAPI
from sqlalchemy import create_engine

from app.models import Base

engine = create_engine("sqlite:///todos.db")
Base.metadata.create_all(bind=engine)
app = FastAPI()


@app.get("/health")
def health() -> dict:
    return {"ok": True}
"""
REVISION = """\
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table("todos", sa.Column("id", sa.Integer(), primary_key=True))
"""


def _repo(tmp_path: Path, *, migrations: bool) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/models.py", MODELS)
    repo.write("app/main.py", MAIN)
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.36\nalembic==1.13.1\n")
    if migrations:
        repo.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
        repo.write("migrations/versions/0001_todos.py", REVISION)
    repo.commit("todo app")
    return repo


def test_an_update_that_deleted_the_create_all_beside_the_migrations_solved_it(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path, migrations=True)
    repo.write("app/main.py", MAIN.replace("Base.metadata.create_all(bind=engine)\n", ""))
    sha = repo.commit("update", date="2026-01-06T10:00:00Z")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB110"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(sha, "app/main.py")]
    assert "Base.metadata.create_all(bind=engine)" in lessons[0].before


def test_an_update_that_deleted_a_model_solved_no_missing_migrations(tmp_path: Path) -> None:
    repo = _repo(tmp_path, migrations=False)
    repo.write("app/models.py", MODELS.split("\n\nclass Todo")[0] + "\n")
    repo.write(
        "app/main.py",
        MAIN.replace("from app.models import Base\n", "").replace(
            "Base.metadata.create_all(bind=engine)\n", ""
        ),
    )
    repo.commit("update", date="2026-01-06T10:00:00Z")

    assert [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB110"] == []


CART = """\
from fastapi import APIRouter
from pymongo import MongoClient

db = MongoClient("mongodb://localhost:27017")["shop"]
router = APIRouter()


@router.post("/cart")
def add_to_cart(item: dict) -> dict:
    result = db["cart"].insert_one(item)
    return {"added": True}


@router.delete("/cart/{item_id}")
def delete_from_cart(item_id: str) -> dict:
    deleted = db["cart"].find_one_and_delete({"_id": item_id})
    return {"deleted": True}
"""


def test_a_wip_commit_that_dropped_unused_results_solved_them(tmp_path: Path) -> None:
    """ "wip" kept two inserts' calls and dropped the names nothing read (ruff F841): the
    unused locals were not credited, as only unused imports were."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/cart.py", CART)
    repo.write("requirements.txt", "fastapi==0.115.0\npymongo==4.10.1\n")
    repo.commit("cart routes")
    dropped = CART.replace("    result = db", "    db").replace("    deleted = db", "    db")
    repo.write("app/cart.py", dropped)
    sha = repo.commit("wip", date="2026-01-06T10:00:00Z")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.occurrences) for lesson in lessons] == [
        (sha, "MB201", 2)
    ]
    assert "result = db" in lessons[0].before


TOKENS = """\
from datetime import timedelta

import requests

from app.settings import ALGORITHM, EXPIRE_MINUTES, SECRET_KEY


def lifetime(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)
"""


def test_a_deleted_unused_import_stands_for_the_fix_not_one_that_became_used(
    tmp_path: Path,
) -> None:
    """ "ajustes" deleted an unused import line and started using another, left untouched above
    it; the lesson stood on the untouched one, which the commit did not change, and was dropped
    (blind check history 23)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/settings.py", 'SECRET_KEY = "x"\nALGORITHM = "HS256"\nEXPIRE_MINUTES = 30\n')
    repo.write("app/tokens.py", TOKENS)
    repo.commit("tokens")
    fixed = TOKENS.replace(
        "from app.settings import ALGORITHM, EXPIRE_MINUTES, SECRET_KEY\n", ""
    ).replace(
        "    return timedelta(minutes=minutes)\n",
        '    requests.head("https://example.com", timeout=5)\n'
        "    return timedelta(minutes=minutes)\n",
    )
    repo.write("app/tokens.py", fixed)
    sha = repo.commit("ajustes", date="2026-01-06T10:00:00Z")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB201"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(sha, "app/tokens.py")]
    assert "from app.settings import" in lessons[0].before


SETTINGS_V1 = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str
    secret_key: str
    access_token_minutes: int = 30
    refresh_token_days: int = 7

    class Config:
        env_file = ".env"
"""
SETTINGS_V2 = """\
from pydantic import ConfigDict
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    model_config = ConfigDict(env_file=".env")

    database_url: str
    secret_key: str
    access_token_minutes: int = 30
    refresh_token_days: int = 7
"""


def test_an_update_that_wrote_model_config_atop_the_class_solved_class_config(
    tmp_path: Path,
) -> None:
    """The usual pydantic 2 place for model_config is the top of the class, lines away from
    the class Config it replaces: the "update" was not credited (blind check history 36)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "pydantic==2.9.2\npydantic-settings==2.5.2\n")
    repo.write("app/core/config.py", SETTINGS_V1)
    repo.commit("init", date="2025-01-01T10:00:00+00:00")
    repo.write("app/core/config.py", SETTINGS_V2)
    update = repo.commit("update", date="2025-01-02T10:00:00+00:00")

    solved = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == update]
    assert [(lesson.rule, lesson.path) for lesson in solved] == [("MB104", "app/core/config.py")]
    # The "after" shows the replacement, not the fields that now sit where class Config was.
    assert "class Config:" in solved[0].before
    assert 'model_config = ConfigDict(env_file=".env")' in solved[0].after


EXPENSES = """\
import datetime
import os
import sys

expenses = []


def add(description, amount, tags=[]):
    if amount is None or amount <= 0:
        print("Amount must be positive")
        sys.exit(1)
    tags.append("expense")
    expenses.append((description, amount, datetime.date.today().isoformat(), tags))
    return len(expenses)
"""
TIDIED = (
    EXPENSES.replace("import os\n", "")
    .replace("tags=[]):\n", "tags=None):\n")
    .replace('    tags.append("expense")\n', '    tags = [*(tags or []), "expense"]\n')
)


def test_an_update_that_also_fixed_a_mutable_default_is_credited_with_the_import_it_deleted(
    tmp_path: Path,
) -> None:
    """ "update expense_manager.py" deleted an unused ``import os`` and fixed a ``tags=[]``: the
    two made one lesson, stood for by the mutable default, which a commit naming nothing may
    not claim, so the deleted import was not credited either (blind check p1). A fix that says
    so keeps its one lesson of ruff's findings."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("manager/expense_manager.py", EXPENSES)
    repo.commit("expense tracker: add", date="2025-07-06T10:00:00Z")
    repo.write("manager/expense_manager.py", TIDIED)
    sha = repo.commit("update expense_manager.py", date="2025-07-10T10:00:00Z")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.occurrences) == (sha, "MB201", 1)
    assert lesson.found is not None and "`os` imported but never used" in lesson.found.en

    named = GitRepo(tmp_path / "named").init()
    named.write("manager/expense_manager.py", EXPENSES)
    named.commit("expense tracker: add", date="2025-07-06T10:00:00Z")
    named.write("manager/expense_manager.py", TIDIED)
    fix = named.commit("fix: mutable default of add", date="2025-07-10T10:00:00Z")

    [one] = solved_lessons(named, tmp_path / "named-cache")
    assert (one.commit, one.rule, one.occurrences) == (fix, "MB201", 2)
