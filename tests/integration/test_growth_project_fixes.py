"""What the log says of fix commits: a project-wide problem ("no migrations") fixed by a
commit that also rewrote the file it was reported in is named with that commit, its citation
holding; a commit that says "add" but fixed a problem is no feature, and is what went well."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentorbot.jsonout import report_json
from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded

MODELS = """\
from sqlalchemy import String
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine("sqlite+aiosqlite:///shop.sqlite3")


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(25))


async def create_tables() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
"""

REVISION = """\
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(25)),
    )


def downgrade() -> None:
    op.drop_table("items")
"""


async def test_migrations_replacing_create_all_are_named_where_the_line_no_longer_is(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A shop bot's step 2 cited ``models.py`` at its old ``create_all`` line, past the end of
    the file the Alembic commit had cut, with no commit to read it at (blind check t1)."""
    repo = GitRepo(tmp_path / "shop-bot").init()
    repo.write("models.py", MODELS)
    repo.write(
        "bot.py",
        "import asyncio\n\nfrom models import create_tables\n\nasyncio.run(create_tables())\n",
    )
    repo.write("requirements.txt", "sqlalchemy==2.0.36\naiosqlite==0.20.0\nalembic==1.14.0\n")
    repo.commit("feat: items table", date="2026-02-02T10:00:00+00:00")
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.rule, f.path, f.line) for f in week1.findings if f.rule == "MB110"] == [
        ("MB110", "models.py", 20)
    ]

    repo.write("models.py", MODELS.split("\n\nasync def")[0] + "\n")
    repo.write("bot.py", 'print("shop bot")\n')
    repo.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
    repo.write("migrations/env.py", "from models import Base\n\ntarget_metadata = Base.metadata\n")
    repo.write("migrations/versions/0001_items.py", REVISION)
    fix = repo.commit(
        "add alembic migrations instead of create_all", date="2026-02-09T10:00:00+00:00"
    )
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = [f for f in week2_run["report"].fixed_findings if f.rule == "MB110"]
    assert [(f.path, f.line, f.fixed_by) for f in fixed] == [("models.py", 20, fix)]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`models.py`, fixed in commit `{fix[:8]}`" in log
    assert_grounded(repo.path, log)
    assert_grounded(repo.path, json.dumps(report_json(week2_run["report"], "en", log_path=None)))


async def test_a_commit_adding_a_fix_is_a_solved_problem_and_no_feature(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """ "add timeout to the airport api request" solved the missing timeout and was the one
    "feature commit" of the log's achievements, while the commit adding a command was left out
    (blind check t1)."""
    repo = GitRepo(tmp_path / "airport-bot").init()
    repo.write(
        "airport.py",
        "import requests\n\n\ndef flights(code: str) -> list:\n"
        '    return requests.get("https://api.example.com/flights", params={"q": code}).json()\n',
    )
    repo.write("requirements.txt", "requests==2.32.3\n")
    repo.commit("airport lookup", date="2026-02-02T10:00:00+00:00")
    text = (repo.path / "airport.py").read_text()
    repo.write("airport.py", text.replace("}).json()", "}, timeout=10).json()"))
    fix = repo.commit("add timeout to the airport api request", date="2026-02-03T10:00:00+00:00")
    repo.write("history.py", "def history(user: str) -> list[str]:\n    return []\n")
    feature = repo.commit("add history command", date="2026-02-04T10:00:00+00:00")

    run = await review(repo_path=str(repo.path), learner=learner, language="en")
    report = run["report"]

    assert fix in {lesson.commit for lesson in report.lessons if lesson.status == "solved"}
    [features] = [a for a in report.achievements if a.kind == "features"]
    assert [e.commit for e in features.evidence] == [feature]
    # The fix is what went well, where no skill area is solid yet.
    went_well = Path(run["log_path"]).read_text(encoding="utf-8").split("### What went well")[1]
    assert "- You fixed 1 problem the rules recognise" in went_well.split("###")[0]
    assert f"e.g. in commit `{fix[:8]}`" in went_well.split("###")[0]
