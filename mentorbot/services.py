"""The resources a review needs, created in one place and handed to the graph builder.

Whoever owns the process (the CLI, the FastAPI lifespan, a worker) opens the services once;
nothing here is created at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from mentorbot.analysis_pool import SERIAL, AnalysisPool
from mentorbot.cache import AnalysisCache
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import make_embedder
from mentorbot.knowledge.store import KnowledgeStore, warm_up_knowledge
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
async def open_services(
    settings: Settings | None = None, *, warm_up: bool = False
) -> AsyncIterator[Services]:
    """Connect to (or start) the database, apply migrations, and close it all afterwards.

    ``warm_up``: a review follows, so start loading the embedding model and the segmenter now;
    the load (~0.3 s, most of it holding the GIL) then overlaps the database's start and
    migration check, which mostly wait, instead of slowing the review's first steps.
    """
    settings = settings or get_settings()
    embedder = make_embedder(settings)
    warming = warm_up_knowledge(embedder) if warm_up else None
    db = await Database.connect(settings)
    pool = AnalysisPool(settings.analysis_workers)
    try:
        yield Services(
            settings=settings,
            db=db,
            cache=AnalysisCache(settings.cache_dir),
            knowledge=KnowledgeStore(db=db, embedder=embedder, warming=warming),
            llm=create_llm(settings),
            analysis_pool=pool,
        )
    finally:
        pool.close()
        await db.dispose()
