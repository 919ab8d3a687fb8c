"""What the plan node proposes: the next stage, its tasks and how a task is checked."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mentorbot.domain.base import Category, Frozen, Level, Text
from mentorbot.domain.skills import Evidence


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
    file_out: bool = Field(
        default=False, description="finding check: done only when its file is out of the repo"
    )


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
    file_deleted: bool = Field(
        default=False, description="done: the problem went with its file, which was deleted"
    )
    file_untracked: bool = Field(
        default=False,
        description="done: its file was taken out of git (``git rm --cached``) and is still on "
        "disk, untracked",
    )
    another_way: bool = Field(
        default=False,
        description="done: the problem went another way than the task says (the sync engine is "
        "still there, but nothing async uses it now)",
    )
    rotation_unseen: bool = Field(
        default=False,
        description="done in the code: the secret left it; rotating it, which the task asks "
        "too, shows in no repository",
    )
    fixed_since: int = Field(
        default=0,
        description="not done, or done with new places: how many of its places were fixed since "
        "the last review",
    )
    still_open: int = Field(
        default=0, description="not done: how many of its places the last review saw are left"
    )
    new_since: int = Field(
        default=0,
        description="how many places of its kind came since the last review (done: all the "
        "places it named were fixed, and only these fire)",
    )


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
