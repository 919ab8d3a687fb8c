"""A file moved into another folder and edited past git's rename threshold shows as a delete and
an add: a Russian learner's "перенос в backend, фиксы" fixed pydantic v1 code in three moved
schema files, and no fix was found; a problem shown in a moved file was dated by the move."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.lessons import LessonMiner
from mentorbot.lessons_open import open_lessons
from mentorbot.scanning import scan_repository
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


MAIN_BEFORE = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/caregivers")
def list_caregivers() -> list[dict[str, str]]:
    return [{"name": "Kim"}]
"""
MAIN_AFTER = """\
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="Caregivers")
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"])


@app.get("/caregivers")
def list_caregivers(region: str | None = None) -> list[dict[str, str]]:
    found = [{"name": "Kim", "region": "Seoul"}, {"name": "Park", "region": "Busan"}]
    return [one for one in found if region is None or one["region"] == region]
"""


def test_a_project_problem_is_dated_past_an_unpaired_move_of_its_file(tmp_path: Path) -> None:
    """ "No tests" is shown at the app's creation: the learner moved main.py into app/ with
    edits, git saw a delete and an add, and the problem was dated by the move."""
    repo = GitRepo(tmp_path / "care").init()
    repo.write("main.py", MAIN_BEFORE)
    first = repo.commit("first commit", date="2024-07-02T14:10:00+09:00")
    repo.delete("main.py")
    repo.write("app/main.py", MAIN_AFTER)
    repo.commit("파일 분리", date="2024-07-09T11:05:00+09:00")

    cache = AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=None, cache=cache)
    miner = LessonMiner(Path(scan.root), scan, cache)
    [lesson] = [x for x in miner.dated(open_lessons(scan.findings)) if x.rule == "MB105"]
    assert (lesson.path, lesson.introduced_in) == ("app/main.py", first)
