"""MB102 on stored models that are pydantic models too: a SQLModel table or a Beanie document
serialises, so answering with one ties the API to the table (low severity); one holding a
password hash leaks it (high, as any ORM model)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.rules import _document_response_cases as cases
from mentorbot.rules import _orm_response_cases as orm_cases
from tests.unit.rules import review_files


def test_documents_are_reported_low_unless_they_hold_a_private_field(tmp_path: Path) -> None:
    findings = review_files(
        tmp_path, {"models.py": cases.DOCUMENTS, "routes.py": cases.DOCUMENT_ROUTES}
    )
    reported = {f.line: f for f in findings if f.rule == "MB102"}

    assert [(f.path, line) for line, f in sorted(reported.items())] == list(cases.DOCUMENT_HITS)
    quiz, quizzes, user = (reported[line] for _, line in cases.DOCUMENT_HITS)
    assert quiz.severity == quizzes.severity == "low"
    assert "document model `Quiz` itself: it serialises" in quiz.message.en
    assert "(e.g. `QuizPublic`)" in quiz.message.en
    assert "文档模型 `Quiz`" in quiz.message.zh
    assert user.severity == "high"
    assert "document model `User` itself; return a pydantic schema" in user.message.en


def test_a_sqlmodel_table_is_low_and_one_with_a_password_hash_is_high(tmp_path: Path) -> None:
    heroes = review_files(tmp_path / "heroes", {"app/main.py": cases.SQLMODEL_HEROES})
    users = review_files(tmp_path / "users", {"app/main.py": orm_cases.SQLMODEL_USERS})

    [hero] = [f for f in heroes if f.rule == "MB102"]
    [user] = [f for f in users if f.rule == "MB102"]
    assert hero.severity == "low"
    assert "table model `Hero` itself: it serialises" in hero.message.en
    assert user.severity == "high"


BOOK_ROUTES = """\
from fastapi import APIRouter, Depends, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.models import Book

router = APIRouter()


@router.post("/books/{book_id}/cover")
async def upload_cover(book_id: int, file: UploadFile, db: AsyncSession = Depends(get_db)):
    book = await db.get(Book, book_id)
    book.cover_url = f"/covers/{file.filename}"
    await db.commit()
    return {"message": "cover uploaded", "book": book}


@router.get("/books/{book_id}")
async def read_book(book_id: int, db: AsyncSession = Depends(get_db)):
    return await db.get(Book, book_id)
"""
BOOK_MODELS = """\
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cover_url: Mapped[str] = mapped_column(String, default="")
"""


def test_a_model_in_the_dict_a_route_returns_is_said_to_be_in_the_dict(tmp_path: Path) -> None:
    """ "answers with ORM model `Book` itself" was said of a route returning {"book": book}, and
    the plan then named BookResponse as its response model (blind check corpus 40)."""
    findings = review_files(tmp_path, {"app/models.py": BOOK_MODELS, "app/routes.py": BOOK_ROUTES})
    messages = {f.line: f.message for f in findings if f.rule == "MB102"}

    assert messages[15].en == (
        "route `upload_cover` answers with ORM model `Book` inside the dict it returns; return "
        "a pydantic schema instead"
    )
    assert "放进返回的 dict 里" in messages[15].zh
    assert messages[20].en.endswith(
        "answers with ORM model `Book` itself; return a pydantic schema instead"
    )


BOOK_CRUD = """\
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Book


async def get_book(db: AsyncSession, book_id: int) -> Book | None:
    return await db.get(Book, book_id)
"""
CRUD_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app import crud
from app.database import get_db

router = APIRouter()


@router.post("/books/{book_id}/cover")
async def upload_cover(book_id: int, db: AsyncSession = Depends(get_db)):
    book = await crud.get_book(db, book_id=book_id)
    return {"message": "cover uploaded", "book": book}
"""


def test_a_model_a_helper_returns_into_the_routes_dict_is_said_to_be_in_the_dict(
    tmp_path: Path,
) -> None:
    files = {"app/models.py": BOOK_MODELS, "app/crud.py": BOOK_CRUD, "app/routes.py": CRUD_ROUTES}
    [finding] = [f for f in review_files(tmp_path, files) if f.rule == "MB102"]

    assert (finding.line, finding.message.en) == (
        13,
        "route `upload_cover` answers with ORM model `Book` inside the dict it returns; return "
        "a pydantic schema instead",
    )
