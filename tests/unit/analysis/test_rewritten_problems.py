"""A fix commit that rewrites a flagged line into one its rule still reports keeps that problem:
an f-string query moved into ``text(f"...")``, or a blocking session call traded for another on
the same session in the same async function (blind check history 58: false lessons for both),
or moved into a helper the function still calls. A blocking call made async is solved though a
helper the function calls, reported before, still blocks it (blind check k2)."""

from __future__ import annotations

from pathlib import Path

import pytest

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


CONSUMER = """\
import asyncio
import json
import logging
import time

import aio_pika


def handle(payload: dict) -> None:
    time.sleep(1)
    logging.info("handled %s", payload)


async def process(message: aio_pika.IncomingMessage) -> None:
    async with message.process():
        payload = json.loads(message.body.decode())
        time.sleep(2)
        handle(payload)
"""
FLAGGED_SLEEP = "        time.sleep(2)\n"


def _consumer(tmp_path: Path, fixed: str) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path / "consumer").init()
    repo.write("requirements.txt", "aio-pika==9.4.0\n")
    repo.write("consumer.py", CONSUMER)
    repo.commit("consumer", date="2026-10-01T10:00:00+00:00")
    repo.write("consumer.py", fixed)
    return repo, repo.commit("update consumer.py", date="2026-10-02T10:00:00+00:00")


def test_a_blocking_call_made_async_is_solved_beside_a_helper_that_still_blocks(
    tmp_path: Path,
) -> None:
    fixed = CONSUMER.replace(FLAGGED_SLEEP, "        await asyncio.sleep(2)\n")
    repo, sha = _consumer(tmp_path, fixed)

    [lesson] = [found for found in solved_lessons(repo, tmp_path) if found.rule == "MB101"]

    assert lesson.commit == sha
    assert "time.sleep(2)" in lesson.before
    assert "await asyncio.sleep(2)" in lesson.after


@pytest.mark.parametrize(
    "in_its_place",
    ["", '        logging.info("waiting")\n'],
    ids=["deleted", "rewritten"],
)
def test_a_blocking_call_moved_into_the_helper_the_function_calls_is_no_fix(
    tmp_path: Path, in_its_place: str
) -> None:
    moved = CONSUMER.replace(FLAGGED_SLEEP, in_its_place).replace(
        "    time.sleep(1)\n", "    time.sleep(3)\n"
    )
    repo, _ = _consumer(tmp_path, moved)

    assert [found for found in solved_lessons(repo, tmp_path) if found.rule == "MB101"] == []


SAVING_CONSUMERS = """\
import json
import time
from pathlib import Path

import aio_pika


def handle(payload: dict) -> None:
    time.sleep(1)


async def save_first(message: aio_pika.IncomingMessage) -> None:
    payload = json.loads(message.body.decode())
    Path("last.json").write_text(json.dumps(payload))


async def process(message: aio_pika.IncomingMessage) -> None:
    payload = json.loads(message.body.decode())
    Path("last.json").write_text(json.dumps(payload))
    handle(payload)
"""
SAVED_BY_A_HELPER = """\
import json
import time
from pathlib import Path

import aio_pika


def handle(payload: dict) -> None:
    time.sleep(1)


async def save_last(payload: dict) -> None:
    Path("last.json").write_text(json.dumps(payload))


async def process(message: aio_pika.IncomingMessage) -> None:
    payload = json.loads(message.body.decode())
    await save_last(payload)
    handle(payload)
"""


def test_a_blocking_call_moved_into_an_async_helper_it_awaits_is_no_fix(tmp_path: Path) -> None:
    """The write now runs in ``save_last``, awaited: its blocking call is reported there still,
    and nothing was fixed, whatever else ``process`` blocks on (a Dramatiq actor's
    ``save_image`` moved into ``_save_result`` had been credited beside a call already
    reported: regression run of blind check k2's fix)."""
    repo = GitRepo(tmp_path / "consumer").init()
    repo.write("requirements.txt", "aio-pika==9.4.0\n")
    repo.write("consumer.py", SAVING_CONSUMERS)
    repo.commit("consumer", date="2026-10-01T10:00:00+00:00")
    repo.write("consumer.py", SAVED_BY_A_HELPER)
    repo.commit("update consumer.py", date="2026-10-02T10:00:00+00:00")

    assert [found for found in solved_lessons(repo, tmp_path) if found.rule == "MB101"] == []
