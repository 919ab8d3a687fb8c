"""MB103's cases of a route reaching a function by an imported name: the route's module says
which module the function comes from, so a command-line script at the repo's top that defines a
function of the same name, and opens its own session, is not on the request path (blind check
c101), while the same script is when the route does import from it, and so is a function a
route imports from a module that only imports it in turn."""

from __future__ import annotations

from mentorbot.rules._session_cases import DATABASE

INGEST_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.ingest import ingest_documents

router = APIRouter()


@router.post("/ingest")
def ingest(folder: str, db: Session = Depends(get_db)) -> dict:
    return {"documents": ingest_documents(folder, db)}
"""

APP_INGEST = """\
from pathlib import Path

from sqlalchemy.orm import Session

from app.models import Document


def ingest_documents(folder: str, db: Session) -> int:
    paths = sorted(Path(folder).glob("*.md"))
    db.add_all(Document(path=str(path), text=path.read_text()) for path in paths)
    db.commit()
    return len(paths)
"""

INGEST_SCRIPT = """\
import sys
from pathlib import Path

from app.database import SessionLocal
from app.models import Document


def ingest_documents(folder: str) -> int:
    db = SessionLocal()
    try:
        paths = sorted(Path(folder).glob("*.md"))
        db.add_all(Document(path=str(path), text=path.read_text()) for path in paths)
        db.commit()
        return len(paths)
    finally:
        db.close()


if __name__ == "__main__":
    print(ingest_documents(sys.argv[1]))
"""
INGEST_SCRIPT_LINE = 9

SCRIPT_ROUTES = """\
from fastapi import APIRouter

from ingest import ingest_documents

router = APIRouter()


@router.post("/ingest")
def ingest(folder: str) -> dict:
    return {"documents": ingest_documents(folder)}
"""

SAME_NAME_FILES = {
    "app/database.py": DATABASE,
    "app/ingest.py": APP_INGEST,
    "app/routes.py": INGEST_ROUTES,
    "ingest.py": INGEST_SCRIPT,
}
SCRIPT_FILES = {
    "app/database.py": DATABASE,
    "app/routes.py": SCRIPT_ROUTES,
    "ingest.py": INGEST_SCRIPT,
}

GATHERING_SERVICES = """\
from app.documents import load_documents

__all__ = ["load_documents"]
"""

REPOSITORY = """\
from app.database import SessionLocal
from app.models import Document


def load_documents(folder: str) -> list[Document]:
    db = SessionLocal()
    try:
        return db.query(Document).filter(Document.path.startswith(folder)).all()
    finally:
        db.close()
"""
REPOSITORY_LINE = 6

GATHERED_ROUTES = """\
from fastapi import APIRouter

from app.services import load_documents

router = APIRouter()


@router.get("/documents")
def documents(folder: str) -> list[str]:
    return [document.path for document in load_documents(folder)]
"""

GATHERED_FILES = {
    "app/database.py": DATABASE,
    "app/services.py": GATHERING_SERVICES,
    "app/documents.py": REPOSITORY,
    "app/routes.py": GATHERED_ROUTES,
}
