"""A rate limiter's sorted-set calls on a sync Redis client wait on the server like its other
requests: `zcard` went unreported beside the `zadd` and `expire` of the same route."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

LIMITER = """\
import time

import redis
from fastapi import FastAPI

app = FastAPI()
r = redis.Redis(host="localhost", port=6379, decode_responses=True)


@app.get("/status/{ip}")
async def status(ip: str) -> dict:
    key = f"rate_limit:{ip}"
    r.zremrangebyscore(key, 0, time.time() - 60)
    return {"requests_in_window": r.zcard(key), "ttl_ms": r.pttl(key)}
"""


def test_sorted_set_counts_of_a_sync_redis_client_block(tmp_path: Path) -> None:
    found = [f for f in review_files(tmp_path, {"main.py": LIMITER}) if f.rule == "MB101"]

    assert sorted((f.line, f.message.en.split("`")[1]) for f in found) == [
        (13, "r.zremrangebyscore"),
        (14, "r.zcard"),
    ]
