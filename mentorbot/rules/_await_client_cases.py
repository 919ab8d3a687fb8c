"""MB109's cases of library and repository coroutines: an asyncio Redis client's commands left
unawaited in a plain def and in an async one, and a repository's coroutine methods a route's
annotated parameter returns or drops."""

from __future__ import annotations

REDIS_CACHE = """\
import json

import redis
import redis.asyncio as aioredis

cache = aioredis.Redis.from_url("redis://localhost:6379/0")
sessions = redis.Redis(host="localhost")


def set_post_cache(post_id: int, data: dict) -> None:
    cache.setex(f"post:{post_id}", 60, json.dumps(data))


async def forget_post(post_id: int) -> None:
    cache.delete(f"post:{post_id}")


async def read_post(post_id: int) -> dict | None:
    raw = await cache.get(f"post:{post_id}")
    sessions.set("last", post_id)
    return json.loads(raw) if raw else None
"""
REDIS_CACHE_HITS = (11, 15)
"""An asyncio Redis client's commands, unawaited in a plain def and in an async one; the sync
client's command and the awaited one are fine."""

USER_REPOSITORY = """\
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_all(self) -> list:
        return (await self.session.exec(select(User))).all()

    async def delete(self, user_id: int) -> None:
        await self.session.delete(await self.session.get(User, user_id))

    def describe(self) -> str:
        return "users"
"""
REPOSITORY_ROUTES = """\
from typing import Annotated

from fastapi import APIRouter, Depends

from app.repo.user import UserRepository

router = APIRouter()


@router.get("/users")
async def get_users(user_repo: UserRepository = Depends(UserRepository)):
    return user_repo.get_all()


@router.delete("/users/{user_id}")
async def delete_user(
    user_id: int, repo: Annotated[UserRepository, Depends(UserRepository)]
) -> dict:
    repo.delete(user_id)
    return {"deleted": user_id, "from": repo.describe()}
"""
REPOSITORY_ROUTES_HITS = (12, 19)
"""A repository handed to routes by Depends: its coroutine methods returned or dropped unawaited,
its plain method called as it is."""

BOT_HANDLERS = """\
from aiogram import Bot, Router, types
from aiogram.filters import Command

router = Router()


@router.message(Command("stats"))
async def stats(message: types.Message, bot: Bot) -> None:
    if message.from_user is None:
        message.answer("Register first")
        return
    await message.answer("Your stats")
    bot.send_message(message.chat.id, "sent to the admins too")


@router.callback_query()
async def pressed(callback: types.CallbackQuery) -> None:
    callback.answer()
"""
BOT_HANDLERS_HITS = (10, 13, 18)
"""An aiogram bot's replies left unawaited: the learner never sees them sent."""
BOT_HANDLERS_AWAITED = (
    BOT_HANDLERS.replace("        message.answer(", "        await message.answer(")
    .replace("    bot.send_message(", "    await bot.send_message(")
    .replace("    callback.answer()", "    await callback.answer()")
)

DISCORD_AND_MIDDLEWARE = """\
import time

import discord
from discord.ext import commands
from fastapi import FastAPI, Request

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
app = FastAPI()


@bot.command()
async def guess(ctx, number: int) -> None:
    if number < 1:
        ctx.channel.send("Please enter a number", delete_after=5)
        return
    ctx.send(f"You guessed {number}")


@bot.event
async def on_message(message) -> None:
    message.reply("seen")


@app.middleware("http")
async def timing(request: Request, call_next):
    started = time.perf_counter()
    response = call_next(request)
    response.headers["X-Time"] = str(time.perf_counter() - started)
    return response
"""
DISCORD_AND_MIDDLEWARE_HITS = (14, 16, 21, 27)
"""discord.py's replies and a middleware's ``call_next`` left unawaited (blind checks corpus 69
and 70): nothing is sent, and the middleware hands back a coroutine for a response."""
DISCORD_AND_MIDDLEWARE_AWAITED = (
    DISCORD_AND_MIDDLEWARE.replace("        ctx.channel.send(", "        await ctx.channel.send(")
    .replace("    ctx.send(", "    await ctx.send(")
    .replace("    message.reply(", "    await message.reply(")
    .replace("= call_next(", "= await call_next(")
)

SENT_COROUTINE = """\
import discord

client = discord.Client(intents=discord.Intents.default())


async def completion_handler(text: str) -> str:
    return text.upper()


@client.event
async def on_message(msg) -> None:
    completion = completion_handler(msg.content)
    await msg.channel.send(completion)
"""
SENT_COROUTINE_HIT = 12
"""A coroutine sent to a channel as if it were its text: handed to a call, but one that sends
what it is given rather than running it (blind check corpus 72)."""

PLAIN_DEF_SESSION_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_session
from app.models import Document

router = APIRouter()


@router.post("/documents/{doc_id}/meta")
def save_meta(doc_id: int, title: str, db: AsyncSession = Depends(get_session)) -> dict:
    meta = Document(id=doc_id, title=title)
    db.add(meta)
    db.commit()
    db.refresh(meta)
    return {"id": meta.id}
"""
PLAIN_DEF_SESSION_HITS = (14, 15)
"""A plain ``def`` route handed an ``AsyncSession`` by ``Depends``: its ``commit()`` and
``refresh()`` are coroutines it cannot await, so nothing is stored (blind check c1); ``add`` is
no coroutine."""
