"""MB109's cases of a coroutine tested or read where it is made: a login that checks
``if verify_user(...)`` (a coroutine is always true, so every password passes), a lookup
compared with ``None`` and a field read off the call, and plain ``def`` routes calling services
that became async; beside the same code awaiting."""

from __future__ import annotations

USERS = """\
from motor.motor_asyncio import AsyncIOMotorClient

users = AsyncIOMotorClient("mongodb://localhost:27017").shop.users


async def verify_user(email: str, password_hash: str) -> bool:
    return await users.find_one({"email": email, "password": password_hash}) is not None


async def find_user(email: str) -> dict | None:
    return await users.find_one({"email": email})
"""

LOGIN_ROUTES = """\
from fastapi import APIRouter, HTTPException

from app.users import find_user, verify_user

router = APIRouter()


@router.post("/login")
async def login(email: str, password_hash: str) -> dict:
    if verify_user(email, password_hash):
        return {"token": email}
    raise HTTPException(status_code=401, detail="Wrong login details")


@router.get("/users/{email}")
async def read_user(email: str) -> dict:
    if find_user(email) is None:
        raise HTTPException(status_code=404, detail="No such user")
    return {"email": email, "name": find_user(email)["name"]}
"""
LOGIN_HITS = (10, 17, 19)

GOOD_LOGIN_ROUTES = (
    LOGIN_ROUTES.replace("if verify_user(", "if await verify_user(")
    .replace(
        "    if find_user(email) is None:",
        "    user = await find_user(email)\n    if user is None:",
    )
    .replace('find_user(email)["name"]', 'user["name"]')
)

TORTOISE_SERVICES = """\
from tortoise.exceptions import DoesNotExist

from blog.models import Post, PostLike


async def get_post(post_id: int) -> Post:
    return await Post.get(id=post_id)


async def get_post_with_likes(post_id: int) -> Post:
    return await Post.get(id=post_id).prefetch_related("likes")


async def likes_of(post_id: int) -> list[PostLike]:
    return await PostLike.filter(post_id=post_id)


async def unlike(post_id: int, user_id: int) -> int:
    return await PostLike.filter(post_id=post_id, user_id=user_id).delete()


async def liked_titles(user_id: int) -> list[str]:
    return [like.post_id async for like in PostLike.filter(user_id=user_id).order_by("-id")]
"""
"""Tortoise query builders: ``Post.get(...)`` is awaited alone in one function and as the head
of a chain in another; the chain as a whole is awaited or iterated, nothing is left bare."""

IMAGE_CRUD = """\
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ImageData


async def create_image(db: AsyncSession, path: str) -> ImageData:
    image = ImageData(path=path)
    db.add(image)
    await db.commit()
    await db.refresh(image)
    return image
"""
IMAGE_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app import crud
from app.database import get_db

router = APIRouter()


@router.post("/images/")
def upload_image(path: str, db: AsyncSession = Depends(get_db)):
    return crud.create_image(db, path)


@router.get("/images/{path}")
async def read_image(path: str, db: AsyncSession = Depends(get_db)):
    return await crud.create_image(db, path)
"""
IMAGE_HITS = (("app/routes.py", 12),)
"""A plain ``def`` route returning the project's coroutine: it answers with a coroutine that
never ran (the ``async def`` route beside awaits it)."""
IMAGE_MODELS = """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ImageData(Base):
    __tablename__ = "images"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str]
"""
POST_COUNT_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.models import Post

router = APIRouter()


@router.get("/posts/count")
async def count_posts(db: AsyncSession = Depends(get_db)) -> dict:
    result = db.scalar(select(func.count()).select_from(Post))
    return {"count": result}


@router.get("/posts/count-later")
async def count_later(db: AsyncSession = Depends(get_db)) -> dict:
    result = await db.scalar(select(func.count()).select_from(Post))
    return {"count": result}
"""
POST_COUNT_HITS = (("app/routes.py", 13),)
"""A coroutine put in the dict the route answers with: FastAPI cannot serialise it."""

TARGET_SERVICE = """\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Target


async def find_target(db: AsyncSession, target_id: int, user_id: int) -> Target | None:
    query = select(Target).where(Target.id == target_id, Target.user_id == user_id)
    found = await db.execute(query)
    return found.scalars().first()


async def delete_target(db: AsyncSession, target: Target) -> None:
    await db.delete(target)
    await db.commit()


def describe(target: Target) -> str:
    return f"{target.id}: {target.title}"
"""
SYNC_TARGET_ROUTES = """\
from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.services import target_service

router = APIRouter(prefix="/targets")


@router.get("/{target_id}")
def read_target(target_id: int, user_id: int, db: AsyncSession = Depends(get_db)) -> dict:
    target = target_service.find_target(db, target_id, user_id)
    if not target:
        raise HTTPException(status_code=404, detail="Target not found")
    return {"target": target_service.describe(target)}


@router.delete("/{target_id}", status_code=204)
def delete_target(target_id: int, user_id: int, db: AsyncSession = Depends(get_db)) -> None:
    target = target_service.find_target(db, target_id, user_id)
    target_service.delete_target(db, target)
"""
SYNC_TARGET_HITS = tuple(("app/routers/targets.py", line) for line in (12, 21))
ASYNC_TARGET_ROUTES = """\
import asyncio

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.services import target_service

router = APIRouter(prefix="/targets")


@router.get("/{target_id}")
async def read_target(target_id: int, user_id: int, db: AsyncSession = Depends(get_db)) -> dict:
    target = await target_service.find_target(db, target_id, user_id)
    if not target:
        raise HTTPException(status_code=404, detail="Target not found")
    return {"target": target_service.describe(target)}


def purge(db: AsyncSession, target_id: int) -> None:
    pending = target_service.find_target(db, target_id, 0)
    asyncio.run(pending)
"""

FLASK_STORAGE = """\
from pymongo import MongoClient

receipts = MongoClient("mongodb://localhost:27017").shop.receipts


def get_receipt(receipt_id: str) -> dict | None:
    return receipts.find_one({"_id": receipt_id})
"""
FASTAPI_STORAGE = """\
from motor.motor_asyncio import AsyncIOMotorClient

receipts = AsyncIOMotorClient("mongodb://localhost:27017").shop.receipts


async def get_receipt(receipt_id: str) -> dict | None:
    return await receipts.find_one({"_id": receipt_id})
"""
FLASK_SERVICE = """\
from services.storage import get_receipt


def receipt_total(receipt_id: str) -> float:
    receipt = get_receipt(receipt_id)
    if not receipt:
        return 0.0
    return float(receipt["total"])
"""

BLOG_SERVICE = """\
from app.db import database
from app.blog.models import posts


async def get_post(post_id: int):
    return await database.fetch_one(posts.select().where(posts.c.id == post_id))


async def get_owner_post(post_id: int):
    post = await get_post(post_id)
    return await database.fetch_one("SELECT * FROM users WHERE id = :id", {"id": post.user_id})
"""
BLOG_ROUTES = """\
import asyncio

from fastapi import APIRouter

from . import service
from .schemas import PostShowDetail

router = APIRouter()


@router.get("/{post_id}", response_model=PostShowDetail)
async def post_detail(post_id: int):
    db_post = await service.get_post(post_id)
    owner = service.get_owner_post(post_id)
    return PostShowDetail(**dict(db_post), owner=owner)


@router.get("/{post_id}/full", response_model=PostShowDetail)
async def post_full(post_id: int):
    owner = service.get_owner_post(post_id)
    db_post, owner = await asyncio.gather(service.get_post(post_id), owner)
    return PostShowDetail(**dict(db_post), owner=owner)


@router.get("/{post_id}/later", response_model=PostShowDetail)
async def post_later(post_id: int):
    pending = service.get_owner_post(post_id)
    task = asyncio.Task(pending)
    return PostShowDetail(**dict(await service.get_post(post_id)), owner=await task)
"""
BLOG_HITS = (("app/blog/routes.py", 14),)
"""A coroutine handed to the response model it fills, from a module imported relatively;
handing one to ``gather`` or a ``Task`` runs it."""

SCRIPT_MAIN = """\
import asyncio
import sys

MODE = "webhook"


async def main() -> None:
    await asyncio.sleep(1)


if __name__ == "__main__":
    try:
        if MODE == "webhook":
            main()
        else:
            asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
"""
"""The script's own coroutine called as a statement: made and dropped (history 48)."""
SCRIPT_MAIN_HIT = 14

UPLOADER = """\
import httpx


async def upload_files(paths: list[str]) -> list[dict]:
    async with httpx.AsyncClient() as client:
        return [(await client.post("http://store/upload", content=path)).json() for path in paths]
"""
FLASK_UPLOAD_ROUTES = """\
import asyncio

from flask import Flask, jsonify, request

from app.uploader import upload_files

app = Flask(__name__)


@app.post("/upload")
def upload():
    results = upload_files(request.files.getlist("files"))
    return jsonify({"results": results})


@app.post("/upload-all")
def upload_all():
    results = asyncio.run(upload_files(request.files.getlist("files")))
    return jsonify({"results": results})
"""
"""A sync Flask route left calling a coroutine function: what it answers is the coroutine,
never run, put in the JSON; ``asyncio.run`` runs it (blind check corpus 93)."""
FLASK_UPLOAD_HITS = (("app/web.py", 12),)
ASK_ROUTES = """\
import asyncio

from fastapi import FastAPI

app = FastAPI()


async def embed(text: str) -> list[float]:
    await asyncio.sleep(0)
    return [float(len(text))]


def nearest(vector: list[float]) -> int:
    return int(vector[0]) % 10


def schedule(job) -> None:
    asyncio.get_running_loop().create_task(job)


@app.post("/ask")
async def ask(question: str) -> dict[str, int]:
    vector = embed(question)
    return {"doc": nearest(vector)}


@app.post("/count")
async def count(question: str) -> dict[str, int]:
    return {"dims": len(embed(question)), "doc": nearest(embed(question))}


@app.post("/warm")
async def warm(question: str) -> dict[str, bool]:
    schedule(embed(question))
    return {"queued": True}
"""
"""A coroutine handed to a plain function of the module that reads it as a vector, or straight
to ``len``: neither ever runs it (blind check z1). ``schedule`` hands it to ``create_task``."""
ASK_HITS = (("app/main.py", 23), ("app/main.py", 29))
