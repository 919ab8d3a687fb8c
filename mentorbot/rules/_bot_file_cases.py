"""MB101's cases for a bot's handlers: the files it reads and writes (its own help text, prompt,
prices and state at fixed paths, a few hundred bytes and no wait worth a thread, against the
chat history it appends to and the photo a user sent, which grow and are of real size), and a
blocking helper a star import brings."""

from __future__ import annotations

from mentorbot.rules import _test_named_cases as named
from mentorbot.rules.base import Case

FIXED_READS = """\
import json

PRICES = "data/prices.json"


async def how_to_guess(message) -> None:
    with open("text/how_to_guess.txt", encoding="utf-8") as file:
        await message.answer(file.read())


async def prices(message) -> None:
    with open(PRICES) as file:
        await message.answer(str(json.load(file)))


async def ask(message, kind: str) -> None:
    with open(f"prompts/{kind}.txt") as file:
        await message.answer(file.read().format(text=message.text))


async def ask_again(message, kind: str) -> None:
    file_name = f"text/prompt_{kind}.txt"
    with open(file_name, "r", encoding="utf-8") as file:
        await message.answer(file.read())
"""
"""Reads of fixed text and JSON files: none reported."""
JOINED_PRICES = """\
import json
import os

PRICES_FILE = os.path.join("data", "prices.json")


def load_prices():
    with open(PRICES_FILE, "r", encoding="utf-8") as f:
        return json.load(f)
"""
PRICE_HANDLER = """\
from utils.prices import load_prices


async def prices(message) -> None:
    await message.answer(str(load_prices()))
"""
OWN_PROMPT = """\
def load_prompt():
    with open("prompt.txt", "r", encoding="utf-8") as f:
        return f.read()


async def ask_gpt(message) -> None:
    await message.answer(load_prompt().format(question=message.text))
"""
OTHER_PROMPT = """\
def load_prompt(path):
    with open(path, encoding="utf-8") as f:
        return f.read()
"""
"""Another bot's helper of the same name, reading whatever path it is given: not the one the
first module calls (blind check corpus 72)."""
STATE_FILES = """\
import json

from discord.ext import commands

bot = commands.Bot(command_prefix="!")


@bot.command()
async def register(ctx) -> None:
    with open("users.json", "r") as file:
        users = json.load(file)
    users[str(ctx.author.id)] = {"level": 1, "xp": 0}
    with open("users.json", "w") as file:
        json.dump(users, file, indent=4)
    await ctx.send("Registered!")


@bot.command()
async def vote(ctx, option: str) -> None:
    with open("poll.json", encoding="utf-8") as file:
        votes = json.load(file)
    votes[option] = votes.get(option, 0) + 1
    with open("poll.json", mode="w+", encoding="utf-8") as file:
        json.dump(votes, file)
    await ctx.send(f"Voted for {option}")
"""
"""A bot's few users and its poll kept in JSON files, read and written back whole after a
command: reported neither way (corpus 85)."""
EXPORT_ONLY = """\
import json


async def export_posts(posts: list[dict]) -> dict:
    with open("posts.json", "w") as target:
        json.dump(posts, target)
    return {"exported": len(posts)}
"""
"""A file only written, never read back: an export of every post, of real size."""
GROWING_FILES = """\
async def remember(message) -> None:
    with open("chat_history.txt", "a", encoding="utf-8") as file:
        file.write(message.text)


async def save_photo(message, name: str) -> None:
    with open(name, "wb") as file:
        file.write(await message.photo.read())


async def recall(message) -> None:
    with open("data/history.json") as file:
        await message.answer(file.read())
"""
GROWING_FILES_HITS = (2, 7, 12)
"""An appended history, a user's photo written and a history read back: reported."""
BAD = (
    Case(
        files={"bot/handlers.py": GROWING_FILES},
        hits=tuple(("bot/handlers.py", line) for line in GROWING_FILES_HITS),
        note="files that grow with use, or are written, in a bot's handlers",
    ),
    Case(
        files={"app/export.py": EXPORT_ONLY},
        hits=(("app/export.py", 5),),
        note="a JSON file only written, an export, never read back",
    ),
    Case(
        files={"db.py": named.QUIZ_DATABASE, "handlers/theory_test.py": named.THEORY_TEST},
        hits=(("handlers/theory_test.py", named.THEORY_TEST_BLOCKING),),
        note="a quiz bot's handlers in theory_test.py, which holds no test (blind check t2)",
    ),
)
PHOTO_SENT = """\
from aiogram import Dispatcher, types

dp = Dispatcher()


@dp.message()
async def start(message: types.Message) -> None:
    await message.answer_photo(photo=open("imgs/logo.jpg", "rb"), caption="Welcome!")
"""
"""A file opened and handed to the awaited send, which reads it as it uploads (corpus 82)."""

GOOD = (
    Case(files={"bot/start.py": PHOTO_SENT}, note="a photo opened for the awaited send"),
    Case(
        files={"bot/handlers.py": FIXED_READS},
        note="a bot's own help text, prices and prompts read from fixed paths",
    ),
    Case(
        files={"bot/main.py": STATE_FILES},
        note="a bot's small state files read and written back in its commands",
    ),
    Case(
        files={"utils/prices.py": JOINED_PRICES, "handlers/prices.py": PRICE_HANDLER},
        note="a helper reading a path joined from literals",
    ),
    Case(
        files={"runes_gpt.py": OWN_PROMPT, "tg_bot.py": OTHER_PROMPT},
        note="a module's own helper, not another module's of the same name",
    ),
    Case(
        files={"db.py": named.QUIZ_DATABASE, "test_quiz.py": named.QUIZ_TEST},
        note="a test named like one at the project's root, defining one, is still a test",
    ),
)

STAR_HELPERS = """\
import requests


def get_joke() -> str:
    return requests.get("https://official-joke-api.appspot.com/random_joke", timeout=5).text
"""
STAR_COMMANDS = """\
from discord.ext import commands

from app.database import *
from app.request_manager import *

bot = commands.Bot(command_prefix="!")


@bot.command()
async def joke(ctx) -> None:
    await ctx.send(get_joke())
"""
STAR_COMMANDS_HIT = 11
"""A bot command calling a helper that a star import brings, which makes a request with
``requests`` (blind check corpus 70)."""
STAR_BAD = (
    Case(
        files={
            "app/request_manager.py": STAR_HELPERS,
            "app/database.py": "QUOTES = []\n",
            "app/main.py": STAR_COMMANDS,
        },
        hits=(("app/main.py", STAR_COMMANDS_HIT),),
        note="a blocking helper reached through a star import, by its bare name",
    ),
)

AWAITED_SYNC_HELPER = """\
import asyncio

import requests


def get_btc_price() -> str:
    response = requests.get("https://api.example.com/price", timeout=10).json()
    return f"BTC: {response['price']}"


async def monitor(bot, chat_id: int) -> None:
    while True:
        message = await get_btc_price()
        await bot.send_message(chat_id, message)
        await asyncio.sleep(60)
"""
AWAITED_BAD = (
    Case(
        files={"bot_btc.py": AWAITED_SYNC_HELPER},
        hits=(("bot_btc.py", 13),),
        note="a plain def awaited: it runs on the loop all the same (history 46)",
    ),
)

CAPITAL_MODULE = """\
import sqlite3


def add_coins(user_id: int, amount: int) -> None:
    conn = sqlite3.connect("economy.db")
    conn.execute("UPDATE users SET coins = coins + ? WHERE id = ?", (amount, user_id))
    conn.commit()
    conn.close()
"""
CAPITAL_COG = """\
from discord.ext import commands

from utils import EconomyManager


class Economy(commands.Cog):
    @commands.command()
    async def work(self, ctx) -> None:
        EconomyManager.add_coins(ctx.author.id, 10)
        await ctx.send("You earned 10 coins")
"""
CAPITAL_BAD = (
    Case(
        files={"utils/EconomyManager.py": CAPITAL_MODULE, "cogs/economy.py": CAPITAL_COG},
        hits=(("cogs/economy.py", 9),),
        note="a module named with a capital, called through its name (corpus 75)",
    ),
)
