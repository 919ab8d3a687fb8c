"""ORM models of scheduled and batch reviews; ``migrations/versions/0003_batch.py`` creates them.

The job queue itself is procrastinate's (its own tables, applied by the same migration); these
tables hold what procrastinate does not know: which repos are reviewed on which cron, and how
each queued review ended (reviewed, skipped, failed and why), so a batch can be summarised.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mentorbot.knowledge.models import Base

BatchOutcomeKind = Literal["reviewed", "skipped", "retrying", "failed"]


class Schedule(Base):
    """A repo reviewed for a learner whenever its cron comes due."""

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    repo_path: Mapped[str] = mapped_column(Text)
    learner: Mapped[str] = mapped_column(String(200))
    cron: Mapped[str] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_enqueued_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )

    __table_args__ = (Index("uq_schedules_repo_path_learner", "repo_path", "learner", unique=True),)


class BatchOutcome(Base):
    """How one queued review ended; one row per procrastinate job, updated on each attempt."""

    __tablename__ = "batch_outcomes"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    batch_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    repo_path: Mapped[str] = mapped_column(Text)
    learner: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, server_default="1")
    review_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    finished_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    __table_args__ = (Index("ix_batch_outcomes_batch_id", "batch_id"),)
