"""MB101's case for MongoDB collections a router derives at its top level from the client
another module makes (``db = client.get_database(...)``, ``users = db["users"]``): each
request through them waits on the server on the loop's thread."""

from __future__ import annotations

from mentorbot.rules.base import Case

DATABASE = """\
import os

from pymongo.mongo_client import MongoClient

client = MongoClient(os.environ["MONGO_URI"])
"""
USER_ROUTES = """\
from fastapi import APIRouter

from ..database import client

router = APIRouter()
db = client.get_database("chat_application")
user_collection = db["users"]


@router.get("/users")
async def list_users() -> dict:
    users = list(user_collection.find({}, {"_id": 0}))
    return {"users": users}


@router.post("/signin")
async def signin(username: str) -> dict:
    if user_collection.count_documents({"username": username}):
        return {"created": False}
    user_collection.insert_one({"username": username})
    return {"created": True}
"""
USER_HITS = (12, 18, 20)

BAD = (
    Case(
        files={"app/database.py": DATABASE, "app/routers/users.py": USER_ROUTES},
        hits=tuple(("app/routers/users.py", line) for line in USER_HITS),
        note="collections a router derives at import from the client another module makes",
    ),
)
