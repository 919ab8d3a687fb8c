"""MB101's cases for DB-API connections (``_sync_clients``) and the objects other modules make
(``_blocking``): notes kept in ``sqlite3`` and ``psycopg2`` by async routes, beside the same
routes as plain ``def`` with the archive read in a thread; and a shop's ``Database`` class over
a psycopg2 cursor, made once in its module and used by async routes that import it by name or
with a star import, beside the same routes handing the calls to a thread."""

from mentorbot.rules.base import Case

NOTES_DB = """\
import sqlite3

conn = sqlite3.connect("notes.db", check_same_thread=False)
conn.row_factory = sqlite3.Row
"""

BAD_DBAPI_ROUTES = """\
import psycopg2
from fastapi import APIRouter

from app.db import conn

router = APIRouter()


class Archive:
    def __init__(self, dsn: str) -> None:
        connection = psycopg2.connect(dsn)
        self.cursor = connection.cursor()

    def titles(self) -> list[str]:
        self.cursor.execute("SELECT title FROM archived_notes")
        return [row[0] for row in self.cursor.fetchall()]


archive = Archive("dbname=notes")


@router.get("/notes")
async def list_notes() -> list[dict]:
    rows = conn.execute("SELECT id, title FROM notes").fetchall()
    return [dict(row) for row in rows]


@router.post("/notes")
async def add_note(title: str) -> dict:
    cursor = conn.cursor()
    cursor.execute("INSERT INTO notes (title) VALUES (?)", (title,))
    conn.commit()
    return {"id": cursor.lastrowid}


@router.get("/archive")
async def archived() -> list[str]:
    return archive.titles()
"""
BAD_DBAPI_HITS = (24, 31, 32, 38)

GOOD_DBAPI_ROUTES = (
    BAD_DBAPI_ROUTES.replace("async def list_notes", "def list_notes")
    .replace("async def add_note", "def add_note")
    .replace("    return archive.titles()", "    return await asyncio.to_thread(archive.titles)")
    .replace("import psycopg2", "import asyncio\n\nimport psycopg2")
)

SHOP_DATABASE = """\
import psycopg2


class Database:
    def __init__(self, dsn: str) -> None:
        self.conn = psycopg2.connect(dsn)
        self.cur = self.conn.cursor()

    def password_of(self, name: str) -> str:
        self.cur.execute("SELECT password FROM users WHERE name = %s", (name,))
        return self.cur.fetchone()[0]

    def get(self, user_id: int) -> tuple:
        self.cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))
        return self.cur.fetchone()


db = Database("dbname=shop")
"""

SHOP_ROUTES = """\
from fastapi import APIRouter

from app.db import db

router = APIRouter()


@router.get("/users/{user_id}")
async def read_user(user_id: int) -> tuple:
    return db.get(user_id)
"""
"""``get`` is too common a name to pair by name alone; it is paired through ``db``'s class."""

SHOP_LOGIN = """\
from fastapi import APIRouter

from app.db import *

router = APIRouter()


@router.post("/login")
async def login(name: str, password: str) -> bool:
    return db.password_of(name) == password
"""
SHOP_HITS = (("app/routes.py", 10), ("app/login.py", 10))

GOOD_SHOP_ROUTES = SHOP_ROUTES.replace(
    "    return db.get(user_id)", "    return await asyncio.to_thread(db.get, user_id)"
).replace("from fastapi", "import asyncio\n\nfrom fastapi")
GOOD_SHOP_LOGIN = SHOP_LOGIN.replace("async def login", "def login")

TRIPS_POOL = """\
import os

import mysql.connector.pooling

_pool = None


def get_pool():
    global _pool
    if _pool is None:
        _pool = mysql.connector.pooling.MySQLConnectionPool(
            pool_name="trips", pool_size=5, host=os.environ["DB_HOST"], database="trips"
        )
    return _pool


def get_db():
    db = get_pool().get_connection()
    try:
        yield db
    finally:
        db.close()
"""
"""A MySQL pool made on first use, and the dependency that lends its connections."""

TRIPS_ROUTES = """\
from typing import Annotated

from fastapi import APIRouter, Depends

from app.pool import get_db

router = APIRouter()


@router.get("/api/attractions")
async def list_attractions(page: int = 0, db=Depends(get_db)) -> dict:
    cursor = db.cursor(dictionary=True)
    cursor.execute("SELECT * FROM attractions LIMIT 12 OFFSET %s", (page * 12,))
    rows = cursor.fetchall()
    cursor.close()
    return {"data": rows}


@router.post("/api/bookings")
async def book(attraction_id: int, db: Annotated[object, Depends(get_db)]) -> dict:
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO bookings (attraction_id) VALUES (%s)", (attraction_id,))
    db.commit()
    return {"ok": True}
"""
TRIPS_HITS = (("app/trips.py", 13), ("app/trips.py", 22), ("app/trips.py", 23))

NOTES_POOL = """\
from fastapi import APIRouter, Depends
from psycopg2 import pool

router = APIRouter()
notes_pool = pool.SimpleConnectionPool(1, 5, dsn="dbname=notes")


def get_conn():
    conn = notes_pool.getconn()
    try:
        yield conn
    finally:
        notes_pool.putconn(conn)


@router.get("/notes/{note_id}")
async def read_note(note_id: int, db=Depends(get_conn)) -> dict:
    cursor = db.cursor()
    cursor.execute("SELECT title FROM notes WHERE id = %s", (note_id,))
    return {"title": cursor.fetchone()[0]}
"""
NOTES_POOL_HITS = (("app/notes.py", 19),)

GOOD_TRIPS_ROUTES = TRIPS_ROUTES.replace("async def", "def")
GOOD_NOTES_POOL = NOTES_POOL.replace("async def", "def")

USER_SERVICES = """\
def email_taken(cursor, email: str) -> bool:
    cursor.execute("SELECT id FROM users WHERE email = %s", (email,))
    return cursor.fetchone() is not None


def insert_user(conn, email: str, password_hash: str) -> int:
    cur = conn.cursor()
    cur.execute(
        "INSERT INTO users (email, password) VALUES (%s, %s)", (email, password_hash)
    )
    conn.commit()
    return cur.lastrowid


def normalise(email: str) -> str:
    return email.strip().lower()
"""
"""Queries kept in service functions that take the route's cursor or connection, untyped."""

USER_ROUTES = """\
import asyncio

from fastapi import APIRouter, Depends, HTTPException

from app import services
from app.pool import get_db
from app.services import email_taken, insert_user, normalise

router = APIRouter()


@router.post("/users")
async def register(email: str, password_hash: str, db=Depends(get_db)) -> dict:
    cursor = db.cursor()
    if email_taken(cursor, normalise(email)):
        raise HTTPException(status_code=409, detail="Email already registered")
    user_id = services.insert_user(db, email, password_hash)
    return {"id": user_id}


@router.get("/users/check")
async def check(email: str, db=Depends(get_db)) -> dict:
    cursor = db.cursor()
    taken = await asyncio.to_thread(email_taken, cursor, email)
    return {"taken": taken, "email": normalise(email)}


@router.get("/users/taken")
async def taken(email: str, db=Depends(get_db)) -> dict:
    return {"taken": await email_taken(db.cursor(), email)}
"""
USER_ROUTES_HITS = (("app/users.py", 15), ("app/users.py", 17), ("app/users.py", 30))
"""The cursor and the connection handed to services that query through them block, also when
the route awaits the sync service (its query blocks, then the await fails); the same service run
in a thread, and one that queries nothing, do not."""

GOOD_USER_ROUTES = (
    USER_ROUTES.replace("async def register", "def register")
    .replace("async def taken", "def taken")
    .replace("await email_taken", "email_taken")
)

DB_UTIL = """\
import os

import psycopg2


def get_connection():
    return psycopg2.connect(os.environ["DATABASE_URL"])
"""
DOTTED_MODULE_ROUTES = """\
from fastapi import FastAPI

import db.util

api = FastAPI()


@api.get("/api/v1/users/")
async def get_users():
    with db.util.get_connection() as conn:
        with conn.cursor() as cur:
            cur.execute("select * from users;")
            return cur.fetchall()


@api.get("/api/v1/health/")
def health():
    with db.util.get_connection() as conn:
        return {"open": not conn.closed}
"""
DOTTED_MODULE_HITS = (("app/main.py", 10),)

POOL_BAD = (
    Case(
        files={
            "app/pool.py": TRIPS_POOL,
            "app/services.py": USER_SERVICES,
            "app/users.py": USER_ROUTES,
        },
        hits=USER_ROUTES_HITS,
        note="a pool's connection and its cursor handed to service functions that query",
    ),
    Case(
        files={"app/pool.py": TRIPS_POOL, "app/trips.py": TRIPS_ROUTES},
        hits=TRIPS_HITS,
        note="connections of a MySQL pool another module lends by a dependency, used by async "
        "routes directly and through their cursors",
    ),
    Case(
        files={"app/notes.py": NOTES_POOL},
        hits=NOTES_POOL_HITS,
        note="a psycopg2 pool's connection lent by a dependency of the same module",
    ),
    Case(
        files={"db/util.py": DB_UTIL, "app/main.py": DOTTED_MODULE_ROUTES},
        hits=DOTTED_MODULE_HITS,
        note="a helper reached by its module's dotted path (import db.util), in async and sync "
        "routes",
    ),
)
POOL_GOOD = (
    Case(
        files={
            "app/pool.py": TRIPS_POOL,
            "app/services.py": USER_SERVICES,
            "app/users.py": GOOD_USER_ROUTES,
        }
    ),
    Case(files={"app/pool.py": TRIPS_POOL, "app/trips.py": GOOD_TRIPS_ROUTES}),
    Case(files={"app/notes.py": GOOD_NOTES_POOL}),
)
