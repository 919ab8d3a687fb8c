"""Histories with quiet fix commits ("update", "wip"): which of them solved a problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot import cache as cache_module
from mentorbot.cache import AnalysisCache
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

BLOCKING = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/report")
async def report():
    time.sleep(2)
    return {"ready": True}


@app.get("/health")
async def health():
    return {"status": "ok"}
"""
NON_BLOCKING = BLOCKING.replace("import time", "import asyncio").replace(
    "time.sleep(2)", "await asyncio.sleep(2)"
)
WITHOUT_REPORT = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health():
    return {"status": "ok"}
"""
DATABASE = """\
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite:///todo.db")
SessionMaker = async_sessionmaker(engine)


async def get_session():
    async with SessionMaker() as session:
        yield session
"""
UNAWAITED = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_session

router = APIRouter()


@router.post("/todos")
async def add_todo(title: str, session: AsyncSession = Depends(get_session)) -> dict:
    session.add(Todo(title=title))
    session.commit()
    return {"title": title}
"""
AWAITED = UNAWAITED.replace("    session.commit()", "    await session.commit()")
LATER = "2026-01-06T10:00:00+00:00"


@pytest.fixture
def report_app(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", BLOCKING)
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.commit("first version")
    return repo


def test_an_update_that_rewrote_the_problem_is_a_solved_problem(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/main.py", NON_BLOCKING)
    sha = report_app.commit("update main.py", date=LATER)

    lessons = solved_lessons(report_app, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, "MB101", "app/main.py")
    ]
    assert "time.sleep(2)" in lessons[0].before
    assert "await asyncio.sleep(2)" in lessons[0].after


def test_an_update_that_deleted_the_route_is_no_solved_problem(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/main.py", WITHOUT_REPORT)
    report_app.commit("update", date=LATER)

    assert solved_lessons(report_app, tmp_path) == []


def test_an_update_that_moved_the_problem_is_no_solved_problem(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/main.py", WITHOUT_REPORT + "\nfrom app.report import router\n")
    report_app.write(
        "app/report.py", BLOCKING.replace("app = FastAPI()", "router = app = FastAPI()")
    )
    report_app.commit("wip", date=LATER)

    assert solved_lessons(report_app, tmp_path) == []


def test_an_update_that_awaited_a_coroutine_is_a_solved_problem(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "todo").init()
    repo.write("app/database.py", DATABASE)
    repo.write("app/routes.py", UNAWAITED)
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.36\n")
    repo.commit("todo api")
    repo.write("app/routes.py", AWAITED)
    sha = repo.commit("changes", date=LATER)

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.category) for lesson in lessons] == [(sha, "missing-await")]
    assert "await session.commit()" in lessons[0].after


def test_a_merge_is_not_credited_with_its_branch_fix(report_app: GitRepo, tmp_path: Path) -> None:
    report_app.checkout("faster", create=True)
    report_app.write("app/main.py", NON_BLOCKING)
    fixed = report_app.commit("update main.py", date=LATER)
    report_app.checkout("main")
    report_app.write("README.md", "# Reports\n")
    report_app.commit("readme", date=LATER)
    report_app.merge("faster", "bring in the faster branch", date="2026-01-07T10:00:00+00:00")

    lessons = solved_lessons(report_app, tmp_path)

    assert [lesson.commit for lesson in lessons] == [fixed]


def test_a_commit_is_screened_once_per_history(report_app: GitRepo, tmp_path: Path) -> None:
    report_app.write("app/main.py", NON_BLOCKING)
    sha = report_app.commit("update main.py", date=LATER)
    report_app.write("app/main.py", NON_BLOCKING.replace('"ok"', '"fine"'))
    quiet = report_app.commit("wording", date="2026-01-07T10:00:00+00:00")
    first = AnalysisCache(tmp_path / "cache")
    solved_lessons(report_app, tmp_path, first)
    first.flush()

    again = AnalysisCache(tmp_path / "cache")
    assert (again.screened(sha), again.screened(quiet)) == (True, False)


def test_a_new_screen_does_not_read_the_old_screen_s_verdicts(
    report_app: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer tool whose screen passes more commits (or whose rules hint at more fixes) asks
    again: its verdicts are its own, though the analyses stay valid."""
    report_app.write("app/main.py", NON_BLOCKING)
    sha = report_app.commit("update main.py", date=LATER)
    first = AnalysisCache(tmp_path / "cache")
    solved_lessons(report_app, tmp_path, first)
    first.flush()

    monkeypatch.setattr(cache_module, "screen_fingerprint", lambda: "0123456789abcdef")
    again = AnalysisCache(tmp_path / "cache")
    assert again.screened(sha) is None


TASK_MODELS = """\
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_token: Mapped[str] = mapped_column(String(64))
"""
TASK_ROUTES = """\
from fastapi import Depends, FastAPI
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Task

app = FastAPI()


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str


@app.get("/tasks/{task_id}")
def read_task(task_id: int, db: Session = Depends(get_db)):
    return db.get(Task, task_id)
"""
TASK_ROUTES_FIXED = TASK_ROUTES.replace(
    '@app.get("/tasks/{task_id}")', '@app.get("/tasks/{task_id}", response_model=TaskRead)'
).replace(
    "    return db.get(Task, task_id)", "    return TaskRead.model_validate(db.get(Task, task_id))"
)


def test_a_wip_commit_that_gave_a_route_its_schema_is_a_solved_problem(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/models.py", TASK_MODELS)
    repo.write("app/database.py", "def get_db():\n    yield None\n")
    repo.write("app/main.py", TASK_ROUTES)
    repo.write("requirements.txt", "fastapi==0.115.0\npydantic==2.9.0\nsqlalchemy==2.0.36\n")
    repo.commit("first version")
    repo.write("app/main.py", TASK_ROUTES_FIXED)
    sha = repo.commit("wip", date=LATER)

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(sha, "MB102")]


TWO_ROUTES = BLOCKING.replace(
    '@app.get("/health")',
    '@app.post("/save")\nasync def save():\n    time.sleep(1)\n    time.sleep(1)\n'
    '    return {"saved": True}\n\n\n@app.get("/health")',
)


def test_an_update_credited_by_any_flagged_line_it_rewrote_not_only_the_first(
    tmp_path: Path,
) -> None:
    """ "save grids in a worker thread" made the first route ``def`` (its blocking line stayed as
    it was) and wrapped the second route's calls: the lesson was judged by the untouched first
    line alone and dropped."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", TWO_ROUTES)
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.commit("first version")
    threaded = TWO_ROUTES.replace("async def report", "def report").replace(
        "    time.sleep(1)\n", "    await asyncio.to_thread(time.sleep, 1)\n"
    )
    repo.write("app/main.py", "import asyncio\n" + threaded)
    sha = repo.commit("save in a worker thread", date=LATER)

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.occurrences) == (sha, "MB101", 3)
    assert "    time.sleep(1)" in lesson.before
    assert "await asyncio.to_thread(time.sleep, 1)" in lesson.after


UNUSED_IMPORTS = """\
import os
from typing import Dict, List

from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def items() -> List[str]:
    return ["a"]
"""


def test_a_misc_commit_that_dropped_unused_imports_solved_them(tmp_path: Path) -> None:
    """A "misc" commit deleting two unused imports was not credited with them: removed import
    lines were no hint, and ruff's findings needed a message naming them."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", UNUSED_IMPORTS)
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.commit("first version")
    repo.write(
        "app/main.py",
        UNUSED_IMPORTS.replace("import os\n", "").replace("Dict, List", "List"),
    )
    sha = repo.commit("misc", date=LATER)

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.occurrences) for lesson in lessons] == [
        (sha, "MB201", 2)
    ]
    assert "import os" in lessons[0].before


def test_a_feature_that_moved_an_import_solved_nothing(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", UNUSED_IMPORTS)
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.commit("first version")
    repo.write("app/main.py", UNUSED_IMPORTS.replace("import os\n", "import os  # paths\n"))
    repo.commit("feat: note what os is for", date=LATER)

    assert solved_lessons(repo, tmp_path) == []
