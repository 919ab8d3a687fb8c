"""MB101 cases on LangChain prompt templates and output parsers: their ``invoke`` only fills in
or parses text, so an async route may call it; a chain that holds a model still blocks. And a
LlamaIndex upload that reads, embeds and stores a document in an async route."""

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

LLAMA_UPLOAD = """\
from fastapi import FastAPI, UploadFile
from llama_index import SimpleDirectoryReader, StorageContext, load_index_from_storage

app = FastAPI()
storage_context = StorageContext.from_defaults(persist_dir="./storage")
index = load_index_from_storage(storage_context)


@app.post("/upload")
async def upload(path: str) -> dict[str, str]:
    documents = SimpleDirectoryReader(input_files=[path]).load_data()
    index.insert(documents[0])
    storage_context.persist()
    return {"status": "indexed"}
"""

BAD = (
    Case(
        files={"app/main.py": LLAMA_UPLOAD},
        hits=(("app/main.py", 11), ("app/main.py", 12), ("app/main.py", 13)),
        note="a LlamaIndex upload reading, embedding and saving a document on the loop",
    ),
    Case(
        files={"app/prompts.py": PROMPT_ROUTES},
        hits=(("app/prompts.py", 27),),
        note="only the chain with a model blocks; filling in its prompt does not",
    ),
)
