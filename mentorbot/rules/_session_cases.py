"""MB103's cases: notes and orders apps that open sessions in routes, in a helper a route
calls and in an async CRUD module, share one module-level session, or take one from ``get_db``
by hand with ``next`` (in a route's helper, or in a websocket handler); beside the same app on a
``get_db`` dependency, and a background worker that rightly opens its own."""

from __future__ import annotations

from mentorbot.rules.base import Case

SHARED_SESSION = """\
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@localhost/app")
async_session_maker = async_sessionmaker(bind=engine, expire_on_commit=False)
session = async_session_maker()


async def get_async_session():
    async with session:
        yield session
"""

DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg://app@localhost/app")
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
"""

BAD_MAIN = """\
from fastapi import FastAPI, HTTPException

from app.database import SessionLocal
from app.models import Note

app = FastAPI()


def load_note(note_id: int) -> Note | None:
    db = SessionLocal()
    note = db.get(Note, note_id)
    db.close()
    return note


@app.get("/notes/{note_id}")
def read_note(note_id: int) -> dict[str, str]:
    note = load_note(note_id)
    if note is None:
        raise HTTPException(status_code=404)
    return {"text": note.text}


@app.delete("/notes/{note_id}", status_code=204)
def delete_note(note_id: int) -> None:
    with SessionLocal() as db:
        db.query(Note).filter(Note.id == note_id).delete()
        db.commit()
"""

BAD_ASYNC_CRUD = """\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.models import Order

engine = create_async_engine("postgresql+asyncpg://shop@localhost/shop")
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def list_orders(customer_id: int) -> list[Order]:
    async with async_session() as session:
        result = await session.scalars(select(Order).where(Order.customer_id == customer_id))
        return list(result)


async def add_order(order: Order) -> None:
    async with AsyncSession(engine) as session:
        session.add(order)
        await session.commit()
"""

BAD_BY_HAND = """\
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Note

app = FastAPI()


def save_note(text: str) -> int:
    db = next(get_db())
    note = Note(text=text)
    db.add(note)
    db.commit()
    return note.id


@app.post("/notes")
def create_note(text: str) -> dict[str, int]:
    return {"id": save_note(text)}


@app.get("/notes/count")
def count_notes(db: Session = Depends(get_db)) -> dict[str, int]:
    return {"count": db.query(Note).count()}
"""
SOCKET_BY_HAND = """\
from fastapi import Depends, FastAPI, WebSocket
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Note

app = FastAPI()


@app.get("/notes/count")
def count_notes(db: Session = Depends(get_db)) -> dict[str, int]:
    return {"count": db.query(Note).count()}


@app.websocket("/ws/notes")
async def note_feed(websocket: WebSocket) -> None:
    await websocket.accept()
    db = next(get_db())
    while True:
        text = await websocket.receive_text()
        db.add(Note(text=text))
        db.commit()
"""
SOCKET_BY_HAND_HIT = 18

GOOD_MAIN = """\
from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy.orm import Session

from app.database import SessionLocal, get_db
from app.models import Note

app = FastAPI()


@app.get("/notes/{note_id}")
def read_note(note_id: int, db: Session = Depends(get_db)) -> dict[str, str]:
    note = db.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=404)
    return {"text": note.text}


def purge_old_notes() -> int:
    with SessionLocal() as db:
        removed = db.query(Note).filter(Note.archived.is_(True)).delete()
        db.commit()
        return removed
"""

GOOD_WORKER = """\
import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from app.models import Reminder

engine = create_async_engine("postgresql+asyncpg://shop@localhost/shop")
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def send_due_reminders() -> None:
    while True:
        async with async_session() as session:
            due = await session.scalars(select(Reminder).where(Reminder.due_at <= func.now()))
            for reminder in due:
                reminder.sent = True
            await session.commit()
        await asyncio.sleep(60)
"""

SCOPED_DATABASE = """\
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://shop@localhost/shop")
async_session_maker = async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def session_scope():
    async with async_session_maker() as session:
        try:
            yield session
            await session.commit()
        except Exception:
            await session.rollback()
            raise
"""

SCOPED_MODEL = """\
from sqlalchemy import select

from app.db import session_scope
from app.models import Product


class ProductModel:
    @classmethod
    async def find_all(cls) -> list[Product]:
        async with session_scope() as session:
            rows = await session.scalars(select(Product))
            return list(rows)

    @classmethod
    async def remove(cls, product_id: int) -> None:
        async with session_scope() as session:
            product = await session.get(Product, product_id)
            if product is not None:
                session.delete(product)

    @classmethod
    async def find_by_category(cls, category_id: int) -> list[Product]:
        async with session_scope() as session:
            query = select(Product).where(Product.category_id == category_id)
            return list(await session.scalars(query))
"""

SCOPED_ROUTES = """\
from fastapi import APIRouter

from app.product.model import ProductModel

router = APIRouter()


@router.get("/products")
async def list_products():
    return await ProductModel.find_all()


@router.delete("/products/{product_id}", status_code=204)
async def delete_product(product_id: int) -> None:
    await ProductModel.remove(product_id)
"""
SCOPED_HITS = (
    ("app/product/model.py", 10),
    ("app/product/model.py", 16),
    ("app/product/model.py", 23),
)
"""Each model method opens a session through the project's own ``session_scope``; no route
calls ``find_by_category`` yet, but its class is the routes' way to the database."""

VIDEO_JOBS = """\
from app.database import SessionLocal
from app.models import Job


def process_video(job_id: int, path: str) -> None:
    db = SessionLocal()
    try:
        job = db.get(Job, job_id)
        job.status = "done"
        db.commit()
    finally:
        db.close()
"""
VIDEO_ROUTES = """\
from fastapi import APIRouter, BackgroundTasks

from app.services.video_jobs import process_video

router = APIRouter()


@router.post("/videos/{job_id}")
def upload(job_id: int, path: str, background_tasks: BackgroundTasks) -> dict:
    background_tasks.add_task(process_video, job_id, path)
    return {"queued": job_id}
"""
"""A service function handed to ``add_task``: it runs after the response, with no request
to take a session from, so it opens its own."""

LEAKING_AUTH = """\
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

from app.database import SessionLocal
from app.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


def get_current_user(token: str = Depends(oauth2_scheme)) -> User:
    db = SessionLocal()
    user = db.query(User).filter(User.token == token).first()
    if user is None:
        raise HTTPException(status_code=401)
    return user


def get_admin(token: str = Depends(oauth2_scheme)) -> User:
    with SessionLocal() as db:
        user = db.query(User).filter(User.token == token, User.admin).first()
    if user is None:
        raise HTTPException(status_code=403)
    return user
"""
LEAKING_AUTH_ROUTES = """\
from fastapi import APIRouter, Depends

from app.auth import get_admin, get_current_user

router = APIRouter()


@router.get("/me")
def me(user=Depends(get_current_user)) -> dict:
    return {"id": user.id}


@router.get("/admin")
def admin(user=Depends(get_admin)) -> dict:
    return {"id": user.id}
"""
LEAKING_AUTH_HITS = (("app/auth.py", 11), ("app/auth.py", 19))
"""A dependency that opens a session and never closes it, and one that closes it after its own
query: that one opens a session on every request it serves, beside the route's (corpus 73)."""
SOCKET_BAD = (
    Case(
        files={"app/database.py": DATABASE, "app/main.py": SOCKET_BY_HAND},
        hits=(("app/main.py", SOCKET_BY_HAND_HIT),),
        note="taken by hand in a websocket handler: never closed either",
    ),
)

FRIDGE_DATABASE = """\
import os

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(os.environ["DATABASE_URL"])
sessions = async_sessionmaker(engine)


async def get_session():
    async with sessions.begin() as session:
        yield session
"""
FRIDGE_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import database
from database import get_session
from database.models import Product

router = APIRouter(prefix="/products")


@router.get("/")
async def list_products() -> list[str]:
    async with database.sessions.begin() as session:
        found = await session.scalars(select(Product.name))
        return list(found)


@router.get("/count")
async def count_products(session: AsyncSession = Depends(get_session)) -> int:
    return len(list(await session.scalars(select(Product.id))))
"""
BEGIN_BAD = (
    Case(
        files={"database/__init__.py": FRIDGE_DATABASE, "routes/products.py": FRIDGE_ROUTES},
        hits=(("routes/products.py", 14),),
        note="a session begun from the factory in the route (``sessions.begin()``)",
    ),
)
