"""A fix of one of two identical flagged lines (two schemas' ``class Config:``) is shown where
it happened: the two findings share a fingerprint, and the lesson showed the untouched one, so
its before and after were the same unchanged ``class Config``."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.git import Hunk
from mentorbot.domain import Finding, Text
from mentorbot.lesson_versions import disappeared
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

SCHEMAS = """\
from datetime import datetime

from pydantic import BaseModel


class ConversationOut(BaseModel):
    id: int
    title: str

    class Config:  # read from ORM rows
        from_attributes = True


class MessageOut(BaseModel):
    id: int
    sent_at: datetime

    class Config:  # read from ORM rows
        from_attributes = True
"""
FIXED = SCHEMAS.replace(
    "from pydantic import BaseModel", "from pydantic import BaseModel, ConfigDict"
).replace(
    "    class Config:  # read from ORM rows\n        from_attributes = True",
    "    model_config = ConfigDict(from_attributes=True)",
    1,
)


def test_the_lesson_shows_the_class_config_the_commit_rewrote(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/schemas.py", SCHEMAS)
    repo.write("requirements.txt", "pydantic==2.9.2\n")
    repo.commit("schemas")
    repo.write("app/schemas.py", FIXED)
    sha = repo.commit("fix: use model_config for ConversationOut", date="2026-01-06T10:00:00Z")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB104"]

    assert (lesson.commit, lesson.occurrences) == (sha, 1)
    assert "title: str" in lesson.before and "class Config" in lesson.before
    assert "model_config = ConfigDict(from_attributes=True)" in lesson.after
    assert "class Config" not in lesson.after


def _config(line: int) -> Finding:
    return Finding(
        rule="MB104",
        category="pydantic-v1-api-in-v2",
        severity="medium",
        path="app/schemas.py",
        line=line,
        message=Text(zh="v1", en="v1"),
        source="mentor",
        fingerprint="same-code",
    )


def test_of_two_twins_the_one_on_a_changed_line_is_the_one_gone() -> None:
    before = [_config(10), _config(18)]
    after = [_config(17)]

    assert [f.line for f in disappeared(before, after, [Hunk(10, 2, 10, 1)])] == [10]
    assert [f.line for f in disappeared(before, after, [Hunk(18, 2, 17, 1)])] == [18]
    assert [f.line for f in disappeared(before, after)] == [18]


MISSPELT = SCHEMAS.replace(
    "    class Config:  # read from ORM rows\n        from_attributes = True",
    "    class Confing:\n        orm_mode = True",
    1,
)
BOTH_FIXED = (
    MISSPELT.replace("from pydantic import BaseModel", "from pydantic import BaseModel, ConfigDict")
    .replace(
        "    class Confing:\n        orm_mode = True",
        "    model_config = ConfigDict(extra='ignore')",
    )
    .replace(
        "    class Config:  # read from ORM rows\n        from_attributes = True",
        "    model_config = ConfigDict(from_attributes=True)",
    )
)


def test_the_after_snippet_shows_the_model_config_written_where_the_class_config_was(
    tmp_path: Path,
) -> None:
    """A commit that gave every schema a ``model_config``: the lesson's after showed the first
    schema's, not the one written in place of the flagged ``class Config`` (history 57)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/schemas.py", MISSPELT)
    repo.write("requirements.txt", "pydantic==2.9.2\n")
    repo.commit("schemas")
    repo.write("app/schemas.py", BOTH_FIXED)
    repo.commit("迁移到 pydantic v2", date="2026-01-06T10:00:00Z")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB104"]

    assert "sent_at: datetime" in lesson.after
    assert "from_attributes=True" in lesson.after
    assert "extra='ignore'" not in lesson.after
