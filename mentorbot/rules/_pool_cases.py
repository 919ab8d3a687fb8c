"""MB103's cases for connection pools made per request: a route that makes an asyncpg pool
itself, and routes that call ``connect()`` on a module's ``Database`` object, whose method keeps
a new pool on ``self`` each time; and the same class with its pool made once at start-up. Then
MongoDB clients (each a pool of its own) made per call, by a helper or by a service class the
route makes, against clients made once: in a global, under ``lru_cache``, or at import. And a
Redis client made per request to blacklist tokens, against the one made at import, and one a
helper returns to each service function that calls it, against the helper under ``lru_cache``."""

from __future__ import annotations

from mentorbot.rules.base import Case

DATABASE = """\
import asyncpg


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.pool = None

    async def connect(self) -> None:
        self.pool = await asyncpg.create_pool(self.url)

    async def all_users(self) -> list[dict]:
        async with self.pool.acquire() as conn:
            return [dict(row) for row in await conn.fetch("SELECT id, name FROM users")]

    async def close(self) -> None:
        await self.pool.close()
"""
BAD_ROUTES = """\
import asyncpg
from fastapi import APIRouter

from app.config import DATABASE_URL
from app.db import Database

db = Database(DATABASE_URL)
router = APIRouter(prefix="/users")


@router.get("")
async def read_users() -> list[dict]:
    await db.connect()
    users = await db.all_users()
    await db.close()
    return users


@router.get("/count")
async def count_users() -> int:
    pool = await asyncpg.create_pool(DATABASE_URL)
    try:
        return await pool.fetchval("SELECT count(*) FROM users")
    finally:
        await pool.close()
"""
BAD_HITS = (13, 21)
GOOD_MAIN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.config import DATABASE_URL
from app.db import Database

db = Database(DATABASE_URL)


@asynccontextmanager
async def lifespan(app: FastAPI):
    await db.connect()
    yield
    await db.close()


app = FastAPI(lifespan=lifespan)


@app.get("/users")
async def read_users() -> list[dict]:
    return await db.all_users()
"""
CONFIG = 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n'
MONGO_HELPERS = """\
from pymongo import MongoClient
from motor.motor_asyncio import AsyncIOMotorClient

from app.config import MONGO_URL


def products_collection():
    client = MongoClient(MONGO_URL)
    return client["shop"]["products"]


async def orders_collection():
    client = AsyncIOMotorClient(MONGO_URL)
    return client["shop"]["orders"]
"""
MONGO_HELPER_HITS = (8, 13)
MONGO_SERVICE = """\
from pymongo import MongoClient

from app.config import MONGO_URL


class MongoService:
    def __init__(self) -> None:
        self.client = MongoClient(MONGO_URL, serverSelectionTimeoutMS=5000)
        self.db = self.client["shop"]


def find_product(sku: str) -> dict | None:
    db_service = MongoService()
    return db_service.db["products"].find_one({"sku": sku}, {"_id": 0})
"""
MONGO_SERVICE_HIT = 13
MONGO_ROUTES = """\
from fastapi import APIRouter

from app.db import orders_collection, products_collection
from app.service import find_product

router = APIRouter()


@router.get("/products")
def list_products() -> list[dict]:
    return list(products_collection().find({}, {"_id": 0}))


@router.get("/products/{sku}")
def read_product(sku: str) -> dict | None:
    return find_product(sku)


@router.get("/orders")
async def list_orders() -> list[dict]:
    orders = await orders_collection()
    return [order async for order in orders.find({}, {"_id": 0})]
"""
MONGO_ONCE = """\
from functools import lru_cache

from pymongo import MongoClient
from motor.motor_asyncio import AsyncIOMotorClient

from app.config import MONGO_URL

_orders_client = None


@lru_cache
def shop_database():
    return MongoClient(MONGO_URL)["shop"]


def products_collection():
    return shop_database()["products"]


async def orders_collection():
    global _orders_client
    if _orders_client is None:
        _orders_client = AsyncIOMotorClient(MONGO_URL)
    return _orders_client["shop"]["orders"]
"""
MONGO_SERVICE_ONCE = MONGO_SERVICE.replace(
    "def find_product(sku: str) -> dict | None:\n    db_service = MongoService()\n",
    "db_service = MongoService()\n\n\ndef find_product(sku: str) -> dict | None:\n",
)
MONGO_CONFIG = 'import os\n\nMONGO_URL = os.environ["MONGO_URL"]\n'
REDIS_BLACKLIST = """\
import redis.asyncio as redis
from fastapi import APIRouter

from app.config import settings

router = APIRouter()


@router.post("/logout")
async def logout(token: str) -> dict:
    cache = redis.from_url(settings.REDIS_URL, decode_responses=True)
    await cache.setex(f"blacklist:{token}", 3600, "1")
    return {"ok": True}
"""
REDIS_BLACKLIST_HIT = 11
REDIS_ONCE = """\
import redis.asyncio as redis
from fastapi import APIRouter

from app.config import settings

router = APIRouter()
cache = redis.from_url(settings.REDIS_URL, decode_responses=True)


@router.post("/logout")
async def logout(token: str) -> dict:
    await cache.setex(f"blacklist:{token}", 3600, "1")
    return {"ok": True}
"""

RAG_ROUTES = """\
import chromadb
from fastapi import FastAPI
from openai import AsyncOpenAI

app = FastAPI()
llm = AsyncOpenAI()


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    store = chromadb.PersistentClient(path="./chroma")
    notes = store.get_or_create_collection("notes").query(query_texts=[question], n_results=3)
    context = "\\n".join(notes["documents"][0])
    reply = await llm.responses.create(model="gpt-4o-mini", input=f"{context}\\n\\n{question}")
    return {"answer": reply.output_text}
"""
RAG_HIT = 11
RAG_ONCE = RAG_ROUTES.replace(
    "llm = AsyncOpenAI()\n",
    'llm = AsyncOpenAI()\nstore = chromadb.PersistentClient(path="./chroma")\n',
).replace('    store = chromadb.PersistentClient(path="./chroma")\n', "")

DATABASES_ROUTE = """\
from databases import Database
from fastapi import FastAPI

from app.config import DATABASE_URL

app = FastAPI()


@app.get("/reports")
async def list_reports() -> list[dict]:
    database = Database(DATABASE_URL)
    await database.connect()
    rows = await database.fetch_all("SELECT id, title FROM reports")
    await database.disconnect()
    return [dict(row) for row in rows]
"""
DATABASES_HIT = 11
DATABASES_SHARED = """\
from databases import Database
from fastapi import FastAPI

from app.config import DATABASE_URL

database = Database(DATABASE_URL)
app = FastAPI(on_startup=[database.connect], on_shutdown=[database.disconnect])


@app.get("/reports")
async def list_reports() -> list[dict]:
    rows = await database.fetch_all("SELECT id, title FROM reports")
    return [dict(row) for row in rows]
"""
REDIS_FACTORY = """\
from redis import Redis


def get_redis():
    return Redis(host="localhost", port=6379)
"""
REDIS_FACTORY_ONCE = """\
from functools import lru_cache

from redis import Redis


@lru_cache
def get_redis():
    return Redis(host="localhost", port=6379)
"""
CODE_SERVICE = """\
from app.core.redis import get_redis


def save_code(email: str, code: int) -> None:
    r = get_redis()
    r.setex(email, 300, code)


def read_code(email: str) -> bytes | None:
    r = get_redis()
    return r.get(email)
"""
CODE_SERVICE_HITS = (5, 10)
CODE_ROUTES = """\
from fastapi import APIRouter

from app.services.codes import read_code, save_code

router = APIRouter()


@router.post("/codes")
def send_code(email: str) -> dict:
    save_code(email, 1234)
    return {"sent": True}


@router.get("/codes/{email}")
def check_code(email: str, code: int) -> dict:
    return {"ok": read_code(email) == str(code).encode()}
"""
BAD = (
    Case(
        files={
            "app/core/redis.py": REDIS_FACTORY,
            "app/services/codes.py": CODE_SERVICE,
            "app/routes.py": CODE_ROUTES,
        },
        hits=tuple(("app/services/codes.py", line) for line in CODE_SERVICE_HITS),
        note="a helper that returns a new Redis client, called by each service function "
        "(corpus 90)",
    ),
    Case(
        files={"app/config.py": CONFIG, "app/main.py": DATABASES_ROUTE},
        hits=(("app/main.py", DATABASES_HIT),),
        note="the databases package's Database, a pool, made and connected for every request "
        "(corpus 64)",
    ),
    Case(
        files={"app/main.py": RAG_ROUTES},
        hits=(("app/main.py", RAG_HIT),),
        note="a vector store's client opened for every question",
    ),
    Case(
        files={"app/config.py": CONFIG, "app/auth.py": REDIS_BLACKLIST},
        hits=(("app/auth.py", REDIS_BLACKLIST_HIT),),
        note="a Redis client, a pool of its own, made for every logout (blind check corpus 48)",
    ),
    Case(
        files={"app/config.py": CONFIG, "app/db.py": DATABASE, "app/routes.py": BAD_ROUTES},
        hits=tuple(("app/routes.py", line) for line in BAD_HITS),
        note="a new pool on every request, made by the route or kept on the object it calls",
    ),
    Case(
        files={
            "app/config.py": MONGO_CONFIG,
            "app/db.py": MONGO_HELPERS,
            "app/service.py": MONGO_SERVICE,
            "app/routes.py": MONGO_ROUTES,
        },
        hits=(
            *(("app/db.py", line) for line in MONGO_HELPER_HITS),
            ("app/service.py", MONGO_SERVICE_HIT),
        ),
        note="a MongoDB client made on every call: by the helpers, and by the service class",
    ),
)
GOOD = (
    Case(
        files={
            "app/core/redis.py": REDIS_FACTORY_ONCE,
            "app/services/codes.py": CODE_SERVICE,
            "app/routes.py": CODE_ROUTES,
        },
        note="the same helper under lru_cache: one client for the app",
    ),
    Case(
        files={"app/config.py": CONFIG, "app/main.py": DATABASES_SHARED},
        note="one Database for the app, connected at start-up",
    ),
    Case(files={"app/main.py": RAG_ONCE}, note="the same client opened once, at import"),
    Case(
        files={"app/config.py": CONFIG, "app/auth.py": REDIS_ONCE},
        note="the same Redis client made once, at import",
    ),
    Case(
        files={"app/config.py": CONFIG, "app/db.py": DATABASE, "app/main.py": GOOD_MAIN},
        note="the same pool made once, in the lifespan",
    ),
    Case(
        files={
            "app/config.py": MONGO_CONFIG,
            "app/db.py": MONGO_ONCE,
            "app/service.py": MONGO_SERVICE_ONCE,
            "app/routes.py": MONGO_ROUTES,
        },
        note="the same clients made once: under lru_cache, in a global, and at import",
    ),
)
