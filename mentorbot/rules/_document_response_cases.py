"""MB102 cases on models that are pydantic models too: a SQLModel table and a Beanie document
serialise, so answering with one is reported at low severity; one holding a password hash is
reported as any ORM model is."""

from __future__ import annotations

from mentorbot.rules.base import Case

SQLMODEL_HEROES = """\
from fastapi import FastAPI
from sqlmodel import Field, Session, SQLModel, create_engine, select

engine = create_engine("sqlite:///heroes.db")
app = FastAPI()


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


@app.get("/heroes", response_model=list[Hero])
def list_heroes():
    with Session(engine) as session:
        return session.exec(select(Hero)).all()
"""

HERO_BODY_ROUTES = """\
from fastapi import FastAPI
from pydantic import BaseModel
from sqlmodel import Field, Session, SQLModel, create_engine

engine = create_engine("sqlite:///heroes.db")
app = FastAPI()


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


class Greeting(BaseModel):
    text: str


@app.post("/heroes")
def create_hero(hero: Hero):
    with Session(engine) as session:
        session.add(hero)
        session.commit()
        session.refresh(hero)
        return hero


@app.post("/greetings")
def echo(greeting: Greeting):
    return greeting
"""

DOCUMENTS = """\
from beanie import Document, Indexed


class Quiz(Document):
    title: str
    questions: list[str]
    correct_option: int


class User(Document):
    email: Indexed(str, unique=True)
    hashed_password: str
"""

DOCUMENT_ROUTES = """\
from fastapi import APIRouter, HTTPException

from models import Quiz, User

router = APIRouter()


@router.get("/quizzes/{quiz_id}", response_model=Quiz)
async def get_quiz(quiz_id: str):
    quiz = await Quiz.get(quiz_id)
    if quiz is None:
        raise HTTPException(status_code=404, detail="quiz not found")
    return quiz


@router.get("/quizzes")
async def recent_quizzes():
    return await Quiz.find_all().sort("-_id").limit(10).to_list()


@router.get("/users/{email}")
async def find_user(email: str):
    return await User.find_one(User.email == email)
"""
DOCUMENT_HITS = (("routes.py", 8), ("routes.py", 18), ("routes.py", 23))

SCHEMAS = """\
from pydantic import BaseModel


class QuizPublic(BaseModel):
    id: str
    title: str
    questions: list[str]


class UserPublic(BaseModel):
    email: str
"""

GOOD_DOCUMENT_ROUTES = """\
from fastapi import APIRouter, HTTPException

from models import Quiz, User
from schemas import QuizPublic, UserPublic

router = APIRouter()


@router.get("/quizzes/{quiz_id}", response_model=QuizPublic)
async def get_quiz(quiz_id: str):
    quiz = await Quiz.get(quiz_id)
    if quiz is None:
        raise HTTPException(status_code=404, detail="quiz not found")
    return QuizPublic(id=str(quiz.id), title=quiz.title, questions=quiz.questions)


@router.get("/users/{email}", response_model=UserPublic)
async def find_user(email: str):
    return await User.find_one(User.email == email)
"""

BAD = (
    Case(
        files={"app/main.py": SQLMODEL_HEROES},
        hits=(("app/main.py", 13),),
        note="a SQLModel table answered as it is: it serialises, reported at low severity",
    ),
    Case(
        files={"app/main.py": HERO_BODY_ROUTES},
        hits=(("app/main.py", 24),),
        note="a table model taken as the body and answered with; a pydantic body echoed is fine",
    ),
    Case(
        files={"models.py": DOCUMENTS, "routes.py": DOCUMENT_ROUTES},
        hits=DOCUMENT_HITS,
        note="Beanie documents as the response model and returned by their own queries; the "
        "quizzes at low severity, the user with its password hash at high",
    ),
)
GOOD = (
    Case(
        files={"models.py": DOCUMENTS, "schemas.py": SCHEMAS, "routes.py": GOOD_DOCUMENT_ROUTES},
        note="documents read, answered through schemas of their own",
    ),
)
