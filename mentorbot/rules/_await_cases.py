"""MB109's cases: a todo app's routes, CRUD and database module; a notifier that reaches its
coroutines through ``self`` and module-level names; and the coroutines libraries hand a route
(``_library_coroutines``): an upload, a request body, a websocket, asyncio, an async HTTP
client, an async LLM client and a LangChain model, each called without ``await``, and the same
routes done right beside look-alikes that are not coroutines (``file.file.read()``,
``http.headers.get``)."""

CRUD = """\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Todo


async def get_todo(session: AsyncSession, todo_id: int) -> Todo | None:
    return await session.get(Todo, todo_id)


async def list_todos(session: AsyncSession) -> list[Todo]:
    return list(await session.scalars(select(Todo).order_by(Todo.id)))


async def notify_watchers(todo: Todo) -> None:
    print(f"todo {todo.id} changed")
"""

BAD_ROUTES = """\
from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app import crud
from app.database import get_session

router = APIRouter()


@router.patch("/todos/{todo_id}/done")
async def mark_done(todo_id: int, session: AsyncSession = Depends(get_session)) -> dict:
    todo = await crud.get_todo(session, todo_id)
    if todo is None:
        raise HTTPException(status_code=404)
    todo.done = True
    session.commit()
    crud.notify_watchers(todo)
    return {"id": todo.id, "done": todo.done}


@router.get("/todos/{todo_id}")
async def read_todo(todo_id: int, session: AsyncSession = Depends(get_session)) -> dict:
    todo = crud.get_todo(session, todo_id)
    if todo is None:
        raise HTTPException(status_code=404)
    return {"id": todo.id, "title": todo.title}
"""

GOOD_ROUTES = """\
from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app import crud
from app.database import get_session

router = APIRouter()


@router.patch("/todos/{todo_id}/done")
async def mark_done(
    todo_id: int, background: BackgroundTasks, session: AsyncSession = Depends(get_session)
) -> dict:
    todo = await crud.get_todo(session, todo_id)
    if todo is None:
        raise HTTPException(status_code=404)
    todo.done = True
    session.add(todo)
    await session.commit()
    background.add_task(crud.notify_watchers, todo)
    pending = crud.list_todos(session)
    return {"id": todo.id, "done": todo.done, "open": len(await pending)}
"""

DATABASE = """\
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://todo@localhost/todo")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


async def ping() -> None:
    sessions = get_session()
    await anext(sessions)
"""

NOTIFIER = """\
import asyncio

import httpx

from app.context import current


class Notifier:
    def __init__(self) -> None:
        self.client = httpx.AsyncClient(base_url="https://hooks.example.com")

    async def todo_done(self, todo_id: int) -> None:
        await self.client.post("/done", json={"id": todo_id})

    async def todo_reopened(self, todo_id: int) -> None:
        REOPENED


class AuditLog:
    def __init__(self) -> None:
        self.client = httpx.Client(base_url="https://audit.example.com")

    async def record(self, event: str) -> None:
        await asyncio.to_thread(self.client.post, "/events", json={"event": event})
        self.client.post("/flush")


async def close_todo(todo_id: int) -> None:
    await current.db.session.execute("UPDATE todos SET done = true WHERE id = :id", {"id": todo_id})
    await asyncio.gather(current.cache.drop(todo_id), current.search.drop(todo_id))


async def reopen_todo(todo_id: int) -> None:
    REOPEN
    asyncio.gather(current.cache.drop(todo_id), current.search.drop(todo_id))
"""
NOTIFIER_BAD = NOTIFIER.replace(
    "REOPENED", 'self.client.post("/reopened", json={"id": todo_id})'
).replace("REOPEN", 'current.db.session.execute("UPDATE todos SET done = false")')
NOTIFIER_GOOD = NOTIFIER.replace(
    "REOPENED", 'await self.client.post("/reopened", json={"id": todo_id})'
).replace("REOPEN", 'await current.db.session.execute("UPDATE todos SET done = false")')


REPOSITORY = """\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Article


class ArticleRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def get_article(self, article_id: int) -> Article | None:
        result = await self.db.execute(select(Article).where(Article.id == article_id))
        return result.scalar_one_or_none()

    async def rename(self, article_id: int, title: str) -> Article | None:
        article = self.get_article(article_id)
        if article:
            setattr(article, "title", title)
            await self.db.commit()
            await self.db.refresh(article)
        return article

    async def exists(self, article_id: int) -> bool:
        return await self.get_article(article_id) is not None
"""


LIBRARY_ROUTES_BAD = """\
import asyncio

import httpx
from fastapi import APIRouter, File, Request, UploadFile, WebSocket
from langchain_openai import ChatOpenAI
from openai import AsyncOpenAI

router = APIRouter()
client = AsyncOpenAI()
llm = ChatOpenAI(model="gpt-4o-mini")


@router.post("/upload")
async def upload(file: UploadFile = File(...)) -> dict:
    contents = file.read()
    return {"name": file.filename, "size": len(contents)}


@router.post("/echo")
async def echo(request: Request) -> dict:
    payload = request.json()
    return {"keys": list(payload)}


@router.websocket("/ws")
async def chat(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        question = await websocket.receive_text()
        asyncio.sleep(0.1)
        answer = client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": question}]
        )
        websocket.send_text(answer.choices[0].message.content)


@router.get("/weather/{city}")
async def weather(city: str) -> dict:
    async with httpx.AsyncClient() as http:
        reply = http.get(f"https://api.example.org/weather/{city}")
    return reply.json()


@router.get("/summary")
async def summary(text: str) -> dict:
    result = llm.ainvoke(f"Summarise: {text}")
    return {"summary": result.content}


@router.post("/batch")
async def batch(files: list[UploadFile]) -> dict:
    sizes = {}
    for upload in files:
        data = upload.read()
        sizes[upload.filename] = len(data)
    return sizes
"""
LIBRARY_HITS = (15, 21, 30, 31, 34, 40, 46, 54)

LIBRARY_ROUTES_GOOD = """\
import asyncio

import httpx
from fastapi import APIRouter, File, Request, UploadFile, WebSocket
from langchain_openai import ChatOpenAI
from openai import AsyncOpenAI

router = APIRouter()
client = AsyncOpenAI()
llm = ChatOpenAI(model="gpt-4o-mini")


@router.post("/upload")
async def upload(file: UploadFile = File(...)) -> dict:
    contents = await file.read()
    return {"name": file.filename, "size": len(contents)}


@router.post("/echo")
async def echo(request: Request) -> dict:
    payload = await request.json()
    return {"keys": list(payload)}


@router.websocket("/ws")
async def chat(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        question = await websocket.receive_text()
        await asyncio.sleep(0.1)
        answer = await client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": question}]
        )
        await websocket.send_text(answer.choices[0].message.content)


@router.get("/weather/{city}")
async def weather(city: str) -> dict:
    async with httpx.AsyncClient() as http:
        reply = await http.get(f"https://api.example.org/weather/{city}")
    return reply.json()


@router.get("/summary")
async def summary(text: str) -> dict:
    result = await llm.ainvoke(f"Summarise: {text}")
    return {"summary": result.content}


@router.post("/form")
async def form(request: Request) -> dict:
    async with request.form() as fields:
        return {"fields": list(fields)}


@router.post("/raw")
def raw(file: UploadFile = File(...)) -> dict:
    return {"size": len(file.file.read())}


@router.get("/headers")
async def headers(city: str) -> dict:
    async with httpx.AsyncClient() as http:
        agent = http.headers.get("user-agent")
        reply = await http.get(f"https://api.example.org/weather/{city}")
    return {"agent": agent, "weather": reply.json()}


@router.get("/later")
async def later(text: str) -> dict:
    task = asyncio.create_task(llm.ainvoke(text))
    pending = [asyncio.sleep(1), asyncio.sleep(2)]
    await asyncio.gather(*pending)
    return {"answer": (await task).content}


@router.post("/batch")
async def batch(files: list[UploadFile]) -> dict:
    sizes = {}
    for upload in files:
        data = await upload.read()
        sizes[upload.filename] = len(data)
    return sizes
"""

OWN_AGENT = """\
class Agent:
    def arun(self, question: str) -> str:
        return question.strip().upper()


agent = Agent()
"""
"""A project's own ``arun``, a plain method: calling it without ``await`` is right."""

OWN_AGENT_ROUTES = """\
from fastapi import APIRouter

from app.agent import agent

router = APIRouter()


@router.get("/ask")
async def ask(question: str) -> dict:
    answer = agent.arun(question)
    return {"answer": answer.lower()}
"""

DOC_MANAGER = """\
class DocManager:
    def __init__(self, collection: str) -> None:
        self.collection = collection
        self.deleted: set[str] = set()

    async def delete_document(self, doc_id: str) -> None:
        self.deleted.add(doc_id)

    def count(self) -> int:
        return len(self.deleted)
"""
KNOWLEDGE_ROUTES = """\
from fastapi import APIRouter

from app.docs import DocManager

router = APIRouter()
manager = DocManager(collection="knowledge")


@router.delete("/knowledge/{doc_id}")
async def delete_knowledge(doc_id: str) -> dict[str, str]:
    manager.delete_document(doc_id)
    return {"deleted": doc_id}


@router.get("/knowledge/count")
async def count_knowledge() -> dict[str, int]:
    return {"count": manager.count()}
"""
"""A coroutine method of a module-level instance of a class from another module, not awaited;
a plain method of the same instance beside it."""
KNOWLEDGE_HITS = (11,)
KNOWLEDGE_ROUTES_GOOD = KNOWLEDGE_ROUTES.replace(
    "    manager.delete_document(doc_id)", "    await manager.delete_document(doc_id)"
)
