"""Cases of a session helper that returns the session it makes (``def get_db(): return
SessionLocal()``): each call opens a session (MB103), and queries on it from async code block
the loop (MB101), also through a service's class-level repository."""

from __future__ import annotations

from mentorbot.rules.base import Case

DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

engine = create_engine("postgresql://app@localhost/shop")
session_local = sessionmaker(autocommit=False, autoflush=False, bind=engine)


class Base(DeclarativeBase):
    pass


class UserEntity(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    nickname: Mapped[str]


def get_db():
    database = session_local()
    try:
        return database
    finally:
        database.close()
"""

REPOSITORY = """\
from app.database import UserEntity, get_db


class AuthRepository:
    def login(self, nickname: str) -> UserEntity | None:
        with get_db() as db:
            return db.query(UserEntity).filter(UserEntity.nickname == nickname).first()


def count_users() -> int:
    db = get_db()
    return db.query(UserEntity).count()
"""
REPOSITORY_HITS = (("app/repository.py", 6), ("app/repository.py", 11))

SERVICE = """\
from pydantic import BaseModel

from app.repository import AuthRepository


class AuthService(BaseModel):
    __auth_repository: AuthRepository = AuthRepository()

    def login(self, nickname: str) -> dict:
        user = self.__auth_repository.login(nickname)
        return {"found": user is not None}
"""

ROUTES = """\
from fastapi import APIRouter, Depends

from app.repository import count_users
from app.service import AuthService

router = APIRouter()


@router.post("/login")
async def login(nickname: str, auth_service: AuthService = Depends(AuthService)) -> dict:
    return auth_service.login(nickname)


@router.get("/users/count")
async def users_count() -> dict:
    return {"count": count_users()}
"""
ROUTES_HITS = (("app/routes.py", 11), ("app/routes.py", 16))

FILES = {
    "app/database.py": DATABASE,
    "app/repository.py": REPOSITORY,
    "app/service.py": SERVICE,
    "app/routes.py": ROUTES,
}

BLOCKING_BAD = (
    Case(
        files=FILES,
        hits=ROUTES_HITS,
        note="queries on sessions a helper returns, from async routes, one through a service's "
        "class-level repository",
    ),
)
SESSION_BAD = (
    Case(
        files=FILES,
        hits=REPOSITORY_HITS,
        note="a repository opening sessions with a helper that returns one",
    ),
)
