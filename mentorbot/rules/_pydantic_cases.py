"""MB104's cases: a user API's schemas and routes written with pydantic 1's API (validators,
``Config``, ``Field`` keywords, ``.dict()`` / ``parse_obj``) and the same on pydantic 2."""

from __future__ import annotations

from mentorbot.rules import _document_method_cases as document_cases
from mentorbot.rules import _pydantic_module_cases as module_cases
from mentorbot.rules import _pydantic_type_cases as type_cases
from mentorbot.rules.base import Case

SCHEMAS_V1 = """\
from pydantic import BaseModel, EmailStr, Field, constr, validator


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


class Contact(BaseModel):
    phone: constr(regex=r"^\\+?[0-9]{10,13}$")
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

"""Schemas on a base of another module, one of them two steps down: pydantic models the file
alone cannot tell."""
"""``.dict()`` on the parameter inside the assignment that rebinds its name to an ORM row."""

RECOMMEND_SCHEMAS = """\
from pydantic import BaseModel


class QuizAnswer(BaseModel):
    scent: str
    mood: str


class UserInput(BaseModel):
    name: str
    quiz_answers: QuizAnswer


class Precedence(BaseModel):
    before: str
    after: str
"""
RECOMMEND_ROUTES = """\
from typing import List, Optional

from fastapi import APIRouter

from app.schemas import Precedence, UserInput

router = APIRouter()


@router.post("/recommend")
async def recommend(user_input: UserInput) -> dict:
    quiz_answers = user_input.quiz_answers.dict()
    return {"name": user_input.name, "answers": quiz_answers}


def plan_payload(precedences: Optional[List[Precedence]] = None) -> dict:
    return {"precedences": [p.dict() for p in precedences] if precedences else []}
"""

GENERIC_REPOSITORY = """\
from beanie import PydanticObjectId
from pydantic import BaseModel


class Database:
    def __init__(self, model):
        self.model = model

    async def update(self, id: PydanticObjectId, body: BaseModel):
        fields = {k: v for k, v in body.dict().items() if v is not None}
        doc = await self.model.get(id)
        await doc.update({"$set": fields})
        return doc
"""

SETTINGS_ENV_FIELD = """\
from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    secret_key: str = Field(..., env="SECRET_KEY", repr=False)
    debug: bool = Field(False, validation_alias="APP_DEBUG")
"""
"""A field naming its variable with v1's ``env=``, beside a v2 one (blind check corpus 56)."""

USERS_SCHEMAS = """\
import uuid

from fastapi_users import schemas


class UserRead(schemas.BaseUser[uuid.UUID]):
    name: str


class UserUpdate(schemas.BaseUserUpdate):
    name: str | None = None


def changes(update: UserUpdate) -> dict:
    return update.dict(exclude_unset=True)
"""
"""fastapi-users' user schemas are pydantic models: ``.dict()`` on one is v1 API (corpus 76)."""
BAD = (
    *type_cases.BAD,
    *document_cases.BAD,
    *module_cases.BAD,
    Case(
        files={"requirements.txt": "fastapi-users==13.0.0\n", "app/schemas.py": USERS_SCHEMAS},
        hits=(("app/schemas.py", 15),),
        note="a fastapi-users schema's .dict()",
    ),
    Case(
        files={
            "requirements.txt": "pydantic==2.9.2\npydantic-settings==2.5.2\n",
            "startup/config.py": SETTINGS_ENV_FIELD,
        },
        hits=(("startup/config.py", 6),),
        note="env= on a settings field, which pydantic 2 ignores",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\nbeanie==1.26.0\npydantic==2.9.2\n",
            "database/connection.py": GENERIC_REPOSITORY,
        },
        hits=(("database/connection.py", 10),),
        note="a value typed as pydantic's own BaseModel, in a helper for every model",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "app/schemas.py": RECOMMEND_SCHEMAS,
            "app/routes.py": RECOMMEND_ROUTES,
        },
        hits=(("app/routes.py", 12), ("app/routes.py", 17)),
        note="a nested model's .dict() through its parent's field, and the items of a "
        "parameter typed as a list of models",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "app/model/user.py": PACKAGE_MODEL,
            "app/model/__init__.py": PACKAGE_INIT,
            "app/view/user_view.py": PACKAGE_VIEWS,
        },
        hits=(("app/view/user_view.py", 10),),
        note="a model imported from the package that re-exports it",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "app/schemas.py": SCHEMAS_V1,
            "app/routes.py": ROUTES_V1,
        },
        hits=(
            ("app/schemas.py", 6),
            ("app/schemas.py", 12),
            ("app/schemas.py", 22),
            ("app/schemas.py", 27),
            ("app/schemas.py", 28),
            ("app/schemas.py", 32),
            ("app/routes.py", 10),
            ("app/routes.py", 11),
        ),
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\nbeanie==1.26.0\npydantic==2.9.2\n",
            "app/models.py": BEANIE_V1,
        },
        hits=tuple(("app/models.py", line) for line in BEANIE_V1_HITS),
    ),
)

GOOD = (
    Case(files={"app/schemas.py": SCHEMAS_V2, "app/routes.py": ROUTES_V2}),
    Case(
        files={
            "requirements.txt": "fastapi==0.95.2\npydantic==1.10.13\n",
            "app/schemas.py": SCHEMAS_V1,
            "app/routes.py": ROUTES_V1,
        },
        note="pinned to pydantic 1: the v1 API is the right one",
    ),
    *type_cases.GOOD,
    *document_cases.GOOD,
    *module_cases.GOOD,
)
