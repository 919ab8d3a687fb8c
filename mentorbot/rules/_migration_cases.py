"""MB110's cases: SQLAlchemy, Tortoise and peewee models with and without migrations, a
``create_all`` at start-up beside Alembic (one Base or several), a table maker that a start-up
hook calls through its module and one nothing calls, and a test fixture's ``create_all``."""

MODELS = """\
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    books: Mapped[list["Book"]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship(back_populates="books")
"""

MAIN_CREATE_ALL = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from app.models import Base

engine = create_async_engine("postgresql+asyncpg://library@localhost/library")


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)
"""

MAIN_SEVERAL_BASES = """\
from fastapi import FastAPI

from app import auth_models, models
from app.database import engine

auth_models.Base.metadata.create_all(bind=engine)
models.Base.metadata.create_all(bind=engine)

app = FastAPI()
"""

MAIN_PLAIN = """\
from fastapi import FastAPI

app = FastAPI(title="Library")
"""

MIGRATION = """\
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("authors")
"""

TORTOISE_MODELS = """\
from tortoise import fields, models


class TextSummary(models.Model):
    url = fields.TextField()
    summary = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
"""

CONFTEST = """\
import pytest
from sqlalchemy import create_engine

from app.models import Base


@pytest.fixture()
def engine():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    yield engine
    Base.metadata.drop_all(engine)
"""

PEEWEE_MODELS = """\
from peewee import CharField, Model, SqliteDatabase

db = SqliteDatabase("shop.db")


class Product(Model):
    name = CharField()

    class Meta:
        database = db
"""

PEEWEE_PROJECT_BASE = """\
from peewee import DateField, Model, PrimaryKeyField, SqliteDatabase, TextField

db = SqliteDatabase("database.db")


class ModelBase(Model):

    class Meta:
        database = db


class User(ModelBase):
    id = PrimaryKeyField()
    message = TextField()
    date = DateField()


db.connect()
db.create_tables([User])
"""
PEEWEE_PROJECT_BASE_LINE = 19
"""peewee's documented base under a name of the project's: its models are peewee's (blind check
t1)."""

DATABASE_TABLE_MAKER = """\
from sqlalchemy import create_engine

from app.models import Base

engine = create_engine("postgresql+psycopg://library@localhost/library")


def create_db_and_tables():
    Base.metadata.create_all(engine)
"""

MAIN_CALLS_TABLE_MAKER = """\
from fastapi import FastAPI

from app import database

app = FastAPI()


@app.on_event("startup")
def on_startup():
    database.create_db_and_tables()
"""

PEEWEE_ROUTER = """\
from peewee_migrate import Router

from app.models import db

router = Router(db, migrate_dir="app/schema_versions")
router.run()
"""

MAIN_TABLE_MAKER_LEFT_IMPORTED = """\
from fastapi import FastAPI

from app.database import create_db_and_tables

app = FastAPI()


# @app.on_event("startup")
# def on_startup():
#     create_db_and_tables()
"""

FLASK_FACTORY = """\
from flask import Flask
from flask_migrate import Migrate
from flask_smorest import Api

from db import db


def create_app(db_url=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = db_url or "sqlite:///data.db"
    db.init_app(app)
    Migrate(app, db)
    api = Api(app)
    with app.app_context():
        db.create_all()
    return api.app
"""
"""A Flask app factory, which ``flask run`` calls though no module of the project does."""
FLASK_FACTORY_LINE = 15
FLASK_DB = "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"

CORE_TABLES = """\
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

meta = MetaData()
employee = Table(
    "employee",
    meta,
    Column("id", Integer, primary_key=True),
    Column("name", String(100)),
)


def create_tables(url: str) -> None:
    engine = create_engine(url)
    meta.create_all(bind=engine, tables=[employee])


if __name__ == "__main__":
    create_tables("postgresql://localhost/employees")
"""
"""SQLAlchemy Core tables made by create_all, no ORM class and no migrations (corpus 78)."""
CORE_TABLES_LINE = 14

EMPTY_REVISION = '''\
"""init

Revision ID: 0001
Revises:
"""

revision = "0001"
down_revision = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
'''
EMPTY_REVISION_LINE = 11

MERGE_REVISION = '''\
"""merge heads"""

revision = "0003"
down_revision = ("0001", "0002")


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
'''

ALEMBIC_ENV = """\
from alembic import context

from app.models import Base

target_metadata = Base.metadata
"""

SESSION_MANAGER = """\
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from app.models import Base


class DatabaseSessionManager:
    def __init__(self, url: str) -> None:
        self.engine = create_async_engine(url)

    async def create_all(self, connection: AsyncConnection) -> None:
        await connection.run_sync(Base.metadata.create_all)


sessionmanager = DatabaseSessionManager("postgresql+asyncpg://localhost/app")
"""
SESSION_MANAGER_LINE = 11
TABLES_FIXTURE = """\
import pytest

from app.database import sessionmanager


@pytest.fixture(autouse=True)
async def tables():
    async with sessionmanager.engine.begin() as conn:
        await sessionmanager.create_all(conn)
    yield
"""
LIFESPAN_CREATES_TABLES = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.database import sessionmanager


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with sessionmanager.engine.begin() as conn:
        await sessionmanager.create_all(conn)
    yield


app = FastAPI(lifespan=lifespan)
"""
LIFESPAN_CREATES_TABLES_LINE = 11


def session_manager_project(caller: str, caller_file: str) -> dict[str, str]:
    """A session manager whose method makes the tables, beside Alembic, called by ``caller``."""
    return {
        "app/models.py": MODELS,
        "app/database.py": SESSION_MANAGER,
        caller_file: caller,
        "alembic.ini": "[alembic]\nscript_location = migrations\n",
        "migrations/versions/0001_authors.py": MIGRATION,
    }
