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
