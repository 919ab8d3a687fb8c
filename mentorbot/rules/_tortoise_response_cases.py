"""MB102 cases on Tortoise ORM: the model class answers its own queries (``await Item.all()``,
``Item.get(id=1)``), and a model may subclass another concrete one."""

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
