"""MB102's cases of ORM users answered through the project's response helper: a CRUD
function's user handed to ``success_response(..., data=user)``, which serialises it with
``jsonable_encoder``; beside them a helper that leaves that argument out of its answer, and a
schema made from the user before it is handed over."""

from __future__ import annotations

from mentorbot.rules._orm_response_cases import USER_MODELS
from mentorbot.rules.base import Case

RESPONSES = """\
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse


def success_response(message: str = "success", data=None):
    content = {"code": 200, "message": message, "data": data}
    return JSONResponse(content=jsonable_encoder(content), status_code=200)


def error_response(message: str, data=None):
    return JSONResponse(content={"code": 400, "message": message}, status_code=400)
"""
USER_CRUD = """\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def get_user(db: AsyncSession, email: str) -> User | None:
    result = await db.execute(select(User).where(User.email == email))
    return result.scalar_one_or_none()
"""
USER_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app import crud
from app.database import get_db
from app.schemas import UserOut
from app.utils.response import error_response, success_response

router = APIRouter()


@router.get("/users/{email}")
async def read_user(email: str, db: AsyncSession = Depends(get_db)):
    user = await crud.get_user(db, email)
    return success_response("found", data=user)


@router.get("/users/{email}/raw")
async def read_user_raw(email: str, db: AsyncSession = Depends(get_db)):
    return success_response("found", await crud.get_user(db, email))


@router.get("/users/{email}/public")
async def read_user_public(email: str, db: AsyncSession = Depends(get_db)):
    user = await crud.get_user(db, email)
    return success_response("found", data=UserOut.model_validate(user))


@router.delete("/users/{email}")
async def delete_user(email: str, db: AsyncSession = Depends(get_db)):
    user = await crud.get_user(db, email)
    return error_response("cannot delete", data=user)
"""
USER_ROUTES_HITS = (15, 20)

JSEND = """\
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse


def jsend_response(status: str = "success", data: Any = None, message: str | None = None):
    payload = {"status": status}
    if data is not None:
        payload["data"] = data
    if message:
        payload["message"] = message
    return JSONResponse(content=jsonable_encoder(payload))


def plain_answer(data: Any = None) -> dict:
    return {"status": "success", "data": data}
"""
USER_SERVICE = """\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


class UserService:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def list_users(self) -> list[User]:
        result = await self.db.execute(select(User))
        return list(result.scalars().all())

    async def get_user(self, user_id: int) -> User | None:
        return await self.db.get(User, user_id)
"""
JSEND_ROUTES = """\
from fastapi import APIRouter, Depends

from app.dependencies import get_user_service
from app.schemas import UserOut
from app.services import UserService
from app.utils.response import jsend_response, plain_answer

router = APIRouter()


@router.get("/users", response_model=list[UserOut])
async def list_users(service: UserService = Depends(get_user_service)):
    return jsend_response(data={"users": await service.list_users()})


@router.get("/users/{user_id}")
async def read_user(user_id: int, service: UserService = Depends(get_user_service)):
    user = await service.get_user(user_id)
    return jsend_response(data={"user": user})


@router.get("/users/{user_id}/public", response_model=UserOut)
async def read_public(user_id: int, service: UserService = Depends(get_user_service)):
    user = await service.get_user(user_id)
    return plain_answer(data={"user": user})
"""
"""A JSend helper builds its payload key by key and sends a ``JSONResponse``, which no
``response_model`` filters: the user list goes out with its password hashes although the route
declares ``list[UserOut]`` (blind check corpus 92). A helper that answers with a dict leaves the
response model to filter it."""
JSEND_ROUTES_HITS = (13, 19)
BAD = (
    Case(
        files={
            "app/models.py": USER_MODELS,
            "app/crud.py": USER_CRUD,
            "app/utils/response.py": RESPONSES,
            "app/routes/users.py": USER_ROUTES,
        },
        hits=tuple(("app/routes/users.py", line) for line in USER_ROUTES_HITS),
        note="ORM users handed to a response helper that serialises them with jsonable_encoder",
    ),
    Case(
        files={
            "app/models.py": USER_MODELS,
            "app/services.py": USER_SERVICE,
            "app/utils/response.py": JSEND,
            "app/routes/users.py": JSEND_ROUTES,
        },
        hits=tuple(("app/routes/users.py", line) for line in JSEND_ROUTES_HITS),
        note="ORM users in a dict handed to a helper whose JSONResponse bypasses response_model",
    ),
)
