"""ORM models of the knowledge store: documents, their chunks, and the embedding space in use.

``migrations/versions/0002_knowledge.py`` creates exactly these tables. Chunks carry their
document's ``learner`` and ``kind`` so that both retrievals (HNSW and full text) filter on the
chunk row itself, without a join, and no query can reach another learner's rows by accident.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pgvector.sqlalchemy import HALFVEC
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorbot.knowledge.models import Base

DocumentKind = Literal["plan", "log", "note"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("plan", "log", "note")

# The dimension the migration creates the column with: the bundled model's. A store switched to
# another embedder by ``mentor reindex`` alters the column (and rebuilds the index) to fit it.
DEFAULT_DIMENSION = 256
HNSW_INDEX = "ix_chunks_embedding_hnsw"
HNSW_OPTIONS = {"m": 16, "ef_construction": 64}
# Half precision (migration 0005): pgvector indexes halfvec columns of up to MAX_DIMENSION.
HNSW_OPERATORS = "halfvec_cosine_ops"
MAX_DIMENSION = 4000
TEXT_INDEX = "ix_chunks_search_vector"


class EmbeddingSpace(Base):
    """The one embedding model (and its dimension) every stored vector was made with."""

    __tablename__ = "embedding_spaces"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    model: Mapped[str] = mapped_column(Text)
    dimension: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Document(Base):
    """One ingested file (a study plan, a past log, a note) of one learner, by its source path."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("learner", "source"),
        CheckConstraint("kind IN ('plan', 'log', 'note')", name="kind"),
        Index("ix_documents_learner_kind", "learner", "kind"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    learner: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text, server_default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    chunk_count: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    chunks: Mapped[list[Chunk]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Chunk(Base):
    """A heading-delimited piece of a document, with its vector and its segmented full text."""

    __tablename__ = "chunks"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        Index("ix_chunks_learner_kind", "learner", "kind"),
        Index(TEXT_INDEX, "search_vector", postgresql_using="gin"),
        Index(
            HNSW_INDEX,
            "embedding",
            postgresql_using="hnsw",
            postgresql_with=HNSW_OPTIONS,
            postgresql_ops={"embedding": HNSW_OPERATORS},
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    learner: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    ordinal: Mapped[int] = mapped_column(Integer)
    heading_path: Mapped[list[str]] = mapped_column(ARRAY(Text))
    text: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed("to_tsvector('simple'::regconfig, search_text)", persisted=True)
    )
    embedding: Mapped[list[float]] = mapped_column(HALFVEC(DEFAULT_DIMENSION))

    document: Mapped[Document] = relationship(back_populates="chunks")
