"""MB106's example routes whose excepts answer, or fail to answer, with an HTTP error: a
book API raising its own HTTPException, a todo API hiding server errors, a rating API over a
cursor and a RAG route over its query engine."""

from mentorbot.rules.base import Case

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


@router.delete("/todos/{todo_id}/purge")
def purge_todo(todo_id: int) -> None:
    try:
        cursor.execute("DELETE FROM todo WHERE id = %s", (todo_id,))
        if cursor.rowcount == 0:
            raise HTTPException(status_code=404, detail="not found")
        connection.commit()
    except Exception as e:
        if isinstance(e, HTTPException):
            raise e
        raise HTTPException(status_code=500, detail="unexpected error")


@router.delete("/todos/{todo_id}/trash")
def trash_todo(todo_id: int) -> None:
    try:
        cursor.execute("UPDATE todo SET trashed = true WHERE id = %s", (todo_id,))
        if cursor.rowcount == 0:
            raise HTTPException(status_code=404, detail="not found")
        connection.commit()
    except Exception as e:
        if isinstance(e, HTTPException):
            raise
        log.exception("trashing todo %s failed", todo_id)
        raise HTTPException(status_code=500, detail="unexpected error")
"""
HIDDEN_SERVER_ERRORS_HITS = (17, 25, 63, 72, 95)
"""A bare 500 with the cause dropped, also after a rollback and ``from None``, raised or
answered as a response, also after letting the route's own ``HTTPException`` through, and a
bare 400 for a failed query (blind check e1); a handler that logs the traceback, shows the
error or chains it leaves a trace."""

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

QUERY_ENGINE = """\
from fastapi import HTTPException


class QueryEngine:
    def query(self, question: str, session_id: str) -> dict[str, str]:
        if not session_id:
            raise HTTPException(status_code=404, detail="No documents for this session")
        return {"answer": question}
"""
"""A RAG engine's method that answers the client itself with a 404."""
QUERY_ROUTES = """\
import logging

from fastapi import FastAPI, HTTPException

from app.engine import QueryEngine

logger = logging.getLogger(__name__)
app = FastAPI()
query_engine = QueryEngine()


@app.post("/ask")
def ask(question: str, session_id: str) -> dict[str, str]:
    try:
        return query_engine.query(question, session_id)
    except Exception:
        logger.exception("query failed")
        raise HTTPException(status_code=500, detail="Query failed")
"""
QUERY_HITS = (16,)
"""The engine's 404, raised by a method of the object the module holds, becomes a 500 (blind
check corpus 68)."""
RAISED_ELSEWHERE = (
    Case(
        files={"app/services.py": RATING_SERVICES, "app/ratings.py": RATING_ROUTES},
        hits=tuple(("app/ratings.py", line) for line in RATING_HITS),
        note="a service's 409 caught by the route's except Exception and answered as a 500",
    ),
    Case(
        files={"app/engine.py": QUERY_ENGINE, "app/main.py": QUERY_ROUTES},
        hits=tuple(("app/main.py", line) for line in QUERY_HITS),
        note="an engine method's 404 caught by the route's except Exception, logged, and "
        "answered as a 500",
    ),
)
