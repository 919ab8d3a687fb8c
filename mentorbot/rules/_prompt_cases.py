"""MB101 cases on LangChain prompt templates and output parsers: their ``invoke`` only fills in
or parses text, so an async route may call it; a chain that holds a model still blocks."""

from __future__ import annotations

from mentorbot.rules.base import Case

PROMPT_ROUTES = """\
from fastapi import APIRouter
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate, PromptTemplate
from langchain_ollama import OllamaLLM

router = APIRouter()
JOKE = PromptTemplate.from_template("Tell me {count} jokes about {kind}")


@router.post("/prompt")
async def show_prompt(count: int, kind: str) -> str:
    template = ChatPromptTemplate.from_template("Tell me {count} jokes")
    filled = template.invoke({"count": count})
    return filled.to_string() + JOKE.invoke({"count": count, "kind": kind}).to_string()


@router.post("/parsed")
async def parsed(text: str) -> str:
    parser = StrOutputParser()
    return parser.invoke(text)


@router.post("/joke")
async def joke(kind: str) -> str:
    model = OllamaLLM(model="qwen3:8b")
    chain = JOKE | model | StrOutputParser()
    return chain.invoke({"count": 1, "kind": kind})
"""

BAD = (
    Case(
        files={"app/prompts.py": PROMPT_ROUTES},
        hits=(("app/prompts.py", 27),),
        note="only the chain with a model blocks; filling in its prompt does not",
    ),
)
