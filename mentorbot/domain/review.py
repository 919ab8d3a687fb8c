"""The whole review: what the graph returns, the CLI prints and the database records."""

from __future__ import annotations

from pydantic import Field

from mentorbot.domain.base import Frozen, Language, Text
from mentorbot.domain.lessons import Achievement, Lesson
from mentorbot.domain.plan import Plan, TaskFollowUp
from mentorbot.domain.scan import Commit, Finding, SkippedFiles, StackItem
from mentorbot.domain.skills import SkillMatrix


class NodeTiming(Frozen):
    node: str
    seconds: float


class LlmUsage(Frozen):
    """What one node's LLM call cost and what its grounding check threw away (LLM mode)."""

    node: str
    model: str = ""
    evidence_tokens: int = Field(default=0, description="tokens of evidence packed into the prompt")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    dropped: int = Field(default=0, description="claims dropped because their citation failed")
    dropped_claims: tuple[str, ...] = ()
    fallback: str | None = Field(
        default=None, description="why the deterministic text was kept, when it was"
    )


class Metrics(Frozen):
    files: int
    loc: int = Field(description="non-blank lines of code and text, data and lock files aside")
    data_loc: int = Field(
        default=0, description="non-blank lines of data (CSV, JSON records) and lock files"
    )
    commits: int
    findings: int
    nodes: tuple[NodeTiming, ...] = ()
    duration_s: float = 0.0
    llm: tuple[LlmUsage, ...] = Field(default=(), description="LLM mode: tokens per node")


class PreviousReview(Frozen):
    """What the last completed review of this repo for this learner left behind."""

    review_id: int
    step: int
    head: str | None = None
    date: str | None = None
    skills: SkillMatrix | None = None
    findings: tuple[Finding, ...] = ()
    plan: Plan | None = None


class ReviewReport(Frozen):
    """The whole result of one review: what ``--format json`` prints and what render reads."""

    repo: str = Field(description="absolute path of the reviewed repository")
    repo_name: str
    learner: str
    step: int
    language: Language
    date: str = Field(description="ISO date of the review")
    head: str | None = None
    uncommitted: tuple[str, ...] = Field(
        default=(), description="files on disk not as at HEAD: their citations are the disk's"
    )
    since: str | None = None
    has_git: bool = True
    shallow: bool = Field(default=False, description="a shallow clone: older history is missing")
    subfolder: bool = Field(
        default=False, description="a folder inside a bigger git work tree: its commits only"
    )
    first_commit_date: str | None = None
    last_commit_date: str | None = None
    stack: tuple[StackItem, ...] = ()
    languages: dict[str, int] = Field(default_factory=dict)
    skipped: SkippedFiles = SkippedFiles()
    commits: tuple[Commit, ...] = ()
    findings: tuple[Finding, ...] = ()
    skills: SkillMatrix
    previous_skills: SkillMatrix | None = None
    lessons: tuple[Lesson, ...] = ()
    achievements: tuple[Achievement, ...] = ()
    plan: Plan
    practices: tuple[Text, ...] = Field(default=(), description="best practices for the stack")
    notes: tuple[Text, ...] = ()
    metrics: Metrics
    review_id: int | None = None
    fixed_findings: tuple[Finding, ...] = Field(
        default=(), description="findings of the previous review that are gone now"
    )
    follow_up: tuple[TaskFollowUp, ...] = ()
    previous_step: int | None = None
    other_learners: tuple[str, ...] = Field(
        default=(),
        description="with no earlier review of this learner's: the learners whose reviews of "
        "this repository the database holds",
    )
