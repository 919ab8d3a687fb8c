"""Several processes starting at once on a fresh database all get a working checkpointer."""

from __future__ import annotations

import subprocess
import sys
import uuid

import psycopg
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

OPEN_CHECKPOINTER = """
import asyncio, sys
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.db import Database

async def main() -> None:
    db = Database.from_url(sys.argv[1])
    async with open_checkpointer(db) as saver:
        await saver.aget_tuple({"configurable": {"thread_id": "probe"}})
    await db.dispose()
    print("ok")

asyncio.run(main())
"""


def test_three_processes_set_up_the_checkpointer_together(database_url: str) -> None:
    name = f"fresh_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    fresh = database_url.replace("/mentor?", f"/{name}?")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_CHECKPOINTER, fresh],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], results
    assert [out.strip() for out, _ in results] == ["ok", "ok", "ok"]
    with psycopg.connect(fresh) as conn:
        versions = conn.execute("SELECT count(*) FROM checkpoint_migrations").fetchone()
    assert versions is not None and versions[0] == len(AsyncPostgresSaver.MIGRATIONS)
