"""A helper called by a name it imports is paired with the definition the import means: a repo
holding two apps with a ``save_balance`` each pairs each caller with its own app's."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

PER_CALL_DB = """\
import os

import psycopg2


def save_balance(address: str, balance: float) -> None:
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO balances VALUES (%s, %s)", (address, balance))
"""

SHARED_DB = """\
import os

import psycopg2

conn = psycopg2.connect(os.environ["DATABASE_URL"])


def save_balance(address: str, balance: float) -> None:
    cur = conn.cursor()
    cur.execute("INSERT INTO balances VALUES (%s, %s)", (address, balance))
"""

BALANCES = """\
from services.db_service import save_balance


async def record(address: str, balance: float) -> None:
    save_balance(address, balance)
"""


def test_an_imported_helper_is_the_one_of_the_caller_s_own_app(tmp_path: Path) -> None:
    files = {
        "backend/services/db_service.py": PER_CALL_DB,
        "backend/services/balances.py": BALANCES,
        "backend/legacy-api/services/db_service.py": SHARED_DB,
    }
    found = review_files(tmp_path, files)

    [blocking] = [f for f in found if f.rule == "MB101"]
    assert (blocking.path, blocking.line) == ("backend/services/balances.py", 5)
    assert "save_balance → psycopg2.connect" in blocking.message.en
    drivers = [(f.path, f.line) for f in found if f.rule == "MB111"]
    assert drivers == [("backend/services/db_service.py", 7)]


def test_a_route_answering_with_a_dict_of_orm_rows_is_told_of_each_model(tmp_path: Path) -> None:
    """A chat service returned ``{"room": room, "target_user": target_user}``; MB102 named only
    ``Room``, while the user row with its password hash is the worse leak (blind check corpus
    20)."""
    files = {
        "app/models.py": """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Room(Base):
    __tablename__ = "rooms"
    id: Mapped[int] = mapped_column(primary_key=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    hashed_password: Mapped[str]
""",
        "app/service.py": """\
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Room, User


async def start_dm(name: str, db: AsyncSession) -> dict:
    target_user = await db.get(User, 1)
    room = Room(id=2)
    return {"room": room, "target_user": target_user}
""",
        "app/routes.py": """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app import service
from app.db import get_db

router = APIRouter()


@router.post("/dm/start")
async def start_dm(name: str, db: AsyncSession = Depends(get_db)):
    return await service.start_dm(name, db)
""",
    }

    [finding] = [f for f in review_files(tmp_path, files) if f.rule == "MB102"]

    assert finding.message.en == (
        "route `start_dm` answers with ORM models `Room`, `User` themselves; return a pydantic "
        "schema instead"
    )
    assert "`Room`、`User`" in finding.message.zh


MONGO_HELPERS = """\
from pymongo import MongoClient

MONGO_URL = "mongodb://localhost:27017"


def get_collection(name: str):
    client = MongoClient(MONGO_URL)
    return client["shop"][name]


def get_db():
    client = MongoClient(MONGO_URL)
    return client.shop
"""

MONGO_ROUTES = """\
from fastapi import APIRouter

from app.db import get_collection, get_db

router = APIRouter()


@router.get("/users/{name}")
async def user(name: str):
    users = get_collection("users")
    return users.find_one({"name": name}, {"_id": 0})


@router.get("/orders")
async def orders():
    db = get_db()
    return list(db.orders.find({}, {"_id": 0}))
"""


def test_each_helper_s_client_names_the_async_function_that_uses_it(tmp_path: Path) -> None:
    """Two helpers of one module each made a MongoClient; both findings named the route that
    used the first helper."""
    files = {"app/db.py": MONGO_HELPERS, "app/routes.py": MONGO_ROUTES}
    found = {f.line: f.message.en for f in review_files(tmp_path, files) if f.rule == "MB111"}

    assert sorted(found) == [7, 12]
    assert "used from async function `user`" in found[7]
    assert "used from async function `orders`" in found[12]


STATS = """\
import sqlite3

DB_PATH = "bot.db"


async def log_bill_request(user_id: int, positions: int) -> None:
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT INTO bill_stats VALUES (?, ?)", (user_id, positions))
    conn.commit()
    conn.close()


async def get_user_stats(user_id: int) -> int:
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT SUM(positions) FROM stats WHERE user_id = ?", (user_id,)).fetchone()
    conn.close()
    return row[0] or 0
"""


def test_a_connection_an_async_function_makes_for_itself_is_said_to_be_used_by_it(
    tmp_path: Path,
) -> None:
    """The MB111 at ``get_user_stats``'s connect said it was used from ``log_bill_request``,
    the module's first async user (blind check history 47)."""
    found = [f for f in review_files(tmp_path, {"app/stats.py": STATS}) if f.rule == "MB111"]

    assert [(f.line, f.message.en.split("`")[1]) for f in found] == [
        (7, "log_bill_request"),
        (14, "get_user_stats"),
    ]
