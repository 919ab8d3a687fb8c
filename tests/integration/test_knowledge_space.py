"""The embedding space: one model per store, a clear message on a switch, and ``reindex``.

These tests change the store's model and the vector column's dimension, so each runs on a
database of its own on the session server; the shared database keeps the bundled model.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Sequence

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from langchain_core.embeddings import Embeddings
from sqlalchemy import Connection, text

from mentorbot.errors import DatabaseError
from mentorbot.knowledge import pipeline
from mentorbot.knowledge.db import Database, alembic_config
from mentorbot.knowledge.embedders import (
    Embedder,
    EmbedderError,
    EmbeddingMismatchError,
    Matrix,
    local_embedder,
)
from mentorbot.knowledge.ingest import SourceText
from mentorbot.knowledge.models import Base
from mentorbot.knowledge.space import prepare_space
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.settings import load_settings
from tests.integration.databases import scratch_database

KNOWLEDGE_TABLES = {"documents", "chunks", "embedding_spaces"}
NOTE = "# 笔记\n\n## 阻塞\n\ntime.sleep 会卡住事件循环。\n\n## 迁移\n\n用 Alembic 管理表结构。\n"


class HashEmbeddings(Embeddings):
    """A deterministic stand-in model: word hashes folded into ``dim`` buckets."""

    def __init__(self, dim: int) -> None:
        self.dim = dim

    def _one(self, text_: str) -> list[float]:
        vector = [0.0] * self.dim
        for word in text_.split():
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        vector[0] += 0.5
        return vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]

    def embed_query(self, text_: str) -> list[float]:
        return self._one(text_)


@pytest.fixture
async def bare_database(database_url: str) -> AsyncIterator[Database]:
    """A new database that was never migrated: no pgvector extension, no tables."""
    with scratch_database(database_url, "bare") as url:
        db = await Database.connect(load_settings(database_url=url), migrate=False)
        yield db
        await db.dispose()


async def _space(db: Database) -> tuple[str, int, int]:
    async with db.engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT s.model, s.dimension, a.atttypmod FROM embedding_spaces s, "
                    "pg_attribute a WHERE a.attrelid = 'chunks'::regclass "
                    "AND a.attname = 'embedding'"
                )
            )
        ).one()
    return row.model, row.dimension, row.atttypmod


async def _alice_then_a_hash_model(
    db: Database, dimension: int
) -> tuple[KnowledgeStore, KnowledgeStore]:
    """Alice's note stored with the bundled model, and a store configured for a hash model."""
    bundled = KnowledgeStore(db=db, embedder=local_embedder())
    await bundled.ingest_text("alice", "notes.md", NOTE, "note")
    other = KnowledgeStore(
        db=db,
        embedder=Embedder(embeddings=HashEmbeddings(dimension), name=f"test/hash-{dimension}"),
    )
    return bundled, other


async def test_another_model_is_refused_until_reindex(private_database: Database) -> None:
    bundled, other = await _alice_then_a_hash_model(private_database, 8)
    assert await _space(private_database) == ("wordllama/l2_supercat-256", 256, 256)

    with pytest.raises(EmbeddingMismatchError) as error:
        await other.search("alice", "time.sleep")
    assert str(error.value) == (
        "the knowledge store holds vectors of wordllama/l2_supercat-256 (256 dimensions) but "
        "MENTOR_EMBEDDINGS selects test/hash-8 (8 dimensions): run `mentor reindex` to re-embed "
        "every document with the new model"
    )
    with pytest.raises(EmbeddingMismatchError):
        await other.ingest_text("alice", "more.md", "# 更多\n\n内容\n", "note")

    assert await other.reindex() == 2

    assert await _space(private_database) == ("test/hash-8", 8, 8)
    hits = await other.search("alice", "Alembic 管理表结构", k=1)
    assert hits[0].heading == "迁移"
    with pytest.raises(EmbeddingMismatchError):
        await bundled.search("alice", "time.sleep")
    async with private_database.engine.connect() as conn:
        index = await conn.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_chunks_embedding_hnsw'")
        )
    assert "USING hnsw (embedding halfvec_cosine_ops)" in str(index)
    assert await _vectors_out_of_row(private_database) == ("m", 0)


async def _vectors_out_of_row(db: Database) -> tuple[str, int]:
    """The embedding column's storage and how many stored vectors live outside their row."""
    async with db.engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT (SELECT attstorage::text FROM pg_attribute WHERE attname = 'embedding' "
                    "AND attrelid = 'chunks'::regclass) AS storage, "
                    "count(*) FILTER (WHERE pg_column_toast_chunk_id(embedding) IS NOT NULL) "
                    "AS outside FROM chunks"
                )
            )
        ).one()
    return str(row.storage), int(row.outside)


async def test_an_empty_store_switches_model_without_reindex(private_database: Database) -> None:
    store = KnowledgeStore(
        db=private_database, embedder=Embedder(embeddings=HashEmbeddings(16), name="test/hash-16")
    )
    report = await store.ingest_text("bob", "notes.md", NOTE, "note")

    assert report.chunks == 2
    assert await _space(private_database) == ("test/hash-16", 16, 16)
    assert [hit.heading for hit in await store.search("bob", "事件循环 time.sleep", k=1)] == [
        "阻塞"
    ]


async def _waiting_on_a_lock(db: Database) -> int:
    async with db.engine.connect() as conn:
        return int(
            await conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            or 0
        )


async def test_loads_run_side_by_side_and_a_reindex_waits_for_them(
    private_database: Database,
) -> None:
    store = KnowledgeStore(db=private_database, embedder=local_embedder())
    await store.ingest_text("alice", "notes.md", NOTE, "note")

    async with private_database.engine.begin() as open_load:
        await prepare_space(open_load, store.embedder)  # a load still writing its chunks
        # Another learner's load finishes meanwhile instead of queueing behind it.
        report = await asyncio.wait_for(
            store.ingest_text("bob", "plan.md", "# 计划\n\n## 第一周\n\n学 asyncio。\n", "plan"),
            timeout=30,
        )
        assert report.chunks == 1
        reindex = asyncio.create_task(store.reindex())
        for _ in range(300):
            if await _waiting_on_a_lock(private_database):
                break
            await asyncio.sleep(0.01)
        assert await _waiting_on_a_lock(private_database) == 1
        assert not reindex.done()

    assert await asyncio.wait_for(reindex, timeout=30) == 3
    assert [hit.heading for hit in await store.search("bob", "asyncio", k=1)] == ["第一周"]


async def _search_indexes(db: Database) -> list[str]:
    """The vector and full-text indexes the chunks table has now, by name."""
    async with db.engine.connect() as conn:
        names = await conn.scalars(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' "
                "AND indexdef ~ 'USING (hnsw|gin)' ORDER BY indexname"
            )
        )
        return list(names)


async def test_large_load_rebuilds_the_indexes_and_finds_everything(
    private_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several slices, each prepared while the one before is copied, as a large load would be.
    monkeypatch.setattr(pipeline, "SLICE_CHUNKS", 8)
    store = KnowledgeStore(db=private_database, embedder=local_embedder(), bulk_rebuild_min=10)
    notes = [
        (f"note-{i}.md", f"# 笔记 {i}\n\n## 主题 {i}\n\n第 {i} 条：关键词 word{i}\n")
        for i in range(30)
    ]
    report = await store.ingest_sources(
        "carol", [SourceText(source=name, text=body, kind="note") for name, body in notes]
    )

    assert (report.count("added"), report.chunks) == (30, 30)
    for mode in ("hybrid", "text", "vector"):
        hits = await store.search("carol", "笔记 17 关键词 word17", k=1, mode=mode)
        assert (hits[0].document, hits[0].heading) == ("note-17.md", "主题 17")
    assert await _search_indexes(private_database) == [
        "ix_chunks_embedding_hnsw",
        "ix_chunks_search_vector",
    ]
    async with private_database.engine.connect() as conn:
        segmented = await conn.scalar(
            text(
                "SELECT search_text FROM chunks WHERE learner = 'carol' AND ordinal = 0 "
                "AND document_id = (SELECT id FROM documents WHERE source = 'note-3.md')"
            )
        )
    assert segmented == "笔记 主题 第 条 关键 关键词 word3"


async def test_a_large_load_that_fails_midway_leaves_the_store_and_its_indexes_as_they_were(
    private_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "SLICE_CHUNKS", 8)
    store = KnowledgeStore(db=private_database, embedder=local_embedder(), bulk_rebuild_min=10)
    await store.ingest_text("dave", "plan.md", "# 计划\n\n## 第一周\n\n学 asyncio。\n", "plan")
    embed = store._embed_all
    calls = 0

    async def fails_on_the_third_slice(inputs: Sequence[str]) -> Matrix:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise EmbedderError("the embeddings endpoint went away")
        return await embed(inputs)

    monkeypatch.setattr(store, "_embed_all", fails_on_the_third_slice)
    notes = [
        SourceText(
            source=f"note-{i}.md", text=f"# 笔记 {i}\n\n## 主题 {i}\n\nword{i}\n", kind="note"
        )
        for i in range(40)
    ]

    with pytest.raises(EmbedderError, match="went away"):
        await store.ingest_sources("erin", notes)

    async with private_database.engine.connect() as conn:
        written = await conn.scalar(text("SELECT count(*) FROM documents WHERE learner = 'erin'"))
    assert written == 0
    assert await _search_indexes(private_database) == [
        "ix_chunks_embedding_hnsw",
        "ix_chunks_search_vector",
    ]
    for mode in ("text", "vector"):
        hits = await store.search("dave", "asyncio", k=1, mode=mode)
        assert [hit.heading for hit in hits] == ["第一周"]


async def test_a_model_of_3072_dimensions_gets_its_vector_index(
    private_database: Database,
) -> None:
    """OpenAI's text-embedding-3-large size: more than a ``vector`` column's HNSW index takes."""
    _, large = await _alice_then_a_hash_model(private_database, 3072)

    assert await large.reindex() == 2

    assert await _space(private_database) == ("test/hash-3072", 3072, 3072)
    hits = await large.search("alice", "time.sleep 会卡住", k=1, mode="vector")
    assert [hit.heading for hit in hits] == ["阻塞"]
    assert await _search_indexes(private_database) == [
        "ix_chunks_embedding_hnsw",
        "ix_chunks_search_vector",
    ]


async def test_a_model_too_wide_to_index_is_refused_and_nothing_changes(
    private_database: Database,
) -> None:
    bundled, wide = await _alice_then_a_hash_model(private_database, 4096)

    for attempt in (
        wide.reindex(),
        wide.ingest_text("alice", "more.md", "# 更多\n\n内容\n", "note"),
    ):
        with pytest.raises(EmbedderError) as error:
            await attempt
        assert str(error.value) == (
            "the embedding model test/hash-4096 makes 4,096-dimension vectors; the knowledge "
            "store can index at most 4,000: choose a model with fewer dimensions"
        )

    assert await _space(private_database) == ("wordllama/l2_supercat-256", 256, 256)
    hits = await bundled.search("alice", "Alembic 管理表结构", k=1)
    assert [hit.heading for hit in hits] == ["迁移"]


async def test_the_halfvec_migration_keeps_the_stored_vectors(database_url: str) -> None:
    """A store filled before migration 0005 (a ``vector`` column) is searched the same after it."""

    def migrate_to(conn: Connection, revision: str) -> None:
        command.upgrade(alembic_config(connection=conn), revision)

    async def column_type(db: Database) -> str:
        async with db.engine.connect() as conn:
            return str(
                await conn.scalar(
                    text(
                        "SELECT format_type(atttypid, atttypmod) || ' ' || attstorage::text "
                        "FROM pg_attribute WHERE attrelid = 'chunks'::regclass "
                        "AND attname = 'embedding'"
                    )
                )
            )

    with scratch_database(database_url, "halfvec") as url:
        db = await Database.connect(load_settings(database_url=url), migrate=False)
        try:
            async with db.engine.begin() as conn:
                await conn.run_sync(migrate_to, "0004")
            store = KnowledgeStore(db=db, embedder=local_embedder())
            await store.ingest_text("alice", "notes.md", NOTE, "note")
            before = await column_type(db)
            async with db.engine.begin() as conn:
                await conn.run_sync(migrate_to, "head")

            assert (before, await column_type(db)) == ("vector(256) m", "halfvec(256) m")
            hits = await store.search("alice", "time.sleep 会卡住事件循环", k=2, mode="vector")
            assert [hit.heading for hit in hits] == ["阻塞", "迁移"]
        finally:
            await db.dispose()


async def test_knowledge_models_match_the_migration(private_database: Database) -> None:
    def differences(conn: Connection) -> list[object]:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_object": lambda item, name, type_, reflected, compare_to: (
                    (
                        name
                        if type_ == "table"
                        else getattr(getattr(item, "table", None), "name", None)
                    )
                    in KNOWLEDGE_TABLES
                ),
            },
        )
        return list(compare_metadata(context, Base.metadata))

    async with private_database.engine.connect() as conn:
        assert await conn.run_sync(differences) == []


async def test_a_database_without_pgvector_gets_a_clear_error(bare_database: Database) -> None:
    store = KnowledgeStore(db=bare_database, embedder=local_embedder())

    with pytest.raises(DatabaseError) as error:
        await store.ingest_text("dave", "notes.md", NOTE, "note")

    assert str(error.value) == (
        f"the database at {bare_database.display_url} has no pgvector extension, which the "
        "knowledge store needs: install pgvector, then run `mentor db upgrade`"
    )
    async with bare_database.engine.connect() as conn:
        tables = set(
            (
                await conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            ).scalars()
        )
    assert tables == set()
