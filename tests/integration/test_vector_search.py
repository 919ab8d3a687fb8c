"""The vector side of search: exact for a learner's store of ordinary size, HNSW beyond it.

The notes here are like the retrieval bench's filler (frequent Chinese and English words with a
few technical terms): their vectors crowd together, which is where an HNSW index misses true
neighbours (on 5k of them it misses most of the exact 5 nearest).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bench.retrieval import CHUNKS_PER_FILLER_DOC, FillerWriter
from mentorbot.knowledge import retrieval
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import local_embedder
from mentorbot.knowledge.ingest import SourceText
from mentorbot.knowledge.retrieval import vector_literal
from mentorbot.knowledge.store import KnowledgeStore

QUESTIONS = (
    "为什么 async 里不能用 time.sleep",
    "how do I share one database session per request with Depends",
    "Alembic 迁移 怎么 回滚",
    "pgvector HNSW index recall",
    "pytest fixture 的作用域",
    "JWT token 过期 以后 怎么 刷新",
    "Redis cache TTL",
    "LangGraph 的 state 怎么 设计",
)
EXACT_NEAREST = text(
    "SELECT id FROM chunks WHERE learner = :learner "
    "ORDER BY embedding <=> CAST(CAST(:vector AS text) AS halfvec), id LIMIT :k"
)


async def _filled_store(db: Database, learner: str, chunks: int) -> KnowledgeStore:
    store = KnowledgeStore(db=db, embedder=local_embedder())
    writer = FillerWriter()
    notes = [
        SourceText(source=f"notes/{i}.md", text=writer.document(i), kind="note")
        for i in range(chunks // CHUNKS_PER_FILLER_DOC)
    ]
    await store.ingest_sources(learner, notes)
    return store


async def _exact_nearest(store: KnowledgeStore, learner: str, question: str, k: int) -> list[int]:
    vector = vector_literal(await store.embedder.embed_query(question))
    async with store.db.engine.begin() as conn:
        await conn.execute(text("SET LOCAL enable_indexscan = off"))
        rows = await conn.execute(EXACT_NEAREST, {"learner": learner, "vector": vector, "k": k})
        return [int(row.id) for row in rows]


async def test_vector_search_returns_the_exact_nearest_chunks_of_a_learner(
    private_database: Database,
) -> None:
    store = await _filled_store(private_database, "lin", 5000)
    async with private_database.engine.connect() as conn:
        # ~4.5 KB rows: the texts leave the row, the vector an exact scan reads stays in it.
        outside = await conn.scalar(
            text(
                "SELECT count(*) FILTER (WHERE pg_column_toast_chunk_id(embedding) IS NOT NULL) "
                "FROM chunks"
            )
        )
    assert outside == 0

    for question in QUESTIONS:
        hits = await store.search("lin", question, k=5, mode="vector")
        assert [hit.chunk_id for hit in hits] == await _exact_nearest(store, "lin", question, 5)
        assert [hit.vector_rank for hit in hits] == [1, 2, 3, 4, 5]


async def test_a_learner_beyond_the_exact_limit_is_searched_through_the_index(
    private_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both learners hold the same notes: every vector of one has a twin of the other's.
    store = await _filled_store(private_database, "max", 200)
    await _filled_store(private_database, "other", 200)
    monkeypatch.setattr(retrieval, "EXACT_MAX", 100)

    for question in QUESTIONS:
        hits = await store.search("max", question, k=5, mode="vector")
        assert len(hits) == 5
        async with store.db.engine.connect() as conn:
            learners = await conn.scalars(
                text("SELECT DISTINCT learner FROM chunks WHERE id = ANY(:ids)"),
                {"ids": [hit.chunk_id for hit in hits]},
            )
            assert list(learners) == ["max"]
