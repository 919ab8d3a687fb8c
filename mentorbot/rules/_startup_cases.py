"""MB103's cases for start-up code in a service module: a websocket chat whose
``services/database.py`` makes its table in ``init_db``, run from the startup hook or the
lifespan (once), and saves each message through a connection of its own, with ``sqlite3`` or
after the move to ``aiosqlite`` (still one per message); beside the same ``init_db`` that a
reset route calls too, which opens it per request again; and aiosqlite connections opened
once, by a dependency that yields one or by the lifespan."""

from __future__ import annotations

from mentorbot.rules.base import Case

CHAT_DATABASE = """\
import sqlite3

DB_PATH = "chat.db"


def init_db():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("CREATE TABLE IF NOT EXISTS messages (author TEXT, content TEXT)")
    conn.commit()
    conn.close()


async def save_message(author: str, content: str):
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT INTO messages VALUES (?, ?)", (author, content))
    conn.commit()
    conn.close()
"""
INIT_DB_LINE = 7
SAVE_MESSAGE_LINE = 14
CHAT_DATABASE_AIO = CHAT_DATABASE.replace(
    "import sqlite3\n", "import sqlite3\n\nimport aiosqlite\n"
).replace(
    """    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT INTO messages VALUES (?, ?)", (author, content))
    conn.commit()
    conn.close()
""",
    """    async with aiosqlite.connect(DB_PATH) as conn:
        await conn.execute("INSERT INTO messages VALUES (?, ?)", (author, content))
        await conn.commit()
""",
)
"""``save_message`` on aiosqlite: the loop is free, the connection is still opened per call."""
AIO_SAVE_MESSAGE_LINE = 16

CHAT_ROUTES = """\
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from app.services.database import save_message

router = APIRouter()


@router.websocket("/ws/{author}")
async def chat(websocket: WebSocket, author: str):
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            await save_message(author, text)
            await websocket.send_text(f"{author}: {text}")
    except WebSocketDisconnect:
        pass
"""
STARTUP_MAIN = """\
from fastapi import FastAPI

from app.routes import router
from app.services.database import init_db

app = FastAPI()
app.include_router(router)


@app.on_event("startup")
def startup():
    init_db()
"""
LIFESPAN_MAIN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.routes import router
from app.services import database


@asynccontextmanager
async def lifespan(app: FastAPI):
    database.init_db()
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(router)
"""
RESET_MAIN = (
    STARTUP_MAIN
    + """

@app.post("/reset")
def reset():
    init_db()
    return {"ok": True}
"""
)
"""The same ``init_db`` also run by a route: there it opens a connection per request."""


def _chat(database: str, main: str) -> dict[str, str]:
    return {
        "app/services/database.py": database,
        "app/routes.py": CHAT_ROUTES,
        "app/main.py": main,
    }


DATABASE_PATH = "app/services/database.py"
CHAT_FILES = _chat(CHAT_DATABASE, STARTUP_MAIN)
BAD = (
    Case(
        files=_chat(CHAT_DATABASE, STARTUP_MAIN),
        hits=((DATABASE_PATH, SAVE_MESSAGE_LINE),),
        note="init_db runs only from the startup hook; save_message on every message",
    ),
    Case(
        files=_chat(CHAT_DATABASE, LIFESPAN_MAIN),
        hits=((DATABASE_PATH, SAVE_MESSAGE_LINE),),
        note="init_db runs only from the lifespan, called through its module",
    ),
    Case(
        files=_chat(CHAT_DATABASE_AIO, STARTUP_MAIN),
        hits=((DATABASE_PATH, AIO_SAVE_MESSAGE_LINE),),
        note="aiosqlite.connect per message opens the file per call as sqlite3.connect did",
    ),
    Case(
        files=_chat(CHAT_DATABASE, RESET_MAIN),
        hits=((DATABASE_PATH, INIT_DB_LINE), (DATABASE_PATH, SAVE_MESSAGE_LINE)),
        note="init_db is called by a route as well as by the startup hook",
    ),
)

AIO_DEPENDENCY_API = """\
import aiosqlite
from fastapi import Depends, FastAPI

app = FastAPI()


async def get_db():
    async with aiosqlite.connect("chat.db") as db:
        yield db


@app.get("/messages")
async def list_messages(db: aiosqlite.Connection = Depends(get_db)) -> list[str]:
    async with db.execute("SELECT content FROM messages") as cursor:
        return [row[0] for row in await cursor.fetchall()]
"""
"""One aiosqlite connection per request, opened and closed by the dependency that yields it."""
AIO_LIFESPAN_API = """\
from contextlib import asynccontextmanager

import aiosqlite
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.db = await aiosqlite.connect("chat.db")
    yield
    await app.state.db.close()


app = FastAPI(lifespan=lifespan)


@app.get("/messages")
async def list_messages(request: Request) -> list[str]:
    async with request.app.state.db.execute("SELECT content FROM messages") as cursor:
        return [row[0] for row in await cursor.fetchall()]
"""
"""One aiosqlite connection for the app, opened in the lifespan."""
GOOD = (
    Case(files={"main.py": AIO_DEPENDENCY_API}),
    Case(files={"main.py": AIO_LIFESPAN_API}),
)
