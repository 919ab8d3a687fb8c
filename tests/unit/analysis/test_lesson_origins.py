"""A solved problem was introduced where its line got its problem, not where a later commit
only renamed the names on it, changed its comment or added an argument to its call."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Lesson
from mentorbot.lesson_origins import edited_alike, line_before, shape
from mentorbot.lessons import LessonMiner
from mentorbot.lessons_open import open_lessons
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

REPORTS = """\
import requests
from fastapi import FastAPI

app = FastAPI()


def fetch_report(url: str) -> dict:
    return requests.get(url, timeout=10).json()


@app.get("/report")
async def report(url: str) -> dict:
    data = fetch_report(url)
    return {"report": data}
"""


def _history(tmp_path: Path, later: str) -> tuple[GitRepo, str, str]:
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", REPORTS)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", later)
    repo.commit("refactor: rename fetch_report", date="2026-03-02T10:00:00+00:00")
    repo.write("app.py", later.replace("async def report", "def report"))
    fix = repo.commit("fix: blocking report route", date="2026-03-03T10:00:00+00:00")
    return repo, first, fix


def test_a_problem_renamed_later_was_introduced_where_it_was_written(tmp_path: Path) -> None:
    renamed = REPORTS.replace("fetch_report", "load_report")
    repo, first, fix = _history(tmp_path, renamed)

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (fix, "MB101")
    assert lesson.introduced_in == first


def test_a_commit_that_changed_a_name_into_the_problem_introduced_it(tmp_path: Path) -> None:
    fetching = REPORTS.replace(
        "@app.get", 'def parse_report(url: str) -> dict:\n    return {"url": url}\n\n\n@app.get'
    )
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", fetching.replace("data = fetch_report(url)", "data = parse_report(url)"))
    repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", fetching)
    fetched = repo.commit("feat: fetch the report", date="2026-03-02T10:00:00+00:00")
    repo.write("app.py", fetching.replace("async def report", "def report"))
    fix = repo.commit("fix: blocking report route", date="2026-03-03T10:00:00+00:00")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.introduced_in) == (fix, fetched)


def test_a_call_wrapped_over_lines_and_renamed_later_was_introduced_where_it_was_written(
    tmp_path: Path,
) -> None:
    """ "fix: pydantic v2 deprecation" only split `db_user = User.from_orm(user)` over three
    lines under a new name, and was named as where the v1 call came from."""
    wrapped = REPORTS.replace(
        '    data = fetch_report(url)\n    return {"report": data}',
        '    report_data = fetch_report(\n        url\n    )\n    return {"report": report_data}',
    )
    repo, first, fix = _history(tmp_path, wrapped)

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (fix, "MB101")
    assert lesson.introduced_in == first


def test_lines_of_the_same_shape_differ_in_names_comments_and_spacing_only() -> None:
    assert shape("except Exception as e:") == shape("except  Exception as err:  # db")
    assert shape("db = get_db_connection()") == shape("db = connect_db()")
    assert shape("await asyncio.sleep(1)") != shape("time.sleep(1)")
    assert shape('query = f"SELECT {x}"') != shape('query = "SELECT %s"')


def test_a_line_replaced_one_for_one_keeps_its_place() -> None:
    before = "a = 1\nb = old()\nc = 3\n"
    after = "a = 1\nb = new()\nc = 3\n"
    grown = "a = 1\nb = new()\nb2 = more()\nc = 3\n"

    assert line_before(before, after, 2) == 2
    assert line_before("x = 0\n" + before, after, 3) == 4
    assert line_before(before, grown, 2) is None
    split = "a = 1\nb = new(\n    x,\n)\nc = 3\n"
    assert line_before("a = 1\nb = old(x)\nc = 3\n", split, 2) == 2
    assert line_before(split, "a = 1\nb = new(x)\nc = 3\n", 2) == 2


def test_an_argument_added_to_the_flagged_call_did_not_introduce_its_problem(
    tmp_path: Path,
) -> None:
    """ "fix: pydantic v2 in update route" added ``exclude_none=True`` to a ``.dict()`` call and
    was named as where the v1 call came from."""
    direct = REPORTS.replace("data = fetch_report(url)", "data = requests.get(url).json()")
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", direct)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    timed = direct.replace("requests.get(url).json()", "requests.get(url, timeout=10).json()")
    repo.write("app.py", timed)
    repo.commit("fix: a timeout for the report request", date="2026-03-02T10:00:00+00:00")
    repo.write("app.py", timed.replace("async def report", "def report"))
    fix = repo.commit("fix: blocking report route", date="2026-03-03T10:00:00+00:00")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB101"]

    assert (lesson.commit, lesson.introduced_in) == (fix, first)


def test_a_line_edited_alike_keeps_most_of_its_tokens() -> None:
    assert edited_alike(
        "update_data=user.dict(exclude_unset=True))",
        "update_data=user.dict(exclude_unset=True, exclude_none=True))",
    )
    assert edited_alike("except Exception as e:", "except Exception as err:  # db")
    assert not edited_alike("data = fetch_report(url)", "await notify(user, channel='mail')")


def test_a_name_dropped_from_the_flagged_import_did_not_introduce_its_problem(
    tmp_path: Path,
) -> None:
    """``import SessionLocal, engine`` -> ``import engine`` left ``engine`` unused as it was
    from the start; the commit that dropped ``SessionLocal`` was named as where the unused
    import came from (blind check history 11)."""
    crud = (
        "from backend.database import SessionLocal, engine\n\n\n"
        "def count_users(session) -> int:\n    return session.query_count()\n"
    )
    repo = GitRepo(tmp_path / "users").init()
    repo.write("backend/database.py", "engine = None\nSessionLocal = None\n")
    repo.write("backend/crud_users.py", crud)
    first = repo.commit("import project", date="2026-03-01T10:00:00+00:00")
    repo.write("backend/crud_users.py", crud.replace("SessionLocal, engine", "engine"))
    repo.commit("refactor: sessions come from the route", date="2026-03-02T10:00:00+00:00")
    repo.write(
        "backend/crud_users.py",
        crud.replace("from backend.database import SessionLocal, engine\n", ""),
    )
    fix = repo.commit("chore: remove unused imports", date="2026-03-03T10:00:00+00:00")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == fix]

    assert [(lesson.rule, lesson.introduced_in) for lesson in lessons] == [("MB201", first)]
    assert edited_alike("from db import SessionLocal, engine", "from db import engine")
    # Elsewhere a dropped token is taken as the line written anew (each look back costs a
    # version's analysis).
    assert not edited_alike("total = price(item, tax)", "total = price(item)")


def test_a_secret_given_a_new_value_was_introduced_where_it_was_first_written(
    tmp_path: Path,
) -> None:
    """ "fix: stronger jwt secret" only changed the hard-coded value (and added `: str`), and was
    named as where the secret came from; the secret is its literal, whatever its value."""
    settings = 'JWT_ALGORITHM = "HS256"\nSECRET_KEY = "q7W!e9R#t1Y-signing"\n'
    repo = GitRepo(tmp_path / "jwt").init()
    repo.write("app/settings.py", settings)
    first = repo.commit("feat: jwt settings", date="2026-03-01T10:00:00+00:00")
    repo.write(
        "app/settings.py",
        settings.replace(
            'SECRET_KEY = "q7W!e9R#t1Y-signing"', 'SECRET_KEY: str = "Zx9#mPq2$Lw8-stronger"'
        ),
    )
    repo.commit("fix: stronger jwt secret", date="2026-03-02T10:00:00+00:00")
    repo.write(
        "app/settings.py",
        'import os\n\nJWT_ALGORITHM = "HS256"\nSECRET_KEY = os.environ["SECRET_KEY"]\n',
    )
    fix = repo.commit("wip", date="2026-03-03T10:00:00+00:00")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB107"]

    assert (lesson.commit, lesson.introduced_in) == (fix, first)


APP_BEFORE = """\
import os
from fastapi import FastAPI
# from langchain.prompts import ChatPromptTemplate
# from langchain_mistralai.chat_models import ChatMistralAI

load_dotenv()
app = FastAPI()


app.include_router(users.router)
"""
APP_AFTER = """\
import os
from fastapi import FastAPI
from langserve import add_routes
from langchain.prompts import ChatPromptTemplate

load_dotenv()

app = FastAPI(
    title="Notes with a model",
    version="1.0",
)

app.include_router(auth.router)
app.include_router(users.router)
"""


def test_a_loose_look_finds_the_line_a_commit_wrote_again_among_other_lines() -> None:
    """A "langserve" commit deleted ``app = FastAPI()`` and wrote it again, with arguments, among
    new lines: "no tests", anchored there, was dated by that commit."""
    assert line_before(APP_BEFORE, APP_AFTER, 8) is None
    assert line_before(APP_BEFORE, APP_AFTER, 8, loose=True) == 7


def _open_problem(repo: GitRepo, tmp_path: Path, rule: str = "MB101") -> Lesson:
    """The open problem of ``rule`` in a review of ``repo``, dated."""
    cache = AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=None, cache=cache)
    miner = LessonMiner(Path(scan.root), scan, cache)
    [lesson] = [x for x in miner.dated(open_lessons(scan.findings)) if x.rule == rule]
    return lesson


def test_an_open_problem_is_dated_by_the_commit_that_wrote_its_line(tmp_path: Path) -> None:
    """Open problems said only "first at app.py:13"; a learner asked since when. A later rename
    of the helper did not write the problem."""
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", REPORTS)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", REPORTS.replace("fetch_report", "load_report"))
    repo.commit("refactor: rename fetch_report", date="2026-03-02T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path)
    assert (lesson.status, lesson.path, lesson.line) == ("open", "app.py", 13)
    assert lesson.introduced_in == first

    # Changed on disk since HEAD: its lines are not HEAD's, so no commit is named.
    repo.write("app.py", "import os\n" + REPORTS.replace("fetch_report", "load_report"))
    assert _open_problem(repo, tmp_path / "again").introduced_in is None


ADMIN = """\
import requests
from fastapi import APIRouter

router = APIRouter()


@router.get("/admin/report")
async def admin_report(url: str) -> dict:
    return requests.get(url, timeout=10).json()
"""


def test_an_open_group_is_dated_and_shown_by_its_place_written_first(tmp_path: Path) -> None:
    """A learner's blocking calls sat in ``app.py`` from the first commit; a later admin router
    added one more. The group was shown at ``admin.py`` (first by path) and dated by the admin
    commit: "first at admin.py, written in <the admin commit>" while the problem was older."""
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", REPORTS)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("admin.py", ADMIN)
    repo.commit("feat: admin report", date="2026-03-05T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path)
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("app.py", 13, first)
    assert lesson.evidence[0].path == "app.py"
    assert "admin.py" in {evidence.path for evidence in lesson.evidence}


SCHEMAS = """\
from pydantic import BaseModel


class TodoOut(BaseModel):
    id: int
    title: str

    class Config:
        orm_mode = True
"""


def test_pydantic_v1_code_became_a_problem_when_the_project_moved_to_pydantic_2(
    tmp_path: Path,
) -> None:
    """``class Config: orm_mode`` was right while pydantic 1 was pinned; the log dated it by the
    commit that wrote it, 439 days before the upgrade that made it v1 code in a v2 project."""
    repo = GitRepo(tmp_path / "todos").init()
    repo.write("requirements.txt", "fastapi==0.75.2\npydantic==1.9.0\n")
    repo.write("app/schemas.py", SCHEMAS)
    repo.commit("feat: todo schemas", date="2024-03-01T10:00:00+00:00")
    repo.write("README.md", "# Todos\n")
    repo.commit("docs: readme", date="2024-04-01T10:00:00+00:00")
    repo.write("requirements.txt", "fastapi==0.110.0\npydantic==2.6.0\n")
    upgrade = repo.commit("update requirements", date="2025-05-01T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB104")
    assert (lesson.path, lesson.introduced_in) == ("app/schemas.py", upgrade)


DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

DATABASE_URL = "sqlite:///./todos.db"
engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
"""
DATABASE_ON_POSTGRES = """\
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

# DATABASE_URL = "sqlite:///./todos.db"
# engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})

DATABASE_URL = os.getenv("DB_URL")
engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(bind=engine)
"""
TODO_ROUTES = """\
from fastapi import FastAPI

from database import SessionLocal
from models import Todo

app = FastAPI()


@app.get("/todos")
async def list_todos() -> list[dict]:
    with SessionLocal() as db:
        return [{"title": todo.title} for todo in db.query(Todo).all()]
"""
TODO_MODELS = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Todo(Base):
    __tablename__ = "todos"
    id = Column(Integer, primary_key=True)
    title = Column(String)
"""


def test_an_engine_line_kept_as_a_comment_above_its_new_version_is_no_new_problem(
    tmp_path: Path,
) -> None:
    """A learner moved from sqlite to PostgreSQL by commenting the old engine out and writing a
    new one: the sync engine behind async routes was dated by that move, though it had been
    there from the first commit."""
    repo = GitRepo(tmp_path / "todos").init()
    repo.write("database.py", DATABASE)
    repo.write("main.py", TODO_ROUTES)
    repo.write("models.py", TODO_MODELS)
    first = repo.commit("primer commit", date="2025-01-10T10:00:00+00:00")
    repo.write("database.py", DATABASE_ON_POSTGRES)
    repo.commit("conexion con postgres", date="2025-01-20T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB111")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("database.py", 10, first)


def test_a_sync_engine_became_a_problem_with_the_first_async_route(tmp_path: Path) -> None:
    """The sync engine was dated by a commit whose routes were all sync, walked back past an
    edit of its line; it became a problem when the routes went async (blind checks history 22
    and 25)."""
    repo = GitRepo(tmp_path / "todos").init()
    repo.write("database.py", DATABASE)
    repo.write("main.py", TODO_ROUTES.replace("async def", "def"))
    repo.write("models.py", TODO_MODELS)
    repo.commit("primer commit", date="2025-01-10T10:00:00+00:00")
    repo.write("database.py", DATABASE_ON_POSTGRES)
    repo.commit("conexion con postgres", date="2025-01-20T10:00:00+00:00")
    repo.write("main.py", TODO_ROUTES)
    went_async = repo.commit("rutas async", date="2025-01-25T10:00:00+00:00")
    repo.write("README.md", "# todos\n")
    repo.commit("readme", date="2025-01-26T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB111")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("database.py", 10, went_async)


ALEMBIC_INI = """\
[alembic]
script_location = alembic
sqlalchemy.url = postgresql://snap:Kd83-snap-pw@localhost:5432/snappost

[loggers]
keys = root
"""


def test_a_secret_line_commented_out_was_written_where_it_was_first_written(
    tmp_path: Path,
) -> None:
    """ "update alembic.ini" put a ``#`` before the URL with its password, and was named as where
    the password was written (blind check history 23)."""
    repo = GitRepo(tmp_path / "snap").init()
    repo.write("alembic.ini", ALEMBIC_INI)
    repo.write("app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
    first = repo.commit("first commit", date="2025-09-01T10:00:00+00:00")
    repo.write("alembic.ini", ALEMBIC_INI.replace("sqlalchemy.url", "# sqlalchemy.url"))
    repo.commit("update alembic.ini", date="2025-09-03T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB107")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("alembic.ini", 3, first)

    # Commented out with the comments above it rewritten: two lines for four.
    repo = GitRepo(tmp_path / "snap2").init()
    commented = "# database URL.\n# Read by env.py.\n# Any driver.\n"
    repo.write("alembic.ini", ALEMBIC_INI.replace("sqlalchemy.url", commented + "sqlalchemy.url"))
    first = repo.commit("first commit", date="2025-09-01T10:00:00+00:00")
    repo.write(
        "alembic.ini",
        ALEMBIC_INI.replace("sqlalchemy.url", "# the URL comes from .env\n# sqlalchemy.url"),
    )
    repo.commit("update alembic.ini", date="2025-09-03T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path / "again", "MB107")
    assert (lesson.path, lesson.line, lesson.introduced_in) == ("alembic.ini", 4, first)
