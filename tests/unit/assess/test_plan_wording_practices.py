"""Best practices worded with the code: what it imports, how it uses SQLAlchemy and Redis."""

from __future__ import annotations

from mentorbot.domain import StackItem
from mentorbot.planning import best_practices
from mentorbot.rules.review import analyze_sources


def test_practices_read_with_the_code_a_sync_sqlalchemy_app_and_redis_as_a_broker() -> None:
    """A sync SQLAlchemy course app was told to take sessions from an async_sessionmaker, and
    a Celery app whose Redis only carries the broker's messages to give cache keys an expiry."""
    stack = [
        StackItem(name=name, category="library", source="requirements.txt")
        for name in ("fastapi", "sqlalchemy", "redis", "celery")
    ]
    sync_app = analyze_sources(
        {
            "app/db.py": b"from sqlalchemy import create_engine\n"
            b"from sqlalchemy.orm import sessionmaker\n\n"
            b'engine = create_engine("sqlite:///app.db")\n'
            b"SessionLocal = sessionmaker(bind=engine)\n",
            "app/worker.py": b'from celery import Celery\n\ncelery = Celery(broker="redis://r")\n',
        }
    )
    practices = [practice.en for practice in best_practices(stack, sync_app)]

    assert "Create one engine per application and take sessions from one sessionmaker." in (
        practices
    )
    assert not any("async_sessionmaker" in practice for practice in practices)
    assert not any("redis.asyncio" in practice for practice in practices)

    cached = sync_app + analyze_sources(
        {"app/cache.py": b"import redis\n\ncache = redis.Redis()\n"}
    )
    # With no async code, redis.asyncio has nowhere to be called from (blind check corpus 47).
    told = [practice.en for practice in best_practices(stack, cached)]
    assert not any("redis.asyncio" in practice for practice in told)
    assert "Make one client at start-up and reuse its connection pool; a new client per " in (
        "".join(told)
    )
    # Nor has an app whose only async def is its lifespan (history check 56).
    started = cached + analyze_sources(
        {
            "app/main.py": b"from contextlib import asynccontextmanager\n\n"
            b"from fastapi import FastAPI\n\n\n@asynccontextmanager\n"
            b"async def startup(app: FastAPI):\n    yield\n\n\napp = FastAPI(lifespan=startup)\n"
        }
    )
    assert not any("redis.asyncio" in practice.en for practice in best_practices(stack, started))
    served = cached + analyze_sources(
        {"app/routes.py": b"async def read_item(key: str) -> str:\n    return key\n"}
    )
    assert any("redis.asyncio" in practice.en for practice in best_practices(stack, served))

    # A test script that pings the broker is no cache (blind check corpus 34).
    pinged = sync_app + analyze_sources(
        {"app/tests/redis-test.py": b"import redis\n\nprint(redis.Redis().ping())\n"}
    )
    assert not any("redis" in practice.en for practice in best_practices(stack, pinged))


def _practices_of(declared: tuple[str, ...], sources: dict[str, bytes]) -> list[str]:
    """The practices of a project that declares ``declared`` and has these files."""
    stack = [
        StackItem(name=name, category="library", source="requirements.txt") for name in declared
    ]
    return [practice.en for practice in best_practices(stack, analyze_sources(sources))]


def test_packages_a_pip_freeze_lists_but_the_code_never_imports_get_no_practices() -> None:
    """A FAISS question-answering app whose pip freeze listed SQLAlchemy was told "One session
    per request; commit or roll back in one place, the dependency"."""
    practices = _practices_of(
        ("fastapi", "sqlalchemy", "langchain", "rq"),
        {
            "app/main.py": b"from fastapi import FastAPI\n"
            b"from langchain_community.vectorstores import FAISS\n\napp = FastAPI()\n",
        },
    )

    assert not any("One session per request" in practice for practice in practices)
    assert not any("one engine per application" in practice for practice in practices)
    assert not any("idempotent" in practice for practice in practices)
    assert any("with_structured_output" in practice for practice in practices)
    assert any("response_model" in practice for practice in practices)

    # A document Q&A app that only splits text with LangChain and reaches Supabase through its
    # client was told to set timeouts on model calls and to index its WHERE columns.
    told = _practices_of(
        ("fastapi", "langchain-text-splitters", "psycopg2-binary", "supabase"),
        {
            "app/ingest.py": b"from langchain_text_splitters import RecursiveCharacterTextSplitter"
            b"\nfrom supabase import create_client\n",
        },
    )
    assert not any("model calls" in practice for practice in told)
    assert not any("EXPLAIN" in practice for practice in told)

    # A Motor URL shortener whose pip freeze lists SQLModel was told to keep its table models
    # apart from its schemas and to query with session.exec (blind check corpus 46).
    shortener = _practices_of(
        ("fastapi", "sqlalchemy", "sqlmodel", "motor"),
        {
            "app/db.py": b"from motor.motor_asyncio import AsyncIOMotorClient\n\n"
            b'client = AsyncIOMotorClient("mongodb://localhost")\n',
        },
    )
    assert not any("table=True" in practice for practice in shortener)
    assert not any("session.exec" in practice for practice in shortener)
    # Declared and imported, SQLModel brings its own practices, not SQLAlchemy's Mapped[].
    tables = _practices_of(
        ("fastapi", "sqlalchemy", "sqlmodel"),
        {"app/models.py": b"from sqlmodel import Field, SQLModel\n"},
    )
    assert any("table=True" in practice for practice in tables)
    assert not any("Mapped[]" in practice for practice in tables)

    # An aiogram bot whose pip freeze pins pydantic (aiogram's own dependency) was told to
    # answer with the read schema and to use model_dump() (blind check corpus 92).
    bot = _practices_of(
        ("aiogram", "pydantic", "sqlalchemy"),
        {"bot/main.py": b"from aiogram import Bot, Dispatcher\nimport sqlalchemy\n"},
    )
    assert not any("read schema" in practice or "model_dump" in practice for practice in bot)
    api = _practices_of(("fastapi", "pydantic"), {"app/main.py": b"from fastapi import FastAPI\n"})
    assert any("read schema" in practice for practice in api)


def test_practices_that_speak_of_fastapi_are_given_only_where_the_code_imports_it() -> None:
    """A Telegram bot on a sync SQLAlchemy session was told that FastAPI runs its plain def
    routes in a thread pool and to take its session from "the dependency" (blind check corpus
    49)."""
    bot = _practices_of(
        ("aiogram", "sqlalchemy", "pytest"),
        {
            "loader.py": b"from aiogram import Bot, Dispatcher\n"
            b"from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n\n"
            b'engine = create_engine("postgresql://db/news")\n'
            b"Session = sessionmaker(bind=engine)\n",
        },
    )
    assert "Create one engine per application and take sessions from one sessionmaker." in bot
    assert not any("FastAPI" in practice or "dependency" in practice for practice in bot)
    assert not any("TestClient" in practice for practice in bot)
    assert any("conftest.py" in practice for practice in bot)

    api = _practices_of(
        ("fastapi", "sqlalchemy", "pytest"),
        {
            "app/db.py": b"from fastapi import Depends\nfrom sqlalchemy import create_engine\n"
            b"from sqlalchemy.orm import sessionmaker\n\n"
            b'engine = create_engine("postgresql://db/news")\n'
            b"Session = sessionmaker(bind=engine)\n",
        },
    )
    assert any("FastAPI runs them in its thread pool" in practice for practice in api)
    assert any("TestClient" in practice for practice in api)


def test_a_mongodb_app_that_pins_alembic_gets_no_migration_practices() -> None:
    """A Motor app whose requirements pinned Alembic was told to change its schema only through
    migrations and to write a downgrade for every revision (blind check corpus 73)."""
    motor = {
        "app/db.py": b"from motor.motor_asyncio import AsyncIOMotorClient\n\n"
        b'client = AsyncIOMotorClient("mongodb://localhost")\n',
    }
    mongo = _practices_of(("fastapi", "motor", "alembic"), motor)
    tables = _practices_of(
        ("fastapi", "sqlalchemy", "alembic"),
        {
            "app/models.py": b"from sqlalchemy.orm import DeclarativeBase, Mapped\n\n\n"
            b"class Base(DeclarativeBase):\n    pass\n\n\nclass User(Base):\n"
            b'    __tablename__ = "users"\n    id: Mapped[int]\n',
        },
    )

    assert not any("downgrade" in practice for practice in mongo)
    assert any("downgrade" in practice for practice in tables)


def test_sqlalchemy_practices_follow_the_pinned_major_version() -> None:
    """A Flask app pinning SQLAlchemy 1.3.17 was told to use ``Mapped[]`` annotations, which
    arrived with 2.0 (blind check corpus 94)."""
    sources = {"app/models.py": b"from sqlalchemy import Column, Integer\n"}
    old = [
        StackItem(name="sqlalchemy", category="library", source="requirement.txt", version="1.3.17")
    ]
    current = [StackItem(name="sqlalchemy", category="library", source="requirements.txt")]

    pinned = [p.en for p in best_practices(old, analyze_sources(sources))]
    latest = [p.en for p in best_practices(current, analyze_sources(sources))]

    assert not any("Mapped[]" in p and p.startswith("Use 2.0") for p in pinned)
    assert any("pins SQLAlchemy 1.x" in p for p in pinned)
    assert any(p.startswith("Use 2.0-style select() and Mapped[]") for p in latest)
    assert not any("pins SQLAlchemy 1.x" in p for p in latest)
