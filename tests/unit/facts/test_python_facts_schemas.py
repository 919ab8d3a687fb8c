"""Python facts on schemas, settings, engine URLs and alembic migrations."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import names, of_kind, signals_of

SCHEMAS = """\
import pydantic
from pydantic import BaseModel, ConfigDict
from pydantic_settings import BaseSettings, SettingsConfigDict


class TaskBase(BaseModel):
    title: str


class TaskCreate(TaskBase):
    pass


class TaskOut(TaskBase):
    id: int

    class Config:
        orm_mode = True


class TaskRead(TaskBase):
    model_config = ConfigDict(from_attributes=True)


class Page(pydantic.BaseModel):
    items: list[TaskOut]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")
    database_url: str = "postgresql+psycopg://localhost/app"


class TestSettings(Settings):
    pass


class TaskMissing(Exception):
    pass


class QuotaExceeded(TaskMissing):
    pass


class InvalidState(ValueError):
    pass


class Base:
    pass


class Plain(Base):
    pass
"""


def test_pydantic_schemas_settings_and_exceptions() -> None:
    signals = signals_of(SCHEMAS, "app/schemas.py")

    assert of_kind(signals, "pydantic-model") == [
        (6, "TaskBase", {"base": "BaseModel", "v1_config": "0", "v2_config": "0"}),
        (10, "TaskCreate", {"base": "TaskBase", "v1_config": "0", "v2_config": "0"}),
        (14, "TaskOut", {"base": "TaskBase", "v1_config": "1", "v2_config": "0"}),
        (21, "TaskRead", {"base": "TaskBase", "v1_config": "0", "v2_config": "1"}),
        (25, "Page", {"base": "pydantic.BaseModel", "v1_config": "0", "v2_config": "0"}),
    ]
    assert of_kind(signals, "settings") == [
        (29, "Settings", {"base": "BaseSettings", "v1_config": "0"}),
        (34, "TestSettings", {"base": "Settings", "v1_config": "0"}),
    ]
    assert of_kind(signals, "custom-exception") == [
        (38, "TaskMissing", {"base": "Exception"}),
        (42, "QuotaExceeded", {"base": "TaskMissing"}),
        (46, "InvalidState", {"base": "ValueError"}),
    ]
    assert names(signals, "orm-model") == []
    assert signals[0].data == {
        "functions": "0",
        "annotated_functions": "0",
        "classes": "13",
        "docstring": "0",
    }


def test_engine_url_from_a_settings_default() -> None:
    signals = signals_of(SCHEMAS + "\nengine = create_engine(settings.database_url)\n")

    assert of_kind(signals, "engine") == [
        (57, "engine", {"async": "0", "url_scheme": "postgresql+psycopg"})
    ]


def test_engine_url_scheme_of_an_f_string() -> None:
    """A MySQL project whose URL is an f-string was told to switch to asyncpg or aiosqlite: its
    scheme is written out, or named by the placeholder that fills it in, also where the engine
    takes the f-string through a module constant (blind check corpus 50)."""
    signals = signals_of(
        "from sqlalchemy import create_engine\n"
        'engine = create_engine(f"mysql+pymysql://{USER}:{PASSWORD}@{HOST}/shop")\n'
        'legacy = create_engine(f"{MYSQL_DIALECT}://{MYSQL_USER}@{MYSQL_HOST}/school")\n'
        'local = create_engine(f"sqlite:///{path}")\n'
        'other = create_engine(f"{settings.db_scheme}://{host}/app")\n'
        'DATABASE_URL = f"mysql+mysqlconnector://{DB_USER}:{DB_PASSWORD}@{DB_HOST}/school"\n'
        "named = create_engine(DATABASE_URL, echo=True)\n"
    )

    assert [data["url_scheme"] for _, _, data in of_kind(signals, "engine")] == [
        "mysql+pymysql",
        "mysql",
        "sqlite",
        "",
        "mysql+mysqlconnector",
    ]


ALEMBIC_MIGRATION = '''\
"""create tasks

Revision ID: 1a2b3c4d5e6f
"""
import sqlalchemy as sa
from alembic import op

revision = "1a2b3c4d5e6f"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_tasks_id"), "tasks", ["id"], unique=False)
    op.add_column("tasks", sa.Column("done", sa.Boolean(), server_default="0"))
    op.execute("UPDATE tasks SET done = false")


def downgrade() -> None:
    op.drop_index(op.f("ix_tasks_id"), table_name="tasks")
    op.drop_table("tasks")
'''


def test_alembic_migration_operations() -> None:
    signals = signals_of(ALEMBIC_MIGRATION, "migrations/versions/1a2b3c4d5e6f_create_tasks.py")

    assert of_kind(signals, "alembic-op") == [
        (13, "create_table", {"table": "tasks"}),
        (18, "create_index", {"table": "tasks"}),
        (19, "add_column", {"table": "tasks"}),
        (20, "execute", {}),
        (24, "drop_index", {"table": "tasks"}),
        (25, "drop_table", {"table": "tasks"}),
    ]
    assert of_kind(signals, "import") == [
        (5, "sqlalchemy", {"from": "0"}),
        (6, "alembic", {"from": "1"}),
    ]
    assert of_kind(signals, "sync-def") == [
        (12, "upgrade", {"class": ""}),
        (23, "downgrade", {"class": ""}),
    ]


def test_op_calls_without_alembic_are_not_migrations() -> None:
    signals = signals_of(
        """\
        import operator as op

        total = op.add(1, 2)
        """
    )

    assert of_kind(signals, "alembic-op") == []


def test_python_decouple_config_reads_settings_from_the_environment() -> None:
    """A project reading its secrets with decouple's ``config()`` was told it had "no config or
    secret handling"."""
    read = signals_of(
        """
        import decouple
        from decouple import config

        SECRET_KEY = config("SECRET_KEY")
        PORT = config("DATABASE_PORT", default=3306, cast=int)
        ALGORITHM = decouple.config("ALGORITHM")
        """
    )
    other = signals_of("from app.settings import config\n\nvalue = config('A')\n")

    assert names(read, "env-config") == ["SECRET_KEY", "DATABASE_PORT", "ALGORITHM"]
    assert names(other, "env-config") == []


def test_a_settings_class_configured_the_pydantic_1_way_is_flagged() -> None:
    signals = signals_of(
        "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        "    redis_url: str\n\n    class Config:\n        env_file = '.env'\n"
    )

    assert of_kind(signals, "settings") == [
        (4, "Settings", {"base": "BaseSettings", "v1_config": "1"})
    ]
