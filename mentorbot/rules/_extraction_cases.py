"""MB101 cases of blind checks corpus 93 and history 56: the schema made through a sync engine
in ``async def`` (a lifespan, a reset route), text pulled out of scans by OCR helpers named like
another module's, reached under an alias, and a local Qdrant store's uploads."""

from __future__ import annotations

from mentorbot.rules.base import Case

SYNC_SCHEMA_APP = """\
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base

engine = create_engine("sqlite:///./items.db")
Base = declarative_base()


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    name = Column(String(80))


def init_db() -> None:
    Base.metadata.create_all(bind=engine)


@asynccontextmanager
async def lifespan(app: FastAPI):
    init_db()
    yield


app = FastAPI(lifespan=lifespan)


@app.post("/reset")
async def reset() -> dict[str, bool]:
    Base.metadata.drop_all(bind=engine)
    Base.metadata.create_all(bind=engine)
    return {"ok": True}
"""
SYNC_SCHEMA_HITS = (32, 33)

ASYNC_SCHEMA_APP = """\
import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import declarative_base

engine = create_async_engine("sqlite+aiosqlite:///./items.db")
reports = create_engine("sqlite:///./reports.db")
Base = declarative_base()


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    await asyncio.to_thread(Base.metadata.create_all, reports)
    yield


app = FastAPI(lifespan=lifespan)


def main() -> None:
    Base.metadata.create_all(bind=reports)
"""

OCR_HELPERS = """\
import cv2
import pytesseract


def extract_text_from_image(image_path: str) -> str:
    image = cv2.imread(image_path)
    return pytesseract.image_to_string(image, lang="eng")


def extract_text(file_path: str) -> str:
    return extract_text_from_image(file_path)
"""

DOCUMENT_HELPERS = """\
def extract_text(file_path: str) -> str:
    return file_path.rsplit("/", 1)[-1]
"""

PDF_HELPERS = """\
import pdfplumber


def extract_pages(pdf_path: str) -> str:
    with pdfplumber.open(pdf_path) as pdf:
        return "\\n".join(page.extract_text() or "" for page in pdf.pages)
"""

OCR_ROUTES = """\
import pypandoc
from fastapi import APIRouter
from pdf2image import convert_from_path
from pytesseract import image_to_string

from app.documents import extract_text as file_title
from app.ocr import extract_text
from app.pdf import extract_pages as extract_fallback

router = APIRouter()


def ocr_pdf(path: str) -> str:
    return "\\n".join(image_to_string(page) for page in convert_from_path(path))


@router.post("/ocr")
async def ocr(path: str) -> dict[str, str]:
    return {"text": extract_text(path), "title": file_title(path)}


@router.post("/pdf")
async def pdf(path: str) -> dict[str, str]:
    text = extract_fallback(path)
    text = text or ocr_pdf(path)
    return {"text": text or pypandoc.convert_file(path, "plain")}
"""
OCR_ROUTES_HITS = (19, 24, 25, 26)

QDRANT_PROVIDER = """\
from qdrant_client import QdrantClient, models


class QdrantProvider:
    def __init__(self, path: str) -> None:
        self.client = QdrantClient(path=path)

    async def insert_many(self, collection: str, records: list[models.Record]) -> bool:
        self.client.upload_records(collection_name=collection, records=records)
        return True
"""
QDRANT_PROVIDER_HITS = (9,)

BAD = (
    Case(
        files={"app/main.py": SYNC_SCHEMA_APP},
        hits=tuple(("app/main.py", line) for line in SYNC_SCHEMA_HITS),
        note="create_all through a sync engine in a reset route (history check 56); the same in "
        "the lifespan, by a helper, runs before any request is served (blind check s1)",
    ),
    Case(
        files={
            "app/ocr.py": OCR_HELPERS,
            "app/documents.py": DOCUMENT_HELPERS,
            "app/pdf.py": PDF_HELPERS,
            "app/routes.py": OCR_ROUTES,
        },
        hits=tuple(("app/routes.py", line) for line in OCR_ROUTES_HITS),
        note="an OCR helper named like another module's harmless one, a PDF reader imported "
        "under an alias, and pdf2image, tesseract and pandoc called on the loop (corpus 93)",
    ),
    Case(
        files={"app/vectors.py": QDRANT_PROVIDER},
        hits=tuple(("app/vectors.py", line) for line in QDRANT_PROVIDER_HITS),
        note="a local Qdrant store's upload from an async method (corpus 93)",
    ),
)
GOOD = (
    Case(
        files={"app/main.py": ASYNC_SCHEMA_APP},
        note="create_all through run_sync on an async engine, in a thread, or in a script's main",
    ),
)
