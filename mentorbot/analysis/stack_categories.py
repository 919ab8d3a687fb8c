"""Which category a well-known package or image belongs to, for the stack and the rules.

Kept apart from manifest parsing so the table is easy to extend: one line per category.
Python names are PEP 503-normalised; images are matched on their last path part
(``bitnami/postgresql`` is a database like ``postgres``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from mentorbot.domain import StackItem

Ecosystem = Literal["python", "npm", "image", "tool"]

_PYTHON_GROUPS: dict[str, tuple[str, ...]] = {
    "framework": ("fastapi", "flask", "django", "starlette", "djangorestframework", "litestar",
                  "sanic", "tornado", "quart", "bottle"),
    # aiohttp serves apps only through ``aiohttp.web`` (``stack_imports`` looks); most import
    # it to call other services.
    "http-client": ("aiohttp",),
    "ui": ("streamlit", "gradio", "chainlit", "nicegui", "dash", "panel", "flet"),
    "cli": ("typer",),  # not click: every pip freeze of a uvicorn app lists it
    "bot": ("aiogram", "python-telegram-bot", "pytelegrambotapi", "pyrogram", "telethon",
            "discord-py", "py-cord", "nextcord", "disnake", "hikari", "slack-bolt"),
    "server": ("uvicorn", "gunicorn", "hypercorn", "granian", "daphne"),
    "validation": ("pydantic", "pydantic-settings", "marshmallow", "attrs"),
    "orm": ("sqlalchemy", "sqlmodel", "tortoise-orm", "peewee", "pony"),
    "database-driver": ("asyncpg", "psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary",
                        "aiosqlite", "pymysql", "aiomysql", "mysqlclient", "motor", "pymongo",
                        "mysql-connector-python", "mysql-connector", "asyncmy", "oracledb",
                        "pyodbc"),
    "migrations": ("alembic",),
    "queue": ("celery", "arq", "rq", "dramatiq", "procrastinate", "taskiq"),
    "cache": ("redis",),
    "testing": ("pytest", "pytest-asyncio", "pytest-cov", "pytest-mock", "httpx", "hypothesis",
                "coverage", "factory-boy", "faker"),
    "ai": ("openai", "anthropic", "langgraph", "transformers", "sentence-transformers",
           "tiktoken", "litellm", "groq", "ollama", "cohere", "mistralai", "google-generativeai",
           "google-genai", "zhipuai", "dashscope", "qianfan", "volcengine-python-sdk"),
    "vector-store": ("pgvector", "chromadb", "qdrant-client", "faiss-cpu", "pinecone"),
    "tooling": ("ruff", "black", "mypy", "flake8", "pre-commit", "isort", "pylint"),
}  # fmt: skip
_PYTHON_PREFIXES: tuple[tuple[str, str], ...] = (
    ("langchain", "ai"),
    ("langgraph", "ai"),
    ("llama-index", "ai"),
    ("pytest-", "testing"),
    ("flake8-", "tooling"),
    ("types-", "tooling"),
)
_NPM_GROUPS: dict[str, tuple[str, ...]] = {
    "frontend": ("react", "react-dom", "vue", "next", "nuxt", "svelte", "@angular/core",
                 "solid-js"),
    "framework": ("express", "koa", "fastify", "@nestjs/core"),
    "testing": ("jest", "vitest", "mocha", "@playwright/test", "cypress"),
    "tooling": ("typescript", "eslint", "prettier", "vite", "webpack"),
    "ai": ("openai", "@anthropic-ai/sdk", "langchain", "@langchain/core"),
}  # fmt: skip
_IMAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "database": ("postgres", "postgresql", "mysql", "mariadb", "mongo", "redis", "valkey",
                 "timescaledb"),
    "vector-store": ("pgvector", "qdrant", "chroma", "weaviate", "milvus"),
    "queue": ("rabbitmq", "kafka", "nats"),
}  # fmt: skip


def _invert(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {name: category for category, names in groups.items() for name in names}


_PYTHON_CATEGORIES = _invert(_PYTHON_GROUPS)
_NPM_CATEGORIES = _invert(_NPM_GROUPS)
_IMAGE_CATEGORIES = _invert(_IMAGE_GROUPS)


def category_of(name: str, ecosystem: Ecosystem = "python") -> str:
    """``framework``, ``orm``, ``database`` ...; ``other`` (``container`` for images) if unknown."""
    if ecosystem == "npm":
        return _NPM_CATEGORIES.get(name, "other")
    if ecosystem == "image":
        return _IMAGE_CATEGORIES.get(name.rsplit("/", 1)[-1], "container")
    if ecosystem == "tool":
        return "ci" if name in {"github-actions", "gitlab-ci"} else "tooling"
    found = _PYTHON_CATEGORIES.get(name)
    if found is not None:
        return found
    return next((cat for prefix, cat in _PYTHON_PREFIXES if name.startswith(prefix)), "other")


HEADLINE_ORDER = (
    "framework", "frontend", "ui", "bot", "ai", "vector-store", "orm", "database",
    "database-driver", "migrations", "queue", "cache", "http-client", "cli", "validation",
    "server", "testing",
)  # fmt: skip
"""What a reader of the log's stack line wants first: what the app is built with, then the rest
(a 160-line pip freeze listed aiohttp and attrs, and Streamlit only among "146 more"). Typer
comes late: ``fastapi[standard]`` brings it into every freeze of a FastAPI app."""


def headline_rank(category: str) -> int:
    """Position of a category in the stack line; unlisted ones (tooling, containers) go last."""
    return HEADLINE_ORDER.index(category) if category in HEADLINE_ORDER else len(HEADLINE_ORDER)


OVERVIEW_STACK_ITEMS = 15
"""How many packages the log's stack line names; the JSON's ``stack`` lists them all."""


def overview_stack(items: Sequence[StackItem]) -> list[StackItem]:
    """The packages the log's stack line names: what the code imports before what a pip freeze
    only lists (Django above FastAPI in a FastAPI app's freeze), then by category. A package no
    category knows is named where the code imports it: a conda environment's line named
    tornado and attrs, never imported, and hid pandas, numpy and scikit-learn, the only
    packages the code imports, among "66 more" (blind check r2). Where fewer than three are
    imported or known, every package may be named."""
    named = [item for item in items if item.imported or item.category != "other"]
    imports_any = any(item.imported for item in items)
    ordered = sorted(
        named if len(named) >= 3 else items,
        key=lambda item: (imports_any and not item.imported, headline_rank(item.category)),
    )
    return ordered[:OVERVIEW_STACK_ITEMS]
