"""Cases of a service layer over a sync session: routes typed with an abstract service whose
implementation, picked by a factory, keeps the session it is handed (``db: models.Db``, an alias
of ``Annotated[Session, Depends(get_db)]``) and queries it in plain methods. From an async route
each call blocks the loop (MB101) on the sync engine (MB111); from plain ``def`` routes FastAPI
runs them in its threadpool."""

from __future__ import annotations

MODELS = """\
from typing import Annotated

from fastapi import Depends
from sqlalchemy import String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite:///shop.db")
SessionLocal = sessionmaker(bind=engine, autoflush=False)


class Base(DeclarativeBase):
    pass


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


Db = Annotated[Session, Depends(get_db)]
"""
MODELS_ENGINE_LINE = 7

SERVICE_BASE = """\
import abc

from models import Category


class CategoriesServiceBase(abc.ABC):
    @abc.abstractmethod
    def get_all(self) -> list[Category]:
        raise NotImplementedError

    @abc.abstractmethod
    def add(self, name: str) -> Category:
        raise NotImplementedError
"""

SERVICE = """\
import models
from services.base import CategoriesServiceBase


class CategoriesServiceSqlAlchemy(CategoriesServiceBase):
    def __init__(self, db: models.Db):
        self.context = db

    def get_all(self) -> list[models.Category]:
        return self.context.query(models.Category).all()

    def add(self, name: str) -> models.Category:
        category = models.Category(name=name)
        self.context.add(category)
        self.context.commit()
        self.context.refresh(category)
        return category
"""

FACTORY = """\
from typing import Annotated

from fastapi import Depends

from models import Db
from services.base import CategoriesServiceBase
from services.sqlalchemy import CategoriesServiceSqlAlchemy


def init_categories_service(context: Db):
    return CategoriesServiceSqlAlchemy(context)


CategoriesService = Annotated[CategoriesServiceBase, Depends(init_categories_service)]
"""

ROUTES = """\
from fastapi import APIRouter

from services.factory import CategoriesService

router = APIRouter(prefix="/api/categories")


@router.get("/")
async def list_categories(service: CategoriesService) -> list[dict]:
    return [{"id": c.id, "name": c.name} for c in service.get_all()]


@router.post("/")
async def add_category(service: CategoriesService, name: str) -> dict:
    category = service.add(name)
    return {"id": category.id, "name": category.name}
"""
ROUTES_HITS = (10, 15)

PLAIN_ROUTES = ROUTES.replace("async def", "def")


MAIN = """\
from fastapi import FastAPI

from routers.categories import router as categories

app = FastAPI()
app.include_router(categories)
"""


def project(routes: str) -> dict[str, str]:
    return {
        "main.py": MAIN,
        "models.py": MODELS,
        "services/base.py": SERVICE_BASE,
        "services/sqlalchemy.py": SERVICE,
        "services/factory.py": FACTORY,
        "routers/categories.py": routes,
    }
