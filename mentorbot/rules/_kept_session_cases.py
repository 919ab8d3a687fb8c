"""Cases of sessions a repository keeps on ``self``, its ``__init__`` in a base class of another
module: an async base whose subclass forgets ``await`` (MB109), the same base in a project whose
only engine is sync (the calls block: MB101 and MB111), and a base typed with a sync session."""

from __future__ import annotations

ASYNC_BASE = """\
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


class BaseRepository(Generic[T]):
    def __init__(self, session: AsyncSession, model: type[T]) -> None:
        self._session = session
        self._model = model
"""

SYNC_BASE = ASYNC_BASE.replace(
    "from sqlalchemy.ext.asyncio import AsyncSession", "from sqlalchemy.orm import Session"
).replace("session: AsyncSession", "session: Session")

REPOSITORY = """\
from sqlalchemy import select

from app.repositories.base import BaseRepository, T


class SQLAlchemyRepository(BaseRepository[T]):
    async def add(self, item: T) -> T:
        self._session.add(item)
        self._session.commit()
        self._session.refresh(item)
        return item

    async def get_by_id(self, item_id: int) -> T | None:
        result = self._session.execute(select(self._model).where(self._model.id == item_id))
        return result.scalar_one_or_none()

    async def remove(self, item: T) -> None:
        self._session.delete(item)
        self._session.commit()
"""
REPOSITORY_HITS = (9, 10, 14, 19)
"""``commit``, ``refresh``, ``execute`` and the last ``commit``: the calls that wait for the
database whichever kind the session is."""
REPOSITORY_UNAWAITED = (9, 10, 14, 18, 19)
"""With an ``AsyncSession`` its ``delete`` is a coroutine too."""

_REPOSITORY_CLASS = REPOSITORY[REPOSITORY.index("class SQLAlchemyRepository") :]
ONE_FILE_REPOSITORY = f"from sqlalchemy import select\n{ASYNC_BASE}\n\n{_REPOSITORY_CLASS}"
"""The base class and its subclass in one module."""
_SHIFT = ONE_FILE_REPOSITORY[: ONE_FILE_REPOSITORY.index("class SQLAlchemyRepository")].count(
    "\n"
) - REPOSITORY[: REPOSITORY.index("class SQLAlchemyRepository")].count("\n")
ONE_FILE_UNAWAITED = tuple(line + _SHIFT for line in REPOSITORY_UNAWAITED)
ONE_FILE_HITS = tuple(line + _SHIFT for line in REPOSITORY_HITS)

GOOD_REPOSITORY = (
    REPOSITORY.replace("        self._session.commit()", "        await self._session.commit()")
    .replace("        self._session.refresh(", "        await self._session.refresh(")
    .replace("result = self._session.execute(", "result = await self._session.execute(")
    .replace("        self._session.delete(", "        await self._session.delete(")
)

ASYNC_DATABASE = """\
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://blog@localhost/blog")
SessionFactory = async_sessionmaker(engine, expire_on_commit=False)
"""

SYNC_DATABASE = """\
from sqlmodel import Session, create_engine

engine = create_engine("sqlite:///./blog.db")


def get_session() -> Session:
    return Session(engine)
"""
SYNC_DATABASE_ENGINE_LINE = 3


def project(base: str, repository: str, database: str) -> dict[str, str]:
    return {
        "app/repositories/base.py": base,
        "app/repositories/sqlalchemy.py": repository,
        "app/database.py": database,
    }
