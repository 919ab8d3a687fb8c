"""MB103's cases for driver connections: a flight-booking API whose routes each open one through
a ``get_conn()`` helper, a shop whose routes module takes ``app`` from ``main`` and does the
same, a forecasting API whose route enters a ``@contextmanager`` that connects, an airport API
whose ``with Database() as cur:`` class logs in on every ``with``, and a bookings CRUD module
and an async route that call the driver themselves, and a ``get_current_user`` dependency that
connects for its own query, and a report route whose `async with` class logs in to SQL Server
through aioodbc; beside the same API on a pool lent by a
dependency, the forecasting API taking its connection from a ``Depends`` generator, a notes app
on ``sqlite3`` (a local file, opened per request by design) and a seed script that rightly
connects once."""

from __future__ import annotations

from mentorbot.rules.base import Case

FLIGHT_DB = """\
import os

import psycopg2

DATABASE_URL = os.environ["DATABASE_URL"]


def get_conn():
    return psycopg2.connect(DATABASE_URL)
"""

FLIGHT_ROUTES = """\
from fastapi import FastAPI, HTTPException

from app.db import get_conn

app = FastAPI()


@app.get("/flights")
def list_flights() -> list[dict]:
    conn = get_conn()
    cur = conn.cursor()
    cur.execute("SELECT id, origin, destination FROM flights")
    rows = cur.fetchall()
    conn.close()
    return [{"id": r[0], "origin": r[1], "destination": r[2]} for r in rows]


@app.post("/flights/{flight_id}/bookings", status_code=201)
def book_seat(flight_id: int, passenger: str) -> dict:
    with get_conn() as conn:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO bookings (flight_id, passenger) VALUES (%s, %s) RETURNING id",
                (flight_id, passenger),
            )
            row = cur.fetchone()
    if row is None:
        raise HTTPException(status_code=404)
    return {"id": row[0]}
"""
FLIGHT_HITS = (("app/main.py", 10), ("app/main.py", 20))

SHOP_MAIN = """\
import mysql.connector
from fastapi import FastAPI

app = FastAPI()


def get_db_connection():
    return mysql.connector.connect(host="localhost", user="shop", database="shop")
"""

SHOP_ROUTES = """\
from main import app, get_db_connection


@app.get("/customers/top")
def top_customers() -> list[tuple]:
    conn = get_db_connection()
    cursor = conn.cursor()
    cursor.execute("SELECT name, total FROM customers ORDER BY total DESC LIMIT 10")
    rows = cursor.fetchall()
    conn.close()
    return rows
"""
SHOP_HITS = (("routes.py", 6),)
"""The routes module takes ``app`` from ``main`` and never imports FastAPI itself."""

AIRPORT_API = """\
import json

import psycopg2
from fastapi import FastAPI


class Database:
    def __init__(self, config_file: str) -> None:
        with open(config_file) as handle:
            self.config = json.load(handle)

    def __enter__(self):
        self.conn = psycopg2.connect(**self.config)
        self.cur = self.conn.cursor()
        return self.cur

    def __exit__(self, *exc_info) -> None:
        self.conn.commit()
        self.conn.close()


app = FastAPI()


@app.get("/airports")
def airports() -> list[tuple]:
    with Database("db.json") as cur:
        cur.execute("SELECT code, name FROM airports")
        return cur.fetchall()
"""
AIRPORT_HITS = (("api.py", 27),)

BOOKINGS_CRUD = """\
import asyncpg
import psycopg2

DSN = "dbname=flights"


def create_booking(flight_id: int, passenger: str) -> int:
    conn = psycopg2.connect(DSN)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO bookings (flight_id, passenger) VALUES (%s, %s) RETURNING id",
                (flight_id, passenger),
            )
            booking_id = cur.fetchone()[0]
        conn.commit()
        return booking_id
    finally:
        conn.close()


async def count_bookings(flight_id: int) -> int:
    conn = await asyncpg.connect(DSN)
    try:
        return await conn.fetchval("SELECT count(*) FROM bookings WHERE flight_id = $1", flight_id)
    finally:
        await conn.close()
"""
BOOKINGS_HITS = (("app/crud.py", 8), ("app/crud.py", 23))

POOLED_DB = """\
import os

from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], open=False)


def get_conn():
    with pool.connection() as conn:
        yield conn
"""

POOLED_ROUTES = """\
from fastapi import Depends, FastAPI
from psycopg import Connection

from app.db import get_conn, pool

app = FastAPI(on_startup=[pool.open], on_shutdown=[pool.close])


@app.get("/flights")
def list_flights(conn: Connection = Depends(get_conn)) -> list[dict]:
    with conn.cursor() as cur:
        cur.execute("SELECT id, origin, destination FROM flights")
        rows = cur.fetchall()
    return [{"id": r[0], "origin": r[1], "destination": r[2]} for r in rows]
"""

SQLITE_NOTES = """\
import sqlite3

from fastapi import FastAPI

app = FastAPI()


def get_conn() -> sqlite3.Connection:
    return sqlite3.connect("notes.db")


@app.get("/notes")
def list_notes() -> list[str]:
    conn = get_conn()
    rows = conn.execute("SELECT title FROM notes").fetchall()
    conn.close()
    return [row[0] for row in rows]
"""

SQLITE_NOTES_LINE = 14
SQLITE_SHARED_NOTES = """\
import sqlite3

from fastapi import Depends, FastAPI

app = FastAPI()


def get_conn():
    conn = sqlite3.connect("notes.db")
    try:
        yield conn
    finally:
        conn.close()


@app.get("/notes")
def list_notes(conn: sqlite3.Connection = Depends(get_conn)) -> list[str]:
    rows = conn.execute("SELECT title FROM notes").fetchall()
    return [row[0] for row in rows]
"""

SEED_SCRIPT = """\
import psycopg2

from app.db import get_conn


def main() -> None:
    conn = get_conn()
    with conn.cursor() as cur:
        cur.execute("INSERT INTO airports (code) VALUES ('AMS'), ('LHR')")
    conn.commit()


def reset() -> None:
    conn = psycopg2.connect("dbname=flights")
    conn.cursor().execute("TRUNCATE airports")
    conn.commit()


if __name__ == "__main__":
    main()
"""

FORECAST_API = """\
from contextlib import contextmanager

import psycopg2
from fastapi import FastAPI

app = FastAPI()


@contextmanager
def get_db_connection():
    connection = psycopg2.connect(dbname="forecasts")
    try:
        yield connection
        connection.commit()
    finally:
        connection.close()


@app.get("/predictions/latest")
def latest_prediction() -> dict:
    with get_db_connection() as conn:
        with conn.cursor() as cursor:
            cursor.execute("SELECT value FROM predictions ORDER BY created_at DESC LIMIT 1")
            row = cursor.fetchone()
    return {"value": row[0] if row else None}
"""
FORECAST_HITS = (("main.py", 21),)

DEPENDENCY_API = """\
import psycopg2
from fastapi import Depends, FastAPI

app = FastAPI()


def get_db_connection():
    connection = psycopg2.connect(dbname="forecasts")
    try:
        yield connection
        connection.commit()
    finally:
        connection.close()


@app.get("/predictions/latest")
def latest_prediction(conn=Depends(get_db_connection)) -> dict:
    with conn.cursor() as cursor:
        cursor.execute("SELECT value FROM predictions ORDER BY created_at DESC LIMIT 1")
        row = cursor.fetchone()
    return {"value": row[0] if row else None}
"""
"""The same connection from a ``Depends`` generator, which FastAPI opens and closes around each
request: the pattern its docs teach, left alone."""

FLIGHT_AUTH = """\
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordBearer

from app.db import get_conn

app = FastAPI()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


def get_current_user(token: str = Depends(oauth2_scheme)) -> tuple:
    with get_conn() as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT id, email FROM users WHERE token = %s", (token,))
            user = cur.fetchone()
    if user is None:
        raise HTTPException(status_code=401)
    return user


@app.get("/me")
def me(user: tuple = Depends(get_current_user)) -> dict:
    return {"id": user[0], "email": user[1]}
"""
FLIGHT_AUTH_HITS = (("app/main.py", 11),)
"""A dependency that queries with a connection of its own (no generator handing it on): one
login per request, like a route that connects."""
DEPENDENCY_BAD = (
    Case(
        files={"app/db.py": FLIGHT_DB, "app/main.py": FLIGHT_AUTH},
        hits=FLIGHT_AUTH_HITS,
        note="a dependency that connects for its own query",
    ),
)

ODBC_CONNECTION = """\
import os

import aioodbc


class SqlServerConnection:
    def __init__(self) -> None:
        self.dsn = os.environ["SQLSERVER_DSN"]

    async def __aenter__(self):
        self.conn = await aioodbc.connect(dsn=self.dsn, autocommit=True)
        return self.conn

    async def __aexit__(self, *exc_info) -> None:
        await self.conn.close()
"""
ODBC_REPORTS = """\
from fastapi import APIRouter

from app.db import SqlServerConnection

router = APIRouter()


@router.get("/reports/hires")
async def hires_per_department() -> list[dict]:
    async with SqlServerConnection() as conn:
        async with conn.cursor() as cur:
            await cur.execute("SELECT department, COUNT(*) FROM hires GROUP BY department")
            rows = await cur.fetchall()
    return [{"department": row[0], "hired": row[1]} for row in rows]
"""
ODBC_BAD = (
    Case(
        files={"app/db.py": ODBC_CONNECTION, "app/reports.py": ODBC_REPORTS},
        hits=(("app/reports.py", 10),),
        note="an async class whose `async with` logs in to SQL Server through aioodbc",
    ),
)
