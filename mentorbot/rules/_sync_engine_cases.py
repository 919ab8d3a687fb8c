"""MB111's own cases: a shop whose async route queries a sync engine's session, beside the
plain ``def`` route, the thread pool and the async engine that make it fine."""

from __future__ import annotations

DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

DATABASE_URL = "postgresql+psycopg2://shop@localhost:5432/shop"

engine = create_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
"""

BAD_MAIN = """\
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Product

app = FastAPI()


@app.get("/products")
async def list_products(db: Session = Depends(get_db)) -> list[dict[str, str]]:
    products = db.scalars(select(Product)).all()
    return [{"name": product.name} for product in products]
"""

GOOD_SYNC_MAIN = """\
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Product

app = FastAPI()


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/products")
def list_products(db: Session = Depends(get_db)) -> list[dict[str, str]]:
    products = db.scalars(select(Product)).all()
    return [{"name": product.name} for product in products]
"""

SYNC_APP_ASYNC_USER = """\
from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import SessionLocal, get_db
from app.models import Product, User

app = FastAPI()


async def get_current_user(token: str) -> User:
    with SessionLocal() as session:
        user = session.scalars(select(User).where(User.token == token)).first()
    if user is None:
        raise HTTPException(status_code=401)
    return user


@app.get("/products")
def list_products(
    db: Session = Depends(get_db), user: User = Depends(get_current_user)
) -> list[dict[str, str]]:
    return [{"name": product.name} for product in db.scalars(select(Product)).all()]
"""
"""Plain ``def`` routes all, and one async dependency querying the sync session: MB101's
problem (make the dependency a ``def``), not an async app on a sync driver (corpus 81)."""

GOOD_STARTUP_CHECK_MAIN = """\
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.database import SessionLocal, get_db
from app.models import Product


@asynccontextmanager
async def lifespan(app: FastAPI):
    with SessionLocal() as session:
        session.execute(text("SELECT 1"))
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/products")
def list_products(db: Session = Depends(get_db)) -> list[dict[str, str]]:
    products = db.scalars(select(Product)).all()
    return [{"name": product.name} for product in products]
"""
"""The sync engine checked once in the lifespan, before any request is served: no request
waits on it, and every route is a plain ``def`` (corpus 46)."""

GOOD_THREADPOOL_MAIN = """\
from fastapi import Depends, FastAPI, UploadFile
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Product


def _save(db: Session, product: Product) -> None:
    db.add(product)
    db.commit()


app = FastAPI()


@app.post("/products")
async def add_product(photo: UploadFile, db: Session = Depends(get_db)) -> dict[str, str]:
    product = Product(name=photo.filename or "unnamed")
    await run_in_threadpool(_save, db, product)
    return {"name": product.name}
"""

GOOD_ASYNC_DATABASE = """\
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://shop@localhost:5432/shop")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def get_db() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session
"""

GOOD_ASYNC_MAIN = """\
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.models import Product

app = FastAPI()


@app.get("/products")
async def list_products(db: AsyncSession = Depends(get_db)) -> list[dict[str, str]]:
    products = (await db.scalars(select(Product))).all()
    return [{"name": product.name} for product in products]
"""


HINTED = """\
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.database import get_db
from app.models import Product
from app.services import price_total

router = APIRouter()


@router.get("/products/total")
async def total(session: AsyncSession = Depends(get_db)) -> dict[str, float]:
    return {"total": await price_total(session)}


@router.get("/health")
async def health(session: AsyncSession = Depends(get_db)) -> dict[str, str]:
    return {"status": "ok"}
"""
"""Routes that annotate ``AsyncSession`` on a session ``get_db`` makes from a sync engine: the
annotation changes nothing, the session is sync (and awaiting its calls fails)."""

REEXPORTING_SETTINGS = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

Engine = create_engine("mysql+pymysql://app@localhost:3306/weather")
"""
REEXPORTED_SESSION_ROUTES = """\
from fastapi import FastAPI
from sqlalchemy import select

from src.settings import Engine, Session
from src.tables import Reading

app = FastAPI()


@app.get("/readings")
async def readings(city: str) -> list[dict]:
    with Session(Engine) as session:
        rows = session.execute(select(Reading).where(Reading.city == city)).mappings().all()
    return [dict(row) for row in rows]
"""
"""Routes taking SQLAlchemy's ``Session`` from the settings module that imported it."""

LEFTOVER_ENGINE = """\
import os

from sqlalchemy import create_engine


def create_db_engine():
    return create_engine(os.environ["DATABASE_URL"], echo=True)
"""
"""An engine factory nothing calls any more: it makes no engine, so none is used anywhere."""


def services(async_main: str, sync_main: str) -> dict[str, str]:
    """Two services of one backend, each run from its own folder and importing its own
    ``database`` module by the bare name; only the first serves async routes."""
    bare = {"from app.database import": "from database import"}
    files: dict[str, str] = {}
    for service, main in (("orders", async_main), ("billing", sync_main)):
        for old, new in bare.items():
            main = main.replace(old, new)
        files[f"backend/{service}/database.py"] = DATABASE
        files[f"backend/{service}/main.py"] = main
    return files
