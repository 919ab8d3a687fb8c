"""What the assess node decides: the skill matrix and the evidence of each cell."""

from __future__ import annotations

from pydantic import Field

from mentorbot.domain.base import Frozen, Level, Text


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
