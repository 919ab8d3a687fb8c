"""Cases of one sync session made at import and queried by async routes (MB101 at each query,
MB111 at the engine), in a repo of several exercise apps where only one does it; beside the same
app with plain ``def`` routes, and a route with an ``AsyncSession`` of its own by the same name.
And a bot whose helpers query the session another module made (``from loader import session``),
beside the same bot on an ``AsyncSession``."""

from __future__ import annotations

BOOKS_APP = """\
from fastapi import FastAPI
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

engine = create_engine("sqlite:///books.db")
Base = declarative_base()
Session = sessionmaker(bind=engine)
session = Session()
app = FastAPI()


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String)


@app.get("/books/stats")
async def book_stats() -> dict:
    total = session.query(Book).count()
    return {"total": total}
"""
BOOKS_HITS = (20,)
BOOKS_ENGINE_LINE = 5

OWN_FACTORY_APP = """\
from fastapi import FastAPI, HTTPException
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from models import User

engine = create_engine("postgresql://chat@localhost/chat")
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
app = FastAPI()


@app.get("/users/{user_id}/sessions")
async def fetch_sessions(user_id: int):
    db = SessionLocal()
    user = db.query(User).filter_by(id=user_id).first()
    if user is None:
        raise HTTPException(status_code=404, detail="User not found")
    return [session.id for session in user.sessions]
"""
OWN_FACTORY_HITS = (15,)
"""A session from the module's own sync factory, queried in an async route (corpus 80)."""
OWN_FACTORY_ENGINE_LINE = 7
LEFTOVER_SESSION_MODULE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from core.config import settings

engine = create_engine(settings.DATABASE_URL)
SESSIONLOCAL = sessionmaker(autoflush=False, autocommit=False, bind=engine)
"""
"""A session module no other module imports, beside an app that makes its own engine."""

NOTES_APP = """\
from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///notes.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


@app.get("/notes/count")
def count_notes() -> dict:
    with SessionLocal() as db:
        return {"count": db.execute("SELECT count(*) FROM notes").scalar()}
"""

OWN_ASYNC_SESSION = BOOKS_APP.replace(
    "async def book_stats() -> dict:\n    total = session.query(Book).count()",
    "async def book_stats(session: AsyncSession = Depends(get_session)) -> dict:\n"
    "    total = await session.scalar(select(func.count()).select_from(Book))",
).replace(
    "from fastapi import FastAPI\n",
    "from fastapi import Depends, FastAPI\nfrom sqlalchemy import func, select\n"
    "from sqlalchemy.ext.asyncio import AsyncSession\n\nfrom app.db import get_session\n",
)


def exercises(books: str) -> dict[str, str]:
    """Two exercise apps in one repo, each in its own folder."""
    return {"project-1/main.py": books, "project-2/main.py": NOTES_APP}


def news_bot(loader: str) -> dict[str, str]:
    """A Telegram bot whose async handler calls a sync helper of another module, which queries
    the session ``loader.py`` makes at import."""
    return {
        "loader.py": loader,
        "utils/db_api/news.py": NEWS_HELPERS,
        "handlers/news.py": NEWS_HANDLER,
    }


SYNC_LOADER = """\
from aiogram import Bot, Dispatcher
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql://bot@db/news")
Session = sessionmaker(bind=engine)
session = Session()
bot = Bot(token=BOT_TOKEN)
dp = Dispatcher(bot)
"""
ASYNC_LOADER = (
    SYNC_LOADER.replace(
        "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n",
        "from sqlalchemy.ext.asyncio import (\n"
        "    AsyncSession, async_sessionmaker, create_async_engine\n)\n",
    )
    .replace('create_engine("postgresql://', 'create_async_engine("postgresql+asyncpg://')
    .replace("sessionmaker(bind=engine)", "async_sessionmaker(engine, class_=AsyncSession)")
)
NEWS_HELPERS = """\
from loader import session


def load_news(limit: int) -> list:
    return session.query(News).limit(limit).all()
"""
NEWS_HANDLER = """\
from aiogram import types

from loader import dp
from utils.db_api.news import load_news


@dp.message_handler(commands=["news"])
async def send_news(message: types.Message) -> None:
    for item in load_news(5):
        await message.answer(item.title)
"""
NEWS_HANDLER_LINE = 9

SCOPED_DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("postgresql://auth@db/auth")
Session = scoped_session(sessionmaker(bind=engine))
"""
SCOPED_ENGINE_LINE = 4
SCOPED_VIEWS = """\
from fastapi import APIRouter

from users.models import User
from utils.database import Session

router = APIRouter()


@router.post("/login")
async def login(email: str) -> dict[str, int]:
    user = Session.query(User).filter_by(email=email).first()
    return {"id": user.id}
"""
SCOPED_VIEWS_LINE = 11
"""A scoped session registry used as the session itself in an async route (blind check corpus
69): its queries block the loop, and its engine is a sync one."""


def scoped_project() -> dict[str, str]:
    return {"utils/database.py": SCOPED_DATABASE, "users/views.py": SCOPED_VIEWS}


FACTORY_MODULE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg2://localhost/app")
SessionLocal = sessionmaker(engine)
"""
AUTH_WITH_MODULE_SESSION = """\
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

from app.db import SessionLocal
from app.models import User

session = SessionLocal()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="login")


async def get_current_user(token: str = Depends(oauth2_scheme)):
    user = session.query(User).filter(User.username == token).first()
    if user is None:
        raise HTTPException(status_code=401)
    return user
"""
AUTH_WITH_MODULE_SESSION_LINE = 12
"""A session made at the module's top from another module's sync factory, queried by an async
dependency (blind check c3): every request runs the query on the loop's thread."""
ASYNC_FACTORY_MODULE = (
    FACTORY_MODULE.replace(
        "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker",
        "from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine",
    )
    .replace("create_engine(", "create_async_engine(")
    .replace("sessionmaker(", "async_sessionmaker(")
)
MODELS = """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    username = Column(String)
"""


def auth_project(factory: str) -> dict[str, str]:
    return {"app/db.py": factory, "app/auth.py": AUTH_WITH_MODULE_SESSION, "app/models.py": MODELS}
