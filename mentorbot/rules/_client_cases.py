"""MB101's cases for sync Redis and MongoDB clients and Celery results (``_sync_clients``): a
shop whose async routes reach a ``redis.Redis`` cache and ``pymongo`` collections bound in other
modules, through a sync helper and through a parameter, wait for a Celery export and upload to
S3 with boto3; and the same shop on ``redis.asyncio`` and ``motor``, with the sync clients used
only from a sync route and a thread, that hands out the export's task id and reads its state.
Also a weather route on a ``requests.Session`` another module keeps, or one it opens itself, and
the same on ``httpx.AsyncClient``."""

CONFIG = """\
import os

REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")
MONGO_URL = os.getenv("MONGO_URL", "mongodb://localhost:27017")
"""

SYNC_CACHE = """\
import json

import redis

from app.config import REDIS_URL

redis_client = redis.Redis.from_url(REDIS_URL, decode_responses=True)


def cached_report(key: str) -> dict | None:
    raw = redis_client.get(f"report:{key}")
    return json.loads(raw) if raw else None
"""

SYNC_DB = """\
from pymongo import MongoClient

from app.config import MONGO_URL

client = MongoClient(MONGO_URL)
db = client["shop"]
products = db.get_collection("products")
"""

SYNC_CLIENT_ROUTES = """\
from fastapi import APIRouter, Depends, HTTPException, UploadFile
from redis import Redis

from app.cache import cached_report, redis_client
from app.db import db, products
from app.storage import receipts, s3
from app.tasks import build_export

router = APIRouter()


def get_redis() -> Redis:
    return redis_client


@router.get("/products/{sku}")
async def read_product(sku: str) -> dict:
    found = products.find_one({"sku": sku}, {"_id": False})
    if found is None:
        raise HTTPException(status_code=404)
    return found


@router.post("/orders")
async def create_order(order: dict) -> dict:
    db.orders.insert_one(order)
    redis_client.incr("orders:count")
    return {"ok": True}


@router.get("/reports/{key}")
async def report(key: str) -> dict:
    return cached_report(key) or {}


@router.get("/visits")
async def visits(cache: Redis = Depends(get_redis)) -> dict:
    return {"visits": cache.get("visits")}


@router.post("/exports")
async def export(kind: str) -> dict:
    job = build_export.delay(kind)
    return {"file": job.get(timeout=30)}


@router.post("/uploads")
async def upload(file: UploadFile) -> dict:
    s3.upload_fileobj(file.file, "shop-uploads", file.filename)
    receipts.put_object(Key=f"{file.filename}.txt", Body=b"received")
    params = {"Bucket": "shop-uploads", "Key": file.filename}
    return {"url": s3.generate_presigned_url("get_object", Params=params)}
"""
SYNC_CLIENT_HITS = (18, 26, 27, 33, 38, 44, 49, 50)

ASYNC_CACHE = """\
import json

from redis import asyncio as aioredis

from app.config import REDIS_URL

redis_client = aioredis.from_url(REDIS_URL, decode_responses=True)


async def cached_report(key: str) -> dict | None:
    raw = await redis_client.get(f"report:{key}")
    return json.loads(raw) if raw else None
"""

ASYNC_DB = """\
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import MongoClient

from app.config import MONGO_URL

client = AsyncIOMotorClient(MONGO_URL)
db = client["shop"]
products = db.get_collection("products")
archive = MongoClient(MONGO_URL)["archive"]["orders"]
"""

ASYNC_CLIENT_ROUTES = """\
import asyncio

from celery.result import AsyncResult
from fastapi import APIRouter, HTTPException, UploadFile

from app.cache import cached_report, redis_client
from app.db import archive, db, products
from app.storage import receipts, s3
from app.tasks import build_export

router = APIRouter()


@router.get("/products/{sku}")
async def read_product(sku: str) -> dict:
    found = await products.find_one({"sku": sku}, {"_id": False})
    if found is None:
        raise HTTPException(status_code=404)
    return found


@router.post("/orders")
async def create_order(order: dict) -> dict:
    await db.orders.insert_one(order)
    await redis_client.incr("orders:count")
    await asyncio.to_thread(archive.insert_one, dict(order))
    return {"ok": True}


@router.get("/reports/{key}")
async def report(key: str) -> dict:
    return await cached_report(key) or {}


@router.get("/archive/{order_id}")
def archived(order_id: str) -> dict:
    return archive.find_one({"order_id": order_id}) or {}


@router.get("/settings")
async def settings(overrides: dict) -> dict:
    merged = {"theme": "light"}
    merged.update(overrides)
    return {"theme": merged.get("theme")}


@router.post("/exports")
async def export(kind: str) -> dict:
    job = build_export.delay(kind)
    return {"task": job.id}


@router.get("/exports/{task_id}")
async def export_status(task_id: str) -> dict:
    result = AsyncResult(task_id)
    return {"state": result.state, "ready": result.ready()}


@router.post("/uploads")
async def upload(file: UploadFile) -> dict:
    await asyncio.to_thread(s3.upload_fileobj, file.file, "shop-uploads", file.filename)
    params = {"Bucket": "shop-uploads", "Key": file.filename}
    return {"url": s3.generate_presigned_url("get_object", Params=params)}


@router.post("/receipts")
def receipt(name: str) -> dict:
    receipts.put_object(Key=f"{name}.txt", Body=b"received")
    return {"saved": name}
"""

TASKS = """\
from celery import Celery

celery_app = Celery("shop", broker="redis://localhost:6379/1")


@celery_app.task
def build_export(kind: str) -> str:
    return f"exports/{kind}.csv"
"""

STORAGE = """\
import boto3

s3 = boto3.client("s3", region_name="eu-west-1")
receipts = boto3.resource("s3").Bucket("shop-receipts")
"""

SYNC_SERVICE = """\
from redis import Redis


class CacheService:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def remember(self, key: str, value: str) -> None:
        self.redis.set(key, value, ex=60)

    def forget(self, key: str) -> None:
        self.redis.delete(key)
"""
"""A service handed its client: the async method blocks, the sync one is fine."""

ASYNC_SERVICE = SYNC_SERVICE.replace(
    "from redis import Redis", "from redis.asyncio import Redis"
).replace("        self.redis.set(", "        await self.redis.set(")

HTTP_SESSION = """\
import requests

http = requests.Session()
http.headers["User-Agent"] = "weather-app"
"""

BAD_SESSION_ROUTES = """\
import requests
from fastapi import APIRouter

from app.http import http

router = APIRouter()


@router.get("/weather/{city}")
async def weather(city: str) -> dict:
    return http.get(f"https://api.example.com/weather/{city}", timeout=5).json()


@router.post("/alerts")
async def alert(message: str) -> dict:
    with requests.Session() as session:
        sent = session.post("https://hooks.example.com/alert", json={"text": message})
    return {"sent": sent.ok}
"""
BAD_SESSION_HITS = (11, 17)

GOOD_SESSION_ROUTES = """\
import httpx
from fastapi import APIRouter

from app.http import http

router = APIRouter()


@router.get("/weather/{city}")
async def weather(city: str) -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"https://api.example.com/weather/{city}", timeout=5)
    return response.json()


@router.get("/weather/{city}/sync")
def weather_sync(city: str) -> dict:
    return http.get(f"https://api.example.com/weather/{city}", timeout=5).json()
"""

S3_UPLOADS = """\
import boto3
from fastapi import FastAPI, UploadFile

app = FastAPI()


def get_client():
    s3 = boto3.client("s3", region_name="eu-west-1")
    return s3


def recursive_client():
    return recursive_client()


@app.post("/uploads")
async def upload(file: UploadFile) -> dict[str, str]:
    client = get_client()
    client.upload_fileobj(file.file, "uploads", file.filename or "upload")
    return {"saved": file.filename or "upload"}
"""
"""An S3 client made by a function of the module and used by an async route."""
S3_UPLOADS_HITS = (19,)
