"""LLM mode for the review nodes: prose around the deterministic evidence, or the evidence alone.

Each function takes what a node produced, asks the model for prose keyed by that node's ids,
checks every citation in it against the scan, and returns the node's value with the prose put in —
or, when the model fails, the value unchanged with a note saying so. Tokens, dropped claims and
fallbacks are recorded as :class:`LlmUsage` for the review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from mentorbot.domain import (
    Evidence,
    Language,
    Lesson,
    LlmUsage,
    Plan,
    PreviousReview,
    ReviewReport,
    ScanResult,
    SkillMatrix,
    Text,
)
from mentorbot.llm import LlmUnavailable, MentorLlm, Usage
from mentorbot.llm_evidence import (
    NodeEvidence,
    lesson_id,
    lessons_evidence,
    plan_evidence,
    reflection_evidence,
    skills_evidence,
    task_id,
)
from mentorbot.llm_grounding import Grounds, ground
from mentorbot.llm_models import LessonNotes, PlanNotes, SkillNotes
from mentorbot.llm_tokens import count_tokens, dump_data

V = TypeVar("V")
Emit = Callable[[dict[str, Any]], None]

SECTIONS: dict[str, tuple[str, str]] = {
    "assess": ("技能矩阵的说明", "the skill matrix notes"),
    "extract_lessons": ("问题的讲解", "the lesson explanations"),
    "plan": ("下一步计划的措辞", "the plan's wording"),
    "render": ("总结段落", "the closing paragraph"),
}


@dataclass
class Outcome(Generic[V]):
    """A node's value after LLM mode, with what it cost and what the learner should know."""

    value: V
    usage: list[LlmUsage] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)

    def update(self, key: str) -> dict[str, Any]:
        """The node's partial state update: its value, usage and notes."""
        return {key: self.value, "llm_usage": self.usage, "notes": self.notes}


def _in(language: Language, text: str, base: Text | None = None) -> Text:
    """``text`` in the review's language; the other language keeps ``base`` when there is one."""
    if base is None:
        return Text(zh=text, en=text)
    return base.model_copy(update={language: text})


class _Grounding:
    """Applies the grounding check and keeps count of what it dropped."""

    def __init__(self, grounds: Grounds) -> None:
        self.grounds = grounds
        self.dropped: list[str] = []

    def text(self, text: str) -> str:
        checked = ground(text, self.grounds)
        self.dropped.extend(checked.dropped)
        return checked.text

    def unknown(self, kind: str, key: str) -> None:
        self.dropped.append(f"unknown {kind} {key!r}")


def _grounds(
    scan: ScanResult, lessons: Sequence[Lesson] = (), skills: SkillMatrix | None = None
) -> Grounds:
    evidence: list[Evidence] = []
    for lesson in lessons:
        evidence.extend(lesson.evidence)
        evidence.append(Evidence(path=lesson.path, line=lesson.line, commit=lesson.commit))
        if lesson.introduced_in:
            evidence.append(Evidence(commit=lesson.introduced_in))
    if skills is not None:
        for area in skills.areas:
            for dimension in ("understanding", "practice", "code_quality", "best_practice"):
                evidence.extend(getattr(area, dimension).evidence)
    return Grounds.from_scan(scan, evidence)


def _usage(
    llm: MentorLlm,
    node: str,
    evidence: NodeEvidence,
    usage: Usage,
    dropped: Iterable[str] = (),
    fallback: str | None = None,
) -> LlmUsage:
    claims = tuple(dropped)
    return LlmUsage(
        node=node,
        model=llm.name,
        evidence_tokens=count_tokens(dump_data(evidence.data)),
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        dropped=len(claims),
        dropped_claims=claims[:20],
        fallback=fallback,
    )


def _notes(node: str, usage: LlmUsage) -> list[Text]:
    zh_section, en_section = SECTIONS[node]
    notes: list[Text] = []
    if usage.fallback:
        notes.append(
            Text(
                zh=f"LLM 未能写出{zh_section}（{usage.fallback}），此处保留了确定性分析的文字。",
                en=f"The LLM could not write {en_section} ({usage.fallback}); "
                "the deterministic text is shown instead.",
            )
        )
    if usage.dropped:
        notes.append(
            Text(
                zh=f"{zh_section}：LLM 的 {usage.dropped} 条陈述引用了扫描中不存在的位置，已删除。",
                en=f"{en_section.capitalize()}: "
                + (
                    "1 LLM statement cited something the scan does not contain and was dropped."
                    if usage.dropped == 1
                    else f"{usage.dropped} LLM statements cited something the scan does not "
                    "contain and were dropped."
                ),
            )
        )
    return notes


def _report(emit: Emit | None, usage: LlmUsage) -> None:
    if emit is not None:
        emit(
            {
                "event": "progress",
                "stage": "llm",
                "node": usage.node,
                "tokens": usage.prompt_tokens + usage.completion_tokens,
                "dropped": usage.dropped,
                "fallback": usage.fallback,
            }
        )


def _done(
    llm: MentorLlm,
    node: str,
    value: V,
    evidence: NodeEvidence,
    usage: Usage,
    emit: Emit | None,
    dropped: Iterable[str] = (),
    fallback: str | None = None,
) -> Outcome[V]:
    record = _usage(llm, node, evidence, usage, dropped, fallback)
    _report(emit, record)
    return Outcome(value, [record], _notes(node, record))


async def explain_skills(
    llm: MentorLlm,
    skills: SkillMatrix,
    scan: ScanResult,
    previous: PreviousReview | None,
    language: Language,
    emit: Emit | None = None,
) -> Outcome[SkillMatrix]:
    """A short justification per skill area, citing the area's own evidence."""
    evidence = skills_evidence(skills, scan, previous, language, llm.budget)
    try:
        reply = await llm.structured("assess", "skills", language, evidence.data, SkillNotes)
    except LlmUnavailable as error:
        return _done(llm, "assess", skills, evidence, error.usage, emit, fallback=error.reason)
    check = _Grounding(_grounds(scan, skills=skills))
    areas = {area.key: area for area in skills.areas}
    for note in reply.value.areas:
        if note.area not in areas:
            check.unknown("area", note.area)
            continue
        why = check.text(note.why)
        if why:
            areas[note.area] = areas[note.area].model_copy(update={"why": _in(language, why)})
    value = skills.model_copy(update={"areas": tuple(areas.values())})
    return _done(llm, "assess", value, evidence, reply.usage, emit, check.dropped)


async def explain_lessons(
    llm: MentorLlm,
    lessons: Sequence[Lesson],
    scan: ScanResult,
    language: Language,
    max_lessons: int,
    emit: Emit | None = None,
) -> Outcome[list[Lesson]]:
    """Root cause and fix of each lesson, told in terms of the learner's own change."""
    evidence = lessons_evidence(lessons, scan, language, llm.budget, max_lessons)
    if not evidence.data["lessons"]:
        return Outcome(list(lessons))
    try:
        reply = await llm.structured(
            "extract_lessons", "lessons", language, evidence.data, LessonNotes
        )
    except LlmUnavailable as error:
        return _done(
            llm,
            "extract_lessons",
            list(lessons),
            evidence,
            error.usage,
            emit,
            fallback=error.reason,
        )
    check = _Grounding(_grounds(scan, lessons))
    sent = {item["id"] for item in evidence.data["lessons"]}
    index = {lesson_id(i): i for i in range(len(lessons))}
    updated = list(lessons)
    for note in reply.value.lessons:
        if note.id not in sent:
            check.unknown("lesson", note.id)
            continue
        text = check.text(note.explanation)
        if text:
            lesson = updated[index[note.id]]
            updated[index[note.id]] = lesson.model_copy(
                update={"explanation": _in(language, text, lesson.explanation)}
            )
    return _done(llm, "extract_lessons", updated, evidence, reply.usage, emit, check.dropped)


async def word_plan(
    llm: MentorLlm,
    plan: Plan,
    skills: SkillMatrix,
    scan: ScanResult,
    language: Language,
    emit: Emit | None = None,
) -> Outcome[Plan]:
    """Specific task wording, the stage's reason, strengths and improvements."""
    evidence = plan_evidence(plan, skills, scan, language, llm.budget)
    try:
        reply = await llm.structured("plan", "plan", language, evidence.data, PlanNotes)
    except LlmUnavailable as error:
        return _done(llm, "plan", plan, evidence, error.usage, emit, fallback=error.reason)
    check = _Grounding(_grounds(scan, skills=skills))
    notes = reply.value
    sent = {item["id"] for item in evidence.data["tasks"]}
    tasks = list(plan.tasks)
    positions = {task_id(i): i for i in range(len(tasks))}
    for note in notes.tasks:
        if note.id not in sent:
            check.unknown("task", note.id)
            continue
        text = check.text(note.text)
        if text:
            position = positions[note.id]
            task = tasks[position]
            tasks[position] = task.model_copy(update={"text": _in(language, text, task.text)})
    update: dict[str, Any] = {"tasks": tuple(tasks)}
    reason = check.text(notes.stage_reason) if notes.stage_reason else ""
    if reason:
        update["stage_reason"] = _in(language, reason, plan.stage_reason)
    for key, items in (("strengths", notes.strengths), ("improvements", notes.improvements)):
        kept = [text for text in (check.text(item) for item in items) if text]
        if kept:
            update[key] = tuple(_in(language, text) for text in kept)
    value = plan.model_copy(update=update)
    return _done(llm, "plan", value, evidence, reply.usage, emit, check.dropped)


async def write_reflection(
    llm: MentorLlm,
    plan: Plan,
    skills: SkillMatrix,
    lessons: Sequence[Lesson],
    scan: ScanResult,
    previous: PreviousReview | None,
    language: Language,
    emit: Emit | None = None,
) -> Outcome[Plan]:
    """The mentor's closing paragraph, streamed token by token while it is written."""
    evidence = reflection_evidence(plan, skills, lessons, scan, previous, language, llm.budget)
    try:
        prose = await llm.write("render", "reflection", language, evidence.data)
    except LlmUnavailable as error:
        return _done(llm, "render", plan, evidence, error.usage, emit, fallback=error.reason)
    check = _Grounding(_grounds(scan, lessons, skills))
    text = check.text(prose.text)
    value = plan.model_copy(update={"reflection": _in(language, text)}) if text else plan
    return _done(llm, "render", value, evidence, prose.usage, emit, check.dropped)


def with_llm_usage(usage: Sequence[LlmUsage], report: ReviewReport) -> ReviewReport:
    """The report with LLM mode's tokens per node in its metrics (stored with the review)."""
    if not usage:
        return report
    metrics = report.metrics.model_copy(update={"llm": tuple(usage)})
    return report.model_copy(update={"metrics": metrics})
