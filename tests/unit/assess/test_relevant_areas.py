"""Areas a project's manifests declare but its code never uses are no gap to close: a MongoDB
todo app whose pyproject also listed SQLAlchemy was told to start on database migrations."""

from __future__ import annotations

from pathlib import Path

from tests.unit.assess.scenarios import plan_files

PYPROJECT = b"""\
[project]
name = "todos"
dependencies = ["fastapi", "motor>=3.7", "pydantic>=2.11", "sqlalchemy>=2.0", "asyncpg>=0.30"]
"""
DATABASE = b"""\
from motor.motor_asyncio import AsyncIOMotorClient

client = AsyncIOMotorClient("mongodb://localhost:27017")
todos = client["todo_app"]["todos"]
"""
MAIN = b"""\
from fastapi import FastAPI

from app.database import todos

app = FastAPI()


@app.get("/todos")
async def list_todos() -> list[dict]:
    return [{"title": todo["title"]} async for todo in todos.find({}, {"_id": 0})]


@app.post("/todos")
async def add_todo(title: str) -> dict:
    await todos.insert_one({"title": title})
    return {"title": title}
"""


def test_a_declared_but_unused_sqlalchemy_adds_no_migrations_gap(tmp_path: Path) -> None:
    sources = {"pyproject.toml": PYPROJECT, "app/database.py": DATABASE, "app/main.py": MAIN}
    planned = plan_files(tmp_path, sources)

    improvements = [text.en for text in planned.plan.improvements]
    assert not any(text.startswith("Database migrations") for text in improvements)
    assert not any("Migrations" in task.text.en for task in planned.plan.tasks)
    relevant = planned.skills.overall.en
    assert "over 10 relevant areas" in relevant, relevant


def test_the_same_app_on_sqlalchemy_keeps_its_migrations_gap(tmp_path: Path) -> None:
    database = b"""\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///./todos.db")
SessionLocal = sessionmaker(bind=engine)
"""
    sources = {"pyproject.toml": PYPROJECT, "app/database.py": database, "app/main.py": MAIN}
    planned = plan_files(tmp_path, sources)

    assert "over 11 relevant areas" in planned.skills.overall.en, planned.skills.overall.en
