"""MB104's cases: a user API's schemas and routes written with pydantic 1's API (validators,
``Config``, ``Field`` keywords, ``.dict()`` / ``parse_obj``) and the same on pydantic 2."""

SCHEMAS_V1 = """\
from pydantic import BaseModel, EmailStr, Field, validator


class UserBase(BaseModel):
    email: EmailStr
    nickname: str = Field(..., regex=r"^[a-z0-9_]{3,20}$")


class UserCreate(UserBase):
    password: str

    @validator("password")
    def strong_enough(cls, value: str) -> str:
        if len(value) < 8:
            raise ValueError("password must have at least 8 characters")
        return value


class UserRead(UserBase):
    id: int

    class Config:
        orm_mode = True


class Invite(BaseModel):
    emails: list[EmailStr] = Field(..., min_items=1)
    role: str = Field("member", const=True)
"""

ROUTES_V1 = """\
from fastapi import APIRouter

from app.schemas import UserCreate, UserRead

router = APIRouter()


@router.post("/users", response_model=UserRead)
async def create_user(payload: UserCreate) -> UserRead:
    data = payload.dict(exclude={"password"})
    return UserRead.parse_obj({"id": 1, **data})
"""

SCHEMAS_V2 = """\
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator


class UserBase(BaseModel):
    email: EmailStr
    nickname: str = Field(..., pattern=r"^[a-z0-9_]{3,20}$")


class UserCreate(UserBase):
    password: str

    @field_validator("password")
    @classmethod
    def strong_enough(cls, value: str) -> str:
        if len(value) < 8:
            raise ValueError("password must have at least 8 characters")
        return value


class UserRead(UserBase):
    model_config = ConfigDict(from_attributes=True)

    id: int


class Invite(BaseModel):
    emails: list[EmailStr] = Field(..., min_length=1)
    role: Literal["member"] = "member"
"""

ROUTES_V2 = """\
from fastapi import APIRouter

from app.schemas import UserCreate, UserRead

router = APIRouter()


@router.post("/users", response_model=UserRead)
async def create_user(payload: UserCreate) -> UserRead:
    data = payload.model_dump(exclude={"password"})
    settings = {"debug": True}.copy()
    return UserRead.model_validate({"id": 1, **data, **settings})
"""

BEANIE_V1 = """\
from beanie import Document
from pydantic import Field


class Product(Document):
    name: str
    price: float = Field(gt=0)

    class Config:
        schema_extra = {"example": {"name": "Mug", "price": 9.5}}

    class Settings:
        name = "products"
"""
"""A beanie Document is a pydantic model: its ``class Config`` is pydantic's v1 config, while
``class Settings`` is beanie's own."""
BEANIE_V1_HITS = (9,)

PACKAGE_MODEL = """\
from pydantic import BaseModel


class User(BaseModel):
    name: str
    email: str
"""
PACKAGE_INIT = "from .user import User\n"
PACKAGE_VIEWS = """\
from fastapi import APIRouter

from app.model import User

router = APIRouter()


@router.post("/users/")
async def create_user(user: User) -> dict:
    return user.dict()
"""
"""A model defined in ``app/model/user.py`` and imported from the package that re-exports it."""
