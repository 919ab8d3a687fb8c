"""A fix commit that rewrites a flagged line into one its rule still reports keeps that problem:
an f-string query moved into ``text(f"...")``, or a blocking session call traded for another on
the same session in the same async function (blind check history 58: false lessons for both)."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

POSTS = """\
from fastapi import FastAPI

from app.db import cursor

app = FastAPI()


@app.get("/posts/{id}")
def get_post(id: int):
    cursor.execute(f"SELECT * FROM posts WHERE id = {id}")
    return cursor.fetchone()


@app.delete("/posts/{id}")
def delete_post(id: int):
    cursor.execute(f"DELETE FROM posts WHERE id = {id} RETURNING *")
    return cursor.fetchone()
"""
POSTS_ORM = """\
from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import get_db
from app.models import Post

app = FastAPI()


@app.get("/posts/{id}")
def get_post(id: int, db: Session = Depends(get_db)):
    return db.execute(text(f"SELECT * FROM posts WHERE id = {id}")).mappings().first()


@app.delete("/posts/{id}")
def delete_post(id: int, db: Session = Depends(get_db)):
    post = db.get(Post, id)
    db.delete(post)
    db.commit()
    return post
"""

AUTH = """\
from fastapi import Depends, Header, HTTPException
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import get_db
from app.models import User


async def current_user(api_key: str = Header(...), db: Session = Depends(get_db)) -> User:
    row = db.execute(text("SELECT id FROM users WHERE api_key = :key"), {"key": api_key}).first()
    if not row:
        raise HTTPException(status_code=401, detail="invalid api key")
    return db.get(User, row.id)
"""
AUTH_ORM = """\
from fastapi import Depends, Header, HTTPException
from sqlalchemy.orm import Session

from app.db import get_db
from app.models import User


async def current_user(api_key: str = Header(...), db: Session = Depends(get_db)) -> User:
    user = db.query(User).filter(User.api_key == api_key).first()
    if not user:
        raise HTTPException(status_code=401, detail="invalid api key")
    return user
"""


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "api").init()
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.35\n")
    return repo


def test_a_query_moved_into_text_is_no_fix_of_its_formatting(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("app/main.py", POSTS)
    repo.commit("posts with psycopg")
    repo.write("app/main.py", POSTS_ORM)
    sha = repo.commit("switch to sqlalchemy orm")

    [lesson] = [found for found in solved_lessons(repo, tmp_path) if found.rule == "MB108"]

    assert lesson.commit == sha
    assert lesson.occurrences == 1
    assert "DELETE FROM posts" in lesson.before


def test_a_blocking_call_traded_for_another_on_the_same_session_is_no_fix(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.write("app/deps.py", AUTH)
    repo.commit("api key auth")
    repo.write("app/deps.py", AUTH_ORM)
    repo.commit("fix: look up the api key with the ORM")

    assert [found for found in solved_lessons(repo, tmp_path) if found.rule == "MB101"] == []
