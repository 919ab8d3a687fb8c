"""The literals every value uses, and the frozen base of them all."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

Language = Literal["zh", "en"]
Severity = Literal["high", "medium", "low"]
SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
"""Severities most severe first, for sorting."""
FindingSource = Literal["mentor", "ruff"]
Category = Literal[
    "blocking-call-in-async",
    "orm-as-response-model",
    "session-per-function",
    "pydantic-v1-api-in-v2",
    "missing-tests",
    "bare-or-broad-except",
    "hardcoded-secret",
    "sql-string-formatting",
    "missing-await",
    "no-migrations",
    "sync-db-driver-in-async-app",
    "other",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
CommitKind = Literal["fix", "feat", "refactor", "test", "docs", "chore", "other"]
Level = Literal["good", "partial", "missing"]
LessonStatus = Literal["solved", "open"]
FindingStatus = Literal["new", "open", "fixed"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A sentence in both output languages; the review picks one when it renders."""

    zh: str
    en: str

    def pick(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en
