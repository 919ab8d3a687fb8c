"""Fix commits whose message says nothing ("update main.py", "changes", "wip"). A line the commit
removed must show a hint of a rule's problem, a removed call must come back awaited, or a name
must stop being imported; the problem's line must have been rewritten, not deleted (an unused
import's may be deleted); a merge is never credited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentorbot.analysis.git import Hunk
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Lesson, Text
from mentorbot.quiet_fixes import credited, removed_hint, shows_fix
from mentorbot.rules.registry import all_rules
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


@pytest.mark.parametrize(
    ("removed", "added", "shows"),
    [
        (["time.sleep(2)"], ["await asyncio.sleep(2)"], True),
        (["except:"], ["except ValueError:"], True),
        (['SECRET_KEY = "9f8e7d6c5b4a3928"'], ['SECRET_KEY = os.environ["SECRET_KEY"]'], True),
        (["session.commit()"], ["await session.commit()"], True),
        (['broker = "redis://:hunter2@redis:6379/0"'], ['broker = os.environ["BROKER"]'], True),
        (
            ["data = fetch_weather(city)"],
            ["data = await asyncio.to_thread(fetch_weather, city)"],
            True,
        ),
        # Handed to a thread with an argument renamed: "upload: only pdf, no duplicates" moved
        # an embedding call off the loop (blind check history 25).
        (
            ["process_new_pdf(file_path, file.filename)"],
            ["await asyncio.to_thread(process_new_pdf, file_path, filename)"],
            True,
        ),
        # An edit that only reorders or moves imports, or awaits something else, shows nothing.
        (["import time", "from fastapi import FastAPI"], ["from fastapi import FastAPI"], True),
        (["import time", "from fastapi import FastAPI"], ["import time, asyncio"], True),
        (["import time", "from fastapi import FastAPI"], ["import FastAPI", "import time"], False),
        (["from typing import List, Dict"], ["from typing import Dict, List"], False),
        # A name dropped with the code that used it is a change of approach, not tidying.
        (["import requests", "r = requests.get(url)"], ["r = fetch(url)"], True),
        (["from app.db import legacy", "rows = legacy.fetch()"], ["rows = fetch()"], False),
        (["import numpy as np"], ["import numpy as np  # arrays"], False),
        (["total = count(items)"], ["await notify(user)"], False),
        (['return {"status": "ok"}'], ['return {"status": "fine"}'], False),
        # The problems' safe forms: an async sleep, an awaited commit, a bound query.
        (["await asyncio.sleep(0.05)"], ["await asyncio.sleep(0.1)"], False),
        (["await db.commit()"], ["await session.commit()"], False),
        (['text("SELECT id FROM orders WHERE name = :name")'], ["text(QUERY)"], False),
        (["db.execute(f\"SELECT id FROM orders WHERE name = '{name}'\")"], [], True),
    ],
)
def test_what_a_diff_must_show_to_be_mined(
    removed: list[str], added: list[str], shows: bool
) -> None:
    assert shows_fix(removed, added, removed_hint()) is shows


def _lesson(rule: str) -> Lesson:
    title = Text(zh="题", en="title")
    return Lesson(title=title, category="other", status="solved", rule=rule, path="app/main.py")


def test_only_a_rewritten_line_of_a_hinted_rule_is_credited() -> None:
    rewritten = [Hunk(old_start=10, old_count=1, new_start=10, new_count=1)]
    deleted = [Hunk(old_start=8, old_count=5, new_start=7, new_count=0)]

    assert credited(_lesson("MB101"), rewritten, 10)
    assert not credited(_lesson("MB101"), deleted, 10)
    assert not credited(_lesson("MB101"), rewritten, 12)
    # An unused name ruff reports: tidying it up is no lesson without a message saying so.
    assert not credited(_lesson("MB201"), rewritten, 10)
    # Except an unused import, whose fix is to delete its line.
    unused = _lesson("MB201").model_copy(
        update={"found": Text(zh="未使用", en="`os` imported but unused (ruff F401)")}
    )
    assert credited(unused, deleted, 10)
    assert not credited(unused, rewritten, 12)
    twice = unused.model_copy(
        update={"found": Text(zh="重复", en="redefinition of unused `computed_field` (ruff F811)")}
    )
    assert credited(twice, deleted, 10)


def test_a_block_git_deleted_beside_the_hunk_that_rewrote_it_counts_as_rewritten() -> None:
    """A sync engine made async: git's -U0 diff wrote the new engine in the hunk over line 5
    and deleted the old ``engine = create_engine(...)`` (lines 7-8) in a hunk of its own."""
    rewritten_above = [
        Hunk(old_start=5, old_count=1, new_start=5, new_count=9),
        Hunk(old_start=7, old_count=2, new_start=14, new_count=0),
    ]
    far_away = [
        Hunk(old_start=1, old_count=1, new_start=1, new_count=1),
        Hunk(old_start=7, old_count=2, new_start=6, new_count=0),
    ]
    rewritten_below = [
        Hunk(old_start=7, old_count=2, new_start=6, new_count=0),
        Hunk(old_start=11, old_count=0, new_start=9, new_count=3),
    ]

    assert credited(_lesson("MB111"), rewritten_above, 7)
    assert credited(_lesson("MB111"), rewritten_below, 8)
    assert not credited(_lesson("MB111"), far_away, 7)


def test_every_rule_either_declares_fix_hints_or_is_never_credited_to_a_quiet_commit() -> None:
    unhinted = {rule.id for rule in all_rules() if not rule.fix_hints}
    # A syntax error, missing tests, ruff's general reports: their fixes look like any other
    # edit, so only a message saying "fix" makes them lessons. (MB110's hints are for the
    # create_all beside the migrations, which the fix deletes.)
    assert unhinted == {"MB001", "MB105", "MB201"}
    for rule in all_rules():
        if not rule.fix_hints.removed:
            continue
        hints = re.compile("|".join(f"(?:{hint})" for hint in rule.fix_hints.removed))
        flagged = [
            case.files[path].splitlines()[line - 1].strip()
            for case in rule.bad
            for path, line in case.hits
        ]
        assert any(hints.search(code) for code in flagged), rule.id


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
