"""MB103's cases of one database connection shared by every request: a todo API whose
``main.py`` connects at import and whose routers use ``main.cursor``, and a chat history class
that connects in ``__init__``, made once at module level, and a connection retried in a loop at
import; beside a connection made at import but used only by a start-up function."""

from __future__ import annotations

from mentorbot.rules.base import Case

TODO_MAIN = """\
import psycopg2
from fastapi import FastAPI
from psycopg2.extras import RealDictCursor

from todo_routes import todo_router

conn = psycopg2.connect(
    host="localhost", dbname="todo", user="postgres", cursor_factory=RealDictCursor
)
cursor = conn.cursor()

app = FastAPI()
app.include_router(todo_router)
"""
TODO_MAIN_CONNECT_LINE = 7

RETRYING_DB_CONN = """\
import time

import psycopg2
from psycopg2.extras import RealDictCursor

while True:
    try:
        conn = psycopg2.connect(host="localhost", dbname="todo", cursor_factory=RealDictCursor)
        cursor = conn.cursor()
        break
    except Exception as error:
        print("Connecting to the database failed:", error)
        time.sleep(2)
"""
RETRYING_DB_CONN_LINE = 8
"""The course's idiom: connect at import, retried until the database is up."""

TODO_ROUTES = """\
from fastapi import APIRouter, HTTPException

import main

todo_router = APIRouter(prefix="/todos")


@todo_router.get("/{todo_id}")
def read_todo(todo_id: int) -> dict:
    main.cursor.execute("SELECT * FROM todo WHERE id = %s", (todo_id,))
    todo = main.cursor.fetchone()
    if todo is None:
        raise HTTPException(status_code=404, detail="No such todo")
    return todo


@todo_router.post("/")
def add_todo(title: str) -> dict:
    main.cursor.execute("INSERT INTO todo (title) VALUES (%s) RETURNING id", (title,))
    main.conn.commit()
    return main.cursor.fetchone()
"""

CHAT_HISTORY = """\
import psycopg2


class ChatHistory:
    def __init__(self, dsn: str) -> None:
        self.conn = psycopg2.connect(dsn)

    def messages(self, session_id: str) -> list[tuple]:
        with self.conn.cursor() as cur:
            cur.execute("SELECT role, text FROM messages WHERE session_id = %s", (session_id,))
            return cur.fetchall()
"""

CHAT_ROUTES = """\
import os

from fastapi import APIRouter

from app.history import ChatHistory

router = APIRouter()
chat_db = ChatHistory(os.environ["CHAT_DATABASE_URL"])


@router.get("/chat/{session_id}")
def history(session_id: str) -> list[tuple]:
    return chat_db.messages(session_id)
"""
CHAT_ROUTES_LINE = 8

STARTUP_ONLY_MAIN = """\
import os

import psycopg2
from fastapi import FastAPI

migration_conn = psycopg2.connect(os.environ["DATABASE_URL"])


def create_tables() -> None:
    with migration_conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS todo (id serial PRIMARY KEY, title text)")
    migration_conn.commit()


create_tables()
app = FastAPI()
"""

SHOP_DB = """\
import mysql.connector

conf = {"host": "localhost", "user": "shop", "database": "shop"}
conn = mysql.connector.connect(**conf)
"""
SHOP_MODELS = """\
import mysql.connector

from app.db import conn
from app.db.base import conf


class Product:
    def __init__(self, product_id: str):
        self.product_id = product_id

    @staticmethod
    def list_all() -> list:
        cursor = conn.cursor()
        cursor.execute("SELECT * FROM product")
        return cursor.fetchall()

    def price(self) -> float:
        return self.lookup()["price"]

    def lookup(self) -> dict:
        own = mysql.connector.connect(**conf)
        cursor = own.cursor(dictionary=True)
        cursor.execute("SELECT * FROM product WHERE id = %s", (self.product_id,))
        return cursor.fetchone()
"""
SHOP_ROUTES = """\
from fastapi import APIRouter

from app.models import Product

router = APIRouter()


@router.get("/products")
def products() -> dict:
    return {"products": Product.list_all()}


@router.get("/products/{product_id}/price")
def price(product_id: str) -> dict:
    return {"price": Product(product_id).price()}
"""
"""A cart API on mysql-connector whose routes reach the database only through model classes:
a static method on the connection the package re-exports, a method of an object made on the
spot calling the one that connects."""

BAD = (
    Case(
        files={
            "app/db/__init__.py": "from .base import conn\n",
            "app/db/base.py": SHOP_DB,
            "app/models.py": SHOP_MODELS,
            "app/routes.py": SHOP_ROUTES,
        },
        hits=(("app/db/base.py", 4), ("app/models.py", 21)),
        note="the shared connection and a connection per call, both reached through model classes",
    ),
    Case(
        files={"main.py": TODO_MAIN, "todo_routes.py": TODO_ROUTES},
        hits=(("main.py", TODO_MAIN_CONNECT_LINE),),
        note="one connection and its cursor, made at import, used by every router",
    ),
    Case(
        files={
            "db_conn.py": RETRYING_DB_CONN,
            "todo_routes.py": TODO_ROUTES.replace("import main", "import db_conn")
            .replace("main.cursor", "db_conn.cursor")
            .replace("main.conn", "db_conn.conn"),
        },
        hits=(("db_conn.py", RETRYING_DB_CONN_LINE),),
        note="the same connection, retried in a loop at import until the database is up",
    ),
    Case(
        files={
            "app/history.py": CHAT_HISTORY,
            "app/routes.py": CHAT_ROUTES,
        },
        hits=(("app/routes.py", CHAT_ROUTES_LINE),),
        note="a module-level instance of a class that connects in __init__",
    ),
)
