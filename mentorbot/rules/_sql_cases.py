"""The example projects of MB108's bad and good cases (``sql_string_formatting``): SQL built
from a request's input in each way the rule knows, and SQL that only looks built (constants,
bound parameters, a prompt that quotes a query)."""

BAD = """\
import os
import sqlite3

from fastapi import APIRouter, Depends
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_session

router = APIRouter()
FIND_BY_EMAIL = "SELECT id, email FROM users WHERE email = '%s'"
USERS_TABLE = os.environ.get("USERS_TABLE", "users")
COUNT_TEMPLATE = "SELECT count(*) FROM %s"
COUNT_USERS = COUNT_TEMPLATE % USERS_TABLE


@router.get("/users/search")
async def search_users(name: str, session: AsyncSession = Depends(get_session)) -> list[dict]:
    query = f"SELECT id, name FROM users WHERE name LIKE '%{name}%'"
    result = await session.execute(text(query))
    return [dict(row._mapping) for row in result]


def find_by_email(email: str) -> tuple | None:
    with sqlite3.connect("app.db") as conn:
        return conn.execute(FIND_BY_EMAIL % email).fetchone()


def delete_user(conn: sqlite3.Connection, user_id: str) -> None:
    conn.execute("DELETE FROM users WHERE id = " + user_id)
    conn.execute("UPDATE audit SET seen = 1 WHERE user_id = {}".format(user_id))


def count_users(conn: sqlite3.Connection) -> int:
    return conn.execute(COUNT_USERS).fetchone()[0]


def sorted_users(conn: sqlite3.Connection, column: str) -> list[tuple]:
    order = "name"
    if column:
        order = column
    return conn.execute(f"SELECT id FROM users ORDER BY {order}").fetchall()
"""

GOOD = """\
import logging
import sqlite3

from fastapi import APIRouter, Depends
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_session
from app.models import User
from app.schema import AUDIT_TABLE

router = APIRouter()
logger = logging.getLogger(__name__)
USERS_TABLE = "users"
INDEX_OPTIONS = {"fillfactor": 90}


@router.get("/users/search")
async def search_users(name: str, session: AsyncSession = Depends(get_session)) -> list[dict]:
    query = text("SELECT id, name FROM users WHERE name LIKE :pattern")
    result = await session.execute(query, {"pattern": f"%{name}%"})
    logger.info(f"searched users for {name}")
    return [dict(row._mapping) for row in result]


@router.get("/users/{user_id}")
async def get_user(user_id: int, session: AsyncSession = Depends(get_session)) -> dict:
    user = await session.scalar(select(User).where(User.id == user_id))
    return {"id": user.id, "email": user.email}


def find_by_email(email: str) -> tuple | None:
    with sqlite3.connect("app.db") as conn:
        return conn.execute("SELECT id, email FROM users WHERE email = ?", (email,)).fetchone()


def prepare(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS users_email ON {USERS_TABLE} (email) "
        f"WITH (fillfactor = {INDEX_OPTIONS['fillfactor']})"
    )
    conn.execute("DELETE FROM %s WHERE created < date('now', '-1 year')" % AUDIT_TABLE)


def sql_prompt(schema: str, question: str) -> str:
    return (
        f"Given the following schema, write a SQL query that answers the user's question. "
        f"Return only the query, for example: SELECT name FROM users WHERE age > 18. "
        f"Schema: {schema} Question: {question}"
    )


def forget_session(sessions: dict[str, str], token: str) -> None:
    try:
        del sessions[token]
    except KeyError as error:
        logger.warning(f"Failed to delete from the session store: {error}")
        raise LookupError(f"could not delete from the store the session {token}") from error


def recent_users(conn: sqlite3.Connection, days: str, lock: str | None = None) -> list[tuple]:
    clause = {None: "", "share": " FOR SHARE", "update": " FOR UPDATE"}[lock]
    wait = " NOWAIT" if lock else ""
    order = "created DESC"
    return conn.execute(
        f"SELECT id FROM users WHERE age_days < {int(days)} ORDER BY {order}{clause}{wait}"
    ).fetchall()
"""
