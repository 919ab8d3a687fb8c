"""Dependency injection through ``Annotated`` aliases: FastAPI's documented way to reuse a
dependency, which the skill matrix must count as reuse (blind check b1: an alias used by 12
routes left the cell at ⚠️)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.assess.scenarios import cites, plan_files

DEPS = b"""\
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session

SessionDep = Annotated[AsyncSession, Depends(get_session)]
"""

ROUTES = b"""\
from fastapi import APIRouter
from sqlalchemy import select

from app.deps import SessionDep
from app.models import Item

router = APIRouter()


@router.get("/items")
async def list_items(session: SessionDep):
    return (await session.scalars(select(Item))).all()


@router.get("/items/{item_id}")
async def get_item(item_id: int, session: SessionDep):
    return await session.get(Item, item_id)
"""

LOCAL_ALIAS = b"""\
from typing import Annotated

from fastapi import APIRouter, Depends

from app.db import get_session

router = APIRouter()
SessionDep = Annotated[object, Depends(get_session)]


@router.get("/users")
async def list_users(session: SessionDep):
    return []


@router.get("/orders")
async def list_orders(session: SessionDep):
    return []
"""


@pytest.mark.parametrize(
    ("sources", "alias", "uses"),
    [
        ({"app/deps.py": DEPS, "app/routes.py": ROUTES}, "app/deps.py:8", [11, 16]),
        ({"app/routes.py": LOCAL_ALIAS}, "app/routes.py:8", [12, 17]),
    ],
    ids=["imported alias", "alias in the routes' module"],
)
def test_a_dependency_reused_through_an_alias_is_reuse(
    tmp_path: Path, sources: dict[str, bytes], alias: str, uses: list[int]
) -> None:
    planned = plan_files(tmp_path, sources)
    injection = next(a for a in planned.skills.areas if a.key == "dependency-injection")

    assert injection.best_practice.level == "good"
    assert cites(injection.best_practice)[:2] == [alias, f"app/routes.py:{uses[0]}"]
    # Two routes take the session: two uses, the alias's own Depends being its definition.
    assert cites(injection.practice) == [f"app/routes.py:{line}" for line in uses]


def test_an_alias_used_once_is_no_reuse(tmp_path: Path) -> None:
    once = ROUTES.split(b'\n\n\n@router.get("/items/{item_id}")')[0] + b"\n"
    planned = plan_files(tmp_path, {"app/deps.py": DEPS, "app/routes.py": once})
    injection = next(a for a in planned.skills.areas if a.key == "dependency-injection")

    assert injection.best_practice.level == "partial"
    assert cites(injection.practice) == ["app/routes.py:11"]
