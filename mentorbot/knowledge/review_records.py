"""What the review records read back as: frozen values, never ORM objects, so nothing
lazy-loads after the session is gone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from mentorbot.domain import ReviewReport


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReviewRecord(_Record):
    """The last completed review of a repo for a learner: where the next review starts from."""

    id: int
    step: int
    head_sha: str | None
    finished_at: datetime | None
    report: ReviewReport | None


class ReviewSummary(_Record):
    """One row of ``GET /reviews``: everything but the (large) report."""

    id: int
    repo_path: str
    repo_name: str
    learner: str
    step: int
    language: str
    status: str
    since_sha: str | None
    head_sha: str | None
    started_at: datetime
    finished_at: datetime | None
    duration_s: float | None
    # Counts by name; LLM mode adds tokens per node (a dict) and the nodes that fell back.
    counts: dict[str, int | dict[str, int] | list[str]] | None
    error: str | None
    log_path: str | None


class ReviewDetail(ReviewSummary):
    """One review in full: its summary, per-node timings and the stored report."""

    timings: dict[str, float] | None
    report: ReviewReport | None


def parse_report(data: dict[str, Any] | None) -> ReviewReport | None:
    """A report stored by an older version may no longer validate; the record stays usable."""
    if data is None:
        return None
    try:
        return ReviewReport.model_validate(data)
    except ValidationError:
        return None
