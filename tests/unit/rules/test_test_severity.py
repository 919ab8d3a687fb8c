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
