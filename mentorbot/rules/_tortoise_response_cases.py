"""MB102 cases on models found through their class: Tortoise's model answers its own queries
(``await Item.all()``, ``Item.get(id=1)``) and may subclass another concrete one; a base DAO
selects ``cls.model``, the model each subclass sets."""

from __future__ import annotations

from mentorbot.rules.base import Case

MODELS = """\
from tortoise import fields
from tortoise.models import Model


class Item(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)


class Level(Item):
    rank = fields.IntField(default=1)
"""

CRUD = """\
from models import Level


async def create_level(name: str, rank: int) -> Level:
    return await Level.create(name=name, rank=rank)


async def level_names() -> list[dict]:
    return await Level.all().values("name")
"""

BAD_ROUTES = """\
from fastapi import APIRouter, HTTPException

from crud import create_level
from models import Item

router = APIRouter()


@router.get("/items")
async def list_items():
    return await Item.all()


@router.get("/items/{item_id}")
async def get_item(item_id: int):
    item = await Item.get_or_none(id=item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return item


@router.post("/levels")
async def add_level(name: str, rank: int):
    return await create_level(name, rank)
"""

GOOD_ROUTES = """\
from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from crud import level_names
from models import Item

router = APIRouter()


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


@router.get("/items", response_model=list[ItemOut])
async def list_items():
    return await Item.filter(name__isnull=False).order_by("name")


@router.get("/items/count")
async def count_items():
    return {"count": await Item.all().count()}


@router.get("/levels/names")
async def names():
    return await level_names()
"""

BAD = (
    Case(
        files={"models.py": MODELS, "crud.py": CRUD, "routes.py": BAD_ROUTES},
        hits=(("routes.py", 11), ("routes.py", 19), ("routes.py", 24)),
        note="Tortoise models returned from their own queries, and a model on another model "
        "returned through a CRUD function",
    ),
)
GOOD = (
    Case(
        files={"models.py": MODELS, "crud.py": CRUD, "routes.py": GOOD_ROUTES},
        note="a response model over the query; a count; rows as dicts (values())",
    ),
)

BASE_DAO = """\
from sqlalchemy import select

from app.database import async_session_maker


class BaseDAO:
    model = None

    @classmethod
    async def find_all(cls, **filters):
        async with async_session_maker() as session:
            query = select(cls.model).filter_by(**filters)
            result = await session.execute(query)
            return result.scalars().all()
"""
USERS_DAO = """\
from app.dao.base import BaseDAO
from app.users.models import Users


class UsersDao(BaseDAO):
    model = Users
"""
USERS_MODELS = """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Users(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    hashed_password: Mapped[str]
"""
DAO_ROUTES = """\
from fastapi import FastAPI

from app.users.dao import UsersDao

app = FastAPI()


@app.get("/all_users")
async def all_users():
    return await UsersDao.find_all()
"""
DAO_BAD = (
    Case(
        files={
            "app/dao/base.py": BASE_DAO,
            "app/users/dao.py": USERS_DAO,
            "app/users/models.py": USERS_MODELS,
            "app/main.py": DAO_ROUTES,
        },
        hits=(("app/main.py", 10),),
        note="a DAO whose base class selects cls.model, the model each subclass sets",
    ),
    Case(
        files={
            "dao/base.py": BASE_DAO,
            "users/dao.py": USERS_DAO,
            "users/models.py": USERS_MODELS,
            "main.py": DAO_ROUTES,
        },
        hits=(("main.py", 10),),
        note="the same in a repo that is itself the app package (imports say app.users.dao)",
    ),
)
