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
)
