"""Which problem of today is one of the last review's: code fixed in one file and written anew
in another, a line edited in place that keeps its problem, lines alike moved with their file,
code copied rather than moved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.integration.test_growth_fixes import notes_api

READ_A = """\
def read_a(path: str) -> str:
    try:
        with open(path) as handle:
            return handle.read()
    except:
        return ""
"""
READ_A_FIXED = READ_A.replace("    except:\n", "    except OSError:\n")
READ_B = """\
def compute(values: list[int]) -> int:
    return sum(values)


def read_b(path: str) -> str:
    try:
        with open(path) as handle:
            return handle.read()
    except:
        return ""
"""


async def test_a_problem_fixed_in_one_file_and_written_anew_in_another_is_fixed_and_new(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A bare ``except:`` fixed in ``a.py``, then the same lines written into ``b.py`` two
    commits later: the log paired them as one problem moved, "0 fixed" and the new one "open
    since step 1", while its own solved problems credited the fix (blind check history 50)."""
    repo = notes_api(tmp_path, {"app/a.py": READ_A})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.path for f in week1.findings if f.rule == "MB106"] == ["app/a.py"]

    repo.write("app/a.py", READ_A_FIXED)
    fix = repo.commit("fix: no bare except in read_a", date="2026-02-09T10:00:00+00:00")
    repo.write("app/b.py", READ_B)
    repo.commit("feat: b computes values", date="2026-02-10T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    fixed = [(f.path, f.fixed_by) for f in week2.fixed_findings if f.rule == "MB106"]
    assert fixed == [("app/a.py", fix)]
    assert [(f.path, f.status) for f in week2.findings if f.rule == "MB106"] == [
        ("app/b.py", "new")
    ]


WEATHER = """\
import requests


def current(city: str) -> dict:
    answer = requests.get("https://api.example.com/current", params={"q": city})
    return answer.json()
"""


async def test_a_call_edited_in_place_that_still_has_its_problem_is_open_not_fixed(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A ``requests.get`` without a timeout, its URL changed and its timeout still missing: the
    log listed it fixed in that commit, and the edited line as a new problem (history 50)."""
    repo = notes_api(tmp_path, {"app/weather.py": WEATHER})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.path for f in week1.findings if "S113" in f.message.en] == ["app/weather.py"]

    repo.write("app/weather.py", WEATHER.replace("/current", "/onecall"))
    repo.commit("feat: forecast from onecall", date="2026-02-09T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert [f for f in week2.fixed_findings if "S113" in f.message.en] == []
    assert [(f.path, f.status, f.since_step) for f in week2.findings if "S113" in f.message.en] == [
        ("app/weather.py", "open", 1)
    ]


async def test_a_commit_that_left_as_many_of_a_problem_in_the_file_is_not_named_its_fix(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The call moved down a line as its URL changed: no longer the same line, but the commit
    left the file with as many requests without a timeout as before, so it fixed none."""
    repo = notes_api(tmp_path, {"app/weather.py": WEATHER})
    await review(repo_path=str(repo.path), learner=learner)

    moved_down = WEATHER.replace("/current", "/onecall").replace(
        "    answer =", '    """The forecast."""\n    answer ='
    )
    repo.write("app/weather.py", moved_down)
    edit = repo.commit("feat: forecast from onecall", date="2026-02-09T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert edit not in {f.fixed_by for f in week2.fixed_findings}


USERS_ROUTES = """\
import sqlite3

from fastapi import APIRouter

router = APIRouter()


def get_db():
    return sqlite3.connect("users.db")


@router.get("/a")
def route_a():
    conn = get_db()
    return conn.execute("SELECT 1").fetchall()


@router.get("/b")
def route_b():
    conn = get_db()
    return conn.execute("SELECT 2").fetchall()
"""


async def test_a_moved_file_whose_problems_share_a_line_keeps_them_all_open(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Two routes each opening their own connection on a line ``conn = get_db()``, the file
    moved with ``git mv``: one stayed open and the other was "fixed in changes not committed
    yet" (blind check history 51)."""
    repo = notes_api(tmp_path, {"app/auth.py": USERS_ROUTES})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.line for f in week1.findings if f.rule == "MB103"] == [14, 20]

    (repo.path / "app/routers").mkdir()
    repo.git("mv", "app/auth.py", "app/routers/auth.py")
    repo.commit("refactor: auth routes under routers/", date="2026-02-09T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert [f for f in week2.fixed_findings if f.rule == "MB103"] == []
    assert [(f.path, f.status) for f in week2.findings if f.rule == "MB103"] == [
        ("app/routers/auth.py", "open"),
        ("app/routers/auth.py", "open"),
    ]


async def test_a_fix_then_the_same_line_elsewhere_then_a_move_is_one_fixed_and_one_new(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """``.dict()`` fixed in ``a.py``, the same line written in ``b.py``, then ``a.py`` moved:
    the log paired the fixed line with the new one, "0 fixed, 0 new" (history 51)."""
    model = "from pydantic import BaseModel\n\n\nclass Item(BaseModel):\n    name: str\n"
    dumps = (
        "from app.models import Item\n\n\n"
        "def dump(item: Item) -> dict:\n    data = item.dict()\n    return data\n"
    )
    repo = notes_api(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "app/models.py": model,
            "app/a.py": dumps,
        },
    )
    await review(repo_path=str(repo.path), learner=learner)

    repo.write("app/a.py", dumps.replace("item.dict()", "item.model_dump()"))
    fix = repo.commit("fix: pydantic v2 model_dump", date="2026-02-09T10:00:00+00:00")
    repo.write("app/b.py", dumps)
    repo.commit("feat: b dumps items", date="2026-02-10T10:00:00+00:00")
    (repo.path / "app/io").mkdir()
    repo.git("mv", "app/a.py", "app/io/a.py")
    repo.commit("refactor: a under io/", date="2026-02-11T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    fixed = [(f.path, f.fixed_by) for f in week2.fixed_findings if f.rule == "MB104"]
    assert fixed == [("app/a.py", fix)]
    assert [(f.path, f.status) for f in week2.findings if f.rule == "MB104"] == [
        ("app/b.py", "new")
    ]


async def test_a_problem_copied_into_a_new_file_and_fixed_in_the_old_is_fixed_and_new(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A rewrite wrote the signing key into a new ``security.py`` while ``__init__.py`` kept
    its own, which a later commit fixed: the log called the new one "open since step 1" and
    the fix was lost (blind check history 52)."""
    init = (
        'from flask import Flask\n\napp = Flask(__name__)\napp.secret_key = "f9Kq2LmZ8xWv4Tn7Rb"\n'
    )
    repo = notes_api(tmp_path, {"user/__init__.py": init})
    await review(repo_path=str(repo.path), learner=learner)

    repo.write("user/__init__.py", init + "\n\ndef create() -> Flask:\n    return app\n")
    repo.write(
        "user/security.py", 'from user import app\n\napp.secret_key = "f9Kq2LmZ8xWv4Tn7Rb"\n'
    )
    repo.commit("refactor: security module", date="2026-02-09T10:00:00+00:00")
    fixed = init.replace('"f9Kq2LmZ8xWv4Tn7Rb"', 'os.environ["SECRET_KEY"]').replace(
        "from flask", "import os\n\nfrom flask"
    )
    repo.write("user/__init__.py", fixed + "\n\ndef create() -> Flask:\n    return app\n")
    fix = repo.commit("fix: secret key from the environment", date="2026-02-10T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert [(f.path, f.fixed_by) for f in week2.fixed_findings if f.rule == "MB107"] == [
        ("user/__init__.py", fix)
    ]
    assert [(f.path, f.status) for f in week2.findings if f.rule == "MB107"] == [
        ("user/security.py", "new")
    ]


THREE_READERS = READ_A + "\n\n" + READ_B.replace("read_b", "read_c") + "\n\n" + READ_B
"""``read_a``, ``compute``, ``read_c`` and ``read_b``: three bare excepts of one code."""


async def test_of_excepts_alike_the_one_whose_function_a_commit_deleted_is_the_one_it_removed(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """``read_c`` deleted in one commit, ``read_a`` (above it) fixed in the next: the one
    higher in the file had been taken for the one gone first, each fix credited to the other
    commit (blind check history 55)."""
    repo = notes_api(tmp_path, {"app/io.py": THREE_READERS})
    await review(repo_path=str(repo.path), learner=learner)

    without_c = READ_A + "\n\n" + READ_B
    repo.write("app/io.py", without_c)
    deletion = repo.commit("remove unused read_c", date="2026-02-09T10:00:00+00:00")
    repo.write("app/io.py", without_c.replace("    except:\n", "    except OSError:\n", 1))
    fix = repo.commit("fix: read_a catches OSError only", date="2026-02-10T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    fixed = {
        f.message.en.split("`")[3]: (f.fixed_by, f.removed_with_code)
        for f in week2.fixed_findings
        if f.rule == "MB106"
    }
    assert fixed == {"read_a": (fix, False), "read_c": (deletion, True)}
    assert [f.status for f in week2.findings if f.rule == "MB106"] == ["open"]


async def test_a_function_deleted_is_gone_with_its_code_and_one_renamed_as_fixed_is_fixed(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """ "remove unused check_users" took a bare except out with its function: the log said the
    commit fixed it (blind check history 55). A function renamed in the commit that fixed it
    keeps its body, and is fixed."""
    repo = notes_api(tmp_path, {"app/io.py": THREE_READERS})
    await review(repo_path=str(repo.path), learner=learner)

    repo.write("app/io.py", READ_A + "\n\n" + READ_B)
    deletion = repo.commit("remove unused read_c", date="2026-02-09T10:00:00+00:00")
    renamed = READ_A.replace("def read_a", "def load_a").replace("except:", "except OSError:")
    repo.write("app/io.py", renamed + "\n\n" + READ_B)
    fix = repo.commit("load_a catches OSError only", date="2026-02-10T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")
    week2 = week2_run["report"]

    gone = [(f.fixed_by, f.removed_with_code) for f in week2.fixed_findings if f.rule == "MB106"]
    assert sorted(gone) == sorted([(deletion, True), (fix, False)])
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert (
        f"- 🗑️ Bare or overly broad except: `app/io.py`, gone with the function that held it, "
        f"deleted in commit `{deletion[:8]}`" in log
    )
    assert f"- ✅ Bare or overly broad except: `app/io.py`, fixed in commit `{fix[:8]}`" in log


CRUD = """\
from typing import Optional, List

from sqlalchemy import text


def find(db, name: Optional[str]):
    return db.execute(text("SELECT id FROM ads WHERE name = :n"), {"n": name}).all()
"""
SCHEMAS = """\
from pydantic import BaseModel


class AdResponse(BaseModel):
    id: int
    title: str

    class Config:
        from_attributes = True
"""
USER_SCHEMA = """\
class UserResponse(BaseModel):
    id: int

    class Config:
        from_attributes = True


"""
USERS = """\
from typing import Optional, List


def users(limit: List[int]) -> list[int]:
    return limit
"""


async def test_lines_alike_written_since_are_new_and_the_old_ones_keep_their_state(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A new schema's ``class Config`` written above the old one: the log had the new one open
    since step 1 and the old one new. And crud.py's ``from typing import Optional, List``,
    ``List`` unused, trimmed in the commit that made a users router of the same line with
    ``Optional`` unused: the router's was "open since step 1", crud.py's never fixed (blind
    check history 56)."""
    repo = notes_api(tmp_path, {"app/crud.py": CRUD, "app/schemas.py": SCHEMAS})
    repo.write("requirements.txt", "fastapi==0.115.0\npydantic==2.9.2\n")
    repo.commit("chore: pin pydantic", date="2026-02-03T10:00:00+00:00")
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.path, f.line) for f in week1.findings if f.rule == "MB104"] == [
        ("app/schemas.py", 8)
    ]

    repo.write("app/crud.py", CRUD.replace("Optional, List", "Optional"))
    repo.write("app/routers/users.py", USERS.replace("limit: List[int]", "limit: list[int]"))
    repo.write("app/schemas.py", SCHEMAS.replace("\n\nclass Ad", f"\n\n{USER_SCHEMA}class Ad"))
    users = repo.commit("feat: users", date="2026-02-09T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    configs = [(f.line, f.status, f.since_step) for f in week2.findings if f.rule == "MB104"]
    assert configs == [(7, "new", None), (15, "open", 1)]
    unused = [(f.path, f.status) for f in week2.findings if "F401" in f.message.en]
    assert unused == [("app/routers/users.py", "new")]
    fixed = [(f.path, f.fixed_by) for f in week2.fixed_findings if "F401" in f.message.en]
    assert fixed == [("app/crud.py", users)]


TASK_MODELS = """\
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
"""
TASK_ROUTES = """\
from fastapi import APIRouter
from sqlalchemy.orm import Session

from app.models import Task

router = APIRouter()


@router.get("/tasks")
def get_tasks(db: Session):
    result = db.query(Task).all()
    return result
"""
TASK_SCHEMA_ROUTES = TASK_ROUTES.replace(
    "from app.models import Task\n",
    "from app.models import Task\nfrom app.schemas import TaskOut\n",
).replace('@router.get("/tasks")', '@router.get("/tasks", response_model=list[TaskOut])')
ADMIN_ROUTES = TASK_ROUTES.replace('"/tasks"', '"/admin/tasks"').replace(
    "def get_tasks", "def get_all_tasks"
)


async def test_a_route_fixed_in_place_whose_body_was_copied_to_a_new_route_is_fixed_and_new(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """``get_tasks`` given its response model in the commit that copied its body into a new
    admin route: the log said the admin route was open since step 1, written before the range,
    and the fix was "in changes not committed yet" (blind check history 57)."""
    repo = notes_api(tmp_path, {"app/models.py": TASK_MODELS, "app/tasks.py": TASK_ROUTES})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.path, f.line) for f in week1.findings if f.rule == "MB102"] == [("app/tasks.py", 12)]

    repo.write("app/tasks.py", TASK_SCHEMA_ROUTES)
    repo.write("app/admin.py", ADMIN_ROUTES)
    fix = repo.commit(
        "tasks answer with TaskOut; admin lists all", date="2026-02-09T10:00:00+00:00"
    )
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert [(f.path, f.status) for f in week2.findings if f.rule == "MB102"] == [
        ("app/admin.py", "new")
    ]
    assert [(f.path, f.fixed_by) for f in week2.fixed_findings if f.rule == "MB102"] == [
        ("app/tasks.py", fix)
    ]
