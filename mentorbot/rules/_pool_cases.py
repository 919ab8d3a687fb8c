"""MB103's cases for connection pools made per request: a route that makes an asyncpg pool
itself, and routes that call ``connect()`` on a module's ``Database`` object, whose method keeps
a new pool on ``self`` each time; and the same class with its pool made once at start-up."""

from __future__ import annotations

from mentorbot.rules.base import Case

DATABASE = """\
import asyncpg


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.pool = None

    async def connect(self) -> None:
        self.pool = await asyncpg.create_pool(self.url)

    async def all_users(self) -> list[dict]:
        async with self.pool.acquire() as conn:
            return [dict(row) for row in await conn.fetch("SELECT id, name FROM users")]

    async def close(self) -> None:
        await self.pool.close()
"""
BAD_ROUTES = """\
import asyncpg
from fastapi import APIRouter

from app.config import DATABASE_URL
from app.db import Database

db = Database(DATABASE_URL)
router = APIRouter(prefix="/users")


@router.get("")
async def read_users() -> list[dict]:
    await db.connect()
    users = await db.all_users()
    await db.close()
    return users


@router.get("/count")
async def count_users() -> int:
    pool = await asyncpg.create_pool(DATABASE_URL)
    try:
        return await pool.fetchval("SELECT count(*) FROM users")
    finally:
        await pool.close()
"""
BAD_HITS = (13, 21)
GOOD_MAIN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.config import DATABASE_URL
from app.db import Database

db = Database(DATABASE_URL)


@asynccontextmanager
async def lifespan(app: FastAPI):
    await db.connect()
    yield
    await db.close()


app = FastAPI(lifespan=lifespan)


@app.get("/users")
async def read_users() -> list[dict]:
    return await db.all_users()
"""
CONFIG = 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n'
BAD = (
    Case(
        files={"app/config.py": CONFIG, "app/db.py": DATABASE, "app/routes.py": BAD_ROUTES},
        hits=tuple(("app/routes.py", line) for line in BAD_HITS),
        note="a new pool on every request, made by the route or kept on the object it calls",
    ),
)
GOOD = (
    Case(
        files={"app/config.py": CONFIG, "app/db.py": DATABASE, "app/main.py": GOOD_MAIN},
        note="the same pool made once, in the lifespan",
    ),
)
