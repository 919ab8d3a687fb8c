"""The resources a review needs, created in one place and handed to the graph builder.

Whoever owns the process (the CLI, the FastAPI lifespan, a worker) opens the services once;
nothing here is created at import time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from mentorbot.analysis_pool import SERIAL, AnalysisPool
from mentorbot.cache import AnalysisCache
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import make_embedder
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.llm import MentorLlm, create_llm
from mentorbot.settings import Settings, get_settings


@dataclass(frozen=True)
class Services:
    """What a review needs; ``knowledge`` is the learners' memory (logs, study plans).

    The store's embedding model loads on first use, so commands that never embed never pay.
    """

    settings: Settings
    db: Database
    cache: AnalysisCache
    knowledge: KnowledgeStore
    llm: MentorLlm | None = None
    """The chat model in LLM mode; None (deterministic mode) without OPENAI_API_KEY."""
    analysis_pool: AnalysisPool = SERIAL
    """Worker processes for big scans, started on first big batch and reused after."""


@asynccontextmanager
async def open_services(settings: Settings | None = None) -> AsyncIterator[Services]:
    """Connect to (or start) the database, apply migrations, and close it all afterwards.

    Nothing is loaded speculatively: the embedding model and the segmenter load when a review
    has files to analyse (``KnowledgeStore.warm_up``) or on first use.
    """
    settings = settings or get_settings()
    embedder = make_embedder(settings)
    db = await Database.connect(settings)
    pool = AnalysisPool(settings.analysis_workers)
    cache = AnalysisCache(settings.cache_dir)
    try:
        yield Services(
            settings=settings,
            db=db,
            cache=cache,
            knowledge=KnowledgeStore(db=db, embedder=embedder),
            llm=create_llm(settings),
            analysis_pool=pool,
        )
    finally:
        pool.close()
        await asyncio.to_thread(cache.close)
        await db.dispose()
