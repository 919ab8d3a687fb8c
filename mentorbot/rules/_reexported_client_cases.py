"""MB101's cases for a sync client a package hands on: ``utils/db_api/mongo.py`` makes the
PyMongo collections, the package's ``__init__`` imports them (``from .mongo import users_db``),
and every handler takes them from the package (corpus 89); a chat model class a route's module
takes with ``from services import *`` (blind check c2)."""

from __future__ import annotations

from mentorbot.rules.base import Case

MONGO_MODULE = """\
from pymongo import MongoClient

client = MongoClient("mongodb://localhost:27017")
database = client["instagram"]
users_db = database["users"]
"""
PACKAGE_INIT = """\
from .mongo import client
from .mongo import users_db
"""
HANDLERS = """\
from aiogram import Dispatcher, types

from utils.db_api import users_db

dp = Dispatcher()


@dp.message_handler(text="My Profile")
async def profile(message: types.Message) -> None:
    user = users_db.find_one({"user_id": message.chat.id})
    await message.answer(f"Coins: {user['coin']}")


@dp.message_handler(text="Bonus")
async def bonus(message: types.Message) -> None:
    users_db.find_and_modify({"user_id": message.chat.id}, {"$inc": {"coin": 10}})
    await message.answer("+10 coins")
"""
STAR_SERVICES = "from langchain_openai import ChatOpenAI\n"
STAR_ROUTES = """\
from fastapi import FastAPI
from services import *

app = FastAPI()


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    llm = ChatOpenAI(model="gpt-4o-mini")
    return {"answer": llm.invoke(question).content}
"""
STAR_OWN_MODEL = """\
from fastapi import FastAPI
from services import *

app = FastAPI()


class ChatOpenAI:
    def __init__(self, model: str) -> None:
        self.model = model

    def invoke(self, question: str) -> str:
        return question.upper()


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    llm = ChatOpenAI(model="gpt-4o-mini")
    return {"answer": llm.invoke(question)}
"""
BAD = (
    Case(
        files={
            "utils/db_api/mongo.py": MONGO_MODULE,
            "utils/db_api/__init__.py": PACKAGE_INIT,
            "handlers/users.py": HANDLERS,
        },
        hits=(("handlers/users.py", 10), ("handlers/users.py", 16)),
        note="PyMongo collections a package re-exports, queried by a bot's handlers",
    ),
    Case(
        files={"services/__init__.py": STAR_SERVICES, "app.py": STAR_ROUTES},
        hits=(("app.py", 10),),
        note="ChatOpenAI brought in by a star import, invoked in an async route",
    ),
)
GOOD = (
    Case(
        files={"services/__init__.py": STAR_SERVICES, "app.py": STAR_OWN_MODEL},
        note="the module's own class of that name, under a star import all the same",
    ),
)
