"""The checklist ticked from the skill matrix and the stack; tasks naming schemas and drivers."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from mentorbot.curriculum.loader import EvidenceQuery, load_curriculum
from mentorbot.domain import FileAnalysis, Plan, PlanTask, StackItem, TaskCheck, Text
from mentorbot.planning import make_plan, query_holds
from mentorbot.planning_tasks import query_check
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills
from mentorbot.skills_facts import Facts
from mentorbot.skills_rubric import rubric_line
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    facts_of,
    finding,
    module,
    plan_files,
    plan_for,
    sig,
)


def _script(*modules: tuple[str, int, int]) -> Scan:
    """A beginner's scripts: (path, functions, fully annotated functions) per module."""
    return Scan(
        analyses=[
            analysis(path, module(functions, annotated, False), sig("sync-def", 3, "main"))
            for path, functions, annotated in modules
        ],
        findings=[],
        stack=[],
        paths=[path for path, _, _ in modules],
    )


def test_the_type_hints_item_is_ticked_by_what_the_rubric_decided_not_by_one_function() -> None:
    """The checklist ticked "Function signatures carry type hints" while the skill matrix of the
    same log said fewer than 40 % of the functions were annotated."""
    item = "Function signatures carry type hints"
    barely = plan_for(_script(("todo.py", 10, 1), ("store.py", 4, 0)))
    mostly = plan_for(_script(("todo.py", 10, 8), ("store.py", 4, 4)))

    assert dict((text.en, done) for text, done in barely.checklist)[item] is False
    assert dict((text.en, done) for text, done in mostly.checklist)[item] is True
    [typing_task] = [t for t in barely.tasks if item in t.text.en]
    assert typing_task.files == ("store.py", "todo.py")
    assert typing_task.text.en.endswith("— start in store.py, todo.py")
    assert typing_task.check == TaskCheck(skill="code-quality.understanding", level="partial")


def test_the_docstring_item_needs_most_modules_documented_not_one() -> None:
    """ "Modules open with a docstring" was ticked for an app where 1 of 10 modules had one, while
    the rubric of the same log said "fewer than half" (blind check corpus 59)."""

    def scripts(documented: int) -> Scan:
        return Scan(
            analyses=[
                analysis(f"app/m{i}.py", module(2, 2, i < documented), sig("sync-def", 3, "f"))
                for i in range(10)
            ],
            findings=[],
            stack=[],
            paths=[f"app/m{i}.py" for i in range(10)],
        )

    item = "Most modules open with a docstring that says what they are for"
    assert dict((t.en, done) for t, done in plan_for(scripts(1)).checklist)[item] is False
    assert dict((t.en, done) for t, done in plan_for(scripts(6)).checklist)[item] is True


def test_skill_queries_hold_at_the_level_they_name_and_only_with_a_skill_matrix() -> None:
    scan = _script(("todo.py", 10, 5))
    skills = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
    facts = facts_of(scan)
    partial = EvidenceQuery(skill="code-quality.understanding", level="partial")

    assert query_holds(partial, facts, skills)
    assert not query_holds(partial.model_copy(update={"level": "good"}), facts, skills)
    assert not query_holds(partial, facts)
    assert query_check(EvidenceQuery(skill="security.best_practice", signal="auth")) is None


def _checklist_query(item: str) -> EvidenceQuery:
    """The query of the built-in curriculum's checklist item whose English text is ``item``."""
    [query] = [
        entry.query
        for stage in load_curriculum().stages
        for entry in stage.checklist
        if entry.text.en == item and entry.query is not None
    ]
    return query


def test_the_migrations_item_is_checked_by_its_skill_cell() -> None:
    """ "Gap: the schema is managed with migrations" came back as "the code cannot tell:
    check it yourself" beside the log's own open no-migrations finding (blind check b2)."""
    item = "The schema is managed with migrations (Alembic, or Aerich for Tortoise)"
    query = _checklist_query(item)

    assert query_check(query) == TaskCheck(skill="migrations.best_practice", level="good")


def test_the_example_env_item_is_ticked_by_a_hyphenated_example_too() -> None:
    """``.env-example`` is an example env file as much as ``.env.example`` (corpus 91)."""
    item = "An example env file (e.g. .env.example) is committed"
    query = _checklist_query(item)

    for name, ticked in ((".env-example", True), ("env.sample", True), (".env.local", False)):
        scan = Scan([], [], [], ["app/main.py", name])
        assert query_holds(query, facts_of(scan)) is ticked, name


def test_a_tortoise_project_meets_the_database_items_its_orm_has_no_sqlalchemy_words_for() -> None:
    """Tortoise registers one async connection with the app and migrates with Aerich; the
    plan called "An async database engine" and "Sessions come from one session factory" gaps
    of such a project (blind check history 11)."""
    files = {
        "app/main.py": b"""\
from fastapi import FastAPI
from tortoise.contrib.fastapi import register_tortoise

app = FastAPI()
register_tortoise(app, db_url="postgres://localhost/shop", modules={"models": ["app.models"]})
""",
        "app/models.py": b"""\
from tortoise import fields
from tortoise.models import Model


class Product(Model):
    id = fields.IntField(primary_key=True)
""",
    }
    paths = [*files, "migrations/models/0_20261120_init.py"]
    facts = Facts(analyze_sources(files), (), (), paths)
    skills = assess_skills(analyze_sources(files), [], [], paths, [])
    stage = next(s for s in load_curriculum().stages if s.id == "databases")
    held = {
        item.text.en: query_holds(item.query, facts, skills)
        for item in stage.checklist
        if item.query
    }

    assert held["An async database engine or client"]
    assert held[
        "Database access comes from one place (a session factory, or the connection an ORM "
        "registers with the app)"
    ]
    assert held["The schema is managed with migrations (Alembic, or Aerich for Tortoise)"]


REVISION = b"""\
import sqlalchemy as sa
from alembic import op

revision = "5c57"
down_revision = None


def upgrade() -> None:
    op.create_table("prices", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("prices")
"""


def test_migrations_beside_a_create_all_the_app_runs_do_not_manage_the_schema() -> None:
    """ "[x] The schema is managed with migrations" was ticked for an app whose one revision was
    empty and whose start-up ran ``create_all``, which MB110 of the same log reported (blind
    check corpus 57)."""
    models = b"""\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Price(Base):
    __tablename__ = "prices"
    id: Mapped[int] = mapped_column(primary_key=True)
"""
    main = b"""\
from fastapi import FastAPI
from sqlalchemy import create_engine

from app.models import Base

engine = create_engine("sqlite:///prices.db")
app = FastAPI()


@app.on_event("startup")
def create_tables() -> None:
    Base.metadata.create_all(engine)
"""
    item = "The schema is managed with migrations (Alembic, or Aerich for Tortoise)"
    stage = next(s for s in load_curriculum().stages if s.id == "databases")
    [query] = [entry.query for entry in stage.checklist if entry.text.en == item and entry.query]

    def held(files: dict[str, bytes]) -> bool:
        files = {"alembic/versions/5c57_initial.py": REVISION, **files}
        paths = [*files, "alembic/env.py"]
        analyses = analyze_sources(files)
        findings = review_sources(files, with_ruff=False)
        skills = assess_skills(analyses, findings, [], paths, [])
        return query_holds(query, Facts(analyses, findings, (), paths), skills)

    assert not held({"app/models.py": models, "app/main.py": main})
    reflected = {"app/models.py": models, "app/main.py": main.replace(b"create_all", b"reflect")}
    assert held(reflected)
    # A revision whose upgrade() only passes makes no table: the migrations manage nothing.
    empty = REVISION.replace(b'op.create_table("prices", sa.Column("id", sa.Integer(), ', b"pass")
    empty = empty.replace(b"primary_key=True))", b"").replace(b'op.drop_table("prices")', b"pass")
    assert not held({**reflected, "alembic/versions/5c57_initial.py": empty})


CART_ROUTES = b"""\
from fastapi import APIRouter

from app.db import conn

router = APIRouter()


@router.get("/cart/{user_id}")
def get_cart(user_id: int) -> list:
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM cart WHERE user_id = %s", (user_id,))
    return cursor.fetchall()
"""


def test_async_routes_are_not_advised_over_a_sync_driver() -> None:
    """Every route of a cart API queried MySQL through mysql-connector; the plan sent the
    learner to make them async, which would block the event loop (blind check corpus 20). Then
    it named the routes and said to move to an async driver first, while its practices said
    to keep sync-session routes plain def (blind checks corpus 42, 44 and 45)."""
    sync = {
        "app/db.py": b"import mysql.connector\n\nconn = mysql.connector.connect(host='db')\n",
        "app/routes/cart.py": CART_ROUTES,
    }
    asynchronous = {
        "app/db.py": b"from sqlalchemy.ext.asyncio import create_async_engine\n\n"
        b"engine = create_async_engine('postgresql+asyncpg://db/shop')\n",
        "app/routes/cart.py": CART_ROUTES,
    }

    def async_task(sources: dict[str, bytes]) -> str:
        plan = plan_for(Scan(analyze_sources(sources), [], [], sorted(sources)))
        return next(t.text.en for t in plan.tasks if "actually await" in t.text.en)

    assert async_task(sync) == (
        "Stage checklist: Async functions that actually await other coroutines "
        "(keep the routes that query through the sync driver as plain def, which FastAPI runs "
        "in its thread pool; start where the code waits on an outside service, such as a "
        "request through httpx.AsyncClient)"
    )
    assert async_task(asynchronous).endswith("start in app/routes/cart.py")
    # A Flask shop has no thread pool to run its views in (blind check corpus 50).
    flask = {
        "app/db.py": sync["app/db.py"],
        "app/views.py": b"from flask import Blueprint\n\nfrom app.db import conn\n\n"
        b'cart = Blueprint("cart", __name__)\n\n\n@cart.get("/cart")\ndef get_cart() -> list:\n'
        b'    cursor = conn.cursor()\n    cursor.execute("SELECT * FROM cart")\n'
        b"    return cursor.fetchall()\n",
    }
    assert async_task(flask) == (
        "Stage checklist: Async functions that actually await other coroutines (start where "
        "the code waits on an outside service, such as a request through httpx.AsyncClient)"
    )
    # An agent app waits longest on its model, and uses no httpx (blind check corpus 51).
    agent = {
        **sync,
        "app/agent.py": b"from langchain_groq import ChatGroq\n\n"
        b'llm = ChatGroq(model="llama-3.1-8b-instant")\n',
    }
    assert async_task(agent).endswith(
        "in its thread pool; start where the code waits on the model, such as a call through "
        "ainvoke or an async client)"
    )


def test_a_mysql_driver_ticks_the_database_driver_item() -> None:
    """A student-management API on MySQL through PyMySQL was told "A PostgreSQL driver is a
    declared dependency" was missing (blind check corpus 21)."""
    stage = next(s for s in load_curriculum().stages if s.id == "databases")
    [item] = [i for i in stage.checklist if "driver" in i.text.en]

    def declared(package: str) -> bool:
        stack = [StackItem(name=package, version="1.1", category="database", source="r.txt")]
        return query_holds(item.query, Facts([], (), stack, ()))

    assert item.text.en == "The project uses a database server's driver (PostgreSQL or MySQL)"
    assert declared("pymysql") and declared("asyncpg")
    assert not declared("aiosqlite")


EXPENSE_DB = b"""\
import sqlite3


def get_db() -> sqlite3.Connection:
    return sqlite3.connect("expenses.db")
"""
EXPENSE_SERVICE = b"""\
from app.db import get_db


async def list_expenses(user_id: int) -> list:
    db = get_db()
    return db.execute("SELECT * FROM expenses WHERE user_id = ?", (user_id,)).fetchall()
"""
EXPENSE_ROUTES = b"""\
from fastapi import FastAPI

from app.db import get_db

app = FastAPI()


@app.get("/categories")
async def categories() -> list:
    db = get_db()
    return db.execute("SELECT name FROM categories").fetchall()
"""


def test_a_blocking_query_is_told_its_own_driver_s_async_twin_and_a_way_out_of_a_service(
    tmp_path: Path,
) -> None:
    """An app on sqlite3 whose async service functions query on the loop was told "use an async
    session or driver (`AsyncSession`, aiosqlite, asyncpg) ... or make the route a plain `def`":
    it has no SQLAlchemy, and a plain route would not help the service function."""
    service = plan_files(
        tmp_path / "service", {"app/db.py": EXPENSE_DB, "app/service.py": EXPENSE_SERVICE}
    ).plan
    route = plan_files(
        tmp_path / "route", {"app/db.py": EXPENSE_DB, "app/main.py": EXPENSE_ROUTES}
    ).plan

    [in_service] = [t for t in service.tasks if t.check and t.check.rule == "MB101"]
    [in_route] = [t for t in route.tasks if t.check and t.check.rule == "MB101"]
    assert (
        ": use an async driver (aiosqlite) and await its calls, or run the query with "
        "`await asyncio.to_thread(...)` (2 places)"
    ) in in_service.text.en
    assert (
        "：改用异步驱动（aiosqlite）并 await 它的调用，或者用 `await asyncio.to_thread(...)` "
        "执行这个查询"
    ) in in_service.text.zh
    assert (
        ": use an async driver (aiosqlite) and await its calls, or make the route a plain `def`"
    ) in in_route.text.en


def test_the_orm_response_task_names_a_schema_for_that_model() -> None:
    """A documents app was told to write "its own Pydantic response schema (e.g. TaskRead)",
    though its model is ``Document`` and it already had an unused ``DocumentOut``."""

    def schema_task(
        *analyses: FileAnalysis, kind: str = "ORM model", where: str = "itself"
    ) -> PlanTask:
        orm = finding("MB102", "orm-as-response-model", "medium", "app/routes/docs.py", 12)
        orm = orm.model_copy(
            update={
                "message": Text(
                    zh="路由 `get_documents` 直接用 ORM 模型 `Document` 作为响应",
                    en=f"route `get_documents` answers with {kind} `Document` {where}; return "
                    "a pydantic schema instead",
                )
            }
        )
        scan = Scan(analyses=list(analyses), findings=[orm], stack=[], paths=["app/routes/docs.py"])
        return next(t for t in plan_for(scan).tasks if t.check and t.check.rule == "MB102")

    existing = analysis("app/schemas/document.py", sig("pydantic-model", 4, "DocumentOut"))
    assert "(e.g. DocumentOut, already in app/schemas/document.py)" in schema_task(existing).text.en
    assert "（如 DocumentOut，app/schemas/document.py 里已经有了）" in schema_task(existing).text.zh
    assert "(e.g. DocumentRead)" in schema_task().text.en
    # A SQLModel table is called a table model: "(e.g. TaskRead)" was said of one named User.
    assert "(e.g. DocumentRead)" in schema_task(kind="table model").text.en
    assert "(e.g. DocumentOut, already" in schema_task(existing, kind="document model").text.en
    # A route returning {"message": ..., "document": document}: the answer is the dict.
    dict_task = schema_task(existing, where="inside the dict it returns")
    assert (
        "(e.g. one with a field of DocumentOut, already in app/schemas/document.py)"
        in dict_task.text.en
    )
    assert (
        "（如 一个含 DocumentOut 字段的 schema，DocumentOut 在 app/schemas/document.py 里已经有了）"
        in (dict_task.text.zh)
    )


SHOP_DATABASE = b"""\
import os

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

DATABASE_URL = URL.create(
    drivername="mysql+pymysql",
    username=os.getenv("DB_USER"),
    password=os.getenv("DB_PASSWORD"),
    host="localhost",
    database="shop",
)
engine = create_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine)
"""
SHOP_ROUTES = b"""\
from fastapi import FastAPI

from app.database import SessionLocal
from app.models import Product

app = FastAPI()


@app.get("/products")
async def products() -> list:
    db = SessionLocal()
    return [p.name for p in db.query(Product).all()]
"""


def test_a_blocking_query_on_a_mysql_engine_is_told_a_mysql_async_driver(tmp_path: Path) -> None:
    """A MySQL project (its engine made from ``URL.create(drivername="mysql+pymysql")``) was
    told to use "an async session or driver (`AsyncSession`, aiosqlite, asyncpg)"."""
    plan = plan_files(tmp_path, {"app/database.py": SHOP_DATABASE, "app/main.py": SHOP_ROUTES}).plan

    [task] = [t for t in plan.tasks if t.check and t.check.rule == "MB101"]
    assert "use an async session (`AsyncSession`) over aiomysql or asyncmy and await" in (
        task.text.en
    )
    assert "异步会话（`AsyncSession`，驱动用 aiomysql 或 asyncmy）" in task.text.zh


def test_the_first_migration_task_counts_the_models_it_does_not_name() -> None:
    """An auth API with five models was told to migrate "(AuthSession, GithubAccount,
    PasswordReset, Project)", as if its users table were not one of them."""
    names = ("AuthSession", "GithubAccount", "PasswordReset", "Project", "User")
    models = [sig("orm-model", 5 + 6 * index, name) for index, name in enumerate(names)]
    scan = Scan(
        analyses=[analysis("app/models.py", *models)],
        findings=[],
        stack=[],
        paths=["app/models.py"],
    )
    [task] = [t for t in plan_for(scan).tasks if "first migration" in t.text.en]

    assert "(AuthSession, GithubAccount, PasswordReset, Project and 1 more)" in task.text.en
    assert "（AuthSession、GithubAccount、PasswordReset、Project，共 5 个）" in task.text.zh


def test_a_task_over_more_files_than_it_names_says_there_are_more(tmp_path: Path) -> None:
    """ "Add tests for the 13 routes in documents.py, queries.py, websocket_status.py" left
    out main.py, where the thirteenth was, without a word."""
    sources = {
        f"app/routes/{name}.py": (
            "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
            f'@router.get("/{name}")\ndef read_{name}() -> list:\n    return []\n'
        ).encode()
        for name in ("documents", "queries", "status", "users")
    }
    plan = plan_files(tmp_path, sources).plan
    task = next(t for t in plan.tasks if t.text.en.startswith("Add tests for the"))

    assert task.text.en.startswith(
        "Add tests for the 4 routes in app/routes/documents.py, app/routes/queries.py, "
        "app/routes/status.py …:"
    )
    assert "app/routes/status.py … 中的 4 个路由" in task.text.zh
    assert task.files == (
        "app/routes/documents.py",
        "app/routes/queries.py",
        "app/routes/status.py",
    )


FLASK_CONFIG = b"""\
import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or "sqlite:///app.db"
    SQLALCHEMY_TRACK_MODIFICATIONS = False


class TestingConfig(Config):
    TESTING = True


class Item:
    class Config:
        orm_mode = True
"""


def test_a_flask_config_class_is_a_settings_class_though_not_a_typed_one() -> None:
    """``class Config`` that ``app.config.from_object`` loads: the log said "Config read
    directly, without a settings class" of it (blind check corpus 91)."""
    files = {"app/config.py": FLASK_CONFIG, "app/notes.py": b"import os\nKEY = os.getenv('K')\n"}
    analyses = analyze_sources(files)
    paths = [*files, ".env.example"]
    facts = Facts(analyses, (), (), paths)
    skills = assess_skills(analyses, [], [], paths, [])
    config = next(area for area in skills.areas if area.key == "config-containers")
    held = {
        item.text.en: query_holds(item.query, facts, skills)
        for stage in load_curriculum().stages
        for item in stage.checklist
        if item.query
    }

    assert [(s.name, s.line) for s in facts.signals("config-class")] == [
        ("Config", 4),
        ("TestingConfig", 10),
    ]
    assert config.understanding.rubric == "config-containers.understanding.partial"
    assert "plain config class" in rubric_line(config.understanding.rubric).text.en
    assert {"app/config.py:4", "app/config.py:10"} <= {
        e.cite() for e in config.understanding.evidence
    }
    assert config.best_practice.rubric == "config-containers.best_practice.good"
    assert held["Configuration held in a settings class"]
    [settings] = [a for a in find_achievements(analyses, [], paths, []) if a.kind == "settings"]
    assert settings.title.en == "Configuration in a settings class: Config, TestingConfig"


def test_a_decorator_of_the_learners_own_ticks_its_item_and_none_leaves_it_to_them() -> None:
    """ "Can write a small decorator" stayed "cannot be judged" beside ``admin_only`` in
    utils/decorators.py (blind check corpus 92). Without one, the item does not count against
    the stage: the code cannot show that the learner could not write one."""
    item = "Can write a small decorator of your own and explain it"
    plain = {"bot/handlers.py": b'"""Handlers."""\n\n\ndef start(chat_id: int) -> str:\n'}
    plain["bot/handlers.py"] += b'    return f"hello {chat_id}"\n'
    decorated = {
        **plain,
        "bot/decorators.py": b'"""Checks."""\nimport functools\n\n\n'
        b"def admin_only(handler):\n    @functools.wraps(handler)\n"
        b"    def wrapper(chat_id: int) -> str:\n        return handler(chat_id)\n\n"
        b"    return wrapper\n",
    }

    def foundations(sources: dict[str, bytes]) -> tuple[bool, str]:
        plan = plan_files_of(sources)
        return dict((t.en, done) for t, done in plan.checklist)[item], plan.stage_reason.en

    done, reason = foundations(decorated)
    assert done is True
    assert "cannot be judged" not in reason
    done, reason = foundations(plain)
    assert done is False
    assert "1 more item cannot be judged from code" in reason


def plan_files_of(sources: dict[str, bytes]) -> Plan:
    analyses = analyze_sources(sources)
    skills = assess_skills(analyses, [], [], list(sources), [])
    return make_plan(skills, [], analyses, [], list(sources), load_curriculum(None))
