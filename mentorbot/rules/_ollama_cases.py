"""MB101 cases on a local model served by Ollama: its ``Client`` and the module's ``ollama.chat``
wait on the server for the whole answer; its ``AsyncClient`` is awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

LLM_SERVICE = """\
from ollama import Client as OllamaClient

from app.config import OLLAMA_BASE_URL

ollama_client = OllamaClient(host=OLLAMA_BASE_URL)


def generate_answer(context: list[str], question: str) -> str:
    prompt = "\\n".join(context) + "\\n\\nQuestion: " + question
    response = ollama_client.chat(model="llama3", messages=[{"role": "user", "content": prompt}])
    return response["message"]["content"]
"""

QUERY_ROUTES = """\
import ollama
from fastapi import APIRouter

from app.llm_service import generate_answer, ollama_client

router = APIRouter()


@router.post("/query")
async def query(question: str) -> dict:
    answer = generate_answer([], question)
    return {"answer": answer}


@router.post("/summary")
async def summary(text: str) -> dict:
    reply = ollama.generate(model="llama3", prompt=f"Summarise: {text}")
    return {"summary": reply["response"]}


@router.post("/embed")
async def embed(text: str) -> dict:
    return ollama_client.embeddings(model="mxbai-embed-large", prompt=text)
"""
QUERY_HITS = (11, 17, 23)

CHAT_SERVICE = """\
from ollama import chat


class LLMService:
    async def generate(self, messages: list[dict]) -> str:
        response = chat(model="qwen2", messages=messages)
        return response["message"]["content"]

    async def stream_generate(self, messages: list[dict]):
        for part in chat(model="qwen2", messages=messages, stream=True):
            yield part["message"]["content"]
"""
CHAT_HITS = (6, 10)

ASYNC_ROUTES = """\
from fastapi import APIRouter
from ollama import AsyncClient

router = APIRouter()
client = AsyncClient(host="http://localhost:11434")


@router.post("/query")
async def query(question: str) -> dict:
    response = await client.chat(model="llama3", messages=[{"role": "user", "content": question}])
    return {"answer": response["message"]["content"]}
"""

BAD = (
    Case(
        files={"app/llm_service.py": LLM_SERVICE, "app/routes.py": QUERY_ROUTES},
        hits=tuple(("app/routes.py", line) for line in QUERY_HITS),
        note="Ollama's sync client through a helper and directly, and its module-level API",
    ),
    Case(
        files={"app/services/llm_service.py": CHAT_SERVICE},
        hits=tuple(("app/services/llm_service.py", line) for line in CHAT_HITS),
        note="the module's chat function imported by name",
    ),
)
GOOD = (Case(files={"app/routes.py": ASYNC_ROUTES}, note="Ollama's AsyncClient, awaited"),)
