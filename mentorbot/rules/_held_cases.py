"""MB101's cases for objects handed in rather than made: a RAG app whose chat memory appends to
a JSON-lines file (reading it through a method of its own) and reaches the async routes through
``Depends`` (one of them writing from the generator that streams its answer), an ingestion
service given its loader in ``__init__``, and document tasks that make a Milvus-backed service
where they use it (``VectorService().delete_by_doc_id(...)``, ``service = VectorService()``);
beside the same app handing the memory's calls to a thread."""

MEMORY = """\
import json
from pathlib import Path

HISTORY_DIR = Path("data/history")


class ChatMemory:
    def history(self, session_id: str) -> list[dict]:
        return self._load(session_id)

    def _load(self, session_id: str) -> list[dict]:
        target = HISTORY_DIR / f"{session_id}.jsonl"
        if not target.exists():
            return []
        with target.open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]

    def add(self, session_id: str, role: str, text: str) -> None:
        target = HISTORY_DIR / f"{session_id}.jsonl"
        with target.open("a", encoding="utf-8") as lines:
            lines.write(json.dumps({"role": role, "text": text}) + "\\n")


def get_memory() -> ChatMemory:
    return ChatMemory()
"""

CHAT_ROUTES = """\
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from app.memory import ChatMemory, get_memory

router = APIRouter()


@router.get("/chat/{session_id}")
async def read_history(session_id: str, memory: ChatMemory = Depends(get_memory)) -> list[dict]:
    return memory.history(session_id)


@router.post("/chat/{session_id}")
async def ask(
    session_id: str, question: str, memory: Annotated[ChatMemory, Depends(get_memory)]
) -> dict:
    memory.add(session_id, "user", question)
    return {"answer": "..."}


@router.post("/chat/{session_id}/stream")
async def ask_streaming(
    session_id: str, question: str, memory: ChatMemory = Depends(get_memory)
) -> StreamingResponse:
    async def generate() -> AsyncIterator[str]:
        yield "data: ...\\n\\n"
        memory.add(session_id, "assistant", "...")

    return StreamingResponse(generate(), media_type="text/event-stream")
"""
CHAT_HITS = (14, 21, 31)

INGESTION = """\
from pathlib import Path


class DocumentLoader:
    def load(self, path: Path) -> str:
        return path.read_text(encoding="utf-8")


class IngestionService:
    def __init__(self, loader: DocumentLoader) -> None:
        self.loader = loader

    async def ingest(self, path: Path) -> int:
        text = self.loader.load(path)
        return len(text.split())
"""
INGESTION_HITS = (14,)

GOOD_CHAT_ROUTES = (
    CHAT_ROUTES.replace(
        "    return memory.history(session_id)",
        "    return await run_in_threadpool(memory.history, session_id)",
    )
    .replace(
        '    memory.add(session_id, "user", question)',
        '    await run_in_threadpool(memory.add, session_id, "user", question)',
    )
    .replace(
        '        memory.add(session_id, "assistant", "...")',
        '        await run_in_threadpool(memory.add, session_id, "assistant", "...")',
    )
    .replace(
        "from fastapi import APIRouter, Depends",
        "from fastapi import APIRouter, Depends\nfrom fastapi.concurrency import run_in_threadpool",
    )
)

VECTOR_SERVICE = """\
from pymilvus import MilvusClient


class VectorService:
    def __init__(self) -> None:
        self.client = MilvusClient("./storage/milvus.db")

    def delete_by_doc_id(self, doc_id: str) -> None:
        self.client.delete("docs", filter=f'doc_id == "{doc_id}"')

    def insert_vectors(self, rows: list[dict]) -> None:
        self.client.insert("docs", data=rows)
"""

DOCUMENT_TASKS = """\
from app.vector_service import VectorService


async def remove_document(doc_id: str) -> None:
    VectorService().delete_by_doc_id(doc_id)


async def store_vectors(rows: list[dict]) -> int:
    vector_service = VectorService()
    vector_service.insert_vectors(rows)
    return len(rows)
"""
DOCUMENT_TASKS_HITS = (5, 10)

CLASS_METHOD_RAG = """\
import json
import os

from langchain_core.documents import Document

CACHE = "embeddings.json"


class WebRag:
    @classmethod
    def _load_cached(cls) -> list[Document]:
        if not os.path.exists(CACHE):
            return []
        with open(CACHE) as handle:
            return [Document(**doc) for doc in json.load(handle)["documents"]]

    @classmethod
    def _retriever(cls) -> list[Document]:
        documents = cls._load_cached()
        return documents[:4]

    @classmethod
    async def answer(cls, question: str) -> str:
        context = cls._retriever()
        return f"{question}: {len(context)} documents"
"""
CLASS_METHOD_RAG_HITS = (24,)
