"""The embedding space of the store: which model made the vectors, and the column that holds them.

One row in ``embedding_spaces`` names the model and dimension of every stored vector. The
``chunks.embedding`` column is typed ``halfvec(<dimension>)`` so the HNSW index can exist; switching
to a model of another dimension retypes the column and rebuilds the index — on an empty store
when the first document arrives, or for every chunk at once in ``mentor reindex``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from mentorbot.knowledge.embedders import Embedder, EmbedderError, EmbeddingMismatchError
from mentorbot.knowledge.indexes import IndexRebuild, build_indexes, drop_indexes
from mentorbot.knowledge.store_models import MAX_DIMENSION

VECTOR_INDEX = IndexRebuild(vectors=True)


@dataclass(frozen=True)
class EmbeddingSpaceState:
    """The recorded model and dimension (None on a new store) and whether any vector exists."""

    model: str | None
    dimension: int | None
    has_chunks: bool

    def matches(self, name: str, dimension: int) -> bool:
        return self.model == name and self.dimension == dimension


RowLock = Literal["share", "update"]


async def space_state(conn: AsyncConnection, *, lock: RowLock | None = None) -> EmbeddingSpaceState:
    """One round trip; ``lock`` holds the row until commit.

    ``share``: loads into the current space run side by side; ``update``: a reindex or a switch
    of model waits for them, and they for it.
    """
    lock_clause = {None: "", "share": " FOR SHARE", "update": " FOR UPDATE"}[lock]
    row = (
        await conn.execute(
            text(
                "SELECT s.model, s.dimension, EXISTS (SELECT 1 FROM chunks) AS has_chunks "
                "FROM (SELECT 1) AS one "
                f"LEFT JOIN (SELECT model, dimension FROM embedding_spaces WHERE id = 1"
                f"{lock_clause}) s ON true"
            )
        )
    ).one()
    dimension = int(row.dimension) if row.dimension is not None else None
    return EmbeddingSpaceState(row.model, dimension, bool(row.has_chunks))


async def mismatch_error(state: EmbeddingSpaceState, embedder: Embedder) -> EmbeddingMismatchError:
    dimension = await embedder.dimension()
    return EmbeddingMismatchError(
        f"the knowledge store holds vectors of {state.model} ({state.dimension} dimensions) "
        f"but MENTOR_EMBEDDINGS selects {embedder.name} ({dimension} dimensions): "
        "run `mentor reindex` to re-embed every document with the new model"
    )


def check_indexable(name: str, dimension: int) -> None:
    """Refuse, before anything is written, a model whose vectors the HNSW index cannot hold."""
    if dimension > MAX_DIMENSION:
        raise EmbedderError(
            f"the embedding model {name} makes {dimension:,}-dimension vectors; the knowledge "
            f"store can index at most {MAX_DIMENSION:,}: choose a model with fewer dimensions"
        )


async def prepare_space(conn: AsyncConnection, embedder: Embedder) -> None:
    """Record the embedder on a new (or emptied) store; refuse to mix two models' vectors.

    The common case, a load into the space already recorded, only share-locks the row, so two
    loads (two batch workers ending reviews at once) do not queue behind each other. The row
    is read unlocked first: a load that has to change the space goes straight to the exclusive
    lock instead of upgrading a shared one, which two such loads would deadlock on.
    """
    dimension = await embedder.dimension()
    check_indexable(embedder.name, dimension)
    if (await space_state(conn)).matches(embedder.name, dimension):
        if (await space_state(conn, lock="share")).matches(embedder.name, dimension):
            return
    state = await space_state(conn, lock="update")
    if state.matches(embedder.name, dimension):
        return
    if state.has_chunks and state.model is not None:
        raise await mismatch_error(state, embedder)
    column = await conn.scalar(
        text(
            "SELECT atttypmod FROM pg_attribute "
            "WHERE attrelid = 'chunks'::regclass AND attname = 'embedding'"
        )
    )
    if column != dimension:  # the table is empty here: nothing to re-embed
        await empty_column(conn, dimension)
    await write_space(conn, embedder.name, dimension)
    if column != dimension:
        await finish_column(conn)


async def write_space(conn: AsyncConnection, model: str, dimension: int) -> None:
    await conn.execute(
        text(
            "INSERT INTO embedding_spaces (id, model, dimension) VALUES (1, :model, :dim) "
            "ON CONFLICT (id) DO UPDATE SET model = EXCLUDED.model, "
            "dimension = EXCLUDED.dimension, updated_at = now()"
        ),
        {"model": model, "dim": dimension},
    )


async def empty_column(conn: AsyncConnection, dimension: int) -> None:
    """Drop the index and retype the column to ``dimension``, every value NULL for now."""
    await drop_indexes(conn, VECTOR_INDEX)
    await conn.execute(text("ALTER TABLE chunks ALTER COLUMN embedding DROP NOT NULL"))
    await conn.execute(
        text(f"ALTER TABLE chunks ALTER COLUMN embedding TYPE halfvec({int(dimension)}) USING NULL")
    )
    # Retyping resets the column's storage to the type's default (migration 0004).
    await conn.execute(text("ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE MAIN"))


async def finish_column(conn: AsyncConnection) -> None:
    await conn.execute(text("ALTER TABLE chunks ALTER COLUMN embedding SET NOT NULL"))
    await build_indexes(conn, VECTOR_INDEX)
