"""The plan's task for a sync engine used from async code: where one async route stands among
plain ``def`` ones, making it a plain ``def`` too is the fix that fits the project; switching
the whole data layer to an async driver is the other way, not the only one (blind check m1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import PlanTask
from tests.unit.assess.scenarios import plan_files

DATABASE = b"""\
from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

engine = create_engine("sqlite:///./notes.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()
"""
MAIN = """\
from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import Column, Integer, String, func
from sqlalchemy.orm import Session

from database import Base, SessionLocal, engine

app = FastAPI()
Base.metadata.create_all(bind=engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    text = Column(String, nullable=False)


@app.get("/notes")
{list_def} list_notes(db: Session = Depends(get_db)):
    return [{{"id": n.id, "text": n.text}} for n in db.query(Note).all()]


@app.get("/notes/{{note_id}}")
{get_def} get_note(note_id: int, db: Session = Depends(get_db)):
    note = db.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=404, detail="not found")
    return {{"id": note.id, "text": note.text}}


@app.get("/stats")
async def stats(db: Session = Depends(get_db)):
    return {{"notes": db.query(func.count(Note.id)).scalar()}}
"""


def _engine_task(tmp_path: Path, list_def: str, get_def: str) -> PlanTask:
    sources = {
        "database.py": DATABASE,
        "main.py": MAIN.format(list_def=list_def, get_def=get_def).encode(),
        "requirements.txt": b"fastapi==0.115.0\nsqlalchemy==2.0.35\n",
    }
    plan = plan_files(tmp_path, sources).plan
    return next(t for t in plan.tasks if t.check and t.check.rule == "MB111")


def test_one_async_route_among_plain_def_ones_is_told_to_become_a_plain_def(
    tmp_path: Path,
) -> None:
    task = _engine_task(tmp_path, "def", "def")

    assert task.text.en == (
        "The sync engine in database.py is used from the async route `stats` while the other "
        "routes are plain `def`: make `stats` a plain `def` too, which FastAPI runs in its "
        "thread pool, or go async end to end with an async driver (aiosqlite) and "
        "create_async_engine"
    )
    assert "把 `stats` 也改成普通 `def`" in task.text.zh


def test_an_async_app_is_still_told_to_switch_its_driver(tmp_path: Path) -> None:
    task = _engine_task(tmp_path, "async def", "async def")

    assert task.text.en.startswith(
        "Switch database.py to an async database driver (aiosqlite) with create_async_engine"
    )
