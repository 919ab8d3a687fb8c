"""The example projects of MB101's bad and good cases (``blocking_call_in_async``): routes that
block the event loop in each way the rule knows, and their fixed counterparts."""

from __future__ import annotations

from mentorbot.rules.base import Case

BAD_ROUTE = """\
import time

import requests
from fastapi import APIRouter

router = APIRouter()


@router.get("/weather/{city}")
async def weather(city: str) -> dict[str, str]:
    response = requests.get(f"https://api.example.org/weather/{city}", timeout=5)
    time.sleep(0.5)
    return {"city": city, "summary": response.json()["summary"]}
"""

BAD_SESSION = """\
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Task

app = FastAPI()


@app.get("/tasks")
async def list_tasks(db: Session = Depends(get_db)) -> list[dict[str, str]]:
    rows = db.scalars(select(Task)).all()
    return [{"title": row.title} for row in rows]


@app.post("/reports")
async def export_report() -> dict[str, int]:
    with open("report.csv", "w") as handle:
        written = handle.write("id,title\\n")
    return {"bytes": written}
"""

LLM_ROUTES = """\
from fastapi import FastAPI
from openai import AsyncOpenAI, OpenAI

app = FastAPI()
client = OpenAI()
async_client = AsyncOpenAI()


def summarise(text: str) -> str:
    answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"content": text}])
    return answer.choices[0].message.content or ""


@app.post("/chat")
async def chat(question: str) -> dict[str, str]:
    answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"content": question}])
    return {"answer": answer.choices[0].message.content or ""}


@app.post("/summary")
async def summary(text: str) -> dict[str, str]:
    return {"summary": summarise(text)}


@app.post("/chat/async")
async def chat_async(question: str) -> dict[str, str]:
    answer = await async_client.chat.completions.create(model="gpt-4o-mini", messages=[])
    return {"answer": answer.choices[0].message.content or ""}


@app.post("/chat/sync")
def chat_sync(question: str) -> dict[str, str]:
    answer = client.chat.completions.create(model="gpt-4o-mini", messages=[])
    return {"answer": answer.choices[0].message.content or ""}
"""

LANGCHAIN_ROUTES = """\
from fastapi import FastAPI
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

app = FastAPI()
llm = ChatOpenAI(model="gpt-4o-mini")
prompt = ChatPromptTemplate.from_template("Answer briefly: {question}")
chain = prompt | llm


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    answer = chain.invoke({"question": question})
    return {"answer": str(answer.content)}


@app.post("/ask/async")
async def ask_async(question: str) -> dict[str, str]:
    answer = await chain.ainvoke({"question": question})
    return {"answer": str(answer.content)}
"""

ASYNC_TEST = """\
import time
from pathlib import Path

import pytest


@pytest.mark.asyncio
async def test_export_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    with open(target, "w") as handle:
        handle.write("id,title\\n")
    time.sleep(0.01)
    assert target.read_text().startswith("id")
"""

WEATHER_CRUD = """\
import requests


def get_weather_data(city: str) -> dict[str, str]:
    response = requests.get("https://api.example.org/weather", params={"q": city}, timeout=5)
    return response.json()
"""

BAD_HELPER_ROUTES = """\
from fastapi import APIRouter

from app.crud import weather

router = APIRouter()


@router.get("/weather/{city}")
async def read_weather(city: str) -> dict[str, str]:
    return weather.get_weather_data(city)
"""

GOOD_HELPER_ROUTES = """\
from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from app.crud.weather import get_weather_data

router = APIRouter()


@router.get("/weather/{city}")
async def read_weather(city: str) -> dict[str, str]:
    return await run_in_threadpool(get_weather_data, city)


@router.get("/weather/{city}/raw")
def read_weather_raw(city: str) -> dict[str, str]:
    return get_weather_data(city)
"""

SESSION_DEP = """\
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, create_engine

engine = create_engine("sqlite:///database.db")


def get_session():
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
"""

BAD_ALIAS_ROUTES = """\
from fastapi import APIRouter
from sqlmodel import select

from app.models import Post
from ..database import SessionDep

router = APIRouter()


@router.get("/posts")
async def list_posts(session: SessionDep) -> list[Post]:
    return list(session.exec(select(Post)).all())


@router.post("/posts")
async def create_post(post: Post, session: SessionDep) -> Post:
    session.add(post)
    session.commit()
    session.refresh(post)
    return post
"""

DATABASES = """\
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=create_engine("sqlite:///books.db"))
AsyncSessionLocal = async_sessionmaker(create_async_engine("sqlite+aiosqlite:///books.db"))


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


async def get_async_db():
    async with AsyncSessionLocal() as db:
        yield db
"""

BAD_DEPENDS_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.models import Book

router = APIRouter()


@router.get("/books")
async def list_books(db=Depends(get_db)):
    return db.query(Book).all()


@router.post("/books")
async def create_book(title: str, db: Session = Depends(get_db)):
    return crud.create_book(db=db, title=title)
"""

GOOD_DEPENDS_ROUTES = """\
from fastapi import APIRouter, BackgroundTasks, Depends
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from app import crud
from app.database import get_async_db, get_db
from app.models import Book
from app.repositories import BookRepository

router = APIRouter()


@router.get("/books")
async def list_books(db=Depends(get_async_db)):
    return (await db.scalars(select(Book))).all()


@router.get("/books/{book_id}")
async def read_book(book_id: int, db=Depends(get_async_db)):
    return await crud.get_book(db, book_id)


@router.post("/books")
async def create_book(title: str, db=Depends(get_db)):
    return await run_in_threadpool(crud.create_book, db, title)


@router.get("/books/count")
def count_books(db=Depends(get_db)):
    return BookRepository(db).count()


@router.post("/books/import")
async def import_books(url: str, background_tasks: BackgroundTasks, db=Depends(get_db)):
    background_tasks.add_task(crud.import_books, db, url)
    return {"status": "queued"}
"""

GOOD_ALIAS_ROUTES = """\
from fastapi import APIRouter
from sqlmodel import select
from starlette.concurrency import run_in_threadpool

from app.database import SessionDep
from app.models import Post

router = APIRouter()


@router.get("/posts")
def list_posts(session: SessionDep) -> list[Post]:
    return list(session.exec(select(Post)).all())


@router.get("/posts/count")
async def count_posts(session: SessionDep) -> int:
    return await run_in_threadpool(lambda: len(session.exec(select(Post)).all()))
"""

GOOD = """\
import asyncio
import subprocess
import time

import httpx
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

app = FastAPI()


def render_pdf(report_id: int) -> bytes:
    time.sleep(0.1)
    return subprocess.check_output(["wkhtmltopdf", f"reports/{report_id}.html", "-"])


@app.get("/reports/{report_id}.pdf")
async def report_pdf(report_id: int) -> bytes:
    return await run_in_threadpool(render_pdf, report_id)


@app.get("/ping")
async def ping() -> dict[str, float]:
    async with httpx.AsyncClient() as client:
        response = await client.get("https://status.example.org")
    await asyncio.sleep(0.1)
    started = await asyncio.to_thread(lambda: time.sleep(0.2) or time.time())
    return {"status": response.status_code, "started": started}


@app.get("/slow")
async def slow() -> dict[str, str]:
    def blocking_job() -> str:
        time.sleep(1)
        return "done"

    return {"result": await asyncio.to_thread(blocking_job)}


@app.get("/sync-is-fine")
def sync_handler() -> dict[str, str]:
    time.sleep(0.01)
    return {"ok": "yes"}
"""

SCHEDULED_STORE = """\
import asyncio

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.db import get_db
from app.models import Result

router = APIRouter()


async def store_result(url: str, db: Session) -> None:
    db.add(Result(url=url))
    db.commit()


@router.post("/batch")
async def batch(urls: list[str], db: Session = Depends(get_db)) -> dict:
    for url in urls:
        asyncio.create_task(store_result(url, db))
    return {"queued": len(urls)}
"""
SCHEDULED_BAD = (
    Case(
        files={
            "app/routes.py": SCHEDULED_STORE,
            "app/db.py": "def get_db(): ...\n",
            "app/models.py": "class Result: ...\n",
        },
        hits=(("app/routes.py", 14),),
        note="a coroutine handed the session and run as a task blocks where it commits, not "
        "where create_task is written (corpus 87)",
    ),
)
