"""What the extract_lessons node mines: solved and open problems, and achievements."""

from __future__ import annotations

from pydantic import Field

from mentorbot.domain.base import Category, Frozen, LessonStatus, Text
from mentorbot.domain.skills import Evidence


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
