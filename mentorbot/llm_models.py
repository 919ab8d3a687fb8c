"""What the LLM returns, per node: prose keyed by ids the deterministic pass produced.

The model never returns evidence of its own — no paths, lines or levels to store — only words
attached to an id we gave it, so grounding an item is a lookup and its prose is checked for
citations on top.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Reply(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AreaNote(_Reply):
    area: str = Field(description="an area key from the evidence")
    why: str = Field(description="one or two sentences: why these levels, citing the evidence")


class SkillNotes(_Reply):
    areas: list[AreaNote] = Field(default_factory=list)


class LessonNote(_Reply):
    id: str = Field(description="a lesson id from the evidence, e.g. L1")
    explanation: str = Field(
        description="root cause and fix in the learner's own code, two to four sentences"
    )


class LessonNotes(_Reply):
    lessons: list[LessonNote] = Field(default_factory=list)


class TaskNote(_Reply):
    id: str = Field(description="a task id from the evidence, e.g. T1")
    text: str = Field(description="the task reworded: specific, one or two sentences")


class PlanNotes(_Reply):
    stage_reason: str = Field(default="", description="why this stage now, one or two sentences")
    tasks: list[TaskNote] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list, max_length=4)
    improvements: list[str] = Field(default_factory=list, max_length=4)
