"""MB101 cases on a blocking call several modules away: a route calls a service, whose
function calls another module's helper, which reaches the model. Each hop is a plain call, so
the route waits on the loop's thread for all of them."""

from __future__ import annotations

from mentorbot.rules.base import Case

EMBEDDINGS = """\
from openai import OpenAI

openai_client = OpenAI()


def _openai_embeddings(texts: list[str]) -> list[list[float]]:
    response = openai_client.embeddings.create(model="text-embedding-3-small", input=texts)
    return [item.embedding for item in response.data]


def get_embeddings(texts: list[str]) -> list[list[float]]:
    return _openai_embeddings(texts)
"""

DOCUMENTS = """\
from app.services.embeddings import get_embeddings


def chunk_text(text: str, size: int = 500) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]


def embed_chunks(chunks: list[str]) -> list[list[float]]:
    return get_embeddings(chunks)


def process_document(text: str) -> dict:
    chunks = chunk_text(text)
    return {"chunks": chunks, "embeddings": embed_chunks(chunks)}


class VectorService:
    def search(self, question: str) -> list[float]:
        return get_embeddings([question])[0]
"""

UPLOAD_ROUTES = """\
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from app.services.documents import VectorService, chunk_text, process_document

router = APIRouter()
vectors = VectorService()


@router.post("/upload")
async def upload(text: str) -> dict:
    result = process_document(text)
    return {"chunks": len(result["chunks"])}


@router.post("/query")
async def query(question: str) -> dict:
    return {"embedding": vectors.search(question)}


@router.post("/chunks")
async def chunks(text: str) -> dict:
    return {"chunks": chunk_text(text)}


@router.post("/upload-in-thread")
async def upload_in_thread(text: str) -> dict:
    result = await run_in_threadpool(process_document, text)
    return {"chunks": len(result["chunks"])}
"""
UPLOAD_HITS = (12, 18)
STREAM_ROUTES = """\
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from app.services.documents import embed_chunks

router = APIRouter()


def embedding_events(chunks: list[str]):
    for vector in embed_chunks(chunks):
        yield f"data: {len(vector)}\\n\\n"
    yield "data: [DONE]\\n\\n"


@router.post("/embed/stream")
async def embed_stream(chunks: list[str]) -> StreamingResponse:
    return StreamingResponse(embedding_events(chunks), media_type="text/event-stream")
"""
"""A sync generator that blocks only through the helpers it calls, handed to StreamingResponse:
Starlette iterates it in its thread pool, so calling it in the route runs none of it."""

SHOP_DB = """\
import sqlite3


def show_categories():
    conn = sqlite3.connect("shop.db")
    try:
        return conn.execute("SELECT id, name FROM categories").fetchall()
    finally:
        conn.close()
"""
SHOP_CACHE = """\
CATEGORIES = [(1, "Books"), (2, "Games")]


def show_categories():
    return list(CATEGORIES)
"""
SHOP_BUTTONS = """\
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

import bot.db as db


def categ_menu():
    markup = InlineKeyboardMarkup(row_width=3)
    for category in db.show_categories():
        markup.insert(InlineKeyboardButton(text=category[1], callback_data=str(category[0])))
    return markup
"""
"""A keyboard builder that queries sqlite3 through a function of the module it imports."""
SHOP_HANDLERS = """\
import asyncio

from aiogram import Bot, Dispatcher, types

import bot.buttons as btn

bot = Bot("token")
dp = Dispatcher(bot)


@dp.callback_query_handler(lambda call: call.data == "categ")
async def categories(call: types.CallbackQuery):
    await bot.send_message(call.from_user.id, "Categories:", reply_markup=btn.categ_menu())


@dp.callback_query_handler(lambda call: call.data == "again")
async def categories_again(call: types.CallbackQuery):
    markup = await asyncio.to_thread(btn.categ_menu)
    await bot.send_message(call.from_user.id, "Categories:", reply_markup=markup)
"""
SHOP_HIT = 13

BAD = (
    Case(
        files={
            "app/services/embeddings.py": EMBEDDINGS,
            "app/services/documents.py": DOCUMENTS,
            "app/api/upload.py": UPLOAD_ROUTES,
        },
        hits=tuple(("app/api/upload.py", line) for line in UPLOAD_HITS),
        note="an embedding request four calls and two modules away from the route, through a "
        "function and through a method; chunking alone blocks nothing, a thread is fine",
    ),
    Case(
        files={"bot/db.py": SHOP_DB, "bot/buttons.py": SHOP_BUTTONS, "main.py": SHOP_HANDLERS},
        hits=(("main.py", SHOP_HIT),),
        note="a bot's handler builds its keyboard with btn.categ_menu(), which queries sqlite3 "
        "through db.show_categories() (blind check t1); one built in a thread is fine",
    ),
)
GOOD = (
    Case(
        files={
            "app/services/embeddings.py": EMBEDDINGS,
            "app/services/documents.py": DOCUMENTS,
            "app/api/stream.py": STREAM_ROUTES,
        },
        note="a generator reaching the model through helpers, streamed from the thread pool",
    ),
    Case(
        files={
            "bot/db.py": SHOP_DB,
            "bot/cache.py": SHOP_CACHE,
            "bot/buttons.py": SHOP_BUTTONS.replace("bot.db as db", "bot.cache as db"),
            "main.py": SHOP_HANDLERS,
        },
        note="the keyboard's categories come from a cache module's function of the same name "
        "as the database module's, which blocks nothing",
    ),
    Case(
        files={
            "bot/db.py": SHOP_DB,
            "bot/buttons.py": SHOP_BUTTONS.replace("def categ_menu():", "def categ_menu(db):"),
            "main.py": SHOP_HANDLERS.replace("btn.categ_menu()", "btn.categ_menu(cache)"),
        },
        note="the builder's db is its own parameter, not the module imported under that name",
    ),
)
