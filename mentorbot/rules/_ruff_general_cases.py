"""The example project of MB201's (ruff's general problems) bad and good cases: a mutable
default, an unkept task, a schema and a scraper; and models, migrations and entry points that
must not be reported."""

BAD = """\
import asyncio
import json

from fastapi import FastAPI

app = FastAPI()
recent: list[str] = []


def remember(item: str, seen: list[str] = []) -> list[str]:
    seen.append(item)
    return seen


@app.post("/events")
async def add_event(payload: dict[str, str]) -> dict[str, int]:
    asyncio.create_task(publish(payload))
    total = len(recent)
    return {"count": len(recnt)}
"""

BAD_SCRAPER = """\
import requests

RATES_URL = "https://api.exchangerate.host/latest"


def euro_rate(currency: str) -> float:
    response = requests.get(RATES_URL, params={"base": "EUR"})
    response.raise_for_status()
    return float(response.json()["rates"][currency])
"""

BAD_SCHEMAS = """\
from pydantic import BaseModel


class OrderOut(BaseModel):
    id: int
    items: list["ItemOut"] = []
"""

BAD_LOGIN = """\
from sqlmodel import Session, select

from app.models import User


def find_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(username == username)).first()
"""

GOOD_MODELS = """\
from sqlmodel import Field, Relationship, SQLModel


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    orders: list["Order"] = Relationship(back_populates="customer")
"""

GOOD_ENTRY = """\
import uvicorn

from app.api import app

if __name__ == "__main__":
    uvicorn.run("main:app", host="127.0.0.1", port=8000, reload=True)
"""

GOOD_MIGRATION_ENV = """\
from alembic import context

from app.database import Base
from app.models import Order, User

target_metadata = Base.metadata
context.configure(target_metadata=target_metadata)
"""

GOOD_CREATE_TABLES = """\
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from app.models.todo import Todo
from app.models.user import User

engine = create_async_engine("sqlite+aiosqlite:///todos.db")


async def init_db() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
"""

GOOD_EMPTY_REVISION = """\
\"\"\"add nothing yet

Revision ID: 2b7f1c0e9a44
Revises: 131fb988cdac
\"\"\"
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "2b7f1c0e9a44"
down_revision: Union[str, None] = "131fb988cdac"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
"""

GOOD = """\
import asyncio

from fastapi import FastAPI

app = FastAPI()
recent: list[str] = []
background: set[asyncio.Task[None]] = set()


async def publish(payload: dict[str, str]) -> None:
    recent.append(payload["name"])


def remember(item: str, seen: list[str] | None = None) -> list[str]:
    seen = [] if seen is None else seen
    seen.append(item)
    return seen


@app.post("/events")
async def add_event(payload: dict[str, str]) -> dict[str, int]:
    task = asyncio.create_task(publish(payload))
    background.add(task)
    task.add_done_callback(background.discard)
    return {"count": len(recent)}
"""

GOOD_TORTOISE_MODELS = """\
from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(pk=True)
    posts: fields.ReverseRelation["Post"]
    profile: fields.OneToOneNullableRelation["Profile"]
"""
"""Tortoise's relation annotations name the other model as a string, resolved by name."""

USER_WITH_POSTS = """\
from sqlalchemy import Column, Integer
from sqlalchemy.orm import relationship

from .base import Base
from .post import Post


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    posts = relationship("Post", foreign_keys="[Post.user_id]", back_populates="owner")
"""
"""A relationship names its model in a string; the import registers that model beside it."""
POST_OF_USER = """\
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship

from .base import Base


class Post(Base):
    __tablename__ = "posts"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))
    owner = relationship("User", back_populates="posts")
"""

BOT_MAIN = """\
from aiogram import executor

import filters
import handlers
import settings
from loader import dp

if __name__ == "__main__":
    executor.start_polling(dp)
"""
BOT_LOADER = """\
from aiogram import Bot, Dispatcher

bot = Bot(token="")
dp = Dispatcher(bot)
"""
BOT_FILTERS = """\
from loader import dp
from checks import IsAdmin

dp.filters_factory.bind(IsAdmin)
"""
BOT_HANDLERS = "from . import start\n"
BOT_START = """\
from aiogram import types

from loader import dp


@dp.message_handler(commands=["start"])
async def start(message: types.Message) -> None:
    await message.answer("hi")
"""
TELEBOT_LOADER = """\
import os

import telebot

bot = telebot.TeleBot(os.getenv("BOT_TOKEN"))
"""
TELEBOT_MAIN = """\
import os

from loader import bot
import handlers

if __name__ == "__main__":
    bot.infinity_polling()
"""
TELEBOT_HANDLERS = "from .default_handlers import *\n"
TELEBOT_DEFAULT_HANDLERS = "from .start import say_hello\nfrom .help import bot_help\n"
TELEBOT_START = """\
from loader import bot


@bot.message_handler(commands=["start"])
def say_hello(message):
    bot.reply_to(message, "Hi! Send /help to see what I can do.")
"""
"""A handler module that takes the bot from the project's ``loader.py`` and imports no bot
library: the layout of a common course's diploma bot (blind check t1)."""
BOT_SETTINGS = """\
import logging

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)
logger.info("settings read")
"""

STARRED_PACKAGE = """\
from flask import Blueprint, jsonify, request

api_blueprint = Blueprint("api", __name__)
"""
STARRING_ROUTES = """\
import json

from app.rest import *


@api_blueprint.route("/reports")
def reports():
    return jsonify(request.args)
"""

REUSED_HANDLER_NAMES = """\
from aiogram import F, Router
from aiogram.types import Message
from pydantic import BaseModel, field_validator

router = Router()


@router.message(
    F.text == "finances"
)
async def finances(message: Message) -> None:
    await message.answer("Your spending this month")


@router.message(F.text == "budget")
async def finances(message: Message) -> None:
    await message.answer("Your budget")


def helper() -> int:
    return 1


def helper() -> int:
    return 2


class Signup(BaseModel):
    name: str
    password: str

    @field_validator("name", mode="before")
    @classmethod
    def ensure_str(cls, value):
        return value[0] if isinstance(value, list) else value

    @field_validator("password", mode="before")
    @classmethod
    def ensure_str(cls, value):
        return value[0] if isinstance(value, list) else value
"""
"""Bot handlers reusing a name, each registered by its decorator; a helper redefined, and a
validator whose twin of the same name replaces it in the class."""
REUSED_HANDLER_HITS = (("handlers.py", 24), ("handlers.py", 39))

FLASK_BLUEPRINT = """\
from flask import Blueprint

blueprint = Blueprint("main", __name__)

from app import models, routes
"""
FLASK_VIEWS = """\
from flask import jsonify

from app.blueprints import blueprint


@blueprint.route("/ping")
def ping():
    return jsonify(pong=True)
"""
FLASK_MODELS = """\
from app.db import db


class Item(db.Model):
    id = db.Column(db.Integer, primary_key=True)
"""
RESOURCES_PACKAGE = """\
from flask_restful import fields, reqparse, Resource
"""
HELLO_RESOURCE = """\
from . import Resource, reqparse

parser = reqparse.RequestParser()


class Hello(Resource):
    def get(self):
        return parser.parse_args()
"""

DJANGO_STARTAPP = {
    "library/app/admin.py": "from django.contrib import admin\n\n# Register your models here.\n",
    "library/app/models.py": "from django.db import models\n\n# Create your models here.\n",
    "library/app/tests.py": "from django.test import TestCase\n\n# Create your tests here.\n",
    "library/app/views.py": "from django.shortcuts import render\n\n# Create your views here.\n",
}
"""The modules ``django-admin startapp`` writes, as it writes them."""
DJANGO_ADMIN_STARTED = """\
from django.contrib import admin

from .models import Book

# Register your models here.
"""
DJANGO_VIEWS_WITHOUT_RENDER = """\
from django.http import JsonResponse
from django.shortcuts import render

from .models import Book


def book_list(request):
    return JsonResponse({"books": list(Book.objects.values("title"))})
"""
