"""MB101: a blocking call made directly inside ``async def`` stalls every request on the loop.

Tests are left out: an async test serves no requests, so its blocking calls starve nobody.

A sync session blocks where it does I/O: its own methods, and any function it is passed to
(``crud.create_book(db, book)`` queries on the loop's thread). A session whose type another module
knows is matched across files: an imported alias (``SessionDep = Annotated[Session,
Depends(get_session)]``, as FastAPI's SQLModel tutorial writes it) or an unannotated
``db=Depends(get_db)`` whose ``get_db`` yields a sync session. Each file reports its aliases, its
session-yielding dependencies and the calls made on such parameters; the project check pairs them.
A call to a project function that itself blocks (``get_weather_data`` wrapping ``requests.get``)
is paired the same way (``_blocking``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal, Text
from mentorbot.rules._blocking import (
    blocking_name,
    collect_helper_signals,
    pair_helper_signals,
    wrapped_in_thread,
)
from mentorbot.rules._names import (
    functions,
    is_test_path,
    own_nodes_of,
)
from mentorbot.rules._session_io import (
    blocking_session_calls,
    collect_session_signals,
    pair_session_signals,
)
from mentorbot.rules._sessions import (
    SYNC,
    session_aliases,
    session_vars,
)
from mentorbot.rules.base import Case, FileContext, Hit, ProjectHit, RuffReport, Rule
from mentorbot.rules.project import ProjectView


def _check(ctx: FileContext) -> Iterator[Hit]:
    if is_test_path(ctx.path):
        return  # a test serves no requests: its blocking calls starve nobody
    aliases = session_aliases(ctx.tree, ctx.imports)
    for function in functions(ctx.tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        sync_sessions = {
            var.name
            for var in session_vars(function, ctx.imports, aliases).values()
            if var.kind == SYNC
        }
        for node in own_nodes_of(function, ast.Call):
            name = blocking_name(node, ctx)
            if name is not None and not wrapped_in_thread(node, ctx, function):
                yield Hit(node.lineno, {"call": name, "function": function.name})
        for call, _, described in blocking_session_calls(function, ctx, sync_sessions):
            yield Hit(call.lineno, {"call": described, "function": function.name})


def _collect(ctx: FileContext) -> Iterator[Signal]:
    yield from collect_session_signals(ctx)
    yield from collect_helper_signals(ctx)


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    yield from pair_session_signals(project)
    yield from pair_helper_signals(project)


def _keep_ruff(report: RuffReport) -> bool:
    return not is_test_path(report.path)


_BAD_ROUTE = """\
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

_BAD_SESSION = """\
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

_LLM_ROUTES = """\
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

_ASYNC_TEST = """\
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

_WEATHER_CRUD = """\
import requests


def get_weather_data(city: str) -> dict[str, str]:
    response = requests.get("https://api.example.org/weather", params={"q": city}, timeout=5)
    return response.json()
"""

_BAD_HELPER_ROUTES = """\
from fastapi import APIRouter

from app.crud import weather

router = APIRouter()


@router.get("/weather/{city}")
async def read_weather(city: str) -> dict[str, str]:
    return weather.get_weather_data(city)
"""

_GOOD_HELPER_ROUTES = """\
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

_SESSION_DEP = """\
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, create_engine

engine = create_engine("sqlite:///database.db")


def get_session():
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
"""

_BAD_ALIAS_ROUTES = """\
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

_DATABASES = """\
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

_BAD_DEPENDS_ROUTES = """\
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

_GOOD_DEPENDS_ROUTES = """\
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

_GOOD_ALIAS_ROUTES = """\
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

_GOOD = """\
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

RULE = Rule(
    id="MB101",
    name="blocking-call-in-async",
    category="blocking-call-in-async",
    severity="high",
    area="async",
    title=Text(zh="在 async 函数里调用了阻塞操作", en="Blocking call inside an async function"),
    explanation=Text(
        zh="async 函数都跑在同一个事件循环上。`time.sleep`、`requests`、"
        "同步的文件读写或同步数据库会话"
        "这类调用会把整个循环卡住，等待期间其他请求一个都处理不了，服务看起来就像挂了。",
        en="Every async function shares one event loop. A call such as `time.sleep`, `requests`, "
        "synchronous file I/O or a synchronous database session holds that loop, and while it "
        "waits no other request is served — the whole service appears frozen.",
    ),
    fix=Text(
        zh="换成异步版本（`asyncio.sleep`、`httpx.AsyncClient`、`AsyncSession`、aiofiles），"
        "或者用 `await asyncio.to_thread(...)` / `run_in_threadpool` 把它放到线程里跑；"
        "如果函数里全是同步代码，直接把它写成普通的 `def`，FastAPI 会自动放进线程池。",
        en="Use the async counterpart (`asyncio.sleep`, `httpx.AsyncClient`, `AsyncSession`, "
        "aiofiles), or move the work to a thread with `await asyncio.to_thread(...)` / "
        "`run_in_threadpool`. If the handler is all synchronous code, make it a plain `def`: "
        "FastAPI then runs it in its thread pool for you.",
    ),
    lesson=Text(
        zh="async 不会自动让代码变快：只有在 await 的地方才会让出控制权。写 async def 时，"
        "每一个 I/O 调用都要问一句——它能被 await 吗？",
        en="async does not make code faster by itself: control is only given back at an await. "
        "In an async def, ask of every I/O call: can this be awaited?",
    ),
    message=Text(
        zh="`{function}` 是 async 函数，但直接调用了阻塞的 `{call}`，会卡住事件循环",
        en="`{call}` blocks the event loop inside async function `{function}`",
    ),
    ruff_codes=("ASYNC210", "ASYNC212", "ASYNC220", "ASYNC221", "ASYNC222", "ASYNC230", "ASYNC251"),
    check_file=_check,
    check_project=_check_project,
    collect_signals=_collect,
    keep_ruff=_keep_ruff,
    bad=(
        Case(
            files={
                "app/crud/weather.py": _WEATHER_CRUD,
                "app/routers/weather.py": _BAD_HELPER_ROUTES,
            },
            hits=(("app/routers/weather.py", 10),),
        ),
        Case(
            files={"app/routes/weather.py": _BAD_ROUTE},
            hits=(("app/routes/weather.py", 11), ("app/routes/weather.py", 12)),
        ),
        Case(files={"app/main.py": _BAD_SESSION}, hits=(("app/main.py", 13), ("app/main.py", 19))),
        Case(
            files={"app/chat.py": _LLM_ROUTES},
            hits=(("app/chat.py", 16), ("app/chat.py", 22)),
            note="a synchronous OpenAI client called from async routes, directly and via a helper",
        ),
        Case(
            files={"app/database.py": _SESSION_DEP, "app/routers/posts.py": _BAD_ALIAS_ROUTES},
            hits=(
                ("app/routers/posts.py", 12),
                ("app/routers/posts.py", 18),
                ("app/routers/posts.py", 19),
            ),
        ),
        Case(
            files={"app/database.py": _DATABASES, "app/routers/books.py": _BAD_DEPENDS_ROUTES},
            hits=(("app/routers/books.py", 13), ("app/routers/books.py", 18)),
        ),
    ),
    good=(
        Case(files={"app/main.py": _GOOD, "tests/test_export.py": _ASYNC_TEST}),
        Case(
            files={
                "app/crud/weather.py": _WEATHER_CRUD,
                "app/routers/weather.py": _GOOD_HELPER_ROUTES,
            }
        ),
        Case(files={"app/database.py": _SESSION_DEP, "app/routers/posts.py": _GOOD_ALIAS_ROUTES}),
        Case(files={"app/database.py": _DATABASES, "app/routers/books.py": _GOOD_DEPENDS_ROUTES}),
    ),
)
