"""Cases of a hand-written ``Database`` class that opens a sync SQLModel session when a
``with`` block enters it and queries it in its methods: each ``async def`` route that does
``with Database() as db:`` opens a session of its own (MB103), blocks the event loop on every
method it calls (MB101), and runs a sync engine in an async app (MB111)."""

from __future__ import annotations

from mentorbot.rules.base import Case

MODELS = """\
from sqlmodel import Field, SQLModel


class Conversation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int
    title: str
"""
DATABASE = """\
import os

from sqlalchemy import create_engine
from sqlmodel import Session, select

from app.models import Conversation


class Database:
    def __init__(self) -> None:
        self.engine = create_engine(os.environ["DATABASE_URL"])
        self.session: Session | None = None

    def __enter__(self) -> "Database":
        self.session = Session(self.engine)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.session is not None:
            self.session.close()

    def get_conversations(self, user_id: int) -> list[Conversation]:
        statement = select(Conversation).where(Conversation.user_id == user_id)
        return list(self.session.exec(statement).all())

    def create_conversation(self, conversation: Conversation) -> Conversation:
        self.session.add(conversation)
        self.session.commit()
        return conversation
"""
ROUTES = """\
from fastapi import FastAPI
from pydantic import BaseModel

from app.database import Database
from app.models import Conversation

app = FastAPI()


class ConversationIn(BaseModel):
    title: str


@app.get("/users/{user_id}/conversations")
async def conversations(user_id: int) -> list[dict]:
    with Database() as db:
        found = db.get_conversations(user_id)
        return [{"id": c.id, "title": c.title} for c in found]


@app.post("/users/{user_id}/conversations")
async def create_conversation(user_id: int, body: ConversationIn) -> dict:
    with Database() as db:
        made = db.create_conversation(Conversation(user_id=user_id, title=body.title))
        return {"id": made.id}
"""
FILES = {"app/models.py": MODELS, "app/database.py": DATABASE, "app/main.py": ROUTES}
OPENED = (("app/main.py", 16), ("app/main.py", 23))
"""Where each route opens its own session (MB103)."""
BLOCKED = (("app/main.py", 17), ("app/main.py", 24))
"""Where each route calls a method that queries the sync session (MB101)."""

SESSION_BAD = (Case(files=FILES, hits=OPENED, note="a class whose __enter__ opens the session"),)
BLOCKING_BAD = (
    Case(files=FILES, hits=BLOCKED, note="methods of the session a with block entered"),
)
DRIVER_BAD = (
    Case(
        files=FILES,
        hits=(("app/database.py", 11),),
        note="the sync engine of a class entered in async routes",
    ),
)

RETURNING_ROUTES = """\
from fastapi import FastAPI

from app.database import Database

app = FastAPI()


@app.get("/users/{user_id}/conversations")
def conversations(user_id: int):
    with Database() as db:
        found = db.get_conversations(user_id)
        return found
"""
RETURNED = (("app/main.py", 12),)
"""Where a route without a response model returns the table objects a method of the entered
object returns (MB102)."""
RESPONSE_BAD = (
    Case(
        files={**FILES, "app/main.py": RETURNING_ROUTES},
        hits=RETURNED,
        note="what a method of the object a with block entered returns",
    ),
)
