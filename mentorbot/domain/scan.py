"""What the scan node finds: files, stack, history, signals and findings."""

from __future__ import annotations

from pydantic import Field

from mentorbot.domain.base import (
    Category,
    CommitKind,
    FindingSource,
    FindingStatus,
    Frozen,
    Severity,
    Text,
)


class SourceFile(Frozen):
    path: str = Field(description="repo-relative POSIX path")
    language: str
    loc: int = Field(description="non-blank lines")
    size: int
    blob_sha: str = Field(description="git blob sha1 of the content, the analysis cache key")


class SkippedFiles(Frozen):
    """How many files the walk passed over, and why (so the log can say so). A folder it does
    not enter counts once, whatever it holds: counting ``node_modules`` would cost more than
    the review."""

    binary: int = 0
    vendored: int = Field(
        default=0,
        description="folders of other projects' code (node_modules, a virtualenv, a submodule), "
        "each counted once and never entered",
    )
    build_output: int = Field(
        default=0,
        description="folders a build writes (dist/, build/), each counted once and never entered",
    )
    generated: int = 0
    too_large: int = 0
    ignored: int = 0
    symlinks: int = 0
    unreadable: int = 0
    newer_python: int = Field(
        default=0,
        description="Python files in syntax only a newer Python than the review's reads: valid "
        "code that no check could look inside, and no finding",
    )


class StackItem(Frozen):
    name: str = Field(description="distribution name as the learner wrote it, e.g. fastapi")
    version: str | None = Field(default=None, description="pinned or locked version if known")
    category: str = Field(
        description="framework, database, orm, validation, testing, ai, queue, ..."
    )
    source: str = Field(
        description="manifest path the item came from; a .py file other than setup.py for a "
        "package the code imports that no manifest declares"
    )
    imported: bool = Field(
        default=False,
        description="the project's code (tests aside) imports it; a test tool, its tests",
    )

    @property
    def from_imports(self) -> bool:
        """Seen only in the code's imports (``analysis.stack_imports``), declared nowhere; a
        ``setup.py`` is a manifest, whose ``install_requires`` declares."""
        return self.source.endswith(".py") and self.source.rpartition("/")[2] != "setup.py"


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
    reverts: str | None = Field(
        default=None, description="the commit git's revert message names (This reverts commit …)"
    )
    picked_from: str | None = Field(
        default=None, description="the commit this one copies (git cherry-pick -x)"
    )

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
    removed_with_file: bool = Field(
        default=False, description="fixed: it went with its file, which ``fixed_by`` deleted"
    )
    removed_with_code: bool = Field(
        default=False,
        description="fixed: it went with the function that held it, which ``fixed_by`` deleted",
    )


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
    subfolder: bool = Field(
        default=False, description="a folder inside a bigger git work tree: its commits only"
    )
    notes: tuple[Text, ...] = Field(default=(), description="things the learner should know")
