"""MB101's cases for SQLAlchemy Core connections: raw ``text()`` queries on a connection an
async route takes from the project's sync engine, in the route's own module or through an
import of the module that makes the engine."""

from __future__ import annotations

from mentorbot.rules.base import Case

SYNC_DATABASE = """\
import os

from sqlalchemy import create_engine

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
"""
ASYNC_DATABASE = """\
import os

from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
"""
BLOG_ROUTES = """\
from fastapi import APIRouter
from sqlalchemy import text

from app import database
from app.database import engine

router = APIRouter()


@router.get("/blogs")
async def list_blogs() -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, title FROM blog")).fetchall()
    return [dict(row._mapping) for row in rows]


@router.post("/blogs")
async def create_blog(title: str) -> dict:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO blog (title) VALUES (:title)"), {"title": title})
    return {"title": title}


@router.delete("/blogs/{blog_id}")
async def delete_blog(blog_id: int) -> None:
    conn = database.engine.connect()
    conn.execute(text("DELETE FROM blog WHERE id = :id"), {"id": blog_id})
    conn.commit()
    conn.close()
"""
BLOG_HITS = (12, 19, 26)
ONE_MODULE_APP = """\
from fastapi import FastAPI
from sqlalchemy import create_engine, text

engine = create_engine("sqlite:///./blog.db")
app = FastAPI()


@app.get("/count")
async def count_blogs() -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM blog")).scalar_one()
"""
ASYNC_BLOG_ROUTES = """\
from fastapi import APIRouter
from sqlalchemy import text

from app.database import engine

router = APIRouter()


@router.get("/blogs")
async def list_blogs() -> list[dict]:
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT id, title FROM blog"))).fetchall()
    return [dict(row._mapping) for row in rows]


@router.post("/blogs")
async def create_blog(title: str) -> dict:
    conn = await engine.connect()
    await conn.execute(text("INSERT INTO blog (title) VALUES (:title)"), {"title": title})
    await conn.commit()
    await conn.close()
    return {"title": title}
"""
CONNECTION_DEPENDENCY = (
    SYNC_DATABASE
    + """\


def get_conn():
    with engine.connect() as conn:
        yield conn
"""
)
DEPENDENCY_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy import Connection, text

from app.database import get_conn

router = APIRouter()


@router.get("/blogs/{blog_id}")
async def read_blog(blog_id: int, conn: Connection = Depends(get_conn)) -> dict:
    row = conn.execute(text("SELECT id, title FROM blog WHERE id = :id"), {"id": blog_id}).one()
    return dict(row._mapping)
"""
MISTYPED_ASYNC_SERVICE = """\
from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError


async def delete_blog(conn: Connection, blog_id: int) -> None:
    try:
        await conn.execute(text("DELETE FROM blog WHERE id = :id"), {"id": blog_id})
        await conn.commit()
    except SQLAlchemyError:
        await conn.rollback()
        raise
    except Exception:
        conn.rollback()
        raise
"""
SYNC_BLOG_ROUTES = (
    BLOG_ROUTES.replace("async def list_blogs", "def list_blogs")
    .replace("async def create_blog", "def create_blog")
    .replace("async def delete_blog", "def delete_blog")
)

BAD = (
    Case(
        files={"app/database.py": SYNC_DATABASE, "app/routes/blogs.py": BLOG_ROUTES},
        hits=tuple(("app/routes/blogs.py", line) for line in BLOG_HITS),
        note="raw SQL on connections of the sync engine another module makes",
    ),
    Case(
        files={"main.py": ONE_MODULE_APP},
        hits=(("main.py", 10),),
        note="the same with the engine made in the route's own module",
    ),
    Case(
        files={"app/database.py": CONNECTION_DEPENDENCY, "app/routes/blogs.py": DEPENDENCY_ROUTES},
        hits=(("app/routes/blogs.py", 11),),
        note="a connection handed in by a dependency, typed as SQLAlchemy's Connection",
    ),
)
GOOD = (
    Case(
        files={"app/database.py": ASYNC_DATABASE, "app/routes/blogs.py": ASYNC_BLOG_ROUTES},
        note="an AsyncEngine's connections, entered with async with or awaited",
    ),
    Case(
        files={"app/database.py": SYNC_DATABASE, "app/routes/blogs.py": SYNC_BLOG_ROUTES},
        note="the sync engine used from plain def routes, which FastAPI runs in its thread pool",
    ),
    Case(
        files={"app/database.py": ASYNC_DATABASE, "app/services/blogs.py": MISTYPED_ASYNC_SERVICE},
        note="a connection typed Connection but awaited: an AsyncConnection, whose rollback "
        "left without await is a missing await, not a blocking call",
    ),
)

RETRIEVER = """\
import sqlite3


def connect() -> sqlite3.Connection:
    return sqlite3.connect("docs.db")


def search(conn: sqlite3.Connection, source: str) -> list[str]:
    rows = conn.execute("SELECT text FROM docs WHERE source = ?", (source,)).fetchall()
    return [row[0] for row in rows]
"""
ASK_ROUTES = """\
from fastapi import FastAPI

from app import retriever

app = FastAPI()


@app.get("/ask/{source}")
def ask(source: str) -> dict[str, int]:
    conn = retriever.connect()
    found = retriever.search(conn, source)
    return {"found": len(found)}
"""
"""The route's connection is only handed on to a helper, never used in the route itself: it
opens one per request all the same (blind check z1)."""
ASK_ROUTES_LINE = 10
