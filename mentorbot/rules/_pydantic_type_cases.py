"""MB104's cases of a custom type (MongoDB's ``ObjectId`` made a pydantic field type) written with
pydantic 1's hooks, which pydantic 2 never calls: reported on pydantic 2, right on pydantic 1."""

from __future__ import annotations

from mentorbot.rules.base import Case

OBJECT_ID_TYPE = """\
from bson import ObjectId
from pydantic import BaseModel, Field


class PyObjectId(ObjectId):
    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def validate(cls, value):
        if not ObjectId.is_valid(value):
            raise ValueError("invalid id")
        return ObjectId(value)

    @classmethod
    def __modify_schema__(cls, field_schema):
        field_schema.update(type="string")


class Link(BaseModel):
    id: PyObjectId = Field(default_factory=PyObjectId, alias="_id")
    url: str
"""

UNTYPED_CRUD = """\
from app.models import Product


def update_product(db, product, product_update):
    update_data = product_update.dict(exclude_unset=True)
    for key, value in update_data.items():
        setattr(product, key, value)
    db.commit()
    return product


def as_row(values):
    return dict(values).copy()


def snapshot(payload):
    return payload.json()
"""
"""``.dict(exclude_unset=True)`` on a parameter with no annotation: an option only pydantic's
``.dict()`` takes; a bare ``.json()`` or ``.copy()`` could be anything's (corpus 95)."""

BAD = (
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "app/crud.py": UNTYPED_CRUD,
        },
        hits=(("app/crud.py", 5),),
        note="a pydantic-only option of .dict() on an unannotated receiver",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.11.7\n",
            "app/ids.py": OBJECT_ID_TYPE,
        },
        hits=(("app/ids.py", 7), ("app/ids.py", 17)),
        note="a custom type's pydantic 1 hooks, which pydantic 2 never calls",
    ),
)
GOOD = (
    Case(
        files={"requirements.txt": "pydantic==1.10.13\n", "app/ids.py": OBJECT_ID_TYPE},
        note="the same hooks are pydantic 1's own way",
    ),
)
