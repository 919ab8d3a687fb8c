"""A test's own broad except (a fixture that prints why it could not connect) is test scaffolding:
reported at low severity, where the same handler in the app is medium."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

FIXTURE = """\
import pytest


@pytest.fixture
def database():
    try:
        yield connect()
    except Exception:
        yield None
"""


def test_a_broad_except_in_a_test_fixture_is_low_severity(tmp_path: Path) -> None:
    files = {"tests/conftest.py": FIXTURE, "app/db.py": FIXTURE.replace("@pytest.fixture\n", "")}

    severities = {f.path: f.severity for f in review_files(tmp_path, files) if f.rule == "MB106"}

    assert severities == {"tests/conftest.py": "low", "app/db.py": "medium"}


IMPORT_JOB = """\
import asyncio

import requests


async def main() -> None:
    rows = requests.get("https://rates.example.com/all", timeout=10).json()
    print(len(rows))


if __name__ == "__main__":
    asyncio.run(main())
"""
BOT = """\
import asyncio

import requests
from aiogram import Bot, Dispatcher, types

dp = Dispatcher()


@dp.message()
async def rates(message: types.Message) -> None:
    rows = requests.get("https://rates.example.com/all", timeout=10).json()
    await message.answer(str(len(rows)))


async def main() -> None:
    await dp.start_polling(Bot("token"))


if __name__ == "__main__":
    asyncio.run(main())
"""


def test_a_blocking_call_in_a_chat_bot_is_high_where_a_one_off_script_s_is_low(
    tmp_path: Path,
) -> None:
    """A bot that runs its own loop was taken for a one-off script: its blocking handlers,
    which make every user wait, were rated low (blind check history 41)."""
    files = {"jobs/import_rates.py": IMPORT_JOB, "bot/main.py": BOT}

    severities = {f.path: f.severity for f in review_files(tmp_path, files) if f.rule == "MB101"}

    assert severities == {"jobs/import_rates.py": "low", "bot/main.py": "high"}


SERVER = """\
import asyncio
import time

import requests
{server_import}

clients = set()


async def handler(websocket):
    clients.add(websocket)
    async for message in websocket:
        price = requests.get("https://prices.example.com/btc", timeout=10).json()
        await websocket.send(str(price))


async def broadcast():
    while True:
        for ws in list(clients):
            await ws.send("tick")
        time.sleep(5)


async def main():
    {server_start}
        await broadcast()


if __name__ == "__main__":
    asyncio.run(main())
"""
SERVER_STARTS = {
    "ticker/server.py": ("import websockets", 'async with websockets.serve(handler, "", 8765):'),
    "ticker/modern.py": (
        "from websockets.asyncio.server import serve",
        'async with serve(handler, "", 8765):',
    ),
    "ticker/tcp.py": ("", 'async with await asyncio.start_server(handler, "", 8765):'),
    "ticker/web.py": (
        "from aiohttp import web",
        "runner = web.AppRunner(web.Application())\n    if runner:",
    ),
}


def test_a_blocking_call_in_a_server_the_module_starts_itself_is_high(tmp_path: Path) -> None:
    """A websockets server started in ``asyncio.run(main())`` was taken for a one-off script:
    ``time.sleep`` in its broadcast loop and ``requests.get`` in its connection handler, which
    stall every connected client, were rated low (blind check w1)."""
    files = {
        path: SERVER.format(server_import=imported, server_start=start)
        for path, (imported, start) in SERVER_STARTS.items()
    }
    files["jobs/import_rates.py"] = IMPORT_JOB

    reviewed = review_files(tmp_path, files)

    found = [(f.path, f.line, f.severity) for f in reviewed if f.rule == "MB101"]

    servers = [(path, line, "high") for path in SERVER_STARTS for line in (13, 21)]
    assert sorted(found) == sorted([("jobs/import_rates.py", 7, "low"), *servers])
