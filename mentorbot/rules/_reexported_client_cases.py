"""MB101's case for a sync client a package hands on: ``utils/db_api/mongo.py`` makes the
PyMongo collections, the package's ``__init__`` imports them (``from .mongo import users_db``),
and every handler takes them from the package (corpus 89)."""

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
)
