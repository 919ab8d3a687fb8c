"""MB106's cases: payment routes and helpers that swallow errors, the same code translating or
logging them, and a Streamlit page and a stream that show the error to the user."""

BAD = """\
import logging

from fastapi import APIRouter, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.services import charge_card

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/payments")
async def pay(order_id: int, session: AsyncSession) -> dict[str, str]:
    try:
        await charge_card(session, order_id)
    except Exception as error:
        logger.error("payment failed: %s", error)
        return {"status": "error"}
    return {"status": "paid"}


def parse_amount(raw: str) -> float:
    try:
        return float(raw)
    except:
        return 0.0


def cleanup(paths: list[str]) -> None:
    for path in paths:
        try:
            open(path).close()
        except Exception:
            pass


def load_rates(path: str) -> dict[str, float]:
    try:
        with open(path) as rates:
            return {line.split()[0]: float(line.split()[1]) for line in rates}
    except Exception as error:
        print(error)
        return {}


@router.get("/payments/{order_id}")
async def payment_status(order_id: int, session: AsyncSession) -> dict[str, str]:
    try:
        return {"status": await charge_card.status(session, order_id)}
    except Exception:
        logger.exception("status lookup failed")
        return HTTPException(status_code=503)
"""

GOOD = """\
import logging

from fastapi import APIRouter, HTTPException
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services import PaymentDeclined, charge_card

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/payments")
async def pay(order_id: int, session: AsyncSession) -> dict[str, str]:
    try:
        await charge_card(session, order_id)
    except PaymentDeclined as declined:
        raise HTTPException(status_code=402, detail=str(declined)) from declined
    except IntegrityError:
        await session.rollback()
        raise HTTPException(status_code=409, detail="order already paid") from None
    except Exception:
        logger.exception("unexpected payment failure for order %s", order_id)
        raise
    return {"status": "paid"}


@router.get("/payments/{order_id}/receipt")
async def receipt(order_id: int, session: AsyncSession) -> dict[str, object]:
    total = await charge_card.total(session, order_id)
    try:
        breakdown = await charge_card.breakdown(session, order_id)
    except Exception:
        logger.exception("no breakdown for order %s", order_id)
        breakdown = None
    return {"total": total, "breakdown": breakdown}


def parse_amount(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None
"""

GOOD_UI = """\
import requests
import streamlit as st

question = st.text_input("Question")
if st.button("Ask"):
    try:
        answer = requests.post("http://api:8000/ask", json={"q": question}, timeout=30).json()
        st.write(answer["text"])
    except Exception as error:
        st.error(f"The service could not answer: {error}")
"""

GOOD_STREAM = """\
import json
from collections.abc import AsyncIterator

from app.agent import graph


async def events(topic: str) -> AsyncIterator[str]:
    try:
        async for event in graph.astream({"topic": topic}):
            yield f"data: {json.dumps(event, default=str)}\\n\\n"
    except Exception as error:
        failure = json.dumps({"type": "error", "message": str(error)})
        yield f"data: {failure}\\n\\n"
"""

GOOD_LOGGED_STREAM = """\
import json
from collections.abc import AsyncIterator

from loguru import logger

from app.agent import graph


async def answer_events(question: str) -> AsyncIterator[str]:
    try:
        async for chunk in graph.astream({"question": question}):
            yield f"data: {json.dumps(chunk, default=str)}\\n\\n"
    except Exception:
        logger.exception("answering {} failed", question)
        yield 'data: {"type": "error"}\\n\\n'
"""

GOOD_PLACEHOLDER_UI = """\
import requests
import streamlit as st

question = st.chat_input("Ask about your documents")
placeholder = st.empty()
if question:
    try:
        reply = requests.post("http://api:8000/ask", json={"q": question}, timeout=60)
        placeholder.markdown(reply.json()["answer"])
    except Exception as error:
        placeholder.error(f"No answer this time: {error}")
"""

GOOD_RETRIED_LOADER = """\
from pathlib import Path

ENCODINGS = ("utf-8", "gbk", "latin-1")


def read_text(path: Path) -> str:
    last_error: Exception | None = None
    for encoding in ENCODINGS:
        try:
            return path.read_text(encoding=encoding)
        except Exception as error:
            last_error = error
    raise ValueError(f"cannot decode {path}") from last_error
"""

GOOD_FAILED_TEST = """\
import unittest

import pytest
import requests

URL = "http://localhost:8000"


def test_health() -> None:
    try:
        reply = requests.get(f"{URL}/health", timeout=5)
        assert reply.status_code == 200
    except Exception as error:
        assert False, f"health check failed: {error}"


def test_ask() -> None:
    try:
        requests.post(f"{URL}/ask", json={"q": "hi"}, timeout=30).raise_for_status()
    except Exception as error:
        pytest.fail(f"ask failed: {error}")


class LiveTest(unittest.TestCase):
    def test_docs(self) -> None:
        try:
            requests.get(f"{URL}/docs", timeout=5).raise_for_status()
        except Exception as error:
            self.fail(f"docs failed: {error}")
"""
