"""MB104's cases of a beanie ``Document`` whose pydantic 1 methods a route calls: a document is a
pydantic model, so ``user.dict()`` on one is pydantic 1's API on pydantic 2 (corpus 83); a
mongoengine ``Document`` is no pydantic model, and its ``to_mongo()`` is its own."""

from __future__ import annotations

from mentorbot.rules.base import Case

QUIZ_MODELS = """\
from beanie import Document
from pydantic import BaseModel


class QuizUpdate(BaseModel):
    title: str | None = None


class Quiz(Document):
    title: str
    owner_id: str
"""
QUIZ_ROUTES = """\
from fastapi import APIRouter, Depends

from models.quiz import Quiz, QuizUpdate
from routers.deps import quiz_of_owner

router = APIRouter()


@router.patch("/quizzes/{quiz_id}")
async def update_quiz(update: QuizUpdate, quiz: Quiz = Depends(quiz_of_owner)) -> dict:
    await quiz.set(update.model_dump(exclude_unset=True))
    return quiz.dict()
"""
QUIZ_HITS = (("routers/quiz.py", 12),)

MONGOENGINE_MODELS = """\
from mongoengine import Document, StringField


class Quiz(Document):
    title = StringField(required=True)
"""
MONGOENGINE_ROUTES = """\
from fastapi import APIRouter

from models.quiz import Quiz

router = APIRouter()


@router.get("/quizzes/{quiz_id}")
def read_quiz(quiz: Quiz) -> dict:
    return quiz.to_mongo().to_dict()
"""

TICK_SCHEMAS = """\
from pydantic import BaseModel


class TickInfo(BaseModel):
    bid: float
    ask: float
"""
TICK_ROUTES = """\
from typing import Dict

from fastapi import APIRouter

from app.schemas import TickInfo

router = APIRouter()
latest: dict = {}


@router.post("/ticks")
async def save_ticks(data: Dict[str, Dict[str, TickInfo]]) -> dict:
    for account, ticks in data.items():
        for symbol, tick in ticks.items():
            latest.setdefault(account, {})[symbol] = tick.dict()
    return {"accounts": len(data)}


@router.post("/quotes")
async def save_quotes(quotes: dict[str, TickInfo]) -> list:
    return [quote.dict() for quote in quotes.values()]
"""
"""Models reached through the values of a typed dict, nested or not (corpus 86)."""

BAD = (
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "app/schemas.py": TICK_SCHEMAS,
            "app/routes.py": TICK_ROUTES,
        },
        hits=(("app/routes.py", 15), ("app/routes.py", 21)),
        note="the models a typed dict's values hold, looped over with .items() and .values()",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\nbeanie==1.26.0\npydantic==2.9.2\n",
            "models/quiz.py": QUIZ_MODELS,
            "routers/quiz.py": QUIZ_ROUTES,
        },
        hits=QUIZ_HITS,
        note="a beanie document's .dict()",
    ),
)
GOOD = (
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\nmongoengine==0.29.1\npydantic==2.9.2\n",
            "models/quiz.py": MONGOENGINE_MODELS,
            "routers/quiz.py": MONGOENGINE_ROUTES,
        },
        note="a mongoengine document is no pydantic model",
    ),
)
