"""Where the learner stands: each stage's checklist ticked from evidence, and the current stage.

A stage is passed when at least 70 % of its checkable items are backed by code. The current stage
is the first one that is not, unless the learner has visibly moved on: a stage below the bar is
left behind when half of it is done and the next one is further along (a larger share, and at
least half, of its checklist backed by code). A FastAPI app with routes, dependencies and JWT
but no module docstrings is in the FastAPI stage, not in "Python foundations"; the items it left
open there stay on the plan as gaps to close. A stage barely begun is where the learner is,
however far a later one got: a Celery worker beside two bare routes is in the FastAPI stage, not
sent on to AI agents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mentorbot.curriculum.loader import Curriculum, EvidenceQuery, Stage
from mentorbot.domain import SkillMatrix, Text
from mentorbot.fact_values import data_matches
from mentorbot.skills_facts import Facts
from mentorbot.skills_rubric import reaches

DONE_THRESHOLD = 0.7
MOVED_ON_MIN = 0.5
"""The share of its checklist a stage needs to be left behind, and the next stage, beyond the
current one's, to leave it behind."""


def query_holds(query: EvidenceQuery, facts: Facts, skills: SkillMatrix | None = None) -> bool:
    """Evaluate one checklist query against the scan and, for a ``skill`` part, the skill matrix
    (see ``EvidenceQuery`` for the rules)."""
    if query.is_empty():
        return False
    if query.skill is not None and (
        skills is None or not reaches(skills, query.skill, query.level)
    ):
        return False
    if query.signal is not None and not facts.at_least(
        query.min,
        query.signal,
        lambda item: (
            (query.name is None or data_matches(item.name, query.name))
            and all(data_matches(item.signal.data.get(k), v) for k, v in query.data.items())
        ),
    ):
        return False
    if query.path_glob and not facts.paths_matching(*query.path_glob):
        return False
    if query.stack and not facts.has_stack(*query.stack):
        return False
    return not query.any_of or any(query_holds(q, facts, skills) for q in query.any_of)


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    done: tuple[bool, ...]

    @property
    def checkable(self) -> int:
        return sum(
            item.judged(done) for item, done in zip(self.stage.checklist, self.done, strict=True)
        )

    @property
    def ticked(self) -> int:
        return sum(self.done)

    @property
    def ratio(self) -> float:
        return self.ticked / self.checkable if self.checkable else 0.0

    @property
    def complete(self) -> bool:
        return self.checkable > 0 and self.ratio >= DONE_THRESHOLD


def stage_progress(
    curriculum: Curriculum, facts: Facts, skills: SkillMatrix | None = None
) -> list[StageProgress]:
    return [
        StageProgress(
            stage,
            tuple(
                item.query is not None and query_holds(item.query, facts, skills)
                for item in stage.checklist
            ),
        )
        for stage in curriculum.stages
    ]


@dataclass(frozen=True)
class StageChoice:
    """The current stage (``index`` into the progress list) and the stages before it that are
    below the bar but left behind."""

    index: int
    left_behind: tuple[int, ...] = ()
    all_complete: bool = False


def choose_stage(progress: Sequence[StageProgress]) -> StageChoice:
    left: list[int] = []
    for index, current in enumerate(progress):
        if current.complete:
            continue
        following = progress[index + 1] if index + 1 < len(progress) else None
        if (
            following is not None
            and current.ratio >= MOVED_ON_MIN
            and following.checkable
            and following.ratio >= MOVED_ON_MIN
            and following.ratio > current.ratio
        ):
            left.append(index)
            continue
        return StageChoice(index, tuple(left))
    return StageChoice(len(progress) - 1, tuple(left), all_complete=not left)


def _count_text(progress: StageProgress) -> tuple[str, str]:
    pct = round(progress.ratio * 100)
    return (
        f"「{progress.stage.title.zh}」{progress.ticked}/{progress.checkable} 项（{pct}%）",
        f"{progress.stage.title.en} {progress.ticked}/{progress.checkable} ({pct}%)",
    )


def stage_reason(progress: Sequence[StageProgress], choice: StageChoice) -> Text:
    """Why this stage: the counts of the earlier stages and of this one against the 70% bar."""
    current = progress[choice.index]
    title = current.stage.title
    unchecked = len(current.stage.checklist) - current.checkable
    if choice.all_complete:
        zh = "每个阶段都有至少 70% 的清单项有代码证据，接下来在最后一个阶段继续深入。"
        en = "Every stage has at least 70% of its checklist backed by code; deepen the last one."
    elif current.checkable == 0:
        zh = f"「{title.zh}」的清单项都无法从代码里自动判断，先从这一阶段开始。"
        en = f"None of the items of {title.en} can be checked from code; start here."
    else:
        zh, en = _earlier_text(progress, choice)
        pct = round(current.ratio * 100)
        zh += (
            f"「{title.zh}」只有 {current.ticked}/{current.checkable} 项（{pct}%）有代码证据，"
            "低于 70%，所以从这一阶段继续。"
        )
        en += (
            f"{title.en}: {current.ticked} of {current.checkable} items ({pct}%) are backed by "
            "code, below the 70% bar, so this is the current stage."
        )
    if unchecked:
        zh += f"另有 {unchecked} 项无法从代码判断，需要你自己确认。"
        en += (
            f" {unchecked} more {'item' if unchecked == 1 else 'items'} cannot be judged from "
            "code; confirm them yourself."
        )
    return Text(zh=zh, en=en)


def _earlier_text(progress: Sequence[StageProgress], choice: StageChoice) -> tuple[str, str]:
    """The stages before the current one: passed, or left behind below the bar."""
    passed = [
        _count_text(p)
        for at, p in enumerate(progress[: choice.index])
        if at not in choice.left_behind
    ]
    left = [_count_text(progress[at]) for at in choice.left_behind]
    zh = en = ""
    if passed:
        zh += ("已达标的阶段：" if left else "前面的阶段都已达标：") + "，".join(
            z for z, _ in passed
        )
        zh += "。"
        en += "Earlier stages that pass the bar: " if left else "Earlier stages pass the bar: "
        en += ", ".join(e for _, e in passed) + ". "
    if left:
        zh += (
            "，".join(z for z, _ in left)
            + "还没到 70%，但后面的阶段进度更靠前，说明你已经往前走了；"
            + ("它" if len(left) == 1 else "它们")
            + "缺的项目作为短板列在中期任务里。"
        )
        en += (
            ", ".join(e for _, e in left)
            + (" is" if len(left) == 1 else " are")
            + " below the bar, but the stage after it is further along: you have moved on, "
            "and the items still missing there are listed as gaps to close. "
        )
    return zh, en
