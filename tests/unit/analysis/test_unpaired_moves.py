"""A file moved into another folder and edited past git's rename threshold shows as a delete and
an add: a Russian learner's "перенос в backend, фиксы" fixed pydantic v1 code in three moved
schema files, and no fix was found."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

REQUIREMENTS = "fastapi==0.115.0\npydantic==2.9.0\n"
SCHEMA_BEFORE = """\
from pydantic import BaseModel


class TargetOut(BaseModel):
    id: int
    title: str

    class Config:
        orm_mode = True
"""
SCHEMA_AFTER = """\
from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class TargetBase(BaseModel):
    title: str = Field(min_length=1, max_length=120)
    description: str | None = None
    deadline: date | None = None


class TargetCreate(TargetBase):
    pass


class TargetUpdate(BaseModel):
    title: str | None = None
    description: str | None = None
    deadline: date | None = None


class TargetOut(TargetBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_id: int
"""


def test_a_fix_in_a_file_moved_past_the_rename_threshold_is_found(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "todo").init()
    repo.write("requirements.txt", REQUIREMENTS)
    repo.write("app/models/schemas/target_schema.py", SCHEMA_BEFORE)
    repo.commit("schemas", date="2025-04-28T10:00:00+03:00")
    repo.delete("app/models/schemas/target_schema.py")
    repo.write("backend/models/schemas/target_schema.py", SCHEMA_AFTER)
    fix = repo.commit("перенос в backend, фиксы", date="2025-05-20T10:00:00+03:00")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (fix, "MB104", "backend/models/schemas/target_schema.py")
    ]
