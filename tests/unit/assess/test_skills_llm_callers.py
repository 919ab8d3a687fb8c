"""The usual layout builds the model in one module and calls it from a route: the flaws of
that call (``llm.invoke`` blocking inside ``async def``, a bare ``except`` around it) are the
LLM code's, as they are when both sit in one file (blind check h2)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import SkillArea
from tests.unit.assess.scenarios import cites, plan_files

CLIENT = b"""\
import os

from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="qwen-plus", api_key=os.getenv("DASHSCOPE_API_KEY"))
"""
ROUTE = b"""\
from fastapi import APIRouter

from app.llm_config import llm

router = APIRouter()


@router.post("/chat")
async def chat_once(message: str) -> dict[str, str]:
    try:
        result = llm.invoke([("user", message)])
    except:
        return {"reply": "sorry, try again"}
    return {"reply": result.content}
"""
OTHER_ROUTE = b"""\
import sqlite3

from fastapi import APIRouter

router = APIRouter()


@router.get("/notes")
async def notes(owner: str) -> list[str]:
    try:
        db = sqlite3.connect("notes.db")
    except:
        return []
    return [row[0] for row in db.execute(f"SELECT body FROM notes WHERE owner = '{owner}'")]
"""
MAIN = b"""\
from fastapi import FastAPI

from app.routers import chat

app = FastAPI()
app.include_router(chat.router)
"""


def _areas(root: Path, sources: dict[str, bytes]) -> dict[str, SkillArea]:
    base = {"app/__init__.py": b"", "app/routers/__init__.py": b"", "app/main.py": MAIN}
    return {area.key: area for area in plan_files(root, {**base, **sources}).skills.areas}


def test_the_flaws_of_a_call_to_a_model_built_elsewhere_are_the_llm_codes(tmp_path: Path) -> None:
    areas = _areas(tmp_path, {"app/llm_config.py": CLIENT, "app/routers/chat.py": ROUTE})

    quality = areas["llm-agents"].code_quality
    assert quality.rubric == "llm-agents.code_quality.missing"
    assert cites(quality) == ["app/routers/chat.py:11", "app/routers/chat.py:12"]


def test_a_route_that_calls_no_model_keeps_its_flaws_out_of_the_llm_area(tmp_path: Path) -> None:
    areas = _areas(
        tmp_path,
        {"app/llm_config.py": CLIENT, "app/routers/notes.py": OTHER_ROUTE},
    )

    assert areas["llm-agents"].code_quality.rubric == "llm-agents.code_quality.good"
    assert areas["error-handling"].code_quality.rubric != "error-handling.code_quality.good"


def test_a_query_built_from_strings_beside_the_call_is_not_the_llm_codes(tmp_path: Path) -> None:
    """Only the flaws a call makes count in the file that calls: the file's SQL is not one."""
    route = b"""\
from fastapi import APIRouter

from app.llm_config import llm

router = APIRouter()


def ask(message: str) -> str:
    return llm.invoke([("user", message)]).content


@router.get("/history")
async def history(db, user: str) -> list[str]:
    return await db.fetch(f"SELECT body FROM messages WHERE owner = '{user}'")
"""
    areas = _areas(tmp_path, {"app/llm_config.py": CLIENT, "app/routers/chat.py": route})

    assert areas["llm-agents"].code_quality.rubric == "llm-agents.code_quality.good"
    assert areas["security"].code_quality.rubric == "security.code_quality.missing"
