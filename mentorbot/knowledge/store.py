"""The knowledge store as one services object: ingest documents, search them, re-embed them.

A :class:`KnowledgeStore` wraps the process's :class:`Database` and one :class:`Embedder`.
Every stored vector was made by the model recorded in ``embedding_spaces``; a store configured
with another model refuses to mix them (``EmbeddingMismatchError`` tells the user to run
``mentor reindex``), except on an empty store, which simply switches (see ``space``).

Ingestion skips documents whose content hash is unchanged and writes the rest in one transaction:
a failure anywhere leaves the store as it was. Large loads drop the HNSW and full-text indexes,
COPY, and build them again afterwards — building once over all rows is several times faster than
inserting them one by one (``indexes``).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from mentorbot.domain.base import Language
from mentorbot.errors import DatabaseError, MentorError
from mentorbot.knowledge.chunking import TextChunk, load_segmenter
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import Embedder, Matrix, make_embedder
from mentorbot.knowledge.indexes import (
    BULK_REBUILD_MIN,
    build_indexes,
    drop_indexes,
    rebuild_for_load,
)
from mentorbot.knowledge.ingest import (
    IngestedDocument,
    IngestError,
    IngestReport,
    IngestStatus,
    SourceText,
    check_kind,
    chunk_source,
    collect_files,
    content_hash,
    copy_records,
    read_sources,
    stored_hashes,
    write_documents,
)
from mentorbot.knowledge.pipeline import prepared_slices
from mentorbot.knowledge.retrieval import SearchHit, SearchMode, hybrid_search
from mentorbot.knowledge.space import (
    check_indexable,
    empty_column,
    finish_column,
    mismatch_error,
    prepare_space,
    space_state,
    write_space,
)
from mentorbot.knowledge.store_models import DocumentKind
from mentorbot.settings import Settings

# After writing this many chunks, VACUUM (ANALYZE) the table: fresh statistics for the planner
# (HNSW vs. exact scan), and the new rows' visibility settled once. Without it, every search that
# meets the new rows pays for that itself until autovacuum comes by: measured on 10k chunks after
# loading 2k more, full-text searches took 240 ms (p50) instead of 8 ms; the VACUUM took 0.7 s.
# Smaller loads do it too when they add at least a VACUUM_SHARE of the table (it is small then).
ANALYZE_MIN = 1_000
VACUUM_SHARE = 0.2
EMBED_SLICE = 4096
MAX_LEARNER = 200


def _one_line(error: BaseException) -> str:
    inner = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    message = str(inner).strip()
    return message.splitlines()[0] if message else type(inner).__name__


def _outcome(
    source: SourceText,
    written: dict[str, tuple[int, int]],
    stored: dict[str, tuple[str, str]],
    chunk_counts: dict[str, int],
) -> IngestedDocument:
    if source.source not in written:
        return IngestedDocument(source.source, source.kind, "unchanged", 0, 0)
    status: IngestStatus = "updated" if source.source in stored else "added"
    version = written[source.source][1]
    return IngestedDocument(
        source.source, source.kind, status, chunk_counts[source.source], version
    )


async def _table_rows(conn: AsyncConnection) -> int:
    """The planner's estimate of the chunks in the table (0 before the first ANALYZE)."""
    rows = await conn.scalar(
        text("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'chunks'::regclass")
    )
    return int(rows or 0)


def _check_learner(learner: str) -> str:
    if not learner.strip() or len(learner) > MAX_LEARNER:
        raise MentorError(f"--learner must be 1 to {MAX_LEARNER} characters", code="usage")
    return learner


def warm_up_knowledge(embedder: Embedder, *, segmenter: bool = True) -> threading.Thread:
    """Load ``embedder``'s model, and the segmenter's dictionary when asked, in a background
    thread; whoever uses them first waits on the same locks.

    Not a daemon: both loads run in Rust extensions, and a daemon thread still inside one when
    the interpreter finalizes is unwound through Rust frames, which aborts the process ("FATAL:
    exception not rethrown", exit -6). That happened when a review failed at once (a database
    that cannot be reached); now the exit waits for the load, a fraction of a second at most.
    """

    def warm() -> None:
        if segmenter:
            load_segmenter()
        embedder.preload()

    thread = threading.Thread(target=warm, name="knowledge-warm-up")
    thread.start()
    return thread


@dataclass(eq=False)
class KnowledgeStore:
    """Documents and chunks of every learner, searched one learner at a time."""

    db: Database
    embedder: Embedder
    bulk_rebuild_min: int = BULK_REBUILD_MIN
    _schema_checked: bool = field(default=False, repr=False)
    warming: threading.Thread | None = field(default=None, repr=False)
    """The thread loading the model and the dictionary, once someone started it."""

    @classmethod
    def from_settings(cls, db: Database, settings: Settings) -> KnowledgeStore:
        return cls(db=db, embedder=make_embedder(settings))

    def warm_up(self, language: Language = "zh") -> None:
        """Start loading the embedding model, and for a review written in Chinese the segmenter's
        dictionary, in a background thread.

        Together they take about a fifth of a second of a fresh process, most of it holding the
        GIL. A review calls this when its scan has files to analyse, so the load overlaps the
        analysis (in worker processes), and a review that follows an earlier one calls it at its
        start, as its memory of the earlier logs and its own new log need both; a step reviewed
        again from the cache, whose log did not change, never loads them. Text without Chinese
        never needs the dictionary, so an English review leaves it to the first Chinese text it
        meets (``chunking._cut``); loading it anyway held the GIL for a tenth of a second while
        the review's own work waited. Later calls do nothing; uses while it runs wait on the
        same locks.
        """
        if self.warming is None:
            self.warming = warm_up_knowledge(self.embedder, segmenter=language == "zh")

    async def check_ready(self) -> None:
        """One clear message when pgvector or our tables are missing, before any write."""
        if self._schema_checked:
            return
        query = text(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS has_vector, "
            "to_regclass('chunks') IS NOT NULL AS has_tables"
        )
        try:
            async with self.db.engine.connect() as conn:
                row = (await conn.execute(query)).one()
        except (OSError, SQLAlchemyError) as error:
            raise DatabaseError(
                f"cannot reach the database at {self.db.display_url}: {_one_line(error)}"
            ) from None
        if not row.has_vector:
            raise DatabaseError(
                f"the database at {self.db.display_url} has no pgvector extension, which the "
                "knowledge store needs: install pgvector, then run `mentor db upgrade`"
            )
        if not row.has_tables:
            raise DatabaseError(
                f"the knowledge store tables are missing in {self.db.display_url}: "
                "run `mentor db upgrade`"
            )
        self._schema_checked = True

    async def check_space(self) -> None:
        """Raise ``EmbeddingMismatchError`` when the stored vectors are another model's.

        Cheap (one query; an endpoint's dimension is probed once per process), so a review can
        tell up front that memory is unusable until ``mentor reindex``.
        """
        await self.check_ready()
        try:
            async with self.db.engine.connect() as conn:
                state = await space_state(conn)
        except (OSError, SQLAlchemyError) as error:
            raise DatabaseError(f"could not read the knowledge store: {_one_line(error)}") from None
        if state.has_chunks and not state.matches(
            self.embedder.name, await self.embedder.dimension()
        ):
            raise await mismatch_error(state, self.embedder)

    # --- ingestion ------------------------------------------------------------------------

    async def ingest_paths(
        self, learner: str, paths: Sequence[Path | str], kind: DocumentKind | None = None
    ) -> IngestReport:
        """Ingest files and folders (recursively: .md, .markdown, .txt) for ``learner``."""
        _check_learner(learner)
        checked_kind = check_kind(kind) if kind is not None else None
        files = collect_files(Path(path) for path in paths)
        if not files:
            raise IngestError(
                "nothing was ingested: no Markdown or text files in "
                + ", ".join(str(path) for path in paths)
            )
        sources = await asyncio.to_thread(read_sources, files, checked_kind)
        return await self.ingest_sources(learner, sources)

    async def ingest_text(
        self,
        learner: str,
        source: str,
        content: str,
        kind: DocumentKind,
        *,
        markdown: bool = True,
    ) -> IngestReport:
        """Ingest text that is not (or not only) a file, e.g. a log the review just wrote."""
        _check_learner(learner)
        if not content.strip():
            raise IngestError(f"{source}: empty, nothing to index")
        source_text = SourceText(
            source=source, text=content, kind=check_kind(kind), markdown=markdown
        )
        return await self.ingest_sources(learner, [source_text])

    async def ingest_sources(self, learner: str, sources: Sequence[SourceText]) -> IngestReport:
        """The common path: skip unchanged documents, embed the rest, write in one transaction."""
        started = time.perf_counter()
        await self.check_ready()
        sources = list({source.source: source for source in sources}.values())
        try:
            async with self.db.engine.connect() as conn:
                stored = await stored_hashes(conn, learner, [s.source for s in sources])
        except (OSError, SQLAlchemyError) as error:
            raise DatabaseError(f"could not read the knowledge store: {_one_line(error)}") from None
        changed = [s for s in sources if stored.get(s.source) != (content_hash(s.text), s.kind)]
        chunked = await asyncio.to_thread(lambda: [chunk_source(source) for source in changed])
        total = sum(len(document.chunks) for document in chunked)
        written: dict[str, tuple[int, int]] = {}
        try:
            async with self.db.engine.begin() as conn:
                await prepare_space(conn, self.embedder)
                before = await _table_rows(conn)
                rebuild = rebuild_for_load(total, before, self.bulk_rebuild_min)
                await drop_indexes(conn, rebuild)
                async with contextlib.aclosing(prepared_slices(chunked, self._embed_all)) as ready:
                    async for prepared, vectors in ready:
                        written |= await write_documents(conn, learner, prepared, vectors)
                await build_indexes(conn, rebuild)
            if total >= ANALYZE_MIN or (total and total >= VACUUM_SHARE * before):
                async with self._autocommit() as conn:
                    # SKIP_LOCKED: when another load is vacuuming right now, that one will do.
                    await conn.execute(text("VACUUM (ANALYZE, SKIP_LOCKED) chunks"))
        except MentorError:
            raise
        except (OSError, SQLAlchemyError) as error:
            raise DatabaseError(
                f"nothing was ingested, the database refused the write: {_one_line(error)}"
            ) from None
        counts = {document.source: len(document.chunks) for document in chunked}
        documents = tuple(_outcome(source, written, stored, counts) for source in sources)
        return IngestReport(documents, seconds=time.perf_counter() - started)

    async def _embed_all(self, inputs: Sequence[str]) -> Matrix:
        if not inputs:
            return np.zeros((0, await self.embedder.dimension()), dtype=np.float32)
        parts = [
            await self.embedder.embed(inputs[start : start + EMBED_SLICE])
            for start in range(0, len(inputs), EMBED_SLICE)
        ]
        return np.concatenate(parts)

    # --- search ---------------------------------------------------------------------------

    async def search(
        self,
        learner: str,
        query: str,
        k: int = 5,
        kinds: Sequence[DocumentKind] | None = None,
        *,
        mode: SearchMode = "hybrid",
    ) -> list[SearchHit]:
        """The ``k`` best chunks of ``learner`` for ``query`` (hybrid by default)."""
        _check_learner(learner)
        if not query.strip():
            raise MentorError("the search query is empty", code="usage")
        if k < 1:
            raise MentorError("--k must be at least 1", code="usage")
        for kind in kinds or ():
            check_kind(kind)
        await self.check_ready()
        vector = None if mode == "text" else await self.embedder.embed_query(query)
        try:
            async with self._autocommit() as conn:
                state = await space_state(conn)
                if not state.has_chunks:
                    return []
                if vector is not None and not state.matches(self.embedder.name, len(vector)):
                    raise await mismatch_error(state, self.embedder)
                return await hybrid_search(
                    conn,
                    learner,
                    query,
                    vector,
                    k=k,
                    kinds=kinds,
                    mode=mode,
                    text_weight=self.embedder.text_weight,
                )
        except MentorError:
            raise
        except (OSError, SQLAlchemyError) as error:
            raise DatabaseError(f"the search failed: {_one_line(error)}") from None

    @contextlib.asynccontextmanager
    async def _autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection without a transaction: searches save the BEGIN and COMMIT round trips
        (each statement sees its own snapshot either way, READ COMMITTED), and VACUUM cannot
        run inside one."""
        async with self.db.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    # --- maintenance ----------------------------------------------------------------------

    async def reindex(self) -> int:
        """Re-embed every chunk of every learner with the configured model; returns the count.

        One transaction: readers keep the old vectors until it commits, writers wait.
        """
        await self.check_ready()
        dimension = await self.embedder.dimension()
        check_indexable(self.embedder.name, dimension)
        try:
            async with self.db.engine.begin() as conn:
                await conn.execute(text("LOCK TABLE chunks IN SHARE ROW EXCLUSIVE MODE"))
                await space_state(conn, lock="update")
                rows = (
                    await conn.execute(
                        text("SELECT id, heading_path, text FROM chunks ORDER BY id")
                    )
                ).all()
                inputs = [
                    TextChunk(0, tuple(row.heading_path), row.text).indexed_text() for row in rows
                ]
                matrix = await self._embed_all(inputs)
                await self._replace_vectors(conn, [int(row.id) for row in rows], matrix, dimension)
        except MentorError:
            raise
        except (OSError, SQLAlchemyError) as error:
            raise DatabaseError(f"reindex failed, nothing changed: {_one_line(error)}") from None
        return len(rows)

    async def _replace_vectors(
        self, conn: AsyncConnection, ids: list[int], matrix: Matrix, dimension: int
    ) -> None:
        await conn.execute(
            text(
                "CREATE TEMP TABLE reindex_vectors (id bigint PRIMARY KEY, "
                f"embedding halfvec({int(dimension)})) ON COMMIT DROP"
            )
        )
        await copy_records(
            conn, "reindex_vectors", ("id", "embedding"), list(zip(ids, matrix, strict=True))
        )
        await empty_column(conn, dimension)
        await conn.execute(
            text(
                "UPDATE chunks c SET embedding = r.embedding FROM reindex_vectors r "
                "WHERE c.id = r.id"
            )
        )
        await write_space(conn, self.embedder.name, dimension)
        await finish_column(conn)
