"""Python facts on the data layer: SQLAlchemy, SQLModel, pydantic, settings and alembic."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import names, of_kind, signals_of

SQLALCHEMY_MODELS = """\
from datetime import datetime

from pgvector.sqlalchemy import Vector
from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import AsyncAttrs, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DATABASE_URL = "postgresql+asyncpg://app:app@localhost:5432/tasks"
engine = create_async_engine(DATABASE_URL, echo=False)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(AsyncAttrs, DeclarativeBase):
    pass


class TimestampMixin(Base):
    __abstract__ = True
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    tasks: Mapped[list["Task"]] = relationship(back_populates="owner")


class Task(TimestampMixin):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    embedding: Mapped[list[float]] = mapped_column(Vector(1536))


async def init_models() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
"""


def test_sqlalchemy_declarative_models_engine_and_sessions() -> None:
    signals = signals_of(SQLALCHEMY_MODELS, "app/models.py")

    assert of_kind(signals, "orm-model") == [
        (22, "User", {"base": "Base", "table": "users"}),
        (29, "Task", {"base": "TimestampMixin", "table": "tasks"}),
    ]
    assert of_kind(signals, "engine") == [
        (9, "engine", {"async": "1", "url_scheme": "postgresql+asyncpg"}),
    ]
    assert of_kind(signals, "session-factory") == [(10, "SessionLocal", {"async": "1"})]
    assert [(s.line, s.detail) for s in signals if s.kind == "create-all"] == [
        (38, "Base.metadata.create_all")
    ]
    assert of_kind(signals, "vector-store") == [(33, "Vector", {"library": "pgvector"})]
    assert of_kind(signals, "async-def") == [(36, "init_models", {"awaits": "2", "class": ""})]
    assert names(signals, "pydantic-model") == []


def test_sync_sqlalchemy_legacy_declarative_base_and_scoped_session() -> None:
    signals = signals_of(
        """\
        import sqlalchemy as sa
        from sqlalchemy.ext.declarative import declarative_base
        from sqlalchemy.orm import scoped_session, sessionmaker

        engine = sa.create_engine("sqlite:///./app.db", connect_args={"check_same_thread": False})
        Session = scoped_session(sessionmaker(bind=engine))
        AsyncFactory = sessionmaker(engine, class_=AsyncSession)
        ModelBase = declarative_base()


        class Item(ModelBase):
            __tablename__ = "items"
            id = sa.Column(sa.Integer, primary_key=True)


        ModelBase.metadata.create_all(bind=engine)
        """
    )

    assert of_kind(signals, "engine") == [(5, "engine", {"async": "0", "url_scheme": "sqlite"})]
    assert of_kind(signals, "session-factory") == [
        (6, "Session", {"async": "0"}),
        (7, "AsyncFactory", {"async": "1"}),
    ]
    assert of_kind(signals, "orm-model") == [(11, "Item", {"base": "ModelBase", "table": "items"})]
    assert [signal.line for signal in signals if signal.kind == "create-all"] == [16]


def test_sqlmodel_table_and_non_table_models() -> None:
    signals = signals_of(
        """\
        from sqlmodel import Field, SQLModel, create_engine


        class HeroBase(SQLModel):
            name: str = Field(index=True)
            age: int | None = None


        class Hero(HeroBase, table=True):
            id: int | None = Field(default=None, primary_key=True)


        class HeroCreate(HeroBase):
            pass


        class Team(SQLModel, table=True):
            __tablename__ = "teams"
            id: int | None = Field(default=None, primary_key=True)


        engine = create_engine(sqlite_url)
        SQLModel.metadata.create_all(engine)
        """
    )

    assert of_kind(signals, "orm-model") == [
        (9, "Hero", {"base": "HeroBase", "table": ""}),
        (17, "Team", {"base": "SQLModel", "table": "teams"}),
    ]
    assert of_kind(signals, "pydantic-model") == [
        (4, "HeroBase", {"base": "SQLModel", "v1_config": "0", "v2_config": "0"}),
        (13, "HeroCreate", {"base": "HeroBase", "v1_config": "0", "v2_config": "0"}),
    ]
    assert of_kind(signals, "engine") == [(22, "engine", {"async": "0", "url_scheme": ""})]
    assert [signal.line for signal in signals if signal.kind == "create-all"] == [23]


def test_model_base_classes_from_other_frameworks() -> None:
    signals = signals_of(
        """\
        from flask_sqlalchemy import SQLAlchemy
        from keras import Model
        from pydantic import BaseModel

        db = SQLAlchemy()


        class Note(db.Model):
            id = db.Column(db.Integer, primary_key=True)


        class Classifier(Model):
            pass


        class UserBase(BaseModel):
            name: str


        class UserOut(UserBase):
            id: int
        """
    )

    assert of_kind(signals, "orm-model") == [(8, "Note", {"base": "db.Model", "table": ""})]
    assert names(signals, "pydantic-model") == ["UserBase", "UserOut"]


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


def test_a_peewee_base_named_basemodel_makes_orm_models_not_pydantic_ones() -> None:
    """The log listed a peewee ``User`` and ``Tasks`` as "Pydantic model"s: their base, the
    project's own ``BaseModel(Model)``, only shares pydantic's name."""
    imported = signals_of(
        """
        from peewee import CharField, ForeignKeyField

        from app.config.database import BaseModel
        from app.users.model import User


        class Tasks(BaseModel):
            title = CharField(max_length=100)
            owner = ForeignKeyField(User, backref="tasks")
        """,
        "app/tasks/model.py",
    )
    declared = signals_of(
        """
        from peewee import Model, MySQLDatabase

        database = MySQLDatabase("app")


        class BaseModel(Model):
            class Meta:
                database = database


        class Note(BaseModel):
            pass
        """,
        "app/config/database.py",
    )
    schemas = signals_of(
        """
        from pydantic import Field

        from app.schemas.base import BaseModel


        class TaskRead(BaseModel):
            title: str = Field(max_length=100)
        """,
        "app/schemas/tasks.py",
    )

    relative = signals_of(
        """
        from peewee import AutoField, CharField

        from .base import BaseModel


        class User(BaseModel):
            id = AutoField()
            email = CharField(unique=True)
        """,
        "app/models/user.py",
    )

    assert (names(imported, "orm-model"), names(imported, "pydantic-model")) == (["Tasks"], [])
    assert names(declared, "pydantic-model") == []
    assert names(schemas, "pydantic-model") == ["TaskRead"]
    assert (names(relative, "orm-model"), names(relative, "pydantic-model")) == (["User"], [])


def test_peewee_create_tables_creates_the_schema_like_create_all() -> None:
    """A peewee app's lifespan ran `db.create_tables([User], safe=True)`; the log said the
    application code never creates its tables. A project's own `Database.create_tables()` is a
    wrapper: the create_all inside it is found on its own."""
    signals = signals_of(
        "from app.db import db\nfrom app.models import User\n\n"
        "db.create_tables([User], safe=True)\n"
    )

    wrapper = signals_of("from app.db import Database\n\nDatabase.create_tables()\n")

    assert [(s.line, s.detail) for s in signals if s.kind == "create-all"] == [
        (4, "db.create_tables")
    ]
    assert [s for s in wrapper if s.kind == "create-all"] == []


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
