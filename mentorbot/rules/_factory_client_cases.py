"""MB101's cases for sync helpers that take their client from another module's factory: a rate
limiter whose ``hit`` and ``is_blocked`` call ``get_redis_client()`` of ``app.redis_client`` and
count requests on it, called from an async route and from a middleware; and the same limiter
on ``redis.asyncio``, awaited, with a sync route left to FastAPI's threads. Also a client made
by a wrapper class's method, ``RedisClient().connect()`` (blind check b2), on redis-py and on
``redis.asyncio``."""

from mentorbot.rules.base import Case

SYNC_FACTORY = """\
import redis

from app.config import settings


def get_redis_client() -> redis.Redis:
    return redis.Redis(host=settings.redis_host, port=6379, decode_responses=True)
"""

SYNC_LIMITER = """\
import os

from app.redis_client import get_redis_client

WINDOW = 60


def hit(ip: str) -> int:
    client = get_redis_client()
    count = client.incr(f"hits:{ip}")
    if count == 1:
        client.expire(f"hits:{ip}", WINDOW)
    return count


def is_blocked(ip: str) -> bool:
    return get_redis_client().exists(f"blocked:{ip}") == 1


def has_allow_list(folder: str) -> bool:
    return os.path.exists(os.path.join(folder, "allow.txt"))
"""

LIMITED_ROUTES = """\
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from app.limiter import has_allow_list, hit, is_blocked

app = FastAPI()


@app.middleware("http")
async def block_listed(request: Request, call_next):
    if is_blocked(request.client.host):
        return JSONResponse({"detail": "blocked"}, status_code=403)
    return await call_next(request)


@app.get("/ping")
async def ping(request: Request) -> dict:
    if hit(request.client.host) > 10:
        raise HTTPException(status_code=429, detail="slow down")
    return {"ok": True, "allow_list": has_allow_list("config")}
"""
LIMITED_HITS = (11, 18)

ASYNC_FACTORY = """\
from redis import asyncio as aioredis

from app.config import settings


def get_redis_client() -> aioredis.Redis:
    return aioredis.Redis(host=settings.redis_host, port=6379, decode_responses=True)
"""

ASYNC_LIMITER = """\
from app.redis_client import get_redis_client

WINDOW = 60


async def hit(ip: str) -> int:
    client = get_redis_client()
    count = await client.incr(f"hits:{ip}")
    if count == 1:
        await client.expire(f"hits:{ip}", WINDOW)
    return count


def is_blocked(ip: str) -> bool:
    return get_redis_client().exists(f"blocked:{ip}") == 1
"""

ASYNC_ROUTES = """\
from fastapi import FastAPI, HTTPException, Request

from app.limiter import hit, is_blocked

app = FastAPI()


@app.get("/ping")
async def ping(request: Request) -> dict:
    if await hit(request.client.host) > 10:
        raise HTTPException(status_code=429, detail="slow down")
    return {"ok": True}


@app.get("/blocked/{ip}")
def blocked(ip: str) -> dict:
    return {"blocked": is_blocked(ip)}
"""

CONFIG = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    redis_host: str = "localhost"


settings = Settings()
"""

SYNC_WRAPPER = """\
import redis


class RedisClient:
    def __init__(self, url: str = "redis://localhost:6379/0") -> None:
        self.url = url

    def connect(self) -> redis.Redis:
        return redis.from_url(self.url)
"""

WRAPPED_ROUTES = """\
from fastapi import FastAPI

from app.redis_client import RedisClient

app = FastAPI()
client = RedisClient().connect()


@app.get("/items/{key}")
async def read_item(key: str) -> dict:
    return {"value": client.get(key)}
"""
WRAPPED_HITS = (11,)

ASYNC_WRAPPER = SYNC_WRAPPER.replace("import redis", "from redis import asyncio as redis")

AWAITED_WRAPPED_ROUTES = WRAPPED_ROUTES.replace("client.get(key)", "await client.get(key)")

BAD = (
    Case(
        files={
            "app/config.py": CONFIG,
            "app/redis_client.py": SYNC_FACTORY,
            "app/limiter.py": SYNC_LIMITER,
            "app/main.py": LIMITED_ROUTES,
        },
        hits=tuple(("app/main.py", line) for line in LIMITED_HITS),
        note="sync helpers counting requests on the Redis client another module's factory makes",
    ),
    Case(
        files={"app/redis_client.py": SYNC_WRAPPER, "app/main.py": WRAPPED_ROUTES},
        hits=tuple(("app/main.py", line) for line in WRAPPED_HITS),
        note="a request on the sync Redis client another module's wrapper class hands out",
    ),
)
GOOD = (
    Case(
        files={
            "app/config.py": CONFIG,
            "app/redis_client.py": ASYNC_FACTORY,
            "app/limiter.py": ASYNC_LIMITER,
            "app/main.py": ASYNC_ROUTES,
        },
        note="the same limiter on redis.asyncio, awaited; a sync route may call a sync helper",
    ),
    Case(
        files={"app/redis_client.py": ASYNC_WRAPPER, "app/main.py": AWAITED_WRAPPED_ROUTES},
        note="the wrapper class on redis.asyncio, its client's requests awaited",
    ),
)
