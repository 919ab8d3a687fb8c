"""MB106's cases for ``contextlib.suppress``: a broad error suppressed around a payment and a
receipt, and the named errors ``suppress`` is meant for."""

from __future__ import annotations

from mentorbot.rules.base import Case

BAD_SUPPRESSED = """\
import contextlib
from contextlib import suppress

from fastapi import APIRouter

from app.payments import charge_card, send_receipt

router = APIRouter()


@router.post("/orders/{order_id}/pay")
async def pay(order_id: int) -> dict[str, str]:
    with contextlib.suppress(Exception):
        await charge_card(order_id)
    return {"status": "paid"}


def notify(order_id: int) -> None:
    with suppress(BaseException):
        send_receipt(order_id)
"""

GOOD_SUPPRESSED = """\
import asyncio
from contextlib import suppress
from pathlib import Path


def clear_cache(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task
"""

BAD = (
    Case(
        files={"app/routes/orders.py": BAD_SUPPRESSED},
        hits=(("app/routes/orders.py", 13), ("app/routes/orders.py", 19)),
        note="suppress(Exception) around a payment in a route, and suppress(BaseException)",
    ),
)
GOOD = (
    Case(
        files={"app/cleanup.py": GOOD_SUPPRESSED},
        note="suppressing the one error that is expected: a missing file, a cancelled task",
    ),
)
