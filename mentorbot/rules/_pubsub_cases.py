"""MB101's cases for Redis's pub/sub: a sync client's ``pubsub()`` subscribes, polls for
messages and unsubscribes over the connection, each call waiting on the server; the asyncio
client's are awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

CLIENT = """\
import os

import redis

redis_client = redis.from_url(os.environ["REDIS_URL"])
"""
BAD_SOCKET = """\
import asyncio

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from app.redis_client import redis_client

router = APIRouter()


@router.websocket("/ws/{user_id}")
async def notifications(websocket: WebSocket, user_id: int) -> None:
    await websocket.accept()
    pubsub = redis_client.pubsub()
    pubsub.subscribe(f"notifications:{user_id}")
    try:
        while True:
            message = pubsub.get_message(ignore_subscribe_messages=True)
            if message:
                await websocket.send_text(message["data"].decode())
            await asyncio.sleep(0.1)
    except WebSocketDisconnect:
        pubsub.unsubscribe(f"notifications:{user_id}")
"""
BAD_HITS = (14, 17, 22)
GOOD_SOCKET = """\
import os

import redis.asyncio as redis
from fastapi import APIRouter, WebSocket

router = APIRouter()
client = redis.from_url(os.environ["REDIS_URL"])


@router.websocket("/ws/{user_id}")
async def notifications(websocket: WebSocket, user_id: int) -> None:
    await websocket.accept()
    pubsub = client.pubsub()
    await pubsub.subscribe(f"notifications:{user_id}")
    async for message in pubsub.listen():
        await websocket.send_text(str(message["data"]))
"""
BAD = (
    Case(
        files={"app/redis_client.py": CLIENT, "app/routers/ws.py": BAD_SOCKET},
        hits=tuple(("app/routers/ws.py", line) for line in BAD_HITS),
        note="a websocket polling a sync client's pub/sub",
    ),
)
GOOD = (Case(files={"app/routers/ws.py": GOOD_SOCKET}, note="the asyncio client's pub/sub"),)
