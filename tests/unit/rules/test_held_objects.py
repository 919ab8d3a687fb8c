"""A function defined inside a route sees what the route holds and keeps what it makes itself."""

from __future__ import annotations

from pathlib import Path

from mentorbot.rules import _held_cases as cases
from tests.unit.rules import review_files

STREAMING_ROUTES = """\
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from app.memory import ChatMemory, get_memory
from app.vector_service import VectorService

router = APIRouter()


@router.post("/chat/{session_id}/stream")
async def ask_streaming(
    session_id: str, question: str, memory: ChatMemory = Depends(get_memory)
) -> StreamingResponse:
    async def generate() -> AsyncIterator[str]:
        vectors = VectorService()
        vectors.insert_vectors([{"text": question}])
        memory.add(session_id, "assistant", "...")
        yield "data: ...\\n\\n"

    return StreamingResponse(generate(), media_type="text/event-stream")
"""


def test_a_stream_generator_keeps_its_own_service_beside_the_route_s_memory(
    tmp_path: Path,
) -> None:
    files = {
        "app/memory.py": cases.MEMORY,
        "app/vector_service.py": cases.VECTOR_SERVICE,
        "app/routes.py": STREAMING_ROUTES,
    }
    found = [(f.line, f.message.en) for f in review_files(tmp_path, files) if f.rule == "MB101"]

    assert [line for line, _ in found] == [18, 19]
    assert "VectorService.insert_vectors" in found[0][1]
    assert "ChatMemory.add" in found[1][1]


CACHE_SERVICE = """\
import json

from redis import Redis


class CacheService:
    def __init__(self, client: Redis) -> None:
        self.client = client

    def forget(self, key: str) -> None:
        self.client.delete(key)

    def cached_posts(self) -> list[dict] | None:
        cached = self.client.get("posts")
        return json.loads(cached) if cached else None
"""

DISHKA_ROUTES = """\
from dishka.integrations.fastapi import FromDishka as Depends, inject
from fastapi import APIRouter

from app.cache import CacheService

router = APIRouter()


@router.get("/posts")
@inject
async def list_posts(cache: Depends[CacheService]) -> list[dict]:
    return cache.cached_posts() or []


@router.delete("/posts/{post_id}")
@inject
async def delete_post(post_id: int, cache: Depends[CacheService], listed: bool) -> None:
    if listed:
        cache.forget("posts")
        cache.forget("stats")
    cache.forget(f"post:{post_id}")
"""


def test_a_service_handed_in_by_dishka_blocks_through_its_sync_redis_client(
    tmp_path: Path,
) -> None:
    files = {"app/cache.py": CACHE_SERVICE, "app/routes.py": DISHKA_ROUTES}
    found = [(f.line, f.message.en) for f in review_files(tmp_path, files) if f.rule == "MB101"]

    # Each call blocks, so each is reported.
    assert [line for line, _ in found] == [12, 19, 20, 21]
    assert "CacheService.cached_posts → self.client.get" in found[0][1]
    assert "CacheService.forget → self.client.delete" in found[1][1]
