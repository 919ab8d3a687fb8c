"""A fix's before snippet shows the line the fix changed, not only the line the rule flagged;
its lesson counts every finding of its rule the fix removed from the file.

Turning ``async def`` into ``def`` frees the loop from a sync session's ``commit()`` three lines
below: a before snippet around the ``commit()`` alone left out the ``async def`` the after
snippet shows changed, and the two did not look like the same code."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

DB = """\
from sqlmodel import Session, create_engine

engine = create_engine("sqlite:///./blog.db")


def get_session():
    with Session(engine) as session:
        yield session
"""
USERS = """\
from fastapi import APIRouter, Depends
from sqlmodel import Session

from app.db import get_session
from app.models import User

router = APIRouter()


@router.post("/register")
async def register(username: str, session: Session = Depends(get_session)) -> dict:
    user = User(username=username)
    session.add(user)
    session.commit()
    return {"id": user.id}
"""
MODELS = """\
from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str
"""


def test_the_before_snippet_reaches_the_line_the_fix_changed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.110.0\nsqlmodel==0.0.16\n")
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", DB)
    repo.write("app/models.py", MODELS)
    repo.write("app/users.py", USERS)
    repo.commit("feat: register users")
    repo.write("app/users.py", USERS.replace("async def register", "def register"))
    sha = repo.commit("fix: register blocked the loop with a sync session")

    lessons = solved_lessons(repo, tmp_path)
    # Made sync, the route no longer runs the sync engine of app/db.py on the loop either.
    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(sha, "MB101"), (sha, "MB111")]
    lesson = lessons[0]
    assert "async def register(" in lesson.before
    assert "session.commit()" in lesson.before
    assert "\ndef register(" in lesson.after


ITEMS = """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class ItemOut(BaseModel):
    name: str
    price: float


@app.get("/items/{item_id}")
def read_item(item_id: int) -> dict:
    return {"name": "pen", "price": 1.5, "cost": 0.4}
"""


def test_a_message_fix_is_quoted_where_the_code_changed_not_at_its_imports(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.110.0\npydantic==2.6.0\n")
    repo.write("main.py", ITEMS)
    repo.commit("feat: items")
    fixed = ITEMS.replace(
        "from pydantic import BaseModel", "from pydantic import BaseModel, ConfigDict"
    ).replace("-> dict:", "-> ItemOut:")
    repo.write(
        "main.py",
        fixed.replace(
            "class ItemOut(BaseModel):\n",
            "class ItemOut(BaseModel):\n    model_config = ConfigDict(frozen=True)\n",
        ),
    )
    sha = repo.commit("fix: the item route leaked the cost price")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.commit == sha
    assert "-> dict:" in lesson.before
    assert "-> ItemOut:" in lesson.after


HEALTH = """\
from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import get_session

app = FastAPI()


@app.get("/health")
async def health(db: Session = Depends(get_session)) -> dict:
    try:
        db.execute(text("SELECT 1"))
    except:
        return {"status": "db down"}
    return {"status": "ok"}
"""


def _sqlmodel_app(tmp_path: Path, main: str) -> GitRepo:
    """A SQLModel app whose first commit has ``main`` as its app/main.py."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.110.0\nsqlmodel==0.0.16\n")
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", DB)
    repo.write("app/main.py", main)
    repo.commit("feat: the app")
    return repo


def test_the_after_snippet_shows_the_same_stretch_as_the_before_one(tmp_path: Path) -> None:
    """The fix made the route a plain def and narrowed its except; the after snippet started
    at the try, below the def the before snippet showed as async."""
    repo = _sqlmodel_app(tmp_path, HEALTH)
    fixed = (
        HEALTH.replace(
            "from sqlalchemy import text\n",
            "from sqlalchemy import text\nfrom sqlalchemy.exc import SQLAlchemyError\n",
        )
        .replace("async def health", "def health")
        .replace("except:", "except SQLAlchemyError:")
    )
    repo.write("app/main.py", fixed)
    sha = repo.commit("perf: health check 不再阻塞")

    lesson = next(lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB101")

    assert lesson.commit == sha
    assert "async def health(" in lesson.before
    assert "\ndef health(" in "\n" + lesson.after
    assert "except SQLAlchemyError:" in lesson.after


PROFILE = """\
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import get_session
from app.models import User

app = FastAPI()


@app.get("/users/{name}")
async def read_user(name: str, db: Session = Depends(get_session)) -> dict:
    name = name.strip()
    if not name:
        return {}
    if len(name) > 64:
        return {}
    name = name.lower()
    query = select(User).where(User.name == name)
    user = db.scalars(query).first()
    return {"name": user.name} if user else {}


@app.get("/users/{name}/active")
async def read_active_user(name: str) -> dict:
    return {"name": name, "active": True}
"""


def test_the_snippets_show_the_def_of_the_function_the_fix_freed(tmp_path: Path) -> None:
    """The fix made both routes plain defs; the second def is nearer the flagged line than the
    first, whose body holds it."""
    repo = _sqlmodel_app(tmp_path, PROFILE)
    repo.write("app/main.py", PROFILE.replace("async def", "def"))
    sha = repo.commit("fix: routes blocked the loop")

    lesson = next(lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB101")

    assert lesson.commit == sha
    assert "async def read_user(" in lesson.before
    assert "read_active_user" not in lesson.before
    assert "\ndef read_user(" in "\n" + lesson.after


FILTERS = """\
import logging

from fastapi import HTTPException

from app.db import cursor

log = logging.getLogger(__name__)


def unfinished() -> list[dict]:
    try:
        cursor.execute("SELECT * FROM todo WHERE done = false")
        return cursor.fetchall()
    except Exception:
        raise HTTPException(status_code=500, detail="Database query error")


def by_title(title: str) -> list[dict]:
    try:
        cursor.execute("SELECT * FROM todo WHERE title = %s", (title,))
        return cursor.fetchall()
    except Exception:
        raise HTTPException(status_code=500, detail="Database query error")
"""


def test_a_fix_of_several_findings_of_a_rule_in_a_file_counts_them_all(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", "cursor = None\n")
    repo.write("app/filters.py", FILTERS)
    repo.commit("feat: todo filters")
    logged = FILTERS.replace(
        "    except Exception:\n        raise",
        '    except Exception:\n        log.exception("query failed")\n        raise',
    )
    repo.write("app/filters.py", logged)
    sha = repo.commit("log the errors of the todo filters")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.category) == (sha, "bare-or-broad-except")
    assert lesson.occurrences == 2


SIGNUP = """\
from fastapi import APIRouter
from sqlmodel import Session, select

from app.db import engine
from app.models import User

router = APIRouter()


@router.post("/register")
def register(username: str, password: str):
    with Session(engine) as session:
        taken = session.exec(select(User).where(User.username == username)).first()
        if taken is not None:
            raise ValueError("taken")
        user = User(username=username)
        user.password_hash = password[::-1]
        session.add(user)
        session.commit()
        session.refresh(user)
        print("registered", user.id)
        return user
"""
SIGNUP_MODELS = MODELS.replace(
    "    username: str\n", "    username: str\n    password_hash: str = ''\n"
)


def test_a_fix_far_above_an_unchanged_flagged_line_is_shown_where_it_changed(
    tmp_path: Path,
) -> None:
    """A route given a ``response_model`` in its decorator, 12 lines above the ``return user``
    the rule flags: both snippets showed that same unchanged return."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.110.0\nsqlmodel==0.0.16\n")
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", DB)
    repo.write("app/models.py", SIGNUP_MODELS + "\n\nclass UserView(SQLModel):\n    id: int\n")
    repo.write("app/signup.py", SIGNUP)
    repo.commit("feat: sign up")
    fixed = SIGNUP.replace(
        '@router.post("/register")', '@router.post("/register", response_model=UserView)'
    )
    repo.write("app/signup.py", fixed.replace("import User\n", "import User, UserView\n"))
    sha = repo.commit("fix: don't return the password hash from /register")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (sha, "MB102")
    assert lesson.before.splitlines()[0] == '@router.post("/register")'
    assert lesson.after.splitlines()[0] == '@router.post("/register", response_model=UserView)'
    assert lesson.before != lesson.after


def test_the_fix_is_shown_above_a_signature_spread_over_lines(tmp_path: Path) -> None:
    """The same fix where the route's parameters take a line each (``):`` closing them): the
    line that closes the signature hid the ``def``, and both snippets showed the return."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.110.0\nsqlmodel==0.0.16\n")
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", DB)
    repo.write("app/models.py", SIGNUP_MODELS + "\n\nclass UserView(SQLModel):\n    id: int\n")
    spread = SIGNUP.replace(
        "def register(username: str, password: str):",
        "def register(\n    username: str,\n    password: str,\n):",
    )
    repo.write("app/signup.py", spread)
    repo.commit("feat: sign up")
    fixed = spread.replace(
        '@router.post("/register")', '@router.post("/register", response_model=UserView)'
    )
    repo.write("app/signup.py", fixed.replace("import User\n", "import User, UserView\n"))
    repo.commit("fix: don't return the password hash from /register")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.before.splitlines()[0] == '@router.post("/register")'
    assert lesson.after.splitlines()[0] == '@router.post("/register", response_model=UserView)'


def test_a_response_model_added_on_a_line_of_its_own_is_shown(tmp_path: Path) -> None:
    """``response_model=...`` added as a new line of a decorator spread over lines: a line only
    added was passed over, and both snippets showed the same ``return`` (history 40)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.110.0\nsqlmodel==0.0.16\n")
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", DB)
    repo.write("app/models.py", SIGNUP_MODELS + "\n\nclass UserView(SQLModel):\n    id: int\n")
    spread = SIGNUP.replace(
        '@router.post("/register")\n', '@router.post(\n    "/register",\n    status_code=201,\n)\n'
    )
    repo.write("app/signup.py", spread)
    repo.commit("feat: sign up")
    fixed = spread.replace(
        "    status_code=201,\n", "    status_code=201,\n    response_model=UserView,\n"
    )
    repo.write("app/signup.py", fixed.replace("import User\n", "import User, UserView\n"))
    sha = repo.commit("fix: answer with the user's view")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (sha, "MB102")
    assert "response_model=UserView," in lesson.after
    assert "response_model" not in lesson.before
    assert "status_code=201," in lesson.before


LOGIN = '''\
import sqlite3


def check_pass(email):
    connection = sqlite3.connect("app.db")
    cursor = connection.cursor()
    cursor.execute(
        f"""
        SELECT pass
        FROM users
        WHERE email = '{email}';
        """
    )
    return cursor.fetchone()
'''
LOGIN_FIXED = (
    LOGIN.replace('        f"""\n', '        """\n')
    .replace("WHERE email = '{email}';", "WHERE email = ?;")
    .replace('        """\n    )', '        """,\n        (email,),\n    )')
)


def test_a_query_made_parameterised_shows_its_where_and_its_arguments(tmp_path: Path) -> None:
    """The fix changed the f-string's opening line, the ``WHERE`` line three lines below and
    the arguments: the snippets showed only the ``f`` going (blind check history 55)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("model.py", LOGIN)
    repo.commit("feat: login")
    repo.write("model.py", LOGIN_FIXED)
    sha = repo.commit("fix: check_pass uses a parameterised query")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB108"]

    assert lesson.commit == sha
    assert "WHERE email = '{email}';" in lesson.before
    assert "WHERE email = ?;" in lesson.after
    assert "(email,)," in lesson.after
