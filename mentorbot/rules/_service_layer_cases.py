"""MB102's cases of ORM rows handed up through a service layer: a route returns what a service
method returns, which is what a repository method returns; the service made on the spot
(``UserService().register(...)``), kept in a local first or made once by the routes' module;
a search whose query is narrowed under an ``if`` (``query = query.where(...)``). Beside them
the same layers with the route declaring a response model. Then a repository a package's
``__init__`` re-exports, whose user a route puts in the dict it returns (``{"user": user}``),
and a service method returning what another method of its own class found."""

from __future__ import annotations

from mentorbot.rules._orm_response_cases import USER_MODELS
from mentorbot.rules.base import Case

REPOSITORY = """\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


class UserRepository:
    async def get(self, session: AsyncSession, user_id: int) -> User | None:
        return await session.get(User, user_id)

    async def create(self, session: AsyncSession, email: str, hashed_password: str) -> User:
        user = User(email=email, hashed_password=hashed_password)
        session.add(user)
        await session.commit()
        return user

    async def search(self, session: AsyncSession, email: str | None = None):
        query = select(User)
        if email:
            query = query.where(User.email == email)
        result = await session.execute(query)
        return result.scalars().all()
"""
SERVICE = """\
from sqlalchemy.ext.asyncio import AsyncSession

from app.repositories.users import UserRepository
from app.security import hash_password


class UserService:
    async def register(self, session: AsyncSession, email: str, password: str):
        repository = UserRepository()
        created = await repository.create(session, email, hash_password(password))
        return created

    async def find(self, session: AsyncSession, user_id: int):
        return await UserRepository().get(session, user_id)

    async def search(self, session: AsyncSession, email: str | None):
        return await UserRepository().search(session, email)
"""
ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.schemas import UserOut
from app.services.users import UserService

router = APIRouter()


@router.post("/register")
async def register(email: str, password: str, session: AsyncSession = Depends(get_db)):
    return await UserService().register(session, email, password)


@router.get("/users/{user_id}")
async def read_user(user_id: int, session: AsyncSession = Depends(get_db)):
    service = UserService()
    user = await service.find(session, user_id)
    return user


@router.get("/users/{user_id}/public", response_model=UserOut)
async def read_public_user(user_id: int, session: AsyncSession = Depends(get_db)):
    return await UserService().find(session, user_id)


@router.get("/users")
async def search_users(email: str | None = None, session: AsyncSession = Depends(get_db)):
    return await UserService().search(session, email)
"""
ROUTES_HITS = (13, 20, 30)
REEXPORTING_PACKAGE = "from app.repositories.users import UserRepository\n"
DICT_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.repositories import UserRepository

router = APIRouter()


@router.post("/register")
async def register(email: str, password: str, session: AsyncSession = Depends(get_db)):
    repository = UserRepository()
    user = await repository.create(session, email, password)
    return {
        "message": f"welcome {user.email}",
        "user": user,
    }


@router.get("/users/{user_id}/email")
async def read_email(user_id: int, session: AsyncSession = Depends(get_db)):
    user = await UserRepository().get(session, user_id)
    return {"email": user.email}
"""
DICT_ROUTES_HIT = 16
MODULE_SERVICE_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.services.users import UserService

user_service = UserService()
router = APIRouter()


@router.get("/users/{user_id}")
async def read_user(user_id: int, session: AsyncSession = Depends(get_db)):
    found = await user_service.find(session, user_id)
    return found
"""
MODULE_SERVICE_HIT = 14
SHARED_SERVICE = SERVICE + "\n\nuser_service = UserService()\n"
IMPORTED_SERVICE_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.services.users import user_service

router = APIRouter()


@router.get("/users/{user_id}")
async def read_user(user_id: int, session: AsyncSession = Depends(get_db)):
    return await user_service.find(session, user_id)
"""
IMPORTED_SERVICE_HIT = 12
"""The service made once by its own module and imported as an instance (blind check corpus
69)."""


ANNOTATED_DAO = """\
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User
from app.schemas import UserOut


class UsersDAO:
    @classmethod
    async def add(cls, session: AsyncSession, email: str) -> User:
        result = await session.execute(insert(User).values(email=email).returning(User))
        return result.scalar_one()

    @classmethod
    async def public(cls, session: AsyncSession, email: str) -> UserOut:
        result = await session.execute(insert(User).values(email=email).returning(User))
        return UserOut.model_validate(result.scalar_one())
"""
ANNOTATED_DAO_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.dao import UsersDAO
from app.database import get_db

router = APIRouter()


@router.post("/users")
async def register(email: str, session: AsyncSession = Depends(get_db)):
    user = await UsersDAO.add(session, email)
    return user


@router.post("/users/public")
async def register_public(email: str, session: AsyncSession = Depends(get_db)):
    return await UsersDAO.public(session, email)
"""
ANNOTATED_DAO_HIT = 13
"""A DAO whose query the review cannot read (``insert(...).returning(User)``) says what it
returns: ``-> User``, the ORM class (blind check corpus 95)."""

ACTIVATING_SERVICE = (
    SERVICE
    + """
    async def update(self, session: AsyncSession, user_id: int, changes: dict):
        user = await self.find(session=session, user_id=user_id)
        if user is None:
            raise LookupError(user_id)
        for key, value in changes.items():
            if hasattr(user, key):
                setattr(user, key, value)
        await session.commit()
        return user
"""
)
ACTIVATE_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.services.users import UserService

router = APIRouter()


@router.patch("/users/{user_id}")
async def update_user(user_id: int, changes: dict, db: AsyncSession = Depends(get_db)):
    return await UserService().update(db, user_id, changes)
"""
ACTIVATE_HIT = 12
"""The user ``self.find`` got, handed on after its fields are set (blind check corpus 96)."""


def _layers(service: str, routes: str) -> dict[str, str]:
    """The users' model, repository, a service over it and routes over that."""
    return {
        "app/models.py": USER_MODELS,
        "app/repositories/users.py": REPOSITORY,
        "app/services/users.py": service,
        "app/routes/users.py": routes,
    }


BAD = (
    Case(
        files=_layers(ACTIVATING_SERVICE, ACTIVATE_ROUTES),
        hits=(("app/routes/users.py", ACTIVATE_HIT),),
        note="a service method returning the row another method of its class found",
    ),
    Case(
        files={
            "app/models.py": USER_MODELS,
            "app/dao.py": ANNOTATED_DAO,
            "app/routes/users.py": ANNOTATED_DAO_ROUTES,
        },
        hits=(("app/routes/users.py", ANNOTATED_DAO_HIT),),
        note="a DAO's method annotated to return the ORM class",
    ),
    Case(
        files=_layers(SERVICE, MODULE_SERVICE_ROUTES),
        hits=(("app/routes/users.py", MODULE_SERVICE_HIT),),
        note="the same through a service the routes' module makes once",
    ),
    Case(
        files=_layers(SHARED_SERVICE, IMPORTED_SERVICE_ROUTES),
        hits=(("app/routes/users.py", IMPORTED_SERVICE_HIT),),
        note="the same through a service instance the service's module makes, imported",
    ),
    Case(
        files=_layers(SERVICE, ROUTES),
        hits=tuple(("app/routes/users.py", line) for line in ROUTES_HITS),
        note="users a repository makes, handed up by a service method to routes with no "
        "response model, password hash included",
    ),
    Case(
        files={
            "app/models.py": USER_MODELS,
            "app/repositories/__init__.py": REEXPORTING_PACKAGE,
            "app/repositories/users.py": REPOSITORY,
            "app/routes/users.py": DICT_ROUTES,
        },
        hits=(("app/routes/users.py", DICT_ROUTES_HIT),),
        note="a repository's user in the dict a route returns, the class imported from the "
        "package that re-exports it; a route answering with one of its columns is fine",
    ),
)
