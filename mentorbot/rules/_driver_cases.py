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
