"""Typed state of the review graph: what comes in, what nodes add, what goes out.

The input keys are the same in the CLI, the API body and the Studio form.
"""

from __future__ import annotations

import operator
from typing import Annotated, Literal, NotRequired, Required, TypedDict

from mentorbot.domain import (
    Achievement,
    Lesson,
    NodeTiming,
    Plan,
    PreviousReview,
    ReviewReport,
    ScanResult,
    SkillMatrix,
    Text,
)


class ReviewInput(TypedDict, total=False):
    """What a caller gives a review."""

    repo_path: Required[str]
    """Path of the repository to review (a folder; git history is used when it is a git repo)."""
    learner: str
    """Whose review this is; memory and history are kept per learner. Default: `default`."""
    step: int | None
    """Step number of the log; default: one past the highest existing learning_log_step<N>.md."""
    language: Literal["zh", "en"]
    """Language of the log. Default: zh (or MENTOR_LANG)."""
    since: str | None
    """First commit to exclude from the history range; default: the last reviewed commit."""
    output: str | None
    """Write the log to this file instead of docs/learning_log_step<N>.md in the repo."""


class ReviewState(ReviewInput, total=False):
    """The whole state; every node returns a partial update of it."""

    review_id: int | None
    resolved_step: int
    resolved_language: Literal["zh", "en"]
    previous: PreviousReview | None
    scan: ScanResult
    skills: SkillMatrix
    lessons: list[Lesson]
    achievements: list[Achievement]
    plan: Plan
    practices: list[Text]
    notes: Annotated[list[Text], operator.add]
    timings: Annotated[list[NodeTiming], operator.add]
    report: ReviewReport
    log_path: str | None
    log_markdown: str


class ReviewOutput(TypedDict):
    """What a finished review hands back."""

    report: ReviewReport
    log_path: NotRequired[str | None]
    review_id: NotRequired[int | None]
