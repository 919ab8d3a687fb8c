"""Fixtures for running whole reviews: in-process through the graph, or as the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from langgraph.graph.state import CompiledStateGraph

from graph.builder import build_review_graph
from graph.context import ReviewContext
from mentorbot.cache import AnalysisCache
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import local_embedder
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.services import Services
from mentorbot.settings import load_settings
from tests.integration.databases import scratch_database

ReviewRunner = Callable[..., Any]


@pytest.fixture(scope="session")
async def services(database: Database, database_url: str, mentor_home: Path) -> Services:
    settings = load_settings(database_url=database_url)
    return Services(
        settings=settings,
        db=database,
        cache=AnalysisCache(mentor_home / "cache"),
        knowledge=KnowledgeStore(db=database, embedder=local_embedder()),
    )


@pytest.fixture
async def private_database(database_url: str) -> AsyncIterator[Database]:
    """A new, migrated database on the session server, dropped afterwards.

    For tests that change what is store-wide (the embedding model), which the shared
    database must keep.
    """
    with scratch_database(database_url, "knowledge") as url:
        db = await Database.connect(load_settings(database_url=url))
        yield db
        await db.dispose()


@pytest.fixture(scope="session")
async def review_graph(services: Services) -> AsyncIterator[CompiledStateGraph[Any, Any, Any, Any]]:
    async with open_checkpointer(services.db) as saver:
        yield build_review_graph(services, saver)


@pytest.fixture
def review(review_graph: CompiledStateGraph[Any, Any, Any, Any]) -> ReviewRunner:
    """``await review(repo_path=..., learner=...)`` -> the graph's output (report, log_path)."""

    async def run(context: ReviewContext | None = None, **inputs: Any) -> dict[str, Any]:
        config = {"configurable": {"thread_id": f"test-{uuid.uuid4()}"}}
        return await review_graph.ainvoke(  # type: ignore[no-any-return]
            inputs, config, context=context or ReviewContext()
        )

    return run


@pytest.fixture
def mentor_cli(
    database_url: str, mentor_home: Path
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs the installed ``mentor`` command against the session's database."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MENTOR_HOME": str(mentor_home),
            "NO_COLOR": "1",
            **(env or {}),
        }
        return subprocess.run(
            [sys.executable, "-m", "mentorbot", *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=300,
            check=False,
        )

    return run
