"""Fixture repositories with a known history, built with real git by the tests.

``build_task_api`` is a learner's FastAPI project over four weeks: a first version with typical
mistakes, then fix commits (English and Chinese messages) that remove some of them, a commit that
adds tests, and mistakes that are still open at HEAD. The returned ``TaskApi`` names every sha and
the exact lines the tests assert on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.gitrepo import GitRepo

DATABASE_V1 = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker

DATABASE_URL = "sqlite:///./tasks.db"

engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine, autoflush=False)


class Base(DeclarativeBase):
    pass
"""

MODELS = """\
from datetime import datetime

from sqlalchemy import DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
"""

SCHEMAS = """\
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str | None = None


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None
    status: str
    created_at: datetime
"""

MAIN_V1 = """\
import time

from fastapi import FastAPI, HTTPException

from app.database import Base, SessionLocal, engine
from app.models import Task
from app.schemas import TaskCreate, TaskRead

Base.metadata.create_all(bind=engine)

app = FastAPI(title="Task Runner")


@app.post("/tasks", response_model=TaskRead)
async def create_task(payload: TaskCreate):
    db = SessionLocal()
    task = Task(title=payload.title, description=payload.description)
    db.add(task)
    db.commit()
    db.refresh(task)
    time.sleep(1)
    return task


@app.get("/tasks/{task_id}", response_model=TaskRead)
async def read_task(task_id: int):
    db = SessionLocal()
    task = db.get(Task, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="task not found")
    return task
"""

# week 2: time.sleep -> asyncio.sleep (an English conventional-commit fix)
MAIN_V2 = MAIN_V1.replace("import time\n", "import asyncio\n").replace(
    "    time.sleep(1)\n", "    await asyncio.sleep(1)\n"
)

# week 3: sessions come from a dependency (a Chinese fix message)
MAIN_V3 = """\
import asyncio

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy.orm import Session

from app.database import Base, engine, get_db
from app.models import Task
from app.schemas import TaskCreate, TaskRead

Base.metadata.create_all(bind=engine)

app = FastAPI(title="Task Runner")


@app.post("/tasks", response_model=TaskRead)
async def create_task(payload: TaskCreate, db: Session = Depends(get_db)):
    task = Task(title=payload.title, description=payload.description)
    db.add(task)
    db.commit()
    db.refresh(task)
    await asyncio.sleep(1)
    return task


@app.get("/tasks/{task_id}", response_model=TaskRead)
async def read_task(task_id: int, db: Session = Depends(get_db)):
    task = db.get(Task, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="task not found")
    return task


@app.get("/tasks", response_model=list[TaskRead])
async def search_tasks(q: str = "", db: Session = Depends(get_db)):
    try:
        rows = db.execute(f"SELECT * FROM tasks WHERE title LIKE '%{q}%'").fetchall()
    except:
        rows = []
    return rows
"""

DATABASE_V3 = (
    DATABASE_V1
    + """

def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
"""
)

CONFIG = """\
import os

SECRET_KEY = "s3cr3t-Very-Long-Signing-Key-9f8e7d6c"
OPENAI_API_KEY = "sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678"
DEBUG = os.getenv("DEBUG", "0") == "1"
"""

TESTS = """\
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_create_task():
    response = client.post("/tasks", json={"title": "write the log"})
    assert response.status_code == 200
    assert response.json()["title"] == "write the log"


def test_missing_task_is_404():
    response = client.get("/tasks/999")
    assert response.status_code == 404
"""

README = "# Task Runner\n\nA small FastAPI service I am building to learn backend development.\n"

REQUIREMENTS = (
    "fastapi==0.115.0\nuvicorn==0.30.6\nsqlalchemy==2.0.35\npydantic==2.9.2\npytest==8.3.3\n"
)


@dataclass(frozen=True)
class TaskApi:
    repo: GitRepo
    initial: str
    fix_sleep: str
    fix_session: str
    add_tests: str
    add_search: str

    @property
    def path(self) -> Path:
        return self.repo.path


def build_task_api(path: Path) -> TaskApi:
    repo = GitRepo(path)
    repo.init()
    repo.write("README.md", README)
    repo.write("requirements.txt", REQUIREMENTS)
    repo.write("app/__init__.py", "")
    repo.write("app/database.py", DATABASE_V1)
    repo.write("app/models.py", MODELS)
    repo.write("app/schemas.py", SCHEMAS)
    repo.write("app/main.py", MAIN_V1)
    repo.write(".gitignore", "__pycache__/\n*.db\n.venv/\n")
    initial = repo.commit("feat: task API with create and read", date="2026-01-05T10:00:00+00:00")
    repo.write("app/main.py", MAIN_V2)
    fix_sleep = repo.commit(
        "fix: use asyncio.sleep instead of time.sleep in async route",
        date="2026-01-12T10:00:00+00:00",
    )
    repo.write("app/database.py", DATABASE_V3)
    repo.write("app/main.py", MAIN_V3.replace(_SEARCH_ROUTE, ""))
    fix_session = repo.commit(
        "修复：数据库会话改为通过 Depends 注入", date="2026-01-19T10:00:00+00:00"
    )
    repo.write("tests/__init__.py", "")
    repo.write("tests/test_tasks.py", TESTS)
    add_tests = repo.commit("test: cover create and 404", date="2026-01-26T10:00:00+00:00")
    repo.write("app/main.py", MAIN_V3)
    repo.write("app/config.py", CONFIG)
    add_search = repo.commit("feat: search tasks and app config", date="2026-02-02T10:00:00+00:00")
    return TaskApi(repo, initial, fix_sleep, fix_session, add_tests, add_search)


_SEARCH_ROUTE = MAIN_V3[MAIN_V3.index('\n\n@app.get("/tasks", response_model') :]


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (tests cite exact lines)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def build_large_repo(path: Path, modules: int) -> None:
    """A folder of ``modules`` Python files, enough that the scan is still running when a client
    hangs up or the learner presses Ctrl-C."""
    package = path / "app"
    package.mkdir(parents=True)
    body = "".join(
        f"async def handler_{n}(request):\n    import time\n    time.sleep({n})\n    return {n}\n\n"
        for n in range(40)
    )
    for index in range(modules):
        (package / f"module_{index}.py").write_text(body, encoding="utf-8")
