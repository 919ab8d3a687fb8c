"""Typed state of the review graph: what comes in, what nodes add, what goes out.

The input keys are the same in the CLI, the API body and the Studio form. The TypedDicts come
from ``typing_extensions`` because pydantic (which LangGraph uses for the JSON schemas that Studio
renders) rejects ``typing.TypedDict`` before Python 3.12; each field's docstring becomes its
description, and ``Field(default=...)`` shows the default in the form without changing what a
caller who omits the key gets.
"""

from __future__ import annotations

import operator
from typing import Annotated, Literal, NotRequired, Required

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from mentorbot.curriculum.loader import Curriculum
from mentorbot.domain import (
    Achievement,
    Finding,
    Lesson,
    LlmUsage,
    NodeTiming,
    Plan,
    PreviousReview,
    ReviewReport,
    ScanResult,
    SkillMatrix,
    TaskFollowUp,
    Text,
)


@with_config(ConfigDict(use_attribute_docstrings=True))
class ReviewInput(TypedDict, total=False):
    """What a caller gives a review."""

    repo_path: Required[str]
    """Path of the repository to review (a folder; git history is used when it is a git repo)."""
    learner: Annotated[str, Field(default="default")]
    """Whose review this is; memory and history are kept per learner. Default: `default`."""
    step: Annotated[int | None, Field(default=None, ge=1)]
    """Step number of the log; default: one past the highest existing learning_log_step<N>.md."""
    language: Literal["zh", "en"]
    """Language of the log. Default: zh (or MENTOR_LANG)."""
    since: Annotated[str | None, Field(default=None)]
    """First commit to exclude from the history range; default: the last reviewed commit."""
    output: Annotated[str | None, Field(default=None)]
    """Write the log to this file instead of docs/learning_log_step<N>.md in the repo."""


class ReviewState(ReviewInput, total=False):
    """The whole state; every node returns a partial update of it."""

    review_id: int | None
    resolved_step: int
    resolved_language: Literal["zh", "en"]
    previous: PreviousReview | None
    other_learners: tuple[str, ...]
    curriculum: Curriculum | None
    scan: ScanResult
    skills: SkillMatrix
    findings: list[Finding]
    fixed_findings: list[Finding]
    lessons: list[Lesson]
    achievements: list[Achievement]
    plan: Plan
    follow_up: list[TaskFollowUp]
    max_open_problems: int | None
    practices: list[Text]
    notes: Annotated[list[Text], operator.add]
    timings: Annotated[list[NodeTiming], operator.add]
    llm_usage: Annotated[list[LlmUsage], operator.add]
    report: ReviewReport
    log_path: str | None
    log_markdown: str


@with_config(ConfigDict(use_attribute_docstrings=True))
class ReviewOutput(TypedDict):
    """What a finished review hands back."""

    report: ReviewReport
    """The whole review: findings, skills, lessons, achievements, plan, metrics."""
    log_path: NotRequired[str | None]
    """Where the Markdown log was written; null when the run was told not to write it."""
    review_id: NotRequired[int | None]
    """Id of the review's record in the database."""
