"""MB101's cases for sync clients kept on the app or a class: the MongoDB client a startup
hook hangs on the app, queried through ``request.app`` in async routes (against the same routes
over motor's async client, or as sync routes), a Qdrant client a route first binds to a local,
and a Redis client kept as a class attribute."""

from mentorbot.rules.base import Case

PEOPLE_APP = """\
from dotenv import dotenv_values
from fastapi import FastAPI
from pymongo import MongoClient

from app.people import router

config = dotenv_values(".env")
app = FastAPI()
app.include_router(router, prefix="/people")


@app.on_event("startup")
def startup_db_client() -> None:
    app.mongodb_client = MongoClient(config["ATLAS_URI"])
    app.database = app.mongodb_client[config["DB_NAME"]]
"""
"""The client MongoDB's FastAPI tutorial hangs on the app at startup."""

PEOPLE_ROUTES = """\
from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/search")
async def search_people(name: str, request: Request) -> list[dict]:
    found = request.app.database["people"].find({"name": {"$regex": name}}, limit=100)
    return list(found)


@router.get("/{person_id}")
async def find_person(person_id: str, request: Request) -> dict | None:
    return request.app.database["people"].find_one({"_id": person_id})
"""
PEOPLE_HITS = (("app/people.py", 8), ("app/people.py", 14))

SHOP_LIFESPAN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from motor.motor_asyncio import AsyncIOMotorClient

from app.people import router


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.client = AsyncIOMotorClient("mongodb://localhost:27017")
    app.database = app.state.client["people"]
    yield
    app.state.client.close()


app = FastAPI(lifespan=lifespan)
app.include_router(router, prefix="/people")
"""
"""The same routes over motor's async client, whose requests do not block the loop."""

CLASS_CACHE = """\
import pickle

import redis


class AuthService:
    cache = redis.Redis(host="redis", port=6379, db=0)

    async def current_user(self, email: str) -> dict:
        cached = self.cache.get(f"user:{email}")
        if cached is None:
            user = {"email": email}
            self.cache.set(f"user:{email}", pickle.dumps(user))
            return user
        return pickle.loads(cached)
"""
CLASS_CACHE_HITS = (10, 13)
"""A sync Redis client kept as a class attribute, read through ``self`` in a coroutine (blind
check corpus 69)."""

QDRANT_LIFESPAN = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from qdrant_client import QdrantClient

from app.search import router


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.qdrant = QdrantClient(url="http://localhost:6333")
    yield
    app.state.qdrant.close()


app = FastAPI(lifespan=lifespan)
app.include_router(router)
"""

QDRANT_ROUTES = """\
from fastapi import APIRouter, Request
from qdrant_client import QdrantClient

router = APIRouter()


@router.get("/collections/{name}")
async def collection_info(name: str, request: Request) -> dict:
    client: QdrantClient = request.app.state.qdrant
    info = client.get_collection(name)
    return {"points": info.points_count}


@router.post("/search")
async def search(request: Request, vector: list[float]) -> list[dict]:
    store = request.app.state.qdrant
    hits = store.search(collection_name="docs", query_vector=vector, limit=5)
    return [hit.payload for hit in hits]


@router.get("/health")
async def health(request: Request) -> dict:
    store = request.app.state.qdrant
    store = None
    return {"ok": store is None}
"""
QDRANT_HITS = (("app/search.py", 10), ("app/search.py", 17))
"""A route that first binds the app's client to a local, annotated or not (blind check c101:
eight such requests in one LlamaIndex/Qdrant app); the local is only the client until it is
bound again."""

BAD = (
    Case(
        files={"app/main.py": PEOPLE_APP, "app/people.py": PEOPLE_ROUTES},
        hits=PEOPLE_HITS,
        note="a sync MongoClient hung on the app at startup, queried through request.app",
    ),
    Case(
        files={"app/main.py": QDRANT_LIFESPAN, "app/search.py": QDRANT_ROUTES},
        hits=QDRANT_HITS,
        note="a sync QdrantClient on app.state, bound to a local in the route first",
    ),
    Case(
        files={"app/services/auth.py": CLASS_CACHE},
        hits=tuple(("app/services/auth.py", line) for line in CLASS_CACHE_HITS),
        note="a sync Redis client kept as a class attribute, read through self",
    ),
)
GOOD = (
    Case(
        files={
            "app/main.py": PEOPLE_APP,
            "app/people.py": PEOPLE_ROUTES.replace("async def", "def"),
        }
    ),
    Case(files={"app/main.py": SHOP_LIFESPAN, "app/people.py": PEOPLE_ROUTES}),
    Case(
        files={
            "app/main.py": QDRANT_LIFESPAN,
            "app/search.py": QDRANT_ROUTES.replace("async def", "def"),
        }
    ),
)
