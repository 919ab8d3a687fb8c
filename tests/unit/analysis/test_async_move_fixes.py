"""A project moved from sync to async in one commit: engine, session and routes together. Its old
engine, judged beside today's async routes, looks like a sync engine behind async code (MB111);
but when the commit was made no route was async, so the move solved no such problem (blind
check history 32). A sync engine that async routes really used before the move was one."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

SYNC_DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("mysql+pymysql://app@localhost/practice")
SessionLocal = sessionmaker(bind=engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
"""
ASYNC_DATABASE = """\
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("mysql+asyncmy://app@localhost/practice")
SessionLocal = async_sessionmaker(bind=engine)


async def get_db():
    async with SessionLocal() as db:
        yield db
"""
SYNC_ROUTES = """\
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import get_db
from app.models import User

app = FastAPI()


@app.get("/users")
def list_users(db: Session = Depends(get_db)) -> list[str]:
    return [user.name for user in db.scalars(select(User))]
"""
ASYNC_ROUTES = """\
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_db
from app.models import User

app = FastAPI()


@app.get("/users")
async def list_users(db: AsyncSession = Depends(get_db)) -> list[str]:
    return [user.name for user in (await db.scalars(select(User)))]
"""
MODELS = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
"""


def _sync_project(tmp_path: Path, routes: str) -> GitRepo:
    repo = GitRepo(tmp_path / "practice").init()
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", SYNC_DATABASE)
    repo.write("app/models.py", MODELS)
    repo.write("app/main.py", routes)
    repo.commit("first commit", date="2025-03-01T10:00:00+00:00")
    return repo


def test_moving_a_sync_project_to_async_in_one_commit_solved_no_sync_engine_problem(
    tmp_path: Path,
) -> None:
    repo = _sync_project(tmp_path, SYNC_ROUTES)
    repo.write("app/db.py", ASYNC_DATABASE)
    repo.write("app/main.py", ASYNC_ROUTES)
    repo.commit("fix: 改成异步", date="2025-03-04T10:00:00+00:00")

    lessons = solved_lessons(repo, tmp_path)
    assert [lesson.rule for lesson in lessons if lesson.rule == "MB111"] == []


def test_moving_the_engine_of_async_routes_to_async_solved_the_sync_engine_problem(
    tmp_path: Path,
) -> None:
    repo = _sync_project(tmp_path, SYNC_ROUTES.replace("def list_users", "async def list_users"))
    repo.write("app/db.py", ASYNC_DATABASE)
    repo.write("app/main.py", ASYNC_ROUTES)
    sha = repo.commit("fix: async engine", date="2025-03-04T10:00:00+00:00")

    lessons = solved_lessons(repo, tmp_path)
    assert ("MB111", sha) in {(lesson.rule, lesson.commit) for lesson in lessons}
