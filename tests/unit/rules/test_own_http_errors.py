"""MB106 names the HTTPException whose status a broad handler loses: the first in the try that
the handler does not answer the same, a status written as a number or as a constant."""

from __future__ import annotations

from pathlib import Path

from mentorbot.rules import _http_error_cases as http_cases
from tests.unit.rules import review_files


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_lost_status_is_the_one_named(tmp_path: Path) -> None:
    found = review_files(tmp_path, {"app/routes/books.py": http_cases.OWN_HTTP_ERRORS})
    messages = {f.line: f.message.en for f in found if f.rule == "MB106"}

    source = http_cases.OWN_HTTP_ERRORS
    not_found = _line(source, "book not found")
    no_title = _line(source, "a title is needed")
    assert f"raises on line {not_found}" in messages[17]
    assert f"raises on line {no_title}" in messages[46]


LOGIN_ROUTE = """\
import logging

from fastapi import APIRouter, HTTPException

from app.services import auth_service

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/login")
async def login(email: str, password: str) -> dict:
    try:
        user = await auth_service.find(email)
        if user is None:
            raise HTTPException(status_code=404, detail="user not found")
        return {"token": await auth_service.token_for(user, password)}
    except Exception as e:
        logger.error("login failed: %s", e)
        raise e
"""


def test_a_handler_that_raises_the_caught_error_again_lets_the_http_error_through(
    tmp_path: Path,
) -> None:
    """``raise e`` of the caught error was read as swallowing the 404 the try raised: the log
    said the client never gets that status, though it does."""
    found = review_files(tmp_path, {"app/routes/auth.py": LOGIN_ROUTE})
    assert [f for f in found if f.rule == "MB106"] == []
    bare = LOGIN_ROUTE.replace("        raise e\n", "        raise\n")
    assert [
        f
        for f in review_files(tmp_path / "bare", {"app/routes/auth.py": bare})
        if f.rule == "MB106"
    ] == []
