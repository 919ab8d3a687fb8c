"""A commit mined for the topic its message names ("refactor: take the session from Depends")
is credited with that kind of problem, not with the unused import it dropped on the way; a
commit called a fix is credited with both. Each solved problem says what its rule found."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///links.db")
SessionLocal = sessionmaker(bind=engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
"""
OWN_SESSION = """\
import secrets

from fastapi import FastAPI, HTTPException

from app.database import SessionLocal
from app.models import Link

app = FastAPI()


@app.post("/links")
def create_link(target: str):
    db = SessionLocal()
    link = Link(code=secrets.token_urlsafe(5), target=target)
    db.add(link)
    db.commit()
    return {"code": link.code}
"""
INJECTED = """\
import secrets

from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Link

app = FastAPI()


@app.post("/links")
def create_link(target: str, db: Session = Depends(get_db)):
    link = Link(code=secrets.token_urlsafe(5), target=target)
    db.add(link)
    db.commit()
    return {"code": link.code}
"""


def _history(tmp_path: Path, subject: str) -> GitRepo:
    repo = GitRepo(tmp_path / "links").init()
    repo.write("app/__init__.py", "")
    repo.write("app/database.py", DATABASE)
    repo.write("app/models.py", "class Link:\n    pass\n")
    repo.write("app/main.py", OWN_SESSION)
    repo.commit("feat: links", date="2026-03-01T10:00:00+00:00")
    repo.write("app/main.py", INJECTED)
    repo.commit(subject, date="2026-03-02T10:00:00+00:00")
    return repo


def test_a_refactor_is_credited_with_the_session_not_with_the_import_it_dropped(
    tmp_path: Path,
) -> None:
    lessons = solved_lessons(
        _history(tmp_path, "refactor: take the session from Depends"), tmp_path
    )

    assert [lesson.rule for lesson in lessons] == ["MB103"]
    found = lessons[0].found
    assert found is not None
    assert "create_link" in found.en and "SessionLocal" in found.en


@pytest.mark.parametrize(
    "subject", ["fix: take the session from Depends", "修复：会话改为依赖注入，删掉没用的导入"]
)
def test_a_commit_called_a_fix_is_credited_with_the_unused_import_too(
    tmp_path: Path, subject: str
) -> None:
    lessons = solved_lessons(_history(tmp_path, subject), tmp_path)

    assert sorted(lesson.rule or "" for lesson in lessons) == ["MB103", "MB201"]
    general = next(lesson for lesson in lessons if lesson.rule == "MB201")
    assert general.found is not None
    assert "HTTPException" in general.found.en


def _import_history(tmp_path: Path, subject: str) -> GitRepo:
    repo = GitRepo(tmp_path / "links").init()
    repo.write("app/__init__.py", "")
    repo.write("app/database.py", DATABASE)
    repo.write("app/models.py", "class Link:\n    pass\n")
    repo.write("app/main.py", INJECTED.replace("import secrets\n", "import json\nimport secrets\n"))
    repo.commit("feat: links", date="2026-03-01T10:00:00+00:00")
    repo.write("app/main.py", INJECTED)
    repo.commit(subject, date="2026-03-02T10:00:00+00:00")
    return repo


@pytest.mark.parametrize(
    "subject", ["remove unused imports", "chore: 删掉没用的导入", "small cleanups"]
)
def test_a_commit_that_says_it_removes_unused_imports_is_credited_with_them(
    tmp_path: Path, subject: str
) -> None:
    lessons = solved_lessons(_import_history(tmp_path, subject), tmp_path)

    assert [lesson.rule for lesson in lessons] == ["MB201"]
    assert lessons[0].found is not None and "`json`" in lessons[0].found.en


def test_a_commit_that_does_not_say_so_is_credited_with_the_unused_import_it_deleted(
    tmp_path: Path,
) -> None:
    """Deleting an unused import is its fix, whatever the message: learners tidy imports under
    "misc", "wip" or "style: reformat", and the import ruff reported is gone."""
    lessons = solved_lessons(_import_history(tmp_path, "style: reformat main.py"), tmp_path)

    assert [lesson.rule for lesson in lessons] == ["MB201"]
    assert lessons[0].found is not None and "`json`" in lessons[0].found.en
