"""The skill matrix: areas × (understanding, practice, code quality, best practice).

Every cell carries the rubric line that decided it and up to three citations of real signals,
findings or files. Nothing is inferred without evidence: a dimension the repo says nothing about
is "missing" with a "not seen in this repo yet" rubric line and no evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from mentorbot.domain import (
    SEVERITY_RANK,
    Commit,
    Evidence,
    FileAnalysis,
    Finding,
    SkillArea,
    SkillCell,
    SkillMatrix,
    StackItem,
    Text,
)
from mentorbot.evidence_notes import finding_evidence
from mentorbot.fact_values import normalise_package
from mentorbot.skills_areas import (
    MAX_EVIDENCE,
    AreaJudgement,
    Judgement,
    judge_async,
    judge_database,
    judge_dependency_injection,
    judge_fastapi,
    judge_migrations,
    judge_validation,
)
from mentorbot.skills_areas_ops import (
    judge_background_jobs,
    judge_config_containers,
    judge_llm_agents,
    judge_security,
    judge_testing,
)
from mentorbot.skills_categories import (
    CATEGORY_AREA,
    PROJECT_CATEGORIES,
    SHARED_FILE_CATEGORIES,
)
from mentorbot.skills_code_quality import judge_code_quality
from mentorbot.skills_errors import judge_error_handling
from mentorbot.skills_facts import Facts
from mentorbot.skills_rubric import (
    AREA_KEYS,
    HELD_DIMENSIONS,
    KEY_LEVEL,
    LEVEL_POINTS,
    Dimension,
    RubricKey,
    RubricLine,
    area_title,
    rubric_id,
    rubric_line,
    rubric_lines,
)

__all__ = [
    "AREA_KEYS",
    "BASIC_SCORE",
    "CATEGORY_AREA",
    "SOLID_SCORE",
    "RubricLine",
    "area_label_score",
    "assess_skills",
    "cell_evidence",
    "imported_modules",
    "level_label",
    "relevant_areas",
    "rubric_line",
    "rubric_lines",
]

SOLID_SCORE = 5
"""From here an area is "solid" or better: the log marks it ✅."""
BASIC_SCORE = 3
"""From here an area is "basic": the log marks it ⚠️ (below, it is not shown as a concept)."""
STARTED_SCORE = 1
"""From here an area is "beginning"; an area with open findings and no points is labelled so."""
LABELS: tuple[tuple[int, Text], ...] = (
    (7, Text(zh="熟练", en="proficient")),
    (SOLID_SCORE, Text(zh="扎实", en="solid")),
    (BASIC_SCORE, Text(zh="基础", en="basic")),
    (STARTED_SCORE, Text(zh="入门", en="beginning")),
    (0, Text(zh="未开始", en="not started")),
)
ALWAYS_RELEVANT = frozenset(
    {"testing", "error-handling", "security", "config-containers", "code-quality"}
)
STACK_AREAS: dict[str, tuple[str, ...]] = {
    "fastapi": ("fastapi", "validation", "dependency-injection", "async"),
    "starlette": ("fastapi", "async"),
    "pydantic": ("validation",),
    "sqlalchemy": ("database", "migrations"),
    "sqlmodel": ("database", "migrations", "validation"),
    "alembic": ("migrations", "database"),
    "asyncpg": ("database", "async"),
    "psycopg": ("database",),
    "psycopg2": ("database",),
    "psycopg2-binary": ("database",),
    "celery": ("background-jobs",),
    "arq": ("background-jobs",),
    "rq": ("background-jobs",),
    "dramatiq": ("background-jobs",),
    "procrastinate": ("background-jobs",),
    "taskiq": ("background-jobs",),
    "redis": ("background-jobs",),
    "openai": ("llm-agents",),
    "anthropic": ("llm-agents",),
    "langchain": ("llm-agents",),
    "langchain-core": ("llm-agents",),
    "langchain-openai": ("llm-agents",),
    "langgraph": ("llm-agents",),
    "llama-index": ("llm-agents",),
    "pgvector": ("llm-agents", "database"),
}
AREA_JUDGES: dict[str, Callable[[Facts], AreaJudgement]] = {
    "async": judge_async,
    "fastapi": judge_fastapi,
    "validation": judge_validation,
    "database": judge_database,
    "migrations": judge_migrations,
    "dependency-injection": judge_dependency_injection,
    "error-handling": judge_error_handling,
    "testing": judge_testing,
    "security": judge_security,
    "background-jobs": judge_background_jobs,
    "config-containers": judge_config_containers,
    "llm-agents": judge_llm_agents,
    "code-quality": judge_code_quality,
}


def level_label(score: int) -> Text:
    """0–8 points → a named level (7–8 proficient … 0 not started)."""
    for floor, label in LABELS:
        if score >= floor:
            return label
    return LABELS[-1][1]


def _cell(area: str, dimension: Dimension, judgement: Judgement) -> SkillCell:
    key: RubricKey = judgement.key
    evidence = () if key == "unseen" else judgement.evidence[:MAX_EVIDENCE]
    return SkillCell(
        level=KEY_LEVEL[key], rubric=rubric_id(area, dimension, key), evidence=evidence
    )


def _code_quality(area: str, facts: Facts, judged: AreaJudgement) -> Judgement:
    """Findings decide: any high → missing, only medium/low → partial, none → good.

    Areas without a finding category of their own look at the findings in their files, and
    at those of the categories they claim in the files they share with other areas' code.
    """
    if area in CATEGORY_AREA.values():
        findings = facts.findings_in_area(area)
        if area == "testing":
            # A test file's findings are the tests' own code (blind check c1: twelve v1 calls
            # in tests beside "this area's code has no findings").
            own = {id(finding) for finding in findings}
            findings += [f for f in facts.findings_in_files(judged.files) if id(f) not in own]
            findings.sort(key=lambda f: SEVERITY_RANK[f.severity])
    else:
        findings = facts.findings_in_files(judged.files)
        claimed = SHARED_FILE_CATEGORIES.get(area, ())
        findings += [f for f in facts.findings_in_files(judged.shared) if f.category in claimed]
        findings.sort(key=lambda f: SEVERITY_RANK[f.severity])
    if findings:
        evidence = tuple(finding_evidence(f) for f in findings[:MAX_EVIDENCE])
        worst: RubricKey = "missing" if findings[0].severity == "high" else "partial"
        if worst == "partial" and _nothing_judged(judged) and _at_code(findings):
            # The area's only code is what its findings report (``except Exception: pass`` as
            # its one try): a problem added is no progress (blind check c1).
            worst = "only-problems"
        return Judgement(worst, evidence)
    if judged.present:
        return Judgement("good", judged.present)
    return Judgement("unseen")


def _nothing_judged(judged: AreaJudgement) -> bool:
    """The area's judge saw none of its code: every judged dimension is unseen."""
    return all(
        judgement.key == "unseen"
        for judgement in (judged.understanding, judged.practice, judged.best_practice)
    )


def _at_code(findings: Iterable[Finding]) -> bool:
    """Some finding reports code that is there, not a whole project's missing tests or
    migrations."""
    return any(finding.category not in PROJECT_CATEGORIES for finding in findings)


def _held(area: str, judgement: Judgement, quality: Judgement) -> Judgement:
    """``judgement``, held at partial while the area's own findings include a high one."""
    if judgement.key == "good" and quality.key == "missing" and area in CATEGORY_AREA.values():
        return Judgement("held", judgement.evidence)
    return judgement


def _area(area: str, facts: Facts) -> SkillArea:
    judged = AREA_JUDGES[area](facts)
    quality = _code_quality(area, facts, judged)
    judgements: dict[Dimension, Judgement] = {
        "understanding": judged.understanding,
        "practice": judged.practice,
        "code_quality": quality,
        "best_practice": judged.best_practice,
    }
    cells = {
        dimension: _cell(
            area,
            dimension,
            _held(area, judgement, quality) if dimension in HELD_DIMENSIONS else judgement,
        )
        for dimension, judgement in judgements.items()
    }
    score = sum(LEVEL_POINTS[cell.level] for cell in cells.values())
    return SkillArea(
        key=area,
        title=area_title(area),
        understanding=cells["understanding"],
        practice=cells["practice"],
        code_quality=cells["code_quality"],
        best_practice=cells["best_practice"],
        overall=_overall_label(score, tuple(cells.values())),
        score=score,
    )


MIN_SOLID_GOOD = 2
"""An area is solid when at least half its dimensions are good, not on partial ones alone."""


def label_score(score: int, cells: Iterable[SkillCell]) -> int:
    """The score an area's label and mark go by: its own, held below solid while fewer than
    half its dimensions are good. Three partial cells and one good one (a single async route)
    add up to 5, and the log had called the area ✅ solid (blind check b1)."""
    good = sum(cell.level == "good" for cell in cells)
    return score if good >= MIN_SOLID_GOOD else min(score, SOLID_SCORE - 1)


def _overall_label(score: int, cells: Sequence[SkillCell]) -> Text:
    """The area's label; an area whose cells cite anything, if only its open findings, has
    started: two hard-coded secrets had left Security "not started" (blind check c1)."""
    shown = label_score(score, cells)
    if shown == 0 and any(cell.evidence for cell in cells):
        return level_label(STARTED_SCORE)
    return level_label(shown)


def area_label_score(area: SkillArea) -> int:
    cells = (area.understanding, area.practice, area.code_quality, area.best_practice)
    return label_score(area.score, cells)


def relevant_areas(
    areas: Sequence[SkillArea], stack: Sequence[StackItem], imported: Collection[str] = ()
) -> list[SkillArea]:
    """Areas that count toward the overall level: always-relevant ones, the ones the stack
    implies, and any area the code already shows something in. With ``imported`` (the top-level
    modules the code imports), a package the code never imports implies nothing: a manifest
    may declare SQLAlchemy beside the Motor the app runs on."""
    implied = set(ALWAYS_RELEVANT)
    for item in stack:
        name = normalise_package(item.name)
        if not imported or name.removesuffix("-binary").replace("-", "_") in imported:
            implied.update(STACK_AREAS.get(name, ()))
    return [a for a in areas if a.key in implied or a.score > 0]


def imported_modules(facts: Facts) -> frozenset[str]:
    """The top-level modules the code imports (``sqlalchemy`` for ``sqlalchemy.orm``)."""
    return frozenset(signal.name.split(".", 1)[0] for signal in facts.signals("import"))


def _overall(
    areas: Sequence[SkillArea], stack: Sequence[StackItem], imported: Collection[str]
) -> Text:
    counted = relevant_areas(areas, stack, imported)
    if not counted:
        return level_label(0)
    average = sum(a.score for a in counted) / len(counted)
    label = level_label(int(average + 0.5))
    return Text(
        zh=f"{label.zh}（{len(counted)} 个相关领域平均 {average:.1f}/8 分）",
        en=f"{label.en} (average {average:.1f}/8 over {len(counted)} relevant areas)",
    )


def assess_skills(
    analyses: Sequence[FileAnalysis],
    findings: Sequence[Finding],
    stack: Sequence[StackItem],
    paths: Sequence[str],
    commits: Sequence[Commit] = (),
) -> SkillMatrix:
    """Judge every area from the scan; deterministic for the same input.

    ``commits`` is accepted so every assess step takes the same scan inputs; the history is
    judged by the lessons step, not here.
    """
    facts = Facts(analyses, findings, stack, paths, commits)
    areas = tuple(_area(area, facts) for area in AREA_KEYS)
    return SkillMatrix(areas=areas, overall=_overall(areas, stack, imported_modules(facts)))


def cell_evidence(matrix: SkillMatrix) -> list[Evidence]:
    """All citations in a matrix, in order; what a checker verifies against the scan."""
    return [
        evidence
        for area in matrix.areas
        for cell in (area.understanding, area.practice, area.code_quality, area.best_practice)
        for evidence in cell.evidence
    ]
