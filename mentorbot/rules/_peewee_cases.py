"""MB101's peewee cases: models on the project's own peewee base, queried from async routes in
another module (``User.get``, ``User.create``, ``User.select().where(...).exists()``), and the
same routes as plain ``def`` routes, which FastAPI runs in its thread pool. Also an API beside
its Celery worker, whose same-named functions must not be taken for each other, and an async
lifespan that connects the database and creates its tables."""

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
LIFESPAN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.database import database
from app.models import User


@asynccontextmanager
async def lifespan(app: FastAPI):
    database.connect()
    if not User.table_exists():
        database.create_tables([User], safe=True)
    yield
    database.close()


app = FastAPI(lifespan=lifespan)
"""
LIFESPAN_HITS = (11, 12, 13)
BAD = (
    Case(
        files={"app/database.py": DATABASE, "app/models.py": MODELS, "app/routes.py": ROUTES},
        hits=tuple(("app/routes.py", line) for line in HITS),
        note="peewee's class methods query the database on the loop's thread",
    ),
    Case(
        files={"app/database.py": DATABASE, "app/models.py": MODELS, "app/main.py": LIFESPAN},
        hits=tuple(("app/main.py", line) for line in LIFESPAN_HITS),
        note="the database a module binds connects and creates tables in an async lifespan",
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

API_TASKS = """\
import os

from celery import Celery

celery_app = Celery("api", broker=os.getenv("BROKER_URL"))


def ingest_documents(user: dict, documents: list) -> str:
    return celery_app.send_task("tasks.ingest_documents", args=[user, documents]).id
"""
API_MAIN = """\
from fastapi import FastAPI

from tasks import ingest_documents

app = FastAPI()


@app.post("/ingest")
async def ingest(user: dict, documents: list) -> dict:
    return {"task": ingest_documents(user=user, documents=documents)}
"""
WORKER_TASKS = """\
from celery import Celery

app = Celery("worker")


@app.task(name="tasks.ingest_documents")
def ingest_documents(user, documents):
    for document in documents:
        with open(document["path"], "rb") as source:
            source.read()
"""
QUEUE_GOOD = (
    Case(
        files={
            "apps/api/tasks.py": API_TASKS,
            "apps/api/main.py": API_MAIN,
            "apps/worker/tasks/ingestion.py": WORKER_TASKS,
        },
        note="the route's ingest_documents is its own tasks module's, which only sends a "
        "message; the worker's function of the same name does the file work",
    ),
)
"""An API and its Celery worker side by side, both with a function ``ingest_documents``."""
