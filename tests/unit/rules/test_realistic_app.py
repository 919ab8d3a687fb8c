"""A realistic async FastAPI project: mostly correct code, four deliberate mistakes.

The assertion is the exact set of findings, so a false positive anywhere in the correct code
fails the test as surely as a missed mistake.
"""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

DATABASE = """\
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.config import settings

engine = create_async_engine(settings.database_url, pool_pre_ping=True)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session
"""

CONFIG = """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="TODO_")

    database_url: str = "postgresql+asyncpg://postgres:postgres@localhost:5432/todo"
    secret_key: str = "change-me"
    page_size: int = 50


settings = Settings()
"""

MODELS = """\
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    tasks: Mapped[list["Task"]] = relationship(back_populates="project", cascade="all, delete")


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(default=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    project: Mapped[Project] = relationship(back_populates="tasks")
"""

SCHEMAS = """\
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ProjectCreate(BaseModel):
    name: str = Field(min_length=1, max_length=120)

    @field_validator("name")
    @classmethod
    def strip_name(cls, value: str) -> str:
        return value.strip()


class ProjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_at: datetime


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)


class TaskUpdate(BaseModel):
    title: str | None = None
    done: bool | None = None


class TaskRead(BaseModel):
    id: int
    title: str
    done: bool
    project_id: int

    class Config:
        orm_mode = True
"""

CRUD = """\
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import models, schemas


class DuplicateProjectError(Exception):
    pass


async def create_project(session: AsyncSession, data: schemas.ProjectCreate) -> models.Project:
    project = models.Project(name=data.name)
    session.add(project)
    try:
        await session.commit()
    except IntegrityError as error:
        await session.rollback()
        raise DuplicateProjectError(data.name) from error
    await session.refresh(project)
    return project


async def list_projects(session: AsyncSession, limit: int) -> Sequence[models.Project]:
    result = await session.scalars(select(models.Project).order_by(models.Project.id).limit(limit))
    return result.all()


async def get_task(session: AsyncSession, task_id: int) -> models.Task | None:
    return await session.get(models.Task, task_id)


async def add_task(
    session: AsyncSession, project_id: int, data: schemas.TaskCreate
) -> models.Task:
    task = models.Task(title=data.title, project_id=project_id)
    session.add(task)
    await session.commit()
    await session.refresh(task)
    return task


async def update_task(
    session: AsyncSession, task: models.Task, changes: schemas.TaskUpdate
) -> models.Task:
    for field, value in changes.model_dump(exclude_unset=True).items():
        setattr(task, field, value)
    await session.commit()
    await session.refresh(task)
    return task


async def delete_task(session: AsyncSession, task: models.Task) -> None:
    await session.delete(task)
    session.commit()
"""

MAIN = """\
import logging
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, status
from sqlalchemy.ext.asyncio import AsyncSession

from app import crud, models, schemas
from app.config import settings
from app.database import get_session

logger = logging.getLogger(__name__)
app = FastAPI(title="Todo API")
SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.post("/projects", response_model=schemas.ProjectRead, status_code=status.HTTP_201_CREATED)
async def create_project(payload: schemas.ProjectCreate, session: SessionDep):
    try:
        return await crud.create_project(session, payload)
    except crud.DuplicateProjectError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, "project exists") from error


@app.get("/projects", response_model=list[schemas.ProjectRead])
async def list_projects(session: SessionDep):
    return await crud.list_projects(session, settings.page_size)


@app.post("/projects/{project_id}/tasks", response_model=schemas.TaskRead, status_code=201)
async def add_task(project_id: int, payload: schemas.TaskCreate, session: SessionDep):
    return await crud.add_task(session, project_id, payload)


@app.get("/tasks/{task_id}", response_model=models.Task)
async def read_task(task_id: int, session: SessionDep):
    task = await crud.get_task(session, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="task not found")
    return task


@app.patch("/tasks/{task_id}", response_model=schemas.TaskRead)
async def update_task(task_id: int, changes: schemas.TaskUpdate, session: SessionDep):
    task = await crud.get_task(session, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="task not found")
    return await crud.update_task(session, task, changes)


@app.delete("/tasks/{task_id}", status_code=204)
async def delete_task(task_id: int, session: SessionDep) -> None:
    task = await crud.get_task(session, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="task not found")
    await crud.delete_task(session, task)


@app.get("/health")
async def health(session: SessionDep) -> dict[str, str]:
    try:
        await crud.list_projects(session, 1)
    except Exception:
        logger.error("database unreachable")
        return {"status": "degraded"}
    return {"status": "ok"}
"""

TESTS = """\
from fastapi.testclient import TestClient

from app.main import app


def test_health_answers() -> None:
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
"""

REVISION = """\
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table("projects", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("tasks")
    op.drop_table("projects")
"""

FILES = {
    "app/__init__.py": "",
    "app/config.py": CONFIG,
    "app/database.py": DATABASE,
    "app/models.py": MODELS,
    "app/schemas.py": SCHEMAS,
    "app/crud.py": CRUD,
    "app/main.py": MAIN,
    "tests/test_health.py": TESTS,
    "alembic.ini": "[alembic]\nscript_location = migrations\n",
    "migrations/versions/0001_init.py": REVISION,
    "requirements.txt": "fastapi==0.115.6\npydantic==2.10.4\nsqlalchemy[asyncio]==2.0.36\n",
}


def test_only_the_deliberate_mistakes_are_reported(tmp_path: Path) -> None:
    findings = review_files(tmp_path, FILES)
    assert sum(len(content.splitlines()) for content in FILES.values()) > 150
    assert sorted((f.rule, f.path, f.line) for f in findings) == [
        ("MB102", "app/main.py", 34),
        ("MB104", "app/schemas.py", 38),
        ("MB106", "app/main.py", 62),
        # The database's default login in a settings default is committed all the same.
        ("MB107", "app/config.py", 7),
        ("MB109", "app/crud.py", 57),
    ]


def test_findings_are_sorted_by_severity_then_location(tmp_path: Path) -> None:
    findings = review_files(tmp_path, FILES)
    assert [(f.severity, f.path, f.line) for f in findings] == [
        ("high", "app/config.py", 7),
        ("high", "app/crud.py", 57),
        ("high", "app/main.py", 34),
        ("high", "app/main.py", 62),
        ("medium", "app/schemas.py", 38),
    ]
    messages = {f.rule: f.message.en for f in findings}
    assert messages["MB102"] == (
        "route `read_task` answers with ORM model `Task` itself; return a pydantic schema instead"
    )
    assert messages["MB109"] == (
        "coroutine `session.commit` is never awaited in `delete_task`, so it does not run"
    )
    assert {f.source for f in findings} == {"mentor"}
