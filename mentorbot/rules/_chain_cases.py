"""MB101 cases on a blocking call several modules away: a route calls a service, whose
function calls another module's helper, which reaches the model. Each hop is a plain call, so
the route waits on the loop's thread for all of them."""

from __future__ import annotations

from mentorbot.rules.base import Case

EMBEDDINGS = """\
from openai import OpenAI

openai_client = OpenAI()


def _openai_embeddings(texts: list[str]) -> list[list[float]]:
    response = openai_client.embeddings.create(model="text-embedding-3-small", input=texts)
    return [item.embedding for item in response.data]


def get_embeddings(texts: list[str]) -> list[list[float]]:
    return _openai_embeddings(texts)
"""

DOCUMENTS = """\
from app.services.embeddings import get_embeddings


def chunk_text(text: str, size: int = 500) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]


def embed_chunks(chunks: list[str]) -> list[list[float]]:
    return get_embeddings(chunks)


def process_document(text: str) -> dict:
    chunks = chunk_text(text)
    return {"chunks": chunks, "embeddings": embed_chunks(chunks)}


class VectorService:
    def search(self, question: str) -> list[float]:
        return get_embeddings([question])[0]
"""

UPLOAD_ROUTES = """\
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from app.services.documents import VectorService, chunk_text, process_document

router = APIRouter()
vectors = VectorService()


@router.post("/upload")
async def upload(text: str) -> dict:
    result = process_document(text)
    return {"chunks": len(result["chunks"])}


@router.post("/query")
async def query(question: str) -> dict:
    return {"embedding": vectors.search(question)}


@router.post("/chunks")
async def chunks(text: str) -> dict:
    return {"chunks": chunk_text(text)}


@router.post("/upload-in-thread")
async def upload_in_thread(text: str) -> dict:
    result = await run_in_threadpool(process_document, text)
    return {"chunks": len(result["chunks"])}
"""
UPLOAD_HITS = (12, 18)
STREAM_ROUTES = """\
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from app.services.documents import embed_chunks

router = APIRouter()


def embedding_events(chunks: list[str]):
    for vector in embed_chunks(chunks):
        yield f"data: {len(vector)}\\n\\n"
    yield "data: [DONE]\\n\\n"


@router.post("/embed/stream")
async def embed_stream(chunks: list[str]) -> StreamingResponse:
    return StreamingResponse(embedding_events(chunks), media_type="text/event-stream")
"""
"""A sync generator that blocks only through the helpers it calls, handed to StreamingResponse:
Starlette iterates it in its thread pool, so calling it in the route runs none of it."""

BAD = (
    Case(
        files={
            "app/services/embeddings.py": EMBEDDINGS,
            "app/services/documents.py": DOCUMENTS,
            "app/api/upload.py": UPLOAD_ROUTES,
        },
        hits=tuple(("app/api/upload.py", line) for line in UPLOAD_HITS),
        note="an embedding request four calls and two modules away from the route, through a "
        "function and through a method; chunking alone blocks nothing, a thread is fine",
    ),
)
GOOD = (
    Case(
        files={
            "app/services/embeddings.py": EMBEDDINGS,
            "app/services/documents.py": DOCUMENTS,
            "app/api/stream.py": STREAM_ROUTES,
        },
        note="a generator reaching the model through helpers, streamed from the thread pool",
    ),
)
