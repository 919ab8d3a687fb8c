"""The skill matrix's database, async and config cells where the data layer is more than one
SQLAlchemy engine: a create_all nothing calls, MongoDB documents, the databases library, Tortoise,
and a module that only loads a .env file."""

from __future__ import annotations

from mentorbot.domain import SkillArea, SkillCell
from mentorbot.rules._migration_cases import PEEWEE_PROJECT_BASE
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills
from tests.unit.assess.scenarios import finding


def cites(cell: SkillCell) -> list[str]:
    return [evidence.cite() for evidence in cell.evidence]


TABLE_MAKER = b"""\
from sqlalchemy import create_engine

from app.models import Base

engine = create_engine("sqlite:///tasks.db")


def create_db_and_tables():
    Base.metadata.create_all(engine)
"""
TASK_MODELS = b"""\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
"""
FIRST_REVISION = b"""\
import sqlalchemy as sa
from alembic import op


def upgrade() -> None:
    op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True))
"""


def test_a_create_all_that_nothing_calls_does_not_hold_back_the_migrations() -> None:
    """A ``create_db_and_tables`` left behind once Alembic took over was cited as the app
    creating its tables beside the migrations, though nothing called it any more."""
    sources = {
        "app/models.py": TASK_MODELS,
        "app/database.py": TABLE_MAKER,
        "app/main.py": b"from fastapi import FastAPI\n\napp = FastAPI()\n",
        "migrations/versions/0001_tasks.py": FIRST_REVISION,
    }
    called = {
        **sources,
        "app/main.py": b"from fastapi import FastAPI\n\nfrom app.database import "
        b"create_db_and_tables\n\napp = FastAPI()\ncreate_db_and_tables()\n",
    }

    def migrations(files: dict[str, bytes]) -> SkillArea:
        findings = review_sources(files, with_ruff=False)
        matrix = assess_skills(analyze_sources(files), findings, [], sorted(files), [])
        return next(area for area in matrix.areas if area.key == "migrations")

    assert migrations(sources).best_practice.rubric == "migrations.best_practice.good"
    assert migrations(called).best_practice.rubric == "migrations.best_practice.partial"
    assert cites(migrations(called).best_practice)[0] == "app/database.py:9"


BEANIE_MODELS = b"""\
from beanie import Document, Indexed


class User(Document):
    username: Indexed(str, unique=True)
    email: str


class Account(Document):
    owner: str
    balance: float = 0.0
"""
BEANIE_APP = b"""\
from beanie import init_beanie
from fastapi import FastAPI
from motor.motor_asyncio import AsyncIOMotorClient

from app.models import Account, User

app = FastAPI()


@app.on_event("startup")
async def start() -> None:
    client = AsyncIOMotorClient("mongodb://localhost:27017")
    await init_beanie(database=client.bank, document_models=[User, Account])


@app.get("/users/{name}")
async def read_user(name: str) -> dict:
    user = await User.find_one(User.username == name)
    return {"email": user.email if user else None}
"""


def test_a_beanie_app_has_a_data_model_and_an_async_database_layer() -> None:
    """A Motor/Beanie bank API was told its data model was "not started" and that its
    session factory was "sync or absent"."""
    sources = {"app/models.py": BEANIE_MODELS, "app/main.py": BEANIE_APP}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    areas = {area.key: area for area in matrix.areas}

    database = areas["database"]
    assert database.understanding.rubric == "database.understanding.good"
    assert {"app/models.py:4", "app/models.py:9", "app/main.py:12"} <= set(
        cites(database.understanding)
    )
    assert database.best_practice.rubric == "database.best_practice.good"
    assert cites(database.best_practice) == ["app/main.py:12"]
    assert areas["async"].best_practice.rubric == "async.best_practice.good"


STUDENTS_DATABASE = b"""\
import sqlalchemy
from databases import Database

DATABASE_URL = "sqlite+aiosqlite:///./students.db"
database = Database(DATABASE_URL)
metadata = sqlalchemy.MetaData()
students = sqlalchemy.Table(
    "students",
    metadata,
    sqlalchemy.Column("id", sqlalchemy.Integer, primary_key=True),
)
engine = sqlalchemy.create_engine("sqlite:///./students.db")
metadata.create_all(engine)
"""


def test_a_databases_library_app_with_its_table_engine_has_one_way_to_the_database() -> None:
    """The databases library's client beside the engine that creates its tables was read as
    "more than one engine in application code"."""
    sources = {"app/database.py": STUDENTS_DATABASE}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    database = next(area for area in matrix.areas if area.key == "database")

    assert database.best_practice.rubric == "database.best_practice.good"
    assert cites(database.best_practice) == ["app/database.py:5", "app/database.py:12"]


TORTOISE_APP = b"""\
from fastapi import FastAPI
from tortoise import fields, models
from tortoise.contrib.fastapi import register_tortoise

app = FastAPI()


class Item(models.Model):
    name = fields.CharField(max_length=50)


@app.get("/items")
async def items() -> list[str]:
    return [item.name for item in await Item.all()]


register_tortoise(app, db_url="sqlite://db.sqlite3", modules={"models": ["main"]})
"""


def test_a_tortoise_app_has_an_async_database_layer() -> None:
    """A Tortoise app was told its engine was "sync or absent" and that no engine, session
    factory or client could be found, though register_tortoise connects it."""
    sources = {"main.py": TORTOISE_APP}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    areas = {area.key: area for area in matrix.areas}

    assert areas["async"].best_practice.rubric == "async.best_practice.good"
    assert areas["database"].best_practice.rubric == "database.best_practice.good"
    assert cites(areas["database"].best_practice) == ["main.py:17"]


def test_the_module_that_calls_load_dotenv_is_not_config_code() -> None:
    """main.py's load_dotenv() made its missing-tests anchor and unused imports count against
    the config cell's code quality."""
    sources = {
        "app/config.py": b'import os\n\nSECRET_KEY = os.getenv("SECRET_KEY")\n',
        "app/main.py": b"from dotenv import load_dotenv\nfrom fastapi import FastAPI\n\n"
        b"load_dotenv()\napp = FastAPI()\n",
    }
    anchor = finding("MB105", "missing-tests", "medium", "app/main.py", 5)
    matrix = assess_skills(analyze_sources(sources), [anchor], [], sorted(sources), [])
    config = next(area for area in matrix.areas if area.key == "config-containers")

    assert config.code_quality.rubric == "config-containers.code_quality.good"
    assert cites(config.understanding) == ["app/config.py:3", "app/main.py:4"]


def test_a_test_s_async_engine_does_not_make_a_sync_app_s_database_layer_async() -> None:
    """A conftest's ``create_async_engine`` for an in-memory database made the async cell say
    "the database layer is async too" of an app whose only engine is ``create_engine``."""
    sources = {
        "app/db.py": b'from sqlalchemy import create_engine\n\nengine = create_engine("sqlite:///a.db")\n',
        "app/main.py": b"from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        b"@app.get('/')\nasync def index() -> dict:\n    return {}\n",
        "tests/conftest.py": b"from sqlalchemy.ext.asyncio import create_async_engine\n\n"
        b'engine = create_async_engine("sqlite+aiosqlite://")\n',
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    cell = next(area for area in matrix.areas if area.key == "async").best_practice

    assert cell.rubric == "async.best_practice.partial"
    assert "tests/conftest.py:3" not in cites(cell)


RAW_SQL_STORE = b"""\
import sqlite3


def get_db() -> sqlite3.Connection:
    conn = sqlite3.connect("expenses.db")
    conn.row_factory = sqlite3.Row
    return conn
"""
ASYNCPG_STORE = b"""\
import asyncpg

DATABASE_URL = "postgresql://app@localhost/students"


async def get_connection() -> asyncpg.Connection:
    return await asyncpg.connect(DATABASE_URL)
"""


def test_an_app_on_raw_sql_has_a_database_connection_but_no_orm() -> None:
    """An app querying through ``sqlite3.connect`` (or asyncpg's) was told "not seen in this
    repo yet: no ORM models or database engine", as if it had no database at all. No data
    model is practised, though: raw rows had made the practice of bots on sqlite3 partial, and
    their ORM and data model design "solid" (corpus 65, 70, 72)."""
    sync_sources = {"app/db/connection.py": RAW_SQL_STORE}
    sync_matrix = assess_skills(analyze_sources(sync_sources), [], [], sorted(sync_sources), [])
    async_sources = {"app/db.py": ASYNCPG_STORE}
    async_matrix = assess_skills(analyze_sources(async_sources), [], [], sorted(async_sources), [])
    sync_areas = {area.key: area for area in sync_matrix.areas}
    async_areas = {area.key: area for area in async_matrix.areas}

    assert sync_areas["database"].understanding.rubric == "database.understanding.partial"
    assert sync_areas["database"].practice.rubric == "database.practice.missing"
    assert sync_areas["database"].best_practice.rubric == "database.best_practice.partial"
    assert cites(sync_areas["database"].best_practice) == ["app/db/connection.py:5"]
    assert async_areas["database"].understanding.rubric == "database.understanding.partial"
    assert async_areas["async"].best_practice.rubric == "async.best_practice.good"


ASYNC_DATABASE = b"""\
import os

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(os.environ["DATABASE_URL"])
SessionLocal = async_sessionmaker(engine)
"""
ALEMBIC_ENV = b"""\
import os

from alembic import context
from sqlalchemy import create_engine

from app.models import Base

connectable = create_engine(os.environ["DATABASE_URL"].replace("+asyncpg", ""))
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
"""


def test_the_engine_alembic_migrates_with_is_not_a_second_engine_of_the_app() -> None:
    """Two apps were told "more than one engine ... in application code" for the sync engine
    of ``alembic/env.py`` (blind check corpus 57)."""
    sources = {
        "app/database.py": ASYNC_DATABASE,
        "app/models.py": TASK_MODELS,
        "alembic/env.py": ALEMBIC_ENV,
        "alembic/versions/0001_tasks.py": FIRST_REVISION,
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    database = next(area for area in matrix.areas if area.key == "database")

    assert database.best_practice.rubric == "database.best_practice.good"
    assert cites(database.best_practice) == ["app/database.py:5", "app/database.py:6"]


def test_a_peewee_bot_on_its_own_model_base_has_a_data_model() -> None:
    """A bot's ``class User(ModelBase)``, on peewee's documented ``ModelBase(Model)``, was
    "only a database connection or client, no ORM or document model: the data is handled as
    raw rows" (blind check t1)."""
    sources = {"database/models.py": PEEWEE_PROJECT_BASE.encode()}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    database = next(area for area in matrix.areas if area.key == "database")

    assert database.practice.rubric == "database.practice.partial"
    assert "database/models.py:12" in cites(database.practice)


CORE_TABLES = """\
from sqlalchemy import Column, DateTime, ForeignKey, Integer, MetaData, String, Table, func
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@db/app")
metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(255), unique=True, nullable=False),
)
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime, server_default=func.now()),
)
"""


def test_sqlalchemy_core_tables_are_a_data_model() -> None:
    """An app that defines its tables with SQLAlchemy Core, constraints and all, had "no ORM or
    document model: the data is handled as raw rows" (blind check e1)."""
    sources = {"app/db.py": CORE_TABLES.encode()}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    database = next(area for area in matrix.areas if area.key == "database")

    assert database.practice.rubric == "database.practice.partial"
    assert "app/db.py:7" in cites(database.practice)
    assert database.understanding.rubric == "database.understanding.good"


def test_a_table_reflected_or_of_another_library_is_no_data_model() -> None:
    sources = {
        "app/db.py": b"""\
from sqlalchemy import MetaData, Table, create_engine
from prettytable import PrettyTable

engine = create_engine("sqlite:///app.db")
legacy = Table("legacy", MetaData(), autoload_with=engine)
report = PrettyTable(["name", "score"])
""",
        "app/report.py": b"""\
from rich.table import Table

table = Table("name", "score", title="Scores")
""",
    }
    analyses = analyze_sources(sources)
    matrix = assess_skills(analyses, [], [], sorted(sources), [])
    database = next(area for area in matrix.areas if area.key == "database")

    assert not [s for a in analyses for s in a.signals if s.kind == "core-table"]
    assert database.practice.rubric == "database.practice.missing"
