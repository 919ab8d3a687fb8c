"""MB101's cases for DB-API connections (``_sync_clients``) and the objects other modules make
(``_blocking``): notes kept in ``sqlite3`` and ``psycopg2`` by async routes, beside the same
routes as plain ``def`` with the archive read in a thread; and a shop's ``Database`` class over
a psycopg2 cursor, made once in its module and used by async routes that import it by name or
with a star import, beside the same routes handing the calls to a thread."""

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
