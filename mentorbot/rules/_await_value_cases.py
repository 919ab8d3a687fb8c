"""MB109's cases of a coroutine tested or read where it is made: a login that checks
``if verify_user(...)`` (a coroutine is always true, so every password passes), a lookup
compared with ``None`` and a field read off the call; beside the same code awaiting."""

from __future__ import annotations

USERS = """\
from motor.motor_asyncio import AsyncIOMotorClient

users = AsyncIOMotorClient("mongodb://localhost:27017").shop.users


async def verify_user(email: str, password_hash: str) -> bool:
    return await users.find_one({"email": email, "password": password_hash}) is not None


async def find_user(email: str) -> dict | None:
    return await users.find_one({"email": email})
"""

LOGIN_ROUTES = """\
from fastapi import APIRouter, HTTPException

from app.users import find_user, verify_user

router = APIRouter()


@router.post("/login")
async def login(email: str, password_hash: str) -> dict:
    if verify_user(email, password_hash):
        return {"token": email}
    raise HTTPException(status_code=401, detail="Wrong login details")


@router.get("/users/{email}")
async def read_user(email: str) -> dict:
    if find_user(email) is None:
        raise HTTPException(status_code=404, detail="No such user")
    return {"email": email, "name": find_user(email)["name"]}
"""
LOGIN_HITS = (10, 17, 19)

GOOD_LOGIN_ROUTES = (
    LOGIN_ROUTES.replace("if verify_user(", "if await verify_user(")
    .replace(
        "    if find_user(email) is None:",
        "    user = await find_user(email)\n    if user is None:",
    )
    .replace('find_user(email)["name"]', 'user["name"]')
)
