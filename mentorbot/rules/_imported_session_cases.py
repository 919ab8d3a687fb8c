"""Cases of one session made at import in ``database.py`` and imported by the routes of another
module (``from database import session``): with an async factory its un-awaited ``delete`` and
``refresh`` never run (MB109), and either way every request shares that one session (MB103);
beside the same app with a sync session (no coroutine), every call awaited, a package that reads
``db.session`` off the imported module, and a session only a start-up task uses. Also one file
that makes its async session at import and uses it, a dependency of another module that
yields the module-level session (every request gets the same one), and routes whose own
``session`` (a dependency's, which makes one per request) shadows the imported one."""

from __future__ import annotations

ASYNC_DATABASE = """\
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

POSTGRES_URL = "postgresql+asyncpg://shop:shop@localhost:5432/shop"
engine = create_async_engine(POSTGRES_URL)
async_session = sessionmaker(engine, expire_on_commit=False, class_=AsyncSession)
session = async_session()
"""
DATABASE_SESSION_LINE = 7

SYNC_DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

POSTGRES_URL = "postgresql+psycopg2://shop:shop@localhost:5432/shop"
engine = create_engine(POSTGRES_URL)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
session = SessionLocal()
"""

SHOP_MAIN = """\
from fastapi import FastAPI, HTTPException
from sqlalchemy import select

from database import session
from models import Product
from schemas import ProductCreate

app = FastAPI()


@app.post("/products/")
async def create_product(product_create: ProductCreate) -> Product:
    product = Product(**product_create.model_dump())
    session.add(product)
    await session.commit()
    session.refresh(product)
    return product


@app.get("/products/{product_id}/")
async def get_product(product_id: int) -> Product:
    result = await session.execute(select(Product).filter(Product.id == product_id))
    product = result.scalars().first()
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return product


@app.delete("/products/{product_id}/")
async def delete_product(product_id: int) -> dict:
    product = await session.get(Product, product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    session.delete(product)
    await session.commit()
    return {"message": "Product deleted successfully"}
"""
SHOP_MAIN_HITS = (16, 34)

SHOP_MAIN_AWAITED = SHOP_MAIN.replace("    session.refresh(", "    await session.refresh(").replace(
    "    session.delete(", "    await session.delete("
)

PACKAGE_DB = """\
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite:///./notes.db")
session = AsyncSession(engine, expire_on_commit=False)
"""
PACKAGE_DB_SESSION_LINE = 4

PACKAGE_CRUD = """\
from sqlalchemy import select

from app import db
from app.models import Note


async def list_notes() -> list[Note]:
    result = await db.session.execute(select(Note))
    return list(result.scalars())


async def remove_note(note_id: int) -> None:
    note = await db.session.get(Note, note_id)
    if note is not None:
        db.session.delete(note)
        db.session.flush()
"""
PACKAGE_CRUD_HITS = (15, 16)

STARTUP_MAIN = """\
from fastapi import FastAPI

from database import session
from models import Category

app = FastAPI()


@app.on_event("startup")
async def seed_categories() -> None:
    session.add_all([Category(title="books"), Category(title="games")])
    await session.commit()


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}
"""

ONE_FILE_APP = """\
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from models import Todo

engine = create_async_engine("sqlite+aiosqlite:///./todo.db")
AsyncSessionLocal = async_sessionmaker(engine, expire_on_commit=False)
session = AsyncSessionLocal()
app = FastAPI()


@app.post("/todos")
async def add_todo(title: str) -> dict:
    todo = Todo(title=title)
    session.add(todo)
    session.commit()
    return {"title": todo.title}
"""
ONE_FILE_HITS = (16,)

SYNC_DATABASE_PACKAGE = SYNC_DATABASE.replace("session = SessionLocal()", "db = SessionLocal()")

DEPENDENCY = """\
from app.database import db


def get_db():
    try:
        yield db
    finally:
        db.close()
"""

DEPENDENCY_ROUTES = """\
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.deps import get_db
from app.models import Product

app = FastAPI()


@app.get("/products")
def list_products(db: Session = Depends(get_db)) -> list[Product]:
    return db.query(Product).all()
"""

OWN_SESSIONS_MAIN = """\
from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from database import async_session, session
from models import Product

app = FastAPI()


async def get_session():
    async with async_session() as session:
        yield session


@app.get("/products/{product_id}/")
async def get_product(product_id: int, session: AsyncSession = Depends(get_session)) -> Product:
    product = await session.get(Product, product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return product


@app.on_event("shutdown")
async def shutdown() -> None:
    await session.close()
"""
