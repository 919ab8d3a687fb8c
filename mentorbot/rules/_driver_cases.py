"""MB111's cases of sync drivers without SQLAlchemy: a psycopg2 connection made at import and
queried by async routes of another module, a PyMongo client queried in its own module's async
routes, and a chat store that connects in ``__init__`` and queries in its methods, called by an
async route; beside the same code with plain ``def`` routes, and a sqlite3 file."""

from __future__ import annotations

PG_DB = """\
import os

import psycopg2

conn = psycopg2.connect(os.environ["DATABASE_URL"])
cursor = conn.cursor()
"""
PG_DB_LINE = 5

PG_ROUTES = """\
from fastapi import APIRouter

from app.db import cursor

router = APIRouter()


@router.get("/todos")
async def list_todos() -> list[tuple]:
    cursor.execute("SELECT id, title FROM todo")
    return cursor.fetchall()
"""

MONGO_APP = """\
import os

from fastapi import FastAPI
from pymongo import MongoClient

client = MongoClient(os.environ["MONGO_URL"])
posts = client.blog.posts
app = FastAPI()


@app.get("/posts")
async def list_posts() -> list[dict]:
    return [{"title": post["title"]} for post in posts.find({}, {"_id": 0})]
"""
MONGO_APP_LINE = 6
MONGO_CLIENT_MODULE = """\
from pymongo import MongoClient

db_client = MongoClient().local
"""
MONGO_USERS_ROUTER = """\
from fastapi import APIRouter

from db.client import db_client

router = APIRouter()


@router.get("/users")
async def users() -> list[dict]:
    return [{"name": user["name"]} for user in db_client.users.find()]
"""
"""The local database of a PyMongo client made on the spot, queried by another module's
async route (history 53: the attribute hid the client)."""

CHAT_STORE = """\
import os

import psycopg2


class ChatStore:
    def __init__(self) -> None:
        self.conn = psycopg2.connect(os.environ["CHAT_DATABASE_URL"])

    def messages(self, session_id: str) -> list[tuple]:
        with self.conn.cursor() as cur:
            cur.execute("SELECT role, text FROM messages WHERE session_id = %s", (session_id,))
            return cur.fetchall()


def get_store() -> ChatStore:
    return ChatStore()
"""
CHAT_STORE_LINE = 8

CHAT_ROUTES = """\
from fastapi import APIRouter, Depends

from app.store import ChatStore, get_store

router = APIRouter()


@router.get("/chat/{session_id}")
async def history(session_id: str, store: ChatStore = Depends(get_store)) -> list[tuple]:
    return store.messages(session_id)
"""

SQLITE_APP = """\
import sqlite3

from fastapi import FastAPI

conn = sqlite3.connect("notes.db", check_same_thread=False)
app = FastAPI()


@app.get("/notes")
async def list_notes() -> list[tuple]:
    return conn.execute("SELECT id, text FROM notes").fetchall()
"""


def plain(routes: str) -> str:
    return routes.replace("async def", "def")


SQL_SERVICE = """\
import os

import pymysql


def get_connection():
    return pymysql.connect(
        host=os.getenv("DB_HOST"),
        user=os.getenv("DB_USER"),
        password=os.getenv("DB_PASSWORD"),
        database=os.getenv("DB_NAME"),
    )


def run_query(query: str, params: tuple = ()):
    connection = get_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()
    finally:
        connection.close()
"""
SQL_SERVICE_LINE = 7
"""The factory's ``return pymysql.connect(...)``."""

SQL_ROUTES = """\
from fastapi import APIRouter

from app.services.database import run_query

router = APIRouter()


@router.get("/loans/{loan_id}")
async def read_loan(loan_id: int):
    return {"rows": run_query("SELECT * FROM loans WHERE id = %s", (loan_id,))}
"""


SQLITE_ROUTES = """\
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/books")
def list_books():
    con = sqlite3.connect("data.db")
    try:
        rows = con.execute("SELECT id, title FROM book").fetchall()
    finally:
        con.close()
    return [{"id": row[0], "title": row[1]} for row in rows]


@app.get("/stats")
async def stats():
    con = sqlite3.connect("data.db")
    try:
        (count,) = con.execute("SELECT COUNT(*) FROM book").fetchone()
    finally:
        con.close()
    return {"books": count}
"""
SQLITE_ROUTES_ASYNC_LINE = 20
"""Each route connects for its own queries: only the async one's connection blocks the loop;
the plain one runs in the thread pool (blind check g1)."""

SQLITE_HELPER = """\
import sqlite3

from fastapi import FastAPI

app = FastAPI()


def count_books() -> int:
    con = sqlite3.connect("data.db")
    try:
        (count,) = con.execute("SELECT COUNT(*) FROM book").fetchone()
    finally:
        con.close()
    return count


def list_titles() -> list[str]:
    con = sqlite3.connect("data.db")
    try:
        return [row[0] for row in con.execute("SELECT title FROM book")]
    finally:
        con.close()


@app.get("/stats")
async def stats():
    return {"books": count_books()}


@app.get("/titles")
def titles():
    return list_titles()
"""
SQLITE_HELPER_LINE = 9
"""The helper an async route calls; not the one only a plain route calls."""

SQLITE_LIFESPAN = """\
import sqlite3
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    con = sqlite3.connect("data.db")
    con.execute("CREATE TABLE IF NOT EXISTS book (id INTEGER PRIMARY KEY, title TEXT)")
    con.close()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/books")
def list_books():
    con = sqlite3.connect("data.db")
    try:
        return con.execute("SELECT id, title FROM book").fetchall()
    finally:
        con.close()
"""
"""The table made once at start-up, before any request: nothing waits on it."""
