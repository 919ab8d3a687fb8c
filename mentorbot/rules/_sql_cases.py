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
from enum import Enum

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


def recommendation_prompt(personality: str, mood: str) -> str:
    user_prompt = f'''
    Match this customer with the perfect fragrances:
    - Personality type: {personality}
    - Mood sought: {mood}
    Select two secondary fragrances from the main family of the fragrance.
    '''
    return user_prompt


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


class Status(str, Enum):
    INITIALIZED = "initialized"
    DONE = "done"


def create_jobs(conn: sqlite3.Connection) -> None:
    conn.execute(f'''
    CREATE TABLE IF NOT EXISTS jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        status TEXT DEFAULT '{Status.INITIALIZED.value}' NOT NULL
    )
    ''')
"""

BAD_FRAGMENTS = """\
from typing import Optional

from fastapi import APIRouter, Depends, Query
from mysql.connector.connection import MySQLConnection

from app.database import get_db

router = APIRouter()


@router.get("/workers")
def search_workers(
    rate_type: Optional[str] = Query(None),
    min_rate: Optional[float] = Query(None),
    gender: Optional[str] = Query(None),
    db: MySQLConnection = Depends(get_db),
):
    cursor = db.cursor(dictionary=True)
    query = "SELECT users.id, first_name FROM users JOIN profile ON profile.user_id = users.id"
    filters = []
    if rate_type:
        filters.append(f"profile.rate_type = '{rate_type}'")
    if min_rate is not None:
        filters.append(f"profile.rate >= {min_rate}")
    if gender:
        filters.append("profile.gender = '" + gender + "'")
    filters.append(f"profile.role = 'Worker'")
    if filters:
        query += " WHERE " + " AND ".join(filters)
    cursor.execute(query)
    return cursor.fetchall()


@router.get("/jobs")
def search_jobs(
    title: Optional[str] = None,
    company: Optional[str] = None,
    db: MySQLConnection = Depends(get_db),
):
    cursor = db.cursor(dictionary=True)
    conditions = ["status = 'open'"]
    if title:
        conditions.append("title LIKE '%" + title + "%'")
    if company:
        conditions.insert(0, f"company = '{company}'")
    cursor.execute(f"SELECT id, title FROM jobs WHERE {' AND '.join(conditions)} ORDER BY id")
    return cursor.fetchall()


@router.get("/workers/count")
def count_workers(city: str, db: MySQLConnection = Depends(get_db)) -> int:
    cursor = db.cursor()
    query = "SELECT COUNT(*) FROM profile WHERE role = 'Worker'"
    if city:
        query += f" AND city = '{city}'"
    cursor.execute(query)
    return cursor.fetchone()[0]


def find_profiles(db: MySQLConnection, extra_filters: list[str], city: str) -> list[dict]:
    filters = []
    filters.extend(extra_filters)
    filters.append(f"city = '{city}'")
    cursor = db.cursor(dictionary=True)
    cursor.execute("SELECT id FROM profile WHERE " + " AND ".join(filters))
    return cursor.fetchall()
"""
"""SQL put together from a list of conditions (or grown by ``+=``): each formatted fragment
that carries a request's value is where the input gets in, not the line that joins them;
a list that also takes items from elsewhere (a parameter) keeps the join reported too."""

GOOD_FRAGMENTS = """\
from fastapi import APIRouter, Depends, HTTPException
from mysql.connector.connection import MySQLConnection

from app.auth import get_current_user
from app.database import get_db
from app.schemas import AreaUpdate, ProfileUpdate

router = APIRouter()
RATE_COLUMN = "rate"


@router.patch("/profile")
def update_profile(
    data: ProfileUpdate,
    current_user: dict = Depends(get_current_user),
    db: MySQLConnection = Depends(get_db),
) -> dict:
    cursor = db.cursor()
    query = "UPDATE profile SET "
    update_fields = []
    update_values = []
    if data.first_name:
        update_fields.append("first_name = %s")
        update_values.append(data.first_name)
    if data.city:
        update_fields.append("city = %s")
        update_values.append(data.city)
    if not update_fields:
        raise HTTPException(status_code=400, detail="No fields provided for update")
    query += ", ".join(update_fields) + " WHERE user_id = %s"
    update_values.append(current_user["id"])
    cursor.execute(query, tuple(update_values))
    db.commit()
    return {"message": "Profile updated successfully"}


@router.patch("/working-areas/{area_id}")
def update_area(area_id: int, data: AreaUpdate, db: MySQLConnection = Depends(get_db)) -> None:
    cursor = db.cursor()
    fields = []
    values = []
    if data.rate is not None:
        fields.append(f"{RATE_COLUMN} = %s")
        values.append(data.rate)
    if data.name:
        fields += ["name = %s"]
        values.append(data.name)
    set_clause = ", ".join(fields)
    cursor.execute(f"UPDATE working_area_info SET {set_clause} WHERE id = %s", (*values, area_id))
    db.commit()


@router.get("/workers/nearby")
def nearby_workers(city: str, available: bool = False, db: MySQLConnection = Depends(get_db)):
    cursor = db.cursor(dictionary=True)
    filters = ["profile.role = 'Worker'", "profile.city = %s"]
    if available:
        filters.append("profile.available = 1")
    cursor.execute("SELECT id FROM profile WHERE " + " AND ".join(filters), (city,))
    return cursor.fetchall()
"""
"""SQL joined from lists that only ever receive literal conditions (or formats of constants),
the values bound as parameters: the statement is constant."""

DYNAMIC_INSERTS = """\
import asyncpg


async def insert_class(conn: asyncpg.Connection, new_class) -> int:
    row = new_class.model_dump()
    columns = ", ".join(row.keys())
    placeholders = ", ".join(f"${i + 1}" for i in range(len(row)))
    query = f"INSERT INTO classes ({columns}) VALUES ({placeholders}) RETURNING class_id"
    return await conn.fetchval(query, *row.values())


async def insert_any(conn: asyncpg.Connection, data: dict) -> int:
    columns = ", ".join(data.keys())
    placeholders = ", ".join(f"${i + 1}" for i in range(len(data)))
    query = f"INSERT INTO classes ({columns}) VALUES ({placeholders})"
    return await conn.fetchval(query, *data.values())


async def named(conn: asyncpg.Connection, names: list[str]) -> list:
    wanted = ", ".join(f"'{name}'" for name in names)
    return await conn.fetch(f"SELECT * FROM classes WHERE name IN ({wanted})")
"""
"""An insert of a model's fields with numbered placeholders, the values bound: the same with
the keys of any dict (a caller may name the columns), and names quoted into the query."""

DEFAULTED_PARAMETER = """\
from flask import Flask, render_template

from app.sql_work import sql_select

app = Flask(__name__)


@app.route("/index/<choose>")
def index(choose):
    if len(choose) == 0:
        choose = "all"
    lists = sql_select(
        "select * from article_detail where type_name='%s' order by message_time desc"
        % (choose,)
    )
    return render_template("index.html", lists=lists)
"""
"""A route's path parameter given a default when empty, then formatted into SQL a helper runs:
the default made it look constant (blind check history 44)."""

COUNTED_PATHS = """\
import json
import sqlite3


def search(conn: sqlite3.Connection, prefix: list[str]) -> list[sqlite3.Row]:
    query = "SELECT * FROM items WHERE json_extract(ns, '$[0]') = json_extract(?, '$[0]')"
    params = [json.dumps(prefix)]
    for i in range(1, len(prefix)):
        query += f" AND json_extract(ns, '$[{i}]') = json_extract(?, '$[{i}]')"
        params.append(json.dumps(prefix))
    for position, _ in enumerate(prefix):
        query += f" OR rank = {position}"
    return conn.execute(query, params).fetchall()
"""
"""A loop's counter formatted into the statement is a number; the values are bound."""

TEMPLATES = """\
import sqlite3


class Database:
    NEW_REPLY = "INSERT INTO replies (author, body, thread_id) VALUES ('{}', '{}', {});"
    DELETE_BOARD = "DELETE FROM boards WHERE board_name='{}'"

    def __init__(self, path):
        self.connection = sqlite3.connect(path)
        self.cursor = self.connection.cursor()

    def new_reply(self, thread_id, reply):
        self.cursor.execute(self.NEW_REPLY.format(reply["author"], reply["body"], thread_id))
        self.connection.commit()

    def delete_board(self, board_name):
        self.cursor.execute(Database.DELETE_BOARD.format(board_name))
        self.connection.commit()
"""
TEMPLATES_HITS = (13, 17)
"""SQL templates kept as class attributes and filled with .format() (blind check l1)."""

NO_SQL_TEMPLATES = """\
import sqlite3

REPLIES_TABLE = "replies"


class Archive:
    COUNT_REPLIES = "SELECT count(*) FROM {}"
    REBUILD_JOB = "rebuild-index:{}"

    def __init__(self, path, jobs):
        self.connection = sqlite3.connect(path)
        self.jobs = jobs

    def count(self):
        return self.connection.execute(self.COUNT_REPLIES.format(REPLIES_TABLE)).fetchone()[0]

    def rebuild(self, board_name):
        self.jobs.execute(self.REBUILD_JOB.format(board_name))
"""
"""A class's SQL template filled with a module constant, and one that holds no SQL filled with
input for a job queue's ``execute``."""
