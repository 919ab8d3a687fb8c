"""A helper called by a name it imports is paired with the definition the import means: a repo
holding two apps with a ``save_balance`` each pairs each caller with its own app's."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

PER_CALL_DB = """\
import os

import psycopg2


def save_balance(address: str, balance: float) -> None:
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO balances VALUES (%s, %s)", (address, balance))
"""

SHARED_DB = """\
import os

import psycopg2

conn = psycopg2.connect(os.environ["DATABASE_URL"])


def save_balance(address: str, balance: float) -> None:
    cur = conn.cursor()
    cur.execute("INSERT INTO balances VALUES (%s, %s)", (address, balance))
"""

BALANCES = """\
from services.db_service import save_balance


async def record(address: str, balance: float) -> None:
    save_balance(address, balance)
"""


def test_an_imported_helper_is_the_one_of_the_caller_s_own_app(tmp_path: Path) -> None:
    files = {
        "backend/services/db_service.py": PER_CALL_DB,
        "backend/services/balances.py": BALANCES,
        "backend/legacy-api/services/db_service.py": SHARED_DB,
    }
    found = review_files(tmp_path, files)

    [blocking] = [f for f in found if f.rule == "MB101"]
    assert (blocking.path, blocking.line) == ("backend/services/balances.py", 5)
    assert "save_balance → psycopg2.connect" in blocking.message.en
    drivers = [(f.path, f.line) for f in found if f.rule == "MB111"]
    assert drivers == [("backend/services/db_service.py", 7)]
