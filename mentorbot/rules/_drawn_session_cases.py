"""MB101's cases of a session drawn by hand from a sync dependency in an async function:
``db = next(get_db())`` then queried, and ``next(get_db())`` passed inline to a CRUD helper,
as a streaming route's event generator does; a sync helper that makes its own session with
another module's ``SessionLocal()``, called from a websocket handler, and a coroutine that makes
one and hands it to such helpers. Beside them the same calls
in a plain ``def``, which FastAPI runs in its thread pool, the helper handed to a thread, and
one drawn from a dependency that is no session."""

from mentorbot.rules._blocking_cases import DATABASES
from mentorbot.rules.base import Case

ROUTES = """\
from fastapi import APIRouter

from app import crud
from app.database import get_db
from app.models import Book

router = APIRouter()


@router.get("/books")
async def list_books():
    db = next(get_db())
    return db.query(Book).all()


@router.post("/books")
async def create_book(title: str):
    book = crud.create_book(db=next(get_db()), title=title)
    return {"id": book.id}
"""
HITS = (13, 18)

CACHE = """\
def get_cache():
    yield {}
"""
CACHE_ROUTES = """\
from fastapi import APIRouter

from app import crud
from app.cache import get_cache

router = APIRouter()


@router.get("/books/cached")
async def cached_books():
    return crud.remember(next(get_cache()), "books")
"""

CHAT = """\
from fastapi import WebSocket

from app.database import SessionLocal
from app.models import Message


def store_message(room: str, text: str) -> None:
    db = SessionLocal()
    try:
        db.add(Message(room=room, text=text))
        db.commit()
    finally:
        db.close()


async def chat(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    while True:
        text = await websocket.receive_text()
        store_message(room, text)
"""
CHAT_HIT = 20

REMINDERS = """\
from datetime import datetime

from sqlalchemy.orm import Session

from app.database import AsyncSessionLocal, SessionLocal
from app.models import Reminder


def due_reminders(db: Session, now: datetime) -> list[Reminder]:
    return db.query(Reminder).filter(Reminder.remind_at <= now).all()


def mark_done(db: Session, reminder: Reminder) -> None:
    reminder.done = True
    db.commit()


def describe(db) -> str:
    return f"reminders in {db!r}"


async def send_reminders(bot) -> None:
    db = SessionLocal()
    try:
        for reminder in due_reminders(db, datetime.utcnow()):
            await bot.send_message(reminder.chat_id, reminder.text)
            mark_done(db, reminder)
    finally:
        db.close()


async def reminder_summary() -> str:
    db = AsyncSessionLocal()
    return describe(db)
"""
"""A scheduled coroutine handing its own ``SessionLocal()`` (another module's sync factory) to
the module's query helpers; the async factory's session handed on is no blocking call."""
REMINDERS_HITS = (25, 27)

SHARED_DB = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///todo.db")
session = Session(engine)
"""
SHARED_ROUTES = """\
from fastapi import APIRouter

from app.db import session
from app.models import Todo

router = APIRouter()


@router.post("/todos")
async def add_todo(title: str) -> dict:
    session.add(Todo(title=title))
    session.commit()
    return {"title": title}


@router.get("/todos/count")
def count_todos() -> int:
    return session.query(Todo).count()
"""
"""An async route committing on the session another module made at import (a plain ``def``
route on it runs in the thread pool)."""
SHARED_HIT = 12

BAD = (
    Case(
        files={"app/database.py": DATABASES, "app/routers/books.py": ROUTES},
        hits=tuple(("app/routers/books.py", line) for line in HITS),
        note="a sync session drawn with next(get_db()) queries on the loop's thread",
    ),
    Case(
        files={"app/database.py": DATABASES, "app/chat.py": CHAT},
        hits=(("app/chat.py", CHAT_HIT),),
        note="a helper committing on its own SessionLocal(), called from a websocket handler",
    ),
    Case(
        files={"app/database.py": DATABASES, "app/reminders.py": REMINDERS},
        hits=tuple(("app/reminders.py", line) for line in REMINDERS_HITS),
        note="a coroutine's own SessionLocal() handed to sync query helpers",
    ),
    Case(
        files={"app/db.py": SHARED_DB, "app/routes.py": SHARED_ROUTES},
        hits=(("app/routes.py", SHARED_HIT),),
        note="the session another module made at import, committed in an async route",
    ),
)
GOOD = (
    Case(
        files={
            "app/database.py": DATABASES,
            "app/chat.py": CHAT.replace(
                "from fastapi import WebSocket\n",
                "import asyncio\n\nfrom fastapi import WebSocket\n",
            ).replace(
                "        store_message(room, text)",
                "        await asyncio.to_thread(store_message, room, text)",
            ),
        },
        note="the helper handed to a thread",
    ),
    Case(
        files={
            "app/database.py": DATABASES,
            "app/routers/books.py": ROUTES.replace("async def", "def"),
        },
        note="plain def routes: FastAPI runs them in its thread pool",
    ),
    Case(
        files={"app/cache.py": CACHE, "app/routers/cached.py": CACHE_ROUTES},
        note="next() of a dependency that yields no session",
    ),
)
