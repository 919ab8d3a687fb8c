"""Request and response bodies of the API; the OpenAPI page (``/docs``) is generated from them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from mentorbot.knowledge.review_records import ReviewSummary
from mentorbot.logfile import MAX_STEP

# No control characters: they cannot be stored in Postgres text and never belong in a name.
LEARNER_PATTERN = r"^[^\x00-\x1f\x7f]+$"
PATH_PATTERN = r"^[^\x00-\x1f\x7f]+$"
# A git revision that can never be read as a command-line option (no leading dash).
# Any text but NUL (Postgres text cannot hold it), with something besides whitespace.
CONTENT_PATTERN = r"^[^\x00]*[^\x00\s][^\x00]*$"
REVISION_PATTERN = r"^[0-9A-Za-z_./~^@{}][0-9A-Za-z_./~^@{}-]*$"

Learner = Annotated[str, Field(min_length=1, max_length=100, pattern=LEARNER_PATTERN)]
MAX_ID = 2**63 - 1


class ReviewRequest(BaseModel):
    """What a client sends to start a review (the same keys as ``mentor review``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    repo_path: str = Field(
        min_length=1,
        max_length=4096,
        pattern=PATH_PATTERN,
        description="The repository to review; it must resolve under MENTOR_REPO_ROOTS.",
    )
    learner: Learner | None = Field(
        default=None,
        description="Whose review this is; default: the caller's learner, else `default`.",
    )
    step: int | None = Field(default=None, ge=1, le=MAX_STEP, description="Step number of the log.")
    language: Literal["zh", "en"] | None = Field(default=None, description="Log language.")
    since: str | None = Field(
        default=None,
        max_length=200,
        pattern=REVISION_PATTERN,
        description="Review the history after this commit (default: since the last review).",
    )


class ReviewStarted(BaseModel):
    """The answer to ``POST /reviews?stream=false``: where to follow the review."""

    review_id: int
    status: Literal["running"] = "running"
    events: str = Field(description="Server-sent events of this review, from its first.")
    review: str = Field(description="The review's record.")


class ReviewPage(BaseModel):
    items: list[ReviewSummary]
    limit: int
    offset: int


DocumentKindName = Literal["plan", "log", "note"]


class DocumentRequest(BaseModel):
    """One document for a learner's knowledge store: a study plan, a note, a past log."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(
        min_length=1,
        max_length=500,
        pattern=LEARNER_PATTERN,
        description="The document's name, e.g. `docs/plan.md`; the same name again replaces it.",
    )
    content: str = Field(
        min_length=1,
        pattern=CONTENT_PATTERN,
        description="The text (Markdown by default); the body size limit applies.",
    )
    kind: DocumentKindName | None = Field(
        default=None, description="`plan`, `log` or `note`; default: from the name."
    )
    markdown: bool = Field(default=True, description="Split by Markdown headings.")
    learner: Learner | None = Field(
        default=None, description="Whose document; default: the caller's learner, else `default`."
    )


class IngestedDocumentOut(BaseModel):
    source: str
    kind: DocumentKindName
    status: Literal["added", "updated", "unchanged"]
    chunks: int = Field(description="Chunks written (0 when unchanged).")
    version: int = Field(description="The document's version (0 when unchanged).")


class IngestResult(BaseModel):
    learner: str
    documents: list[IngestedDocumentOut]
    seconds: float


class SearchResult(BaseModel):
    text: str
    score: float = Field(description="Fused rank score (higher is better).")
    document: str = Field(description="The source the passage comes from.")
    heading: str = Field(description="The section within it (headings joined by ›).")
    heading_path: list[str]
    kind: DocumentKindName


class SearchPage(BaseModel):
    learner: str
    query: str
    results: list[SearchResult]


class ErrorDetail(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. `forbidden-path`.")
    message: str = Field(description="What went wrong and what to do about it.")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    """The body of every failed request."""

    error: ErrorBody


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    database: Literal["ok"] = "ok"
    revision: str | None


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (401, "Missing or wrong bearer token"),
        (403, "Not allowed for this caller"),
        (422, "Invalid request"),
        (503, "Database unavailable"),
    )
}
