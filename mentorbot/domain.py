"""Value objects shared by the analysis, the rules, the graph nodes and the outputs.

Everything here is a frozen pydantic model: immutable, JSON-serialisable for the CLI's
``--format json``, the checkpointer, the analysis cache and LangGraph Studio alike.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["zh", "en"]
Severity = Literal["high", "medium", "low"]
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
CATEGORIES: tuple[Category, ...] = (
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
)
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


# --- scan ---------------------------------------------------------------------------------


class SourceFile(Frozen):
    path: str = Field(description="repo-relative POSIX path")
    language: str
    loc: int = Field(description="non-blank lines")
    size: int
    blob_sha: str = Field(description="git blob sha1 of the content, the analysis cache key")


class SkippedFiles(Frozen):
    """How many files the walk passed over, and why (so the log can say so)."""

    binary: int = 0
    vendored: int = 0
    generated: int = 0
    too_large: int = 0
    ignored: int = 0
    symlinks: int = 0
    unreadable: int = 0


class StackItem(Frozen):
    name: str = Field(description="distribution name as the learner wrote it, e.g. fastapi")
    version: str | None = Field(default=None, description="pinned or locked version if known")
    category: str = Field(
        description="framework, database, orm, validation, testing, ai, queue, ..."
    )
    source: str = Field(
        description="manifest path the item came from; a .py file for a package the code "
        "imports that no manifest declares"
    )

    @property
    def from_imports(self) -> bool:
        """Seen only in the code's imports (``analysis.stack_imports``), declared nowhere."""
        return self.source.endswith(".py")


class Commit(Frozen):
    sha: str
    author: str
    date: str = Field(description="ISO 8601 author date")
    subject: str
    kind: CommitKind
    files: tuple[str, ...] = ()
    insertions: int = 0
    deletions: int = 0
    parent: str | None = None
    merge: bool = Field(default=False, description="more than one parent; compared to the first")

    @property
    def short(self) -> str:
        return self.sha[:8]


class Signal(Frozen):
    """A fact a file shows about the learner's skills: a route, an ORM model, a test, ...

    ``kind`` is a fixed vocabulary (see ``mentorbot.analysis.signals.SIGNAL_KINDS``); ``name`` is
    the symbol it is about and ``detail`` a short free text (e.g. ``GET /tasks``).
    """

    kind: str
    line: int
    name: str = ""
    detail: str = ""
    data: dict[str, str] = Field(default_factory=dict)


class Finding(Frozen):
    rule: str = Field(description="stable rule id, e.g. MB101")
    category: Category
    severity: Severity
    path: str
    line: int
    message: Text
    source: FindingSource
    snippet: str = Field(default="", description="the cited line(s), secrets redacted")
    fingerprint: str = Field(default="", description="rule + path + normalised code, line-free")
    status: FindingStatus | None = Field(
        default=None, description="new / open / fixed, once the repo has been reviewed before"
    )
    since_step: int | None = Field(default=None, description="open: the step it was first seen")
    fixed_by: str | None = Field(default=None, description="fixed: the commit that removed it")
    fixed_elsewhere: bool = Field(default=False, description="fixed: by other files' changes")


class FileAnalysis(Frozen):
    """Everything learned from one file's content; cached by blob sha."""

    path: str
    blob_sha: str
    parse_error: str | None = None
    signals: tuple[Signal, ...] = ()
    findings: tuple[Finding, ...] = ()


class ScanResult(Frozen):
    root: str
    head: str | None = Field(default=None, description="HEAD commit sha; None outside git")
    branch: str | None = None
    has_git: bool
    since: str | None = Field(default=None, description="first commit excluded from the range")
    files: tuple[SourceFile, ...] = ()
    skipped: SkippedFiles = SkippedFiles()
    languages: dict[str, int] = Field(default_factory=dict, description="language -> LOC")
    stack: tuple[StackItem, ...] = ()
    commits: tuple[Commit, ...] = Field(default=(), description="newest first, in range")
    analyses: tuple[FileAnalysis, ...] = ()
    findings: tuple[Finding, ...] = ()
    uncommitted: tuple[str, ...] = Field(default=(), description="files on disk not as at HEAD")
    shallow: bool = Field(default=False, description="a shallow clone: older history is missing")
    notes: tuple[Text, ...] = Field(default=(), description="things the learner should know")


# --- assess -------------------------------------------------------------------------------


class Evidence(Frozen):
    """A citation: ``path:line`` in the reviewed tree, or a commit sha."""

    path: str | None = None
    line: int | None = None
    commit: str | None = None
    note: str = ""

    def cite(self) -> str:
        if self.path is not None and self.line is not None:
            return f"{self.path}:{self.line}"
        if self.path is not None:
            return self.path
        return (self.commit or "")[:8]


class SkillCell(Frozen):
    level: Level
    rubric: str = Field(description="id of the rubric line that decided the level")
    evidence: tuple[Evidence, ...] = ()


class SkillArea(Frozen):
    key: str
    title: Text
    understanding: SkillCell
    practice: SkillCell
    code_quality: SkillCell
    best_practice: SkillCell
    overall: Text
    score: int = Field(description="0-8: two points per good dimension, one per partial")
    why: Text | None = Field(
        default=None, description="LLM mode: a short justification of the levels, grounded"
    )


class SkillMatrix(Frozen):
    areas: tuple[SkillArea, ...]
    overall: Text


# --- extract_lessons ----------------------------------------------------------------------


class RecurringSource(Frozen):
    """Where an earlier log of the same learner described a problem that is open again."""

    log: str = Field(description="path of the earlier log, as it was remembered")
    repo: str | None = Field(default=None, description="that log's repository, if not this one")
    step: int | None = Field(default=None, description="that log's step, when it shows one")
    heading: str = Field(description="the heading of the section that described the problem")
    link: str = Field(
        description="relative Markdown link from the new log: file#anchor; empty when that "
        "log is no longer on disk"
    )


class Lesson(Frozen):
    title: Text
    category: Category
    status: LessonStatus
    rule: str | None = None
    commit: str | None = Field(default=None, description="the fixing commit for solved lessons")
    commit_date: str | None = None
    path: str | None = None
    line: int | None = Field(default=None, description="line in the reviewed tree (open lessons)")
    before: str = ""
    after: str = ""
    explanation: Text | None = None
    found: Text | None = Field(default=None, description="solved: what the rule said before")
    evidence: tuple[Evidence, ...] = ()
    occurrences: int = 1
    recurring: bool = False
    recurring_source: str | None = Field(
        default=None, description="the earlier log (and section) where this problem was seen"
    )
    recurring_from: RecurringSource | None = Field(
        default=None, description="recurring: the earlier log and its section, with a link"
    )
    introduced_in: str | None = Field(default=None, description="the commit that introduced it")
    introduced_date: str | None = None


class Achievement(Frozen):
    kind: str
    title: Text
    evidence: tuple[Evidence, ...] = ()
    uncited: int = Field(default=0, description="places the title counts beyond those cited")


# --- plan ---------------------------------------------------------------------------------


class TaskCheck(Frozen):
    """How the next review can tell, from evidence, whether a task was done."""

    rule: str | None = Field(default=None, description="done when this rule no longer fires")
    category: Category | None = None
    path: str | None = Field(default=None, description="…in this file (any file if None)")
    signal: str | None = Field(default=None, description="done when this signal kind appears")
    min_count: int = 1
    name: str | None = Field(default=None, description="signal check: glob on the signal name")
    data: dict[str, str] = Field(
        default_factory=dict, description="signal check: data globs, '*' = present and not false"
    )
    also_signals: tuple[str, ...] = Field(
        default=(), description="signal check: other kinds that count too (any one reaching min)"
    )
    stack: tuple[str, ...] = Field(
        default=(), description="done only when one of these packages is a dependency too"
    )
    skill: str | None = Field(
        default=None, description="done when this skill cell (area.dimension) reaches level"
    )
    level: Level | None = None


class PlanTask(Frozen):
    text: Text
    files: tuple[str, ...] = ()
    horizon: Literal["short", "medium", "long"] = "short"
    check: TaskCheck | None = None


class TaskFollowUp(Frozen):
    """A task of the previous log's plan, checked against the new code."""

    task: PlanTask
    done: bool | None = Field(description="None when no evidence can decide it")
    evidence: tuple[Evidence, ...] = ()


class Plan(Frozen):
    stage_id: str
    stage_title: Text
    stage_reason: Text
    checklist: tuple[tuple[Text, bool], ...] = Field(
        default=(), description="the stage checklist with done/not-done from evidence"
    )
    tasks: tuple[PlanTask, ...] = ()
    strengths: tuple[Text, ...] = ()
    improvements: tuple[Text, ...] = ()
    reflection: Text | None = Field(
        default=None, description="LLM mode: the mentor's closing paragraph, grounded"
    )
    curriculum: str = Field(
        default="builtin",
        description='the plan followed: "builtin", or the learner\'s study plan (its path)',
    )


# --- whole review -------------------------------------------------------------------------


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
    loc: int
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
