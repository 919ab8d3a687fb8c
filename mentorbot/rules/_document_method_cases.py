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

BAD = (
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
