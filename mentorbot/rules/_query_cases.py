"""MB101's legacy-query cases: a query built in one statement and run in another is cited where
it runs (a ``.subquery()`` where the query using it runs), and the same routes as plain ``def``
(run in FastAPI's threadpool) block nothing."""

KEPT_QUERY_ROUTES = """\
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Task, User

app = FastAPI()


@app.get("/tasks")
async def list_tasks(done: bool | None = None, db: Session = Depends(get_db)):
    query = db.query(Task)
    if done is not None:
        query = query.filter(Task.done == done)
    tasks = query.order_by(Task.id).all()
    return [{"title": task.title} for task in tasks]


@app.get("/tasks/count")
async def count_tasks(db: Session = Depends(get_db)):
    return {"count": db.query(Task).count()}


@app.get("/tasks/busy-owners")
async def busy_owners(db: Session = Depends(get_db)):
    open_owner_ids = db.query(Task.owner_id).filter(Task.done.is_(False)).subquery()
    return db.query(User).filter(User.id.in_(open_owner_ids)).all()
"""
KEPT_QUERY_HITS = (15, 21, 27)
"""A ``.subquery()`` runs nothing: its query runs inside the one that uses it."""

SYNC_QUERY_ROUTES = KEPT_QUERY_ROUTES.replace("async def", "def")

OWN_SESSION_HELPERS = """\
from sqlmodel import Session, select

from app.database import engine
from app.models import User


def get_user(username: str) -> User | None:
    with Session(engine) as session:
        return session.exec(select(User).where(User.username == username)).one_or_none()


def authenticate_user(username: str, password: str) -> User | None:
    user = get_user(username)
    if user is None or user.password_hash != password:
        return None
    return user
"""
"""Sync helpers that open their own session: whoever calls them waits on the database."""
LOGIN_ROUTES = """\
from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool

from app.auth_utils import authenticate_user, get_user

router = APIRouter()


@router.post("/token")
async def login(username: str, password: str) -> dict:
    user = authenticate_user(username, password)
    if user is None:
        raise HTTPException(status_code=401)
    return {"user": user.username}


@router.get("/users/{username}")
async def profile(username: str) -> dict:
    user = await run_in_threadpool(get_user, username)
    return {"user": user.username if user else None}
"""
LOGIN_HITS = (11,)
SYNC_LOGIN_ROUTES = LOGIN_ROUTES.replace("async def login", "def login")

KEPT_SESSION_REPOSITORY = """\
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Post


class PostRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def add(self, post: Post) -> Post:
        self._session.add(post)
        self._session.commit()
        return post

    async def all(self) -> list[Post]:
        return list(self._session.scalars(select(Post)))

    def count(self) -> int:
        return len(self._session.scalars(select(Post)).all())
"""
"""A repository handed a sync session in __init__ and querying it from async methods."""
KEPT_SESSION_HITS = (13, 17)

ASYNC_OWN_SESSION_HELPERS = """\
from sqlalchemy import func, select

from app.database import async_session_maker
from app.models import User


async def count_rows() -> int:
    async with async_session_maker() as session:
        return (await session.execute(select(func.count(User.id)))).scalar_one()


async def stats() -> dict:
    return {"users": await count_rows()}
"""
"""Async helpers, one opening its own session for the other: the route reaches both."""
STATS_ROUTES = """\
from fastapi import APIRouter

from app.stats import stats

router = APIRouter()


@router.get("/stats")
async def read_stats() -> dict:
    return await stats()
"""
