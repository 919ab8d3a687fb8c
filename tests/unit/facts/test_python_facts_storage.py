"""Facts about where an app keeps its data and its settings: MongoDB documents and clients,
and configuration loaded from a .env file or kept from the environment."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import names, of_kind, signals_of

MONGO_DOCUMENTS = """\
import mongoengine as me
from beanie import Document
from motor.motor_asyncio import AsyncIOMotorClient
from odmantic import Model
from pymongo import MongoClient


class Timestamped(Document):
    created: str


class Post(Timestamped):
    title: str


class Comment(Model):
    text: str


class Legacy(me.Document):
    name = me.StringField()


client = AsyncIOMotorClient("mongodb://localhost:27017")
reports = MongoClient("mongodb://localhost:27017")
"""


def test_flask_mongoengine_documents_made_through_the_extension_object_are_documents() -> None:
    """``class Teacher(db.Document)`` with ``db`` a Flask-MongoEngine object made in another
    module: the skill matrix said the app had no data model at all (blind check corpus 67). A
    ``Document`` of something else, with no field calls, is none."""
    signals = signals_of(
        """\
        from app.config.database import db
        from app.docs import pages


        class Teacher(db.Document):
            name = db.StringField(required=True)
            subjects = db.ListField()


        class Subject(db.EmbeddedDocument):
            title = db.StringField()


        class Help(pages.Document):
            title = "help"
        """
    )

    assert [(name, data["library"]) for _, name, data in of_kind(signals, "document-model")] == [
        ("Teacher", "mongoengine"),
        ("Subject", "mongoengine"),
    ]


def test_mongodb_documents_and_clients_are_their_own_kinds_not_orm_models() -> None:
    """Beanie, ODMantic and MongoEngine documents are a data model without tables: no ORM model
    (no migrations or response-model rules for them), and Motor's client is async."""
    signals = signals_of(MONGO_DOCUMENTS)

    assert [(name, data["library"]) for _, name, data in of_kind(signals, "document-model")] == [
        ("Timestamped", "beanie"),
        ("Post", "beanie"),
        ("Comment", "odmantic"),
        ("Legacy", "mongoengine"),
    ]
    assert names(signals, "orm-model") == []
    assert [(name, data) for _, name, data in of_kind(signals, "db-client")] == [
        ("client", {"async": "1", "library": "motor"}),
        ("reports", {"async": "0", "library": "pymongo"}),
    ]


def test_motors_tornado_client_is_an_async_database_client() -> None:
    """An aiogram bot on ``motor.motor_tornado.MotorClient`` was told its database client "is
    sync or absent" (blind check corpus 58)."""
    signals = signals_of(
        """
        from motor.motor_tornado import MotorClient

        client = MotorClient("mongodb://localhost:27017")
        expenses = client.family.expenses
        """
    )

    assert [(name, data) for _, name, data in of_kind(signals, "db-client")] == [
        ("client", {"async": "1", "library": "motor"})
    ]


def test_flask_sqlalchemy_is_a_sync_database_client() -> None:
    """A Flask app with ``db = SQLAlchemy()`` was told "no engine, session factory or database
    client was found" (blind check corpus 59)."""
    signals = signals_of(
        """
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy.orm import DeclarativeBase


        class Base(DeclarativeBase):
            pass


        db = SQLAlchemy(model_class=Base)
        """
    )

    assert [(name, data) for _, name, data in of_kind(signals, "db-client")] == [
        ("db", {"async": "0", "library": "flask_sqlalchemy"})
    ]


def test_load_dotenv_reads_settings_from_a_dotenv_file() -> None:
    """An agent that loads its key with ``load_dotenv()`` and checks ``"OPENAI_API_KEY" in
    os.environ`` was told it had "no configuration code"."""
    loaded = signals_of(
        """
        import os

        from dotenv import load_dotenv

        load_dotenv()
        if "OPENAI_API_KEY" not in os.environ:
            raise ValueError("Missing OPENAI_API_KEY")
        """
    )
    other = signals_of("from app.env import load_dotenv\n\nload_dotenv()\n")

    # The check reads the variable as much as the SDK after it does (blind check h1).
    assert of_kind(loaded, "env-config") == [(6, ".env", {}), (7, "OPENAI_API_KEY", {})]
    assert names(other, "env-config") == []


def test_dotenv_values_reads_settings_from_a_dotenv_file() -> None:
    """A LlamaIndex app read its key with ``config = dotenv_values()``; the log said its LLM
    config did not come from the environment (blind check corpus 21)."""
    signals = signals_of(
        "import dotenv\nfrom dotenv import dotenv_values\n\n"
        "config = dotenv_values()\nother = dotenv.dotenv_values('.env.local')\n"
    )

    assert of_kind(signals, "env-config") == [(4, ".env", {}), (5, ".env", {})]


def test_a_copy_of_the_environment_a_config_keeps_reads_settings_from_it() -> None:
    """``self._env = dict(os.environ)``, read later as ``config.env.get("JWT_SECRET")``: the log
    said the repo read no configuration (blind check c1). A copy handed to a process or put
    back, or one a test makes, configures nothing."""
    kept = signals_of(
        """\
        import os
        from os import environ


        class Config:
            def __init__(self):
                self._env = dict(os.environ)


        snapshot = os.environ.copy()
        settings = {**environ, "DEBUG": "0"}
        """
    )
    handed = signals_of(
        """\
        import os
        import subprocess

        env = os.environ.copy()
        env["LANG"] = "C"
        subprocess.run(["git", "status"], env=env)
        saved = dict(os.environ)
        os.environ.update(saved)
        merged = dict(defaults)
        """
    )
    in_test = signals_of("import os\n\nsaved = dict(os.environ)\n", "tests/test_app.py")

    assert of_kind(kept, "env-config") == [
        (7, "os.environ", {}),
        (10, "os.environ", {}),
        (11, "os.environ", {}),
    ]
    assert names(handed, "env-config") == []
    assert names(in_test, "env-config") == []


def test_an_async_drivers_pool_is_the_apps_async_database_client() -> None:
    """``await aiomysql.create_pool(...)`` at startup: the log said the app's database client
    was sync or absent (blind check corpus 21)."""
    signals = signals_of(
        "import aiomysql\nimport asyncpg\n\n\nasync def connect():\n"
        "    pool = await aiomysql.create_pool(host='db')\n"
        "    other = await asyncpg.create_pool(dsn='postgresql://db/app')\n"
        "    return pool, other\n"
    )

    assert of_kind(signals, "db-client") == [
        (6, "pool", {"async": "1", "library": "aiomysql"}),
        (7, "other", {"async": "1", "library": "asyncpg"}),
    ]


def test_a_drivers_connection_pool_is_the_apps_database_client() -> None:
    """A Flask app on psycopg2 moved to ``SimpleConnectionPool``: the log said its data-model
    area dropped from 6/8 to 0/8, with no database engine (blind check history 45)."""
    signals = signals_of(
        "from psycopg2.pool import SimpleConnectionPool\n"
        "from psycopg_pool import AsyncConnectionPool\n\n"
        "pool = SimpleConnectionPool(1, 10, host='db', dbname='users')\n"
        "async_pool = AsyncConnectionPool('postgresql://db/users')\n"
    )

    assert of_kind(signals, "db-client") == [
        (4, "pool", {"async": "0", "library": "psycopg2"}),
        (5, "async_pool", {"async": "1", "library": "psycopg_pool"}),
    ]


def test_a_peewee_database_is_the_apps_sync_database_client() -> None:
    """ "Models exist, but no engine, session factory or database client was found" was said of
    a peewee app whose ``MySQLDatabase(...)`` its models are bound to (blind check corpus 36)."""
    signals = signals_of(
        "from peewee import Model, MySQLDatabase\n"
        "from playhouse.pool import PooledPostgresqlDatabase\n\n\n"
        "class ConfigDatabase:\n"
        "    database = MySQLDatabase('shop', user='shop', host='db')\n\n\n"
        "reports = PooledPostgresqlDatabase('reports')\n"
    )

    assert of_kind(signals, "db-client") == [
        (6, "database", {"async": "0", "library": "peewee"}),
        (9, "reports", {"async": "0", "library": "playhouse"}),
    ]


def test_a_peewee_base_with_only_its_meta_is_no_data_model() -> None:
    """ "3 ORM models (BaseModel, Tasks, User)" counted the base that binds the database."""
    signals = signals_of(
        "from peewee import CharField, Model, SqliteDatabase\n\n"
        "db = SqliteDatabase('app.db')\n\n\n"
        "class BaseModel(Model):\n"
        "    class Meta:\n"
        "        database = db\n\n\n"
        "class User(BaseModel):\n"
        "    email = CharField(unique=True)\n\n"
        "    class Meta:\n"
        "        table_name = 'users'\n"
    )

    assert names(signals, "orm-model") == ["User"]


def test_a_cassandra_cqlengine_model_is_no_relational_orm_model() -> None:
    """A scraper on Cassandra was told to "add a first migration with Alembic" for its
    cqlengine models (blind check corpus 39)."""
    signals = signals_of(
        "from cassandra.cqlengine import columns\n"
        "from cassandra.cqlengine.models import Model\n\n\n"
        "class Product(Model):\n"
        "    asin = columns.Text(primary_key=True)\n"
    )

    assert names(signals, "orm-model") == []


def test_include_router_names_the_router_and_where_it_is_defined() -> None:
    signals = signals_of(
        "from fastapi import APIRouter, FastAPI\n\n"
        "from app.api.routes import items\nfrom app.auth import router as auth_router\n"
        "from .routes import users\nfrom .health import router\n\n"
        "app = FastAPI()\nlocal = APIRouter()\n"
        "app.include_router(items.router)\napp.include_router(auth_router)\n"
        "app.include_router(users.router)\napp.include_router(router)\n"
        "app.include_router(local)\n",
        "app/main.py",
    )

    assert of_kind(signals, "include-router") == [
        (10, "router", {"module": "app.api.routes.items", "stem": "", "resolved": "1"}),
        (11, "router", {"module": "app.auth", "stem": "", "resolved": "1"}),
        (12, "router", {"module": "", "stem": "users", "resolved": "1"}),
        (13, "router", {"module": "", "stem": "", "resolved": "0"}),
        (14, "local", {"module": "app.main", "stem": "", "resolved": "1"}),
    ]


def test_environs_and_envparse_readers_read_settings_from_the_environment() -> None:
    """A bot reading its token with environs' ``env.str("BOT_TOKEN")`` and an API reading its
    key with envparse were told "no config read from the environment" (corpus 58 and 62)."""
    environs = signals_of(
        """
        from environs import Env

        env = Env()
        env.read_env()
        TOKEN = env.str("BOT_TOKEN")
        ADMINS = env.list("ADMINS")
        DEBUG = env("DEBUG", default=False)
        NAME = str(42)
        """
    )
    envparse = signals_of(
        """
        from envparse import env

        SECRET_KEY = env.str("SECRET_KEY", default="change-me")
        PORT = env("PORT", cast=int)
        """
    )

    assert names(environs, "env-config") == ["BOT_TOKEN", "ADMINS", "DEBUG"]
    assert names(envparse, "env-config") == ["SECRET_KEY", "PORT"]


def test_a_connection_handed_to_a_langgraph_checkpointer_is_no_database_client() -> None:
    """An agent whose only database was its graph's checkpoint store was rated "ORM and data
    model design ✅ solid" (blind check c2); the app's own connection still counts."""
    signals = signals_of(
        "import aiosqlite\n"
        "from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver\n"
        "\n"
        "\n"
        "async def build():\n"
        '    conn = await aiosqlite.connect("checkpoints.sqlite")\n'
        "    saver = AsyncSqliteSaver(conn)\n"
        '    db = await aiosqlite.connect("app.sqlite")\n'
        "    return saver, db\n"
    )

    assert [(line, name) for line, name, _ in of_kind(signals, "db-client")] == [(8, "db")]


def test_django_settings_databases_are_the_apps_database_connection() -> None:
    """Django's ORM connects through ``settings.DATABASES``: its models had "no engine,
    session factory or database client" (blind check d1)."""
    settings = signals_of(
        """\
        import dj_database_url

        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "blog",
            }
        }
        DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        """,
        "blog/settings.py",
    )

    assert of_kind(settings, "db-client") == [
        (3, "DATABASES", {"async": "0", "library": "django"}),
        (9, "DATABASES", {"async": "0", "library": "django"}),
    ]


def test_django_migration_operations_are_migration_operations() -> None:
    """``AddField`` and ``AlterField`` on an existing model change its table: the migrations
    area said Django's revisions "only create or drop tables" (blind check d1)."""
    revision = signals_of(
        """\
        from django.db import migrations, models


        class Migration(migrations.Migration):
            dependencies = [("posts", "0001_initial")]
            operations = [
                migrations.AddField(
                    model_name="post", name="is_notice", field=models.BooleanField(default=False)
                ),
                migrations.AlterField(model_name="Post", name="title", field=models.CharField()),
                migrations.CreateModel(name="Tag", fields=[]),
            ]
        """,
        "posts/migrations/0002_post_is_notice.py",
    )

    assert of_kind(revision, "alembic-op") == [
        (7, "add_column", {"table": "post"}),
        (10, "alter_column", {"table": "post"}),
        (11, "create_table", {"table": "tag"}),
    ]
