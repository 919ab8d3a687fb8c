"""A project's own context manager around its session factory is a session factory too: the
rules know the kind of session it yields wherever a function takes one from it."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

SYNC_DATABASE = """\
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg://shop@localhost/shop")
SessionLocal = sessionmaker(bind=engine)


@contextmanager
def session_scope():
    session = SessionLocal()
    try:
        yield session
        session.commit()
    finally:
        session.close()
"""

REPORTS = """\
from fastapi import FastAPI

from app.db import session_scope
from app.models import Order

app = FastAPI()


@app.get("/reports/orders")
async def order_report() -> dict[str, int]:
    with session_scope() as session:
        count = session.query(Order).count()
    return {"orders": count}
"""


def test_a_sync_session_from_the_project_s_scope_is_known_in_an_async_route(
    tmp_path: Path,
) -> None:
    found = review_files(tmp_path, {"app/db.py": SYNC_DATABASE, "app/reports.py": REPORTS})

    sync_engine = [f for f in found if f.rule == "MB111"]
    assert [(f.path, f.line) for f in sync_engine] == [("app/db.py", 6)]
    assert "`order_report`" in sync_engine[0].message.en
    opened = [f for f in found if f.rule == "MB103"]
    assert [(f.path, f.line) for f in opened] == [("app/reports.py", 11)]
    assert "`session_scope`" in opened[0].message.en


def test_a_generator_that_is_no_context_manager_is_no_session_factory(tmp_path: Path) -> None:
    """FastAPI's ``get_db`` dependency yields a session too, but a route never calls it."""
    database = SYNC_DATABASE.replace("@contextmanager\n", "").replace("session_scope", "get_db")
    reports = REPORTS.replace("session_scope", "get_db")
    found = review_files(tmp_path, {"app/db.py": database, "app/reports.py": reports})

    assert [f for f in found if f.rule == "MB103"] == []


def test_a_session_drawn_with_next_is_not_said_to_stay_open(tmp_path: Path) -> None:
    """A worker drew a session with ``next(get_db())`` and closed it in its own ``finally``;
    the log said the session "is never closed" (blind check history 39). Dropped at once, the
    generator runs its clean-up right away: what is wrong is that it frames none of the work."""
    from mentorbot.rules import _session_cases as cases

    found = review_files(
        tmp_path, {"app/database.py": cases.DATABASE, "app/main.py": cases.BAD_BY_HAND}
    )
    drawn_by_hand = [f for f in found if f.rule == "MB103" and "next(get_db())" in f.message.en]

    assert drawn_by_hand
    for finding in drawn_by_hand:
        assert "never closed" not in finding.message.en
        assert "before the session is used" in finding.message.en
        assert "会话也就不会关闭" not in finding.message.zh


def test_a_connection_named_in_latin_letters_is_set_apart_in_the_chinese_message(
    tmp_path: Path,
) -> None:
    """「新建一个SQLite 数据库连接」ran the Chinese into the name (blind check z1)."""
    files = {
        "app/main.py": (
            "import sqlite3\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
            '@app.get("/notes/count")\ndef count_notes() -> int:\n'
            '    conn = sqlite3.connect("notes.db")\n'
            '    return conn.execute("SELECT count(*) FROM notes").fetchone()[0]\n'
        ),
    }
    [finding] = [f for f in review_files(tmp_path, files) if f.rule == "MB103"]
    assert "新建一个 SQLite 数据库连接" in finding.message.zh
