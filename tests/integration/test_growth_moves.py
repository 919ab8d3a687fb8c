"""Problems whose file went away between two reviews: carried into a new file, or deleted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentorbot.jsonout import report_json
from tests.integration.grounding import assert_grounded
from tests.integration.test_growth_fixes import notes_api

NOTE_V1 = """\
from pydantic import BaseModel


class NoteCreate(BaseModel):
    title: str
    body: str


class NoteRead(BaseModel):
    id: int
    title: str
    body: str

    class Config:
        orm_mode = True
"""

NOTE_SCHEMA_V1 = """\
\"\"\"What the API reads and writes about notes.\"\"\"

from datetime import datetime

from pydantic import BaseModel, Field


class NoteCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = ""


class NoteUpdate(BaseModel):
    title: str | None = None
    body: str | None = None


class NoteRead(BaseModel):
    id: int
    title: str
    body: str
    created_at: datetime

    class Config:
        orm_mode = True
"""


async def test_a_problem_carried_into_a_renamed_file_git_does_not_pair_names_its_later_fix(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """``note.py`` became ``note_schema.py`` with much added, ``class Config`` and all, and a
    later commit fixed it there: git sees no rename, and the log said the problem was "gone
    with its file", deleted by the rename (blind check history 46)."""
    repo = notes_api(
        tmp_path,
        {"requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n", "app/schemas/note.py": NOTE_V1},
    )
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.path for f in week1.findings if f.rule == "MB104"] == ["app/schemas/note.py"]

    repo.delete("app/schemas/note.py")
    repo.write("app/schemas/note_schema.py", NOTE_SCHEMA_V1)
    repo.commit("refactor: schema modules named *_schema", date="2026-02-09T10:00:00+00:00")
    fixed_schema = NOTE_SCHEMA_V1.replace(
        "    class Config:\n        orm_mode = True\n",
        "    model_config = ConfigDict(from_attributes=True)\n",
    ).replace("BaseModel, Field", "BaseModel, ConfigDict, Field")
    repo.write("app/schemas/note_schema.py", fixed_schema)
    fix = repo.commit("fix: pydantic v2 model_config", date="2026-02-10T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = [f for f in week2_run["report"].fixed_findings if f.rule == "MB104"]
    assert [(f.path, f.fixed_by, f.removed_with_file) for f in fixed] == [
        ("app/schemas/note_schema.py", fix, False)
    ]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`app/schemas/note_schema.py`, fixed in commit `{fix[:8]}`" in log
    assert_grounded(repo.path, log)
    assert_grounded(repo.path, json.dumps(report_json(week2_run["report"], "en", log_path=None)))


STATS = """\
import sqlite3


async def log_request(user_id: int, positions: int) -> None:
    conn = sqlite3.connect("bot.db")
    conn.execute("INSERT INTO stats VALUES (?, ?)", (user_id, positions))
    conn.commit()
    conn.close()
"""
BOT = """\
from aiogram import Dispatcher, types

from app.stats import log_request

dp = Dispatcher()


@dp.message()
async def on_bill(message: types.Message) -> None:
    await log_request(message.from_user.id, 3)
    await message.answer("counted")
"""


async def test_a_project_wide_problem_of_a_deleted_file_is_gone_with_it_not_fixed_elsewhere(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A helper a bot's handler calls opened its own connection, a problem only the whole
    project shows; deleting its module was "fixed by changes to other files" (history 47)."""
    repo = notes_api(tmp_path, {"app/stats.py": STATS, "app/bot.py": BOT})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.path for f in week1.findings if f.rule == "MB103"] == ["app/stats.py"]

    repo.delete("app/stats.py")
    repo.write(
        "app/bot.py",
        BOT.replace("from app.stats import log_request\n\n", "").replace(
            "    await log_request(message.from_user.id, 3)\n", ""
        ),
    )
    deleted = repo.commit("chore: drop the stats module", date="2026-02-09T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    [gone] = [f for f in week2_run["report"].fixed_findings if f.rule == "MB103"]
    assert (gone.fixed_by, gone.removed_with_file, gone.fixed_elsewhere) == (deleted, True, False)
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert "fixed by changes to other files" not in log


UTILS = """\
def safe_int(value: str) -> int:
    try:
        return int(value)
    except:
        return 0
"""
SERVICES = """\
import json


def load_user(raw: str) -> dict:
    try:
        return json.loads(raw)
    except:
        return {}
"""


async def test_a_deleted_file_is_not_fixed_by_a_like_line_another_file_of_its_commit_had(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """``app/utils.py`` went with its bare ``except:`` in the commit that also edited
    ``services.py``, whose own ``except:`` a later commit narrowed; the log said the utils one
    was fixed there (blind check history 49)."""
    repo = notes_api(tmp_path, {"app/utils.py": UTILS, "app/services.py": SERVICES})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert {f.path for f in week1.findings if f.rule == "MB106"} >= {"app/utils.py"}

    repo.delete("app/utils.py")
    repo.write("app/services.py", "import logging\n\n" + SERVICES)
    deleted = repo.commit("refactor: drop utils", date="2026-02-09T10:00:00+00:00")
    repo.write(
        "app/services.py",
        ("import logging\n\n" + SERVICES).replace("except:", "except json.JSONDecodeError:"),
    )
    repo.commit("fix: catch only bad json", date="2026-02-10T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    [utils] = [f for f in week2.fixed_findings if f.path == "app/utils.py" and f.rule == "MB106"]
    assert (utils.fixed_by, utils.removed_with_file) == (deleted, True)


async def test_a_task_whose_file_was_fixed_and_then_renamed_is_done_not_deleted(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Fixed in a commit of its own, then renamed: the follow-up said "its file was deleted"
    (blind checks history 47, 48, 49)."""
    repo = notes_api(
        tmp_path,
        {"requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n", "app/schemas/note.py": NOTE_V1},
    )
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert any(t.check and t.check.path == "app/schemas/note.py" for t in week1.plan.tasks)

    fixed = NOTE_V1.replace(
        "    class Config:\n        orm_mode = True\n",
        "    model_config = ConfigDict(from_attributes=True)\n",
    ).replace("import BaseModel", "import BaseModel, ConfigDict")
    repo.write("app/schemas/note.py", fixed)
    fix = repo.commit("fix: pydantic v2 config", date="2026-02-09T10:00:00+00:00")
    repo.git("mv", "app/schemas/note.py", "app/schemas/note_schema.py")
    repo.commit("refactor: schema modules named *_schema", date="2026-02-10T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    [item] = [
        item
        for item in week2_run["report"].follow_up
        if item.task.check and item.task.check.path == "app/schemas/note.py"
    ]
    assert (item.done, item.file_deleted) == (True, False)
    assert [f.fixed_by for f in week2_run["report"].fixed_findings if f.rule == "MB104"] == [fix]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert "its file was deleted" not in log


WEATHER_ENV = (
    "TOKEN=6183920457:AAH7kQz2WmXr9LpV4tN8yBc3JdFs5GhUe1o\n"
    "OPEN_WEATHER_KEY=9b1f4c7e2a8d6053e4f1b7a9c2d8e6f3\n"
    "OPEN_WEATHER_URL_CITY=https://api.openweathermap.org/data/2.5/weather?q={city}"
    "&appid={OPEN_WEATHER_TOKEN}&units=metric\n"
)


async def test_a_committed_env_untracked_beside_a_template_that_keeps_a_line_is_fixed_by_it(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """``git rm --cached .env`` beside a ``.env.example`` keeping the URL line: git paired the
    two as a rename, and the secrets were "fixed in changes not committed yet", the lesson
    about the blank template (blind check t2)."""
    repo = notes_api(tmp_path, {".env": WEATHER_ENV})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.line for f in week1.findings if f.path == ".env" and f.rule == "MB107"] == [1, 2]

    repo.git("rm", "-q", "--cached", ".env")
    repo.write(".gitignore", ".env\n")
    repo.write(".env.example", "TOKEN=\nOPEN_WEATHER_KEY=\n" + WEATHER_ENV.split("\n")[2] + "\n")
    fix = repo.commit("fix: stop tracking .env", date="2026-02-09T10:00:00+00:00")
    assert repo.git("show", "-M", "--name-status", "--format=", fix).startswith("R")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = week2_run["report"].fixed_findings
    assert [(f.path, f.line, f.fixed_by) for f in fixed] == [(".env", 1, fix), (".env", 2, fix)]
    [lesson] = [x for x in week2_run["report"].lessons if x.status == "solved"]
    assert (lesson.commit, lesson.path) == (fix, None)
    assert [e.path for e in lesson.evidence] == [None, ".env"]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert "not committed yet" not in log
    assert "- **Where**: `.env`, as of" in log and "**Where**: `.env.example`" not in log
