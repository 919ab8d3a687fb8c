"""MB103's cases for start-up code in a service module: a websocket chat whose
``services/database.py`` makes its table in ``init_db``, run from the startup hook or the
lifespan (once), and saves each message through a connection of its own; beside the same
``init_db`` that a reset route calls too, which opens it per request again."""

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
        files=_chat(CHAT_DATABASE, RESET_MAIN),
        hits=((DATABASE_PATH, INIT_DB_LINE), (DATABASE_PATH, SAVE_MESSAGE_LINE)),
        note="init_db is called by a route as well as by the startup hook",
    ),
)
