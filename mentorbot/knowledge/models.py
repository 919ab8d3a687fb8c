"""ORM models of the review records; ``migrations/versions`` creates exactly these tables.

Other parts of the knowledge store (documents, chunks, schedules) add their own models on the
same :class:`Base` so one metadata describes the whole schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ReviewStatus = Literal["running", "completed", "failed", "cancelled"]
REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("running", "completed", "failed", "cancelled")

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints predictably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Repo(Base):
    """A reviewed repository, identified by its absolute path."""

    __tablename__ = "repos"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    reviews: Mapped[list[Review]] = relationship(back_populates="repo")


class Review(Base):
    """One run of the review graph over one repository for one learner."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'completed', 'failed', 'cancelled')", name="status"),
        CheckConstraint("language IN ('zh', 'en')", name="language"),
        Index(
            "ix_reviews_last_completed",
            "repo_id",
            "learner",
            text("finished_at DESC"),
            postgresql_where=text("status = 'completed'"),
        ),
        Index("ix_reviews_learner_started", "learner", text("started_at DESC")),
        Index("ix_reviews_status", "status"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    repo_id: Mapped[int] = mapped_column(ForeignKey("repos.id", ondelete="CASCADE"))
    learner: Mapped[str] = mapped_column(String(200))
    step: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    since_sha: Mapped[str | None] = mapped_column(String(64))
    head_sha: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), server_default="running")
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_s: Mapped[float | None] = mapped_column(Float)
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    timings: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    log_path: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    repo: Mapped[Repo] = relationship(back_populates="reviews")
    findings: Mapped[list[ReviewFinding]] = relationship(
        back_populates="review", cascade="all, delete-orphan", passive_deletes=True
    )
    skill_levels: Mapped[list[SkillLevel]] = relationship(
        back_populates="review", cascade="all, delete-orphan", passive_deletes=True
    )


class ReviewFinding(Base):
    """A finding of a completed review, one row each, for queries across reviews."""

    __tablename__ = "review_findings"
    __table_args__ = (
        Index("ix_review_findings_review_id", "review_id"),
        Index("ix_review_findings_fingerprint", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(Text, server_default="")
    message_en: Mapped[str] = mapped_column(Text)
    message_zh: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))

    review: Mapped[Review] = relationship(back_populates="findings")


class SkillLevel(Base):
    """One cell of a review's skill matrix: an area x dimension, its level and its points.

    Points follow the rubric (good 2, partial 1, missing 0), so an area's 0-8 score is the sum of
    its four rows and growth between reviews is one SQL query.
    """

    __tablename__ = "skill_levels"
    __table_args__ = (Index("ix_skill_levels_review_id", "review_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(64))
    dimension: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)

    review: Mapped[Review] = relationship(back_populates="skill_levels")
