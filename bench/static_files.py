"""The fixed files of the generated project: settings, database wiring, app factory, fixtures."""

from __future__ import annotations

from collections.abc import Sequence

CONFIG = '''"""Settings read from the environment (and .env in development)."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = "postgresql+asyncpg://localhost/shop"
    page_size: int = 50
    indexer_url: str = "http://localhost:9200"


settings = Settings()
'''

DB = '''"""Engine, session factory and the per-request session dependency."""

from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

from app.config import settings

engine = create_async_engine(settings.database_url, pool_pre_ping=True)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


async def get_db() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session
'''

EVENTS = '''"""A tiny client for the search indexer's event endpoint."""

import httpx

from app.config import settings


async def push_event(kind: str, payload: dict[str, object]) -> bool:
    async with httpx.AsyncClient(base_url=settings.indexer_url, timeout=2.0) as client:
        try:
            response = await client.post("/events", json={"kind": kind, "payload": payload})
        except httpx.HTTPError:
            return False
    return response.status_code < 300
'''

CONFTEST = """from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
"""

REQUIREMENTS = """fastapi==0.115.6
uvicorn[standard]==0.32.1
sqlalchemy[asyncio]==2.0.36
asyncpg==0.30.0
pydantic==2.10.3
pydantic-settings==2.6.1
httpx==0.28.1
pytest==8.3.4
"""

README = """# Shop API

A FastAPI + SQLAlchemy practice project.

    uvicorn app.main:app --reload
    pytest
"""

STATIC_FILES: dict[str, str] = {
    "app/__init__.py": '"""The shop API."""\n',
    "app/config.py": CONFIG,
    "app/db.py": DB,
    "app/events.py": EVENTS,
    "app/models/__init__.py": "",
    "app/routers/__init__.py": "",
    "app/schemas/__init__.py": "",
    "app/services/__init__.py": "",
    "tests/__init__.py": "",
    "tests/conftest.py": CONFTEST,
    "requirements.txt": REQUIREMENTS,
    "README.md": README,
}


def main_module(router_modules: Sequence[str]) -> str:
    """``app/main.py`` including every router that exists at this point of the history."""
    lines = [
        '"""Application factory: one router per resource."""',
        "",
        "from fastapi import FastAPI",
    ]
    if router_modules:
        lines.append("")
        lines.extend(f"from app.routers import {module}" for module in router_modules)
    lines += ["", 'app = FastAPI(title="Shop API")', ""]
    lines.extend(f"app.include_router({module}.router)" for module in router_modules)
    lines += ["", "", '@app.get("/health")', "async def health() -> dict[str, str]:"]
    lines += ['    return {"status": "ok"}', ""]
    return "\n".join(lines)
