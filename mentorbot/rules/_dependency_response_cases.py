"""MB102 cases on a model a dependency provides: ``/me`` answering with the user its
``get_current_user`` dependency loaded (``db.query(User).get(user_id)``, the legacy query API)
sends the password hash with it."""

from __future__ import annotations

from mentorbot.rules._orm_response_cases import USER_MODELS
from mentorbot.rules.base import Case

DEPS = """\
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from core.database import get_db
from core.security import user_id_of
from models.user import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login")


def get_current_user(token: str = Depends(oauth2_scheme), db: Session = Depends(get_db)):
    user = db.query(User).get(user_id_of(token))
    if not user:
        raise HTTPException(status_code=401, detail="User not found")
    return user
"""

ROUTES = """\
from typing import Annotated

from fastapi import APIRouter, Depends

from core.deps import get_current_user
from models.user import User
from schemas.user import UserRead

router = APIRouter()


@router.get("/me")
def get_me(current_user=Depends(get_current_user)):
    return current_user


@router.get("/me/profile")
def profile(user: Annotated[User, Depends(get_current_user)]):
    return user


@router.get("/me/public", response_model=UserRead)
def public_profile(current_user=Depends(get_current_user)):
    return current_user
"""
ROUTES_HITS = (14, 19)

ANNOTATED_ROUTES = """\
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth import get_current_user
from backend.db import get_session
from models.user import User

router = APIRouter()


@router.get("/users/me")
async def read_users_me(current_user: Annotated[User, Depends(get_current_user)]):
    return current_user


@router.get("/users/first")
async def first_user(session: Annotated[AsyncSession, Depends(get_session)]):
    user = await session.scalar(select(User))
    return user
"""
ANNOTATED_ROUTES_HITS = (16, 22)
"""The class named in ``Annotated[User, Depends(...)]``, whatever the dependency returns, and
the first row ``session.scalar(select(User))`` gives (corpus 83)."""

BAD = (
    Case(
        files={"models/user.py": USER_MODELS, "backend/urls/users.py": ANNOTATED_ROUTES},
        hits=tuple(("backend/urls/users.py", line) for line in ANNOTATED_ROUTES_HITS),
        note="a user annotated through Annotated, and one session.scalar(select(User)) gives",
    ),
    Case(
        files={"models/user.py": USER_MODELS, "core/deps.py": DEPS, "routers/auth.py": ROUTES},
        hits=tuple(("routers/auth.py", line) for line in ROUTES_HITS),
        note="the current user a dependency loads, returned by routes without a response model",
    ),
)
