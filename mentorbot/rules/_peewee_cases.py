"""MB101's peewee cases: models on the project's own peewee base, queried from async routes in
another module (``User.get``, ``User.create``, ``User.select().where(...).exists()``), and the
same routes as plain ``def`` routes, which FastAPI runs in its thread pool."""

from mentorbot.rules.base import Case

DATABASE = """\
from peewee import Model, SqliteDatabase

database = SqliteDatabase("app.db")


class BaseModel(Model):
    class Meta:
        database = database
"""
MODELS = """\
from peewee import CharField

from app.database import BaseModel


class User(BaseModel):
    email = CharField(unique=True)
    password = CharField()
"""
ROUTES = """\
from fastapi import APIRouter, HTTPException

from app.models import User

router = APIRouter()


@router.post("/signup")
async def signup(email: str, password: str) -> dict:
    if User.select().where(User.email == email).exists():
        raise HTTPException(status_code=400, detail="taken")
    user = User.create(email=email, password=password)
    return {"id": user.id}


@router.get("/users/{email}")
async def read_user(email: str) -> dict:
    user = User.get_or_none(User.email == email)
    return {"email": user.email if user else None}
"""
HITS = (10, 12, 18)
BAD = (
    Case(
        files={"app/database.py": DATABASE, "app/models.py": MODELS, "app/routes.py": ROUTES},
        hits=tuple(("app/routes.py", line) for line in HITS),
        note="peewee's class methods query the database on the loop's thread",
    ),
)
GOOD = (
    Case(
        files={
            "app/database.py": DATABASE,
            "app/models.py": MODELS,
            "app/routes.py": ROUTES.replace("async def", "def"),
        },
        note="plain def routes: FastAPI runs them in its thread pool",
    ),
)
