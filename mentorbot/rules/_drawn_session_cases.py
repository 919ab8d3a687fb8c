"""MB101's cases of a session drawn by hand from a sync dependency in an async function:
``db = next(get_db())`` then queried, and ``next(get_db())`` passed inline to a CRUD helper,
as a streaming route's event generator does; and a sync helper that makes its own session with
another module's ``SessionLocal()``, called from a websocket handler. Beside them the same calls
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
