"""MB102 names the model each returned value holds where it is returned, when one ``result``
name carries several queries (blind check corpus 86: the conversation was called a `User`)."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

MODELS = """\
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    hashed_password: Mapped[str] = mapped_column(String)


class Conversation(Base):
    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)


class Participant(Base):
    __tablename__ = "participants"
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
"""

ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_db
from app.models import Conversation, Participant, User

router = APIRouter()


@router.get("/conversations/{conversation_id}")
async def get_conversation(conversation_id: str, db: AsyncSession = Depends(get_db)):
    result = await db.execute(select(Conversation).where(Conversation.id == conversation_id))
    conversation = result.scalars().first()

    result = await db.execute(
        select(Participant.user_id).where(Participant.conversation_id == conversation_id)
    )
    user_ids = result.scalars().all()

    result = await db.execute(select(User).where(User.id.in_(user_ids)))
    users = result.scalars().all()

    return {
        "conversation": conversation,
        "users": users,
    }
"""


def test_each_returned_value_is_named_by_the_query_just_above_it(tmp_path: Path) -> None:
    findings = review_files(
        tmp_path,
        {"app/models.py": MODELS, "app/routes.py": ROUTES, "app/db.py": "def get_db(): ...\n"},
    )
    named = {f.line: f.message.en for f in findings if f.rule == "MB102"}

    assert sorted(named) == [25, 26]
    assert "ORM model `Conversation` inside the dict it returns" in named[25]
    assert "ORM model `User` inside the dict it returns" in named[26]
