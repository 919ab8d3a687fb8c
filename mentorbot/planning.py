"""The plan: where the learner stands in the curriculum, what to do next, and a reflection.

The current stage is the first one whose checkable items are less than 70 % backed by code
evidence. Tasks name files of this repo; strengths and improvements cite the matrix's evidence
and the open findings, so every sentence can be traced back to the scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mentorbot.curriculum.loader import Curriculum, EvidenceQuery, Stage, load_practices
from mentorbot.domain import (
    FileAnalysis,
    Finding,
    Plan,
    PlanTask,
    SkillMatrix,
    StackItem,
    Text,
)
from mentorbot.planning_tasks import (
    TaskContext,
    next_stage_task,
    short_tasks,
    stage_tasks,
    topic_tasks,
)
from mentorbot.rules.registry import find_rule
from mentorbot.skills import relevant_areas, rubric_line
from mentorbot.skills_facts import CATEGORY_AREA, Facts, data_matches, normalise_package
from mentorbot.skills_rubric import JUDGED_DIMENSIONS
from mentorbot.wording import count

DONE_THRESHOLD = 0.7
MIN_TASKS = 3
MAX_TASKS = 8
MAX_REFLECTIONS = 4
MIN_STRENGTH_DIMENSIONS = 2
"""An area is named a strength when at least half its four dimensions are good: one good cell
beside three weak ones is a start, not yet a strength."""


def query_holds(query: EvidenceQuery, facts: Facts) -> bool:
    """Evaluate one checklist query against the scan (see ``EvidenceQuery`` for the rules)."""
    if query.is_empty():
        return False
    if query.signal is not None:
        matching = facts.signals(
            query.signal,
            where=lambda item: (
                (query.name is None or data_matches(item.name, query.name))
                and all(data_matches(item.signal.data.get(k), v) for k, v in query.data.items())
            ),
        )
        if len(matching) < query.min:
            return False
    if query.path_glob and not facts.paths_matching(*query.path_glob):
        return False
    if query.stack and not facts.has_stack(*query.stack):
        return False
    return not query.any_of or any(query_holds(q, facts) for q in query.any_of)


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    done: tuple[bool, ...]

    @property
    def checkable(self) -> int:
        return sum(item.query is not None for item in self.stage.checklist)

    @property
    def ticked(self) -> int:
        return sum(self.done)

    @property
    def ratio(self) -> float:
        return self.ticked / self.checkable if self.checkable else 0.0

    @property
    def complete(self) -> bool:
        return self.checkable > 0 and self.ratio >= DONE_THRESHOLD


def stage_progress(curriculum: Curriculum, facts: Facts) -> list[StageProgress]:
    return [
        StageProgress(
            stage,
            tuple(
                item.query is not None and query_holds(item.query, facts)
                for item in stage.checklist
            ),
        )
        for stage in curriculum.stages
    ]


def _count_text(progress: StageProgress) -> tuple[str, str]:
    pct = round(progress.ratio * 100)
    return (
        f"「{progress.stage.title.zh}」{progress.ticked}/{progress.checkable} 项（{pct}%）",
        f"{progress.stage.title.en} {progress.ticked}/{progress.checkable} ({pct}%)",
    )


def _stage_reason(progress: list[StageProgress], index: int, all_complete: bool) -> Text:
    """Why this stage: the counts of the earlier stages and of this one against the 70% bar."""
    current = progress[index]
    title = current.stage.title
    unchecked = len(current.stage.checklist) - current.checkable
    if all_complete:
        zh = "每个阶段都有至少 70% 的清单项有代码证据，接下来在最后一个阶段继续深入。"
        en = "Every stage has at least 70% of its checklist backed by code; deepen the last one."
    elif current.checkable == 0:
        zh = f"「{title.zh}」的清单项都无法从代码里自动判断，先从这一阶段开始。"
        en = f"None of the items of {title.en} can be checked from code; start here."
    else:
        pct = round(current.ratio * 100)
        earlier = [_count_text(p) for p in progress[:index]]
        zh = en = ""
        if earlier:
            zh = "前面的阶段都已达标：" + "，".join(z for z, _ in earlier) + "。"
            en = "Earlier stages pass the bar: " + ", ".join(e for _, e in earlier) + ". "
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


def _area_tasks(skills: SkillMatrix, stack: Sequence[StackItem]) -> list[PlanTask]:
    """Fallback tasks: for the weakest relevant areas, the rubric line of the next level up."""
    tasks: list[PlanTask] = []
    for area in sorted(relevant_areas(skills.areas, stack), key=lambda a: (a.score, a.key)):
        for dimension in JUDGED_DIMENSIONS:
            cell = getattr(area, dimension)
            if cell.level != "good":
                target = rubric_line(f"{area.key}.{dimension}.good")
                tasks.append(
                    PlanTask(
                        text=Text(
                            zh=f"提升「{area.title.zh}」：{target.zh}",
                            en=f"Raise {area.title.en}: {target.en}",
                        ),
                        horizon="medium",
                    )
                )
                break
    return tasks


def _tasks(
    context: TaskContext,
    progress: list[StageProgress],
    index: int,
    stack: Sequence[StackItem],
) -> tuple[PlanTask, ...]:
    current = progress[index]
    later = progress[index + 1 :]
    ahead = next((at for at, p in enumerate(later) if not p.complete), None)
    following = later[ahead].stage if ahead is not None else None
    covered = [p.stage for p in later[:ahead]] if ahead is not None else []
    tasks = short_tasks(context)
    tasks += stage_tasks(context.facts, current.stage, current.done)
    tasks.append(next_stage_task(current.stage, following, covered))
    fillers = topic_tasks(current.stage) + _area_tasks(context.skills, stack)
    for filler in fillers:
        if len(tasks) >= MIN_TASKS:
            break
        tasks.append(filler)
    order = {"short": 0, "medium": 1, "long": 2}
    unique = list({task.text.en: task for task in tasks}.values())
    return tuple(sorted(unique, key=lambda t: order[t.horizon])[:MAX_TASKS])


def _strengths(skills: SkillMatrix) -> tuple[Text, ...]:
    ranked: list[tuple[int, int, str, Text]] = []
    for area in skills.areas:
        good = [getattr(area, d) for d in JUDGED_DIMENSIONS if getattr(area, d).level == "good"]
        if not good:
            continue
        evidence = [e for cell in good for e in cell.evidence]
        if area.code_quality.level == "good":
            good_count = len(good) + 1
        else:
            good_count = len(good)
        if good_count < MIN_STRENGTH_DIMENSIONS:
            continue
        example_zh = f"，例如 {evidence[0].cite()}" if evidence else ""
        example_en = f", e.g. {evidence[0].cite()}" if evidence else ""
        text = Text(
            zh=(
                f"{area.title.zh}：4 个维度中 {good_count} 个达标（{area.overall.zh}），"
                f"有 {len(evidence)} 条证据{example_zh}"
            ),
            en=(
                f"{area.title.en}: {good_count} of 4 dimensions good ({area.overall.en}), "
                f"backed by {count(len(evidence), 'evidence item')}{example_en}"
            ),
        )
        ranked.append((-area.score, -good_count, area.key, text))
    return tuple(text for *_, text in sorted(ranked)[:MAX_REFLECTIONS])


def _improvements(
    skills: SkillMatrix, facts: Facts, stack: Sequence[StackItem]
) -> tuple[Text, ...]:
    texts: list[Text] = []
    by_area: dict[str, list[Finding]] = {}
    for finding in facts.findings:
        by_area.setdefault(CATEGORY_AREA.get(finding.category, "code-quality"), []).append(finding)
    areas = {area.key: area for area in skills.areas}
    for key, findings in by_area.items():
        area = areas[key]
        titles = _problem_titles(findings)
        named_zh, named_en = "；".join(t.zh for t in titles), "; ".join(t.en for t in titles)
        first = findings[0]
        noun = "finding" if len(findings) == 1 else "findings"
        texts.append(
            Text(
                zh=(
                    f"{area.title.zh}：{len(findings)} 条发现（{named_zh}），"
                    f"最需要先看的是 {first.path}:{first.line}"
                ),
                en=(
                    f"{area.title.en}: {len(findings)} {noun} ({named_en}), "
                    f"start with {first.path}:{first.line}"
                ),
            )
        )
    for area in sorted(relevant_areas(skills.areas, stack), key=lambda a: (a.score, a.key)):
        if len(texts) >= MAX_REFLECTIONS + 1 or area.key in by_area or area.score > 3:
            continue
        gap = next(d for d in JUDGED_DIMENSIONS if getattr(area, d).level != "good")
        target = rubric_line(f"{area.key}.{gap}.good")
        texts.append(
            Text(
                zh=f"{area.title.zh}：目前是「{area.overall.zh}」（{area.score}/8），下一步：{target.zh}",
                en=f"{area.title.en}: {area.overall.en} ({area.score}/8); next: {target.en}",
            )
        )
    return tuple(texts[: MAX_REFLECTIONS + 1])


def _problem_titles(findings: Sequence[Finding]) -> list[Text]:
    """What the findings are, in words (the titles of their rules, each once), not category ids
    such as ``blocking-call-in-async``."""
    rules = (find_rule(rule) for rule in dict.fromkeys(finding.rule for finding in findings))
    titles = [rule.title for rule in rules if rule is not None]
    return titles or [Text(zh=f.category, en=f.category) for f in findings[:1]]


def make_plan(
    skills: SkillMatrix,
    findings: Sequence[Finding],
    analyses: Sequence[FileAnalysis],
    stack: Sequence[StackItem],
    paths: Sequence[str],
    curriculum: Curriculum,
) -> Plan:
    """Pick the current stage, tick its checklist from evidence, and list 3–8 tasks."""
    facts = Facts(analyses, findings, stack, paths)
    progress = stage_progress(curriculum, facts)
    index = next((i for i, p in enumerate(progress) if not p.complete), None)
    all_complete = index is None
    index = len(progress) - 1 if index is None else index
    current = progress[index]
    context = TaskContext(facts=facts, skills=skills)
    return Plan(
        stage_id=current.stage.id,
        stage_title=current.stage.title,
        stage_reason=_stage_reason(progress, index, all_complete),
        checklist=tuple(
            (item.text, done)
            for item, done in zip(current.stage.checklist, current.done, strict=True)
        ),
        tasks=_tasks(context, progress, index, stack),
        strengths=_strengths(skills),
        improvements=_improvements(skills, facts, stack),
    )


def best_practices(stack: Sequence[StackItem]) -> list[Text]:
    """Short best practices for each detected stack item that has some, in stack order."""
    sets = load_practices()
    lookup = {name: ps for ps in sets for name in (ps.key, *ps.aliases)}
    chosen: list[str] = []
    for item in stack:
        practice_set = lookup.get(normalise_package(item.name))
        if practice_set is not None and practice_set.key not in chosen:
            chosen.append(practice_set.key)
    by_key = {ps.key: ps for ps in sets}
    return [practice for key in chosen for practice in by_key[key].practices]
