"""A fix made in another file than the one the problem showed in: the route that sent a mail
blocked the event loop through a helper in another module, and the commit changed only the
helper. The lesson is the rule's, cited by the commit, the helper's change and the route's line;
it is not claimed where the problem is back now, nor for a call written after the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

MAIL = """\
from email.message import EmailMessage

import requests

MAIL_API = "https://mail.example.com/send"


def send_welcome_email(address: str) -> None:
    message = EmailMessage()
    message["To"] = address
    message["Subject"] = "Welcome"
    requests.post(MAIL_API, data=message.as_bytes(), timeout=10)
"""
QUEUED_MAIL = """\
import asyncio

outbox: asyncio.Queue[str] = asyncio.Queue()


def send_welcome_email(address: str) -> None:
    outbox.put_nowait(address)
"""
ROUTES = """\
from fastapi import APIRouter

from app.mail import send_welcome_email

router = APIRouter()


@router.post("/users")
async def register(email: str) -> dict[str, str]:
    send_welcome_email(email)
    return {"email": email}
"""
SILENT_ROUTES = ROUTES.replace("    send_welcome_email(email)\n", "")
CALL_LINE = 10


@pytest.fixture
def signup(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/mail.py", MAIL)
    repo.write("app/routes.py", ROUTES)
    repo.write("requirements.txt", "fastapi==0.115.0\nrequests==2.32.3\n")
    repo.commit("feat: sign-up sends a welcome mail")
    return repo


def test_a_helper_that_stops_blocking_frees_the_route_that_calls_it(
    signup: GitRepo, tmp_path: Path
) -> None:
    assert ROUTES.splitlines()[CALL_LINE - 1].strip() == "send_welcome_email(email)"
    signup.write("app/mail.py", QUEUED_MAIL)
    sha = signup.commit("fix: sign-up no longer waits for the mail server")

    lessons = solved_lessons(signup, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, "MB101", "app/mail.py")
    ]
    lesson = lessons[0]
    assert [(e.path, e.line) for e in lesson.evidence if e.line] == [("app/routes.py", CALL_LINE)]
    assert "requests.post(MAIL_API" in lesson.before
    assert "outbox.put_nowait(address)" in lesson.after


def test_a_problem_that_is_back_now_is_not_claimed_fixed_by_the_earlier_commit(
    signup: GitRepo, tmp_path: Path
) -> None:
    signup.write("app/mail.py", QUEUED_MAIL)
    sha = signup.commit("fix: sign-up no longer waits for the mail server")
    signup.write("app/mail.py", MAIL)
    signup.commit("feat: send the welcome mail right away again")

    lessons = solved_lessons(signup, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(sha, None)]


def test_a_call_written_after_the_fix_is_not_credited_to_it(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/mail.py", MAIL)
    repo.write("app/routes.py", SILENT_ROUTES)
    repo.write("requirements.txt", "fastapi==0.115.0\nrequests==2.32.3\n")
    repo.commit("feat: sign-up and a mail helper")
    repo.write("app/mail.py", QUEUED_MAIL)
    sha = repo.commit("fix: the mail helper no longer waits for the mail server")
    repo.write("app/routes.py", ROUTES)
    repo.commit("feat: sign-up sends a welcome mail")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(sha, None)]


DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("mysql+pymysql://shop:Kq83-vNz@db:3306/shop")
SessionLocal = sessionmaker(bind=engine)
"""
SEARCH = """\
import time

from fastapi import FastAPI

from app.database import SessionLocal

app = FastAPI()


@app.get("/users/search")
async def search(company: str) -> list[str]:
    time.sleep(0.1)
    db = SessionLocal()
    return [row[0] for row in db.execute("SELECT email FROM users").all()]
"""


def _search_made_sync(tmp_path: Path, message: str) -> tuple[str, list[tuple[str, str | None]]]:
    """A search route on the database module's sync engine, then made ``def`` by a commit with
    ``message``: that commit and the (commit, rule) of every solved lesson."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/database.py", DATABASE)
    repo.write("app/main.py", SEARCH)
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.30\npymysql==1.1.1\n")
    repo.commit("feat: search users")
    repo.write("app/main.py", SEARCH.replace("async def search", "def search"))
    sha = repo.commit(message)
    return sha, [(lesson.commit, lesson.rule) for lesson in solved_lessons(repo, tmp_path)]


def test_a_fix_credits_another_rule_it_solved_in_a_file_it_left_alone(tmp_path: Path) -> None:
    """Making the search route ``def`` solved its blocking call and, in the untouched database
    module, the sync engine an async route used (MB111): only the first was credited while the
    commit's own file gave a lesson (blind check history 11). The engine's line holds a
    password, masked in the finding's quote."""
    sha, lessons = _search_made_sync(tmp_path, "fix: search runs in the thread pool")

    assert (sha, "MB101") in lessons
    assert (sha, "MB111") in lessons


def test_an_update_that_made_the_last_async_user_sync_solved_the_engine_it_used(
    tmp_path: Path,
) -> None:
    """ "update" made the search route ``def``: its blocking calls were credited, not the sync
    engine of the untouched database module that no async function uses any more (blind check
    history 14)."""
    sha, lessons = _search_made_sync(tmp_path, "update")

    assert (sha, "MB111") in lessons
