"""MB106's cases: payment routes and helpers that swallow errors, the same code translating or
logging them, and a Streamlit page and a stream that show the error to the user."""

BAD = """\
import logging

from fastapi import APIRouter, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.services import charge_card

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/payments")
async def pay(order_id: int, session: AsyncSession) -> dict[str, str]:
    try:
        await charge_card(session, order_id)
    except Exception as error:
        logger.error("payment failed: %s", error)
        return {"status": "error"}
    return {"status": "paid"}


def parse_amount(raw: str) -> float:
    try:
        return float(raw)
    except:
        return 0.0


def cleanup(paths: list[str]) -> None:
    for path in paths:
        try:
            open(path).close()
        except Exception:
            pass


def load_rates(path: str) -> dict[str, float]:
    try:
        with open(path) as rates:
            return {line.split()[0]: float(line.split()[1]) for line in rates}
    except Exception as error:
        print(error)
        return {}


@router.get("/payments/{order_id}")
async def payment_status(order_id: int, session: AsyncSession) -> dict[str, str]:
    try:
        return {"status": await charge_card.status(session, order_id)}
    except Exception:
        logger.exception("status lookup failed")
        return HTTPException(status_code=503)
"""

GOOD = """\
import logging

from fastapi import APIRouter, HTTPException
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services import PaymentDeclined, charge_card

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/payments")
async def pay(order_id: int, session: AsyncSession) -> dict[str, str]:
    try:
        await charge_card(session, order_id)
    except PaymentDeclined as declined:
        raise HTTPException(status_code=402, detail=str(declined)) from declined
    except IntegrityError:
        await session.rollback()
        raise HTTPException(status_code=409, detail="order already paid") from None
    except Exception:
        logger.exception("unexpected payment failure for order %s", order_id)
        raise
    return {"status": "paid"}


@router.get("/payments/{order_id}/receipt")
async def receipt(order_id: int, session: AsyncSession) -> dict[str, object]:
    total = await charge_card.total(session, order_id)
    try:
        breakdown = await charge_card.breakdown(session, order_id)
    except Exception:
        logger.exception("no breakdown for order %s", order_id)
        breakdown = None
    return {"total": total, "breakdown": breakdown}


def parse_amount(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None
"""

GOOD_UI = """\
import requests
import streamlit as st

question = st.text_input("Question")
if st.button("Ask"):
    try:
        answer = requests.post("http://api:8000/ask", json={"q": question}, timeout=30).json()
        st.write(answer["text"])
    except Exception as error:
        st.error(f"The service could not answer: {error}")
"""

GOOD_STREAM = """\
import json
from collections.abc import AsyncIterator

from app.agent import graph


async def events(topic: str) -> AsyncIterator[str]:
    try:
        async for event in graph.astream({"topic": topic}):
            yield f"data: {json.dumps(event, default=str)}\\n\\n"
    except Exception as error:
        failure = json.dumps({"type": "error", "message": str(error)})
        yield f"data: {failure}\\n\\n"
"""

GOOD_LOGGED_STREAM = """\
import json
from collections.abc import AsyncIterator

from loguru import logger

from app.agent import graph


async def answer_events(question: str) -> AsyncIterator[str]:
    try:
        async for chunk in graph.astream({"question": question}):
            yield f"data: {json.dumps(chunk, default=str)}\\n\\n"
    except Exception:
        logger.exception("answering {} failed", question)
        yield 'data: {"type": "error"}\\n\\n'
"""

GOOD_PLACEHOLDER_UI = """\
import requests
import streamlit as st

question = st.chat_input("Ask about your documents")
placeholder = st.empty()
if question:
    try:
        reply = requests.post("http://api:8000/ask", json={"q": question}, timeout=60)
        placeholder.markdown(reply.json()["answer"])
    except Exception as error:
        placeholder.error(f"No answer this time: {error}")
"""

GOOD_RETRIED_LOADER = """\
from pathlib import Path

ENCODINGS = ("utf-8", "gbk", "latin-1")


def read_text(path: Path) -> str:
    last_error: Exception | None = None
    for encoding in ENCODINGS:
        try:
            return path.read_text(encoding=encoding)
        except Exception as error:
            last_error = error
    raise ValueError(f"cannot decode {path}") from last_error
"""

OWN_HTTP_ERRORS = """\
from fastapi import APIRouter, HTTPException, status
from sqlalchemy.orm import Session

from app.models import Book

router = APIRouter()
credentials_exception = HTTPException(status_code=401, detail="could not validate credentials")


@router.get("/books/{book_id}")
def read_book(book_id: int, db: Session) -> dict[str, str]:
    try:
        book = db.get(Book, book_id)
        if book is None:
            raise HTTPException(status_code=404, detail="book not found")
        return {"title": book.title}
    except Exception as error:
        raise HTTPException(status_code=500, detail=str(error)) from error


@router.delete("/books/{book_id}")
def delete_book(book_id: int, db: Session) -> None:
    try:
        book = db.get(Book, book_id)
        if book is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "book not found")
        db.delete(book)
        db.commit()
    except HTTPException:
        raise
    except Exception as error:
        raise HTTPException(status_code=500, detail="could not delete") from error


@router.put("/books/{book_id}")
def rename_book(book_id: int, title: str, db: Session) -> dict[str, str]:
    try:
        if not title:
            raise HTTPException(status_code=400, detail="a title is needed")
        book = db.get(Book, book_id)
        if book is None:
            raise HTTPException(status_code=500, detail="the book vanished")
        book.title = title
        db.commit()
        return {"title": title}
    except Exception as error:
        raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, str(error)) from error


def current_reader(token: str) -> str:
    try:
        name = token.removeprefix("reader:")
        if name == token:
            raise credentials_exception
        return name
    except Exception:
        raise credentials_exception
"""
"""A 404 raised in a route's ``try`` and answered as a 500 by its ``except Exception``; the
same route letting ``HTTPException`` through first; an auth helper raising the same 401 either
way."""
OWN_HTTP_ERRORS_HITS = (17, 46)
"""The second: its 400 is lost; its 500 would be answered the same, status constant or not."""

HIDDEN_SERVER_ERRORS = """\
import logging

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import JSONResponse

from app.db import cursor, connection

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/todos/{user_id}")
def list_todos(user_id: int) -> list[dict]:
    try:
        cursor.execute("SELECT * FROM todo WHERE user_id = %s", (user_id,))
        return cursor.fetchall()
    except Exception:
        raise HTTPException(status_code=500, detail="Database query error")


def add_todo(user_id: int, title: str) -> None:
    try:
        cursor.execute("INSERT INTO todo (user_id, title) VALUES (%s, %s)", (user_id, title))
        connection.commit()
    except Exception as error:
        connection.rollback()
        raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, "Not added") from None


@router.delete("/todos/{todo_id}")
def delete_todo(todo_id: int) -> None:
    try:
        cursor.execute("DELETE FROM todo WHERE id = %s", (todo_id,))
        connection.commit()
    except Exception:
        log.exception("deleting todo %s failed", todo_id)
        raise HTTPException(status_code=500, detail="Could not delete the todo")


@router.put("/todos/{todo_id}/done")
def finish_todo(todo_id: int) -> None:
    try:
        cursor.execute("UPDATE todo SET done = true WHERE id = %s", (todo_id,))
        connection.commit()
    except Exception as error:
        raise HTTPException(status_code=500, detail=f"Could not update: {error}")


@router.put("/todos/{todo_id}/title")
def rename_todo(todo_id: int, title: str) -> None:
    try:
        cursor.execute("UPDATE todo SET title = %s WHERE id = %s", (title, todo_id))
        connection.commit()
    except Exception as error:
        raise HTTPException(status_code=500, detail="Could not rename the todo") from error


@router.get("/todos/{todo_id}")
def read_todo(todo_id: int) -> dict:
    try:
        cursor.execute("SELECT * FROM todo WHERE id = %s", (todo_id,))
        return cursor.fetchone()
    except Exception:
        raise HTTPException(status_code=400, detail="Bad todo id")


@router.post("/todos/{todo_id}/copy")
def copy_todo(todo_id: int) -> JSONResponse:
    try:
        cursor.execute("INSERT INTO todo (title) SELECT title FROM todo WHERE id = %s", (todo_id,))
        connection.commit()
    except Exception as error:
        connection.rollback()
        return JSONResponse(status_code=500, content={"error": True, "message": "Server error"})
    return JSONResponse(status_code=201, content={"copied": todo_id})


@router.post("/todos/{todo_id}/archive")
def archive_todo(todo_id: int) -> JSONResponse:
    try:
        cursor.execute("UPDATE todo SET archived = true WHERE id = %s", (todo_id,))
        connection.commit()
    except Exception as error:
        return JSONResponse(status_code=500, content={"error": True, "message": str(error)})
    return JSONResponse(status_code=200, content={"archived": todo_id})
"""
HIDDEN_SERVER_ERRORS_HITS = (17, 25, 72)
"""A bare 500 with the cause dropped, also after a rollback and ``from None``, raised or
answered as a response; a handler that logs the traceback, shows the error or chains it leaves
a trace, and a 400 is not a 500."""

RATING_SERVICES = """\
from fastapi import HTTPException


def create_rating(cursor, user_id: int, worker_id: int, stars: int) -> int:
    if not 1 <= stars <= 5:
        raise HTTPException(status_code=400, detail="Stars must be between 1 and 5")
    cursor.execute(
        "SELECT id FROM ratings WHERE user_id = %s AND worker_id = %s", (user_id, worker_id)
    )
    if cursor.fetchone():
        raise HTTPException(status_code=409, detail="Already rated")
    cursor.execute("INSERT INTO ratings VALUES (%s, %s, %s)", (user_id, worker_id, stars))
    return cursor.rowcount


def average(stars: list[int]) -> float:
    return sum(stars) / len(stars) if stars else 0.0
"""
"""A service that answers the client itself, with a 400 or a 409."""

RATING_ROUTES = """\
from fastapi import APIRouter, HTTPException

from app.db import connection
from app.services import average, create_rating

router = APIRouter()


@router.post("/ratings")
def rate(user_id: int, worker_id: int, stars: int) -> dict[str, str]:
    cursor = connection.cursor()
    try:
        create_rating(cursor, user_id, worker_id, stars)
        connection.commit()
        return {"detail": "Rating created"}
    except Exception as error:
        connection.rollback()
        raise HTTPException(status_code=500, detail=f"Failed to rate: {error}") from error


@router.get("/ratings/average")
def rating_average(stars: str) -> dict[str, float]:
    try:
        return {"average": average([int(s) for s in stars.split(",")])}
    except Exception as error:
        raise HTTPException(status_code=500, detail=str(error)) from error


@router.put("/ratings")
def rerate(user_id: int, worker_id: int, stars: int) -> dict[str, str]:
    cursor = connection.cursor()
    try:
        create_rating(cursor, user_id, worker_id, stars)
    except HTTPException:
        raise
    except Exception as error:
        raise HTTPException(status_code=500, detail=str(error)) from error
    return {"detail": "Rating replaced"}
"""
RATING_HITS = (16,)
"""The 409 and 400 the service raises become 500s; a try whose callee raises nothing, and one
that lets HTTP errors through first, are fine."""
