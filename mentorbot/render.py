"""Render a ReviewReport into the Markdown learning log, in Chinese or English.

The prose lives in ``prompts/log.<lang>.md.j2``; this module prepares what the templates need
(grouped problems, growth, snippets) so the templates stay about wording, not logic. Every
``path:line`` printed comes from the report itself; this module never computes a line number.
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)
from jinja2.bccache import Bucket

from mentorbot.analysis.languages import NOT_CODE
from mentorbot.analysis.stack_categories import overview_stack
from mentorbot.domain import (
    SEVERITY_RANK,
    Category,
    CommitKind,
    Evidence,
    Finding,
    Language,
    Lesson,
    Level,
    ReviewReport,
    SkillArea,
    SkillCell,
)
from mentorbot.evidence_notes import is_finding_evidence, is_gap_evidence
from mentorbot.followup import drop_line_refs
from mentorbot.lesson_origins import PROJECT_WIDE_RULES
from mentorbot.logfile_sections import Section, is_marker_like, parse_log, section_block
from mentorbot.markdown import (
    fenced,
    inline_code,
    iso_day,
    level_icon,
    md_link,
    short_sha,
    table_cell,
    thousands,
)
from mentorbot.render_growth import (
    DIMENSIONS,
    growth,
    growth_context,
    period_days,
)
from mentorbot.rules.engine import SYNTAX_ERROR_RULE
from mentorbot.skills import BASIC_SCORE, SOLID_SCORE, area_label_score
from mentorbot.wording import evidence_words

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
SECTION_NAMES: tuple[str, ...] = (
    "title",
    "since_last",
    "overview",
    "concepts",
    "problems",
    "achievements",
    "skills",
    "next_steps",
    "practices",
    "reflection",
    "notes",
    "appendix",
    "metadata",
)
HORIZONS: tuple[str, ...] = ("short", "medium", "long")
MAX_EVIDENCE_PER_CONCEPT = 3
MAX_SNIPPETS_PER_CONCEPT = 2
MAX_FINDINGS_PER_GROUP = 6

SnippetReader = Callable[[str, int], str]


class RubricLineLike(Protocol):
    """What the appendix needs from a rubric line (``mentorbot.skills`` provides them)."""

    @property
    def id(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def dimension(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...


@dataclass(frozen=True)
class CitedCode:
    """A citation from the report, with the code around it when it could be read."""

    cite: str
    note: str
    code: str
    path: str


@dataclass(frozen=True)
class Concept:
    area: SkillArea
    level: Level
    evidence: tuple[CitedCode, ...]


@dataclass(frozen=True)
class ProblemGroup:
    category: Category
    severity: str
    lessons: tuple[Lesson, ...]
    findings: tuple[Finding, ...]
    total: int
    mixed: bool = False
    """Its places differ in severity: ``severity`` is the highest of them."""

    @property
    def hidden(self) -> int:
        return self.total - len(self.findings)


def _section(name: str, caller: Callable[[], str]) -> str:
    """Wrap a section body in hashed markers; a body line that looks like a marker is indented."""
    lines = caller().strip("\n").split("\n")
    body = "\n".join(" " + line if is_marker_like(line) else line for line in lines)
    return section_block(name, body + "\n")


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's per-user cache of compiled templates in the temp dir; one that cannot be written
    (a full disk, a removed dir) is passed over: the template was compiled all the same."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> BytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no safe per-user dir in the temp dir: compile each time
        return None


@lru_cache(maxsize=1)
def template_environment() -> Environment:
    """The one Jinja environment for the templates under ``prompts/`` (the log, chat answers).

    Compiled templates are kept (keyed by the source's checksum, so an edited template compiles
    again): compiling the log's templates took ~0.08 s of every review, a tenth of a re-review
    of an unchanged 100k-line repo.
    """
    env = Environment(
        loader=FileSystemLoader(PROMPTS_DIR),
        bytecode_cache=_compiled_templates(),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        icon=level_icon,
        short=short_sha,
        day=iso_day,
        ic=inline_code,
        cell=table_cell,
        fenced=fenced,
        num=thousands,
        md_link=md_link,
        old_text=drop_line_refs,
        in_words=evidence_words,
        overview_stack=overview_stack,
    )
    env.globals["section"] = _section
    return env


# --- view preparation ---------------------------------------------------------------------


def _skipped(report: ReviewReport) -> list[tuple[str, int]]:
    """Why files were left out, with how many: the scan's reasons (those whose syntax only a
    newer Python than the review's reads among them), and the Python files that did not parse
    (each has its MB001 finding), which no rule could read either."""
    reasons = [(reason, count) for reason, count in report.skipped.model_dump().items() if count]
    unparsable = len({f.path for f in report.findings if f.rule == SYNTAX_ERROR_RULE})
    return [*reasons, ("unparsable", unparsable)] if unparsable else reasons


def _commit_kinds(report: ReviewReport) -> list[tuple[CommitKind, int]]:
    """Commits counted by kind, most first; none when no commit has a kind ("By kind: other 3."
    says nothing)."""
    counts = Counter(c.kind for c in report.commits)
    return counts.most_common() if set(counts) - {"other"} else []


def area_level(area: SkillArea) -> Level:
    """An area's own mark from its 0-8 score, in step with its name: solid and proficient are
    good, basic is partial, below that missing."""
    score = area_label_score(area)
    if score >= SOLID_SCORE:
        return "good"
    return "partial" if score >= BASIC_SCORE else "missing"


def _cells(area: SkillArea) -> tuple[SkillCell, ...]:
    return (area.understanding, area.practice, area.code_quality, area.best_practice)


def _cited(evidence: Evidence, snippet: SnippetReader | None, with_code: bool) -> CitedCode:
    code = ""
    if with_code and snippet is not None and evidence.path and evidence.line:
        code = snippet(evidence.path, evidence.line)
    return CitedCode(evidence.cite(), evidence.note, code, evidence.path or "")


def concepts(report: ReviewReport, snippet: SnippetReader | None) -> list[Concept]:
    """Areas rated good or partial, strongest first, each with deduplicated cited evidence of
    what the learner did: the problems and gaps a cell cites belong elsewhere, not here."""
    result: list[Concept] = []
    for area in sorted(report.skills.areas, key=lambda a: -a.score):
        level = area_level(area)
        if level == "missing":
            continue
        seen: set[str] = set()
        picked: list[Evidence] = []
        for cell in _cells(area):
            for evidence in cell.evidence:
                if is_finding_evidence(evidence) or is_gap_evidence(evidence):
                    continue
                if evidence.cite() and evidence.cite() not in seen:
                    seen.add(evidence.cite())
                    picked.append(evidence)
        cited = tuple(
            _cited(ev, snippet, index < MAX_SNIPPETS_PER_CONCEPT)
            for index, ev in enumerate(picked[:MAX_EVIDENCE_PER_CONCEPT])
        )
        result.append(Concept(area, level, cited))
    return result


def problem_groups(report: ReviewReport) -> list[ProblemGroup]:
    """Open problems by category: the open lessons' order first, then the remaining findings."""
    lessons: dict[Category, list[Lesson]] = defaultdict(list)
    for lesson in report.lessons:
        if lesson.status == "open":
            lessons[lesson.category].append(lesson)
    findings: dict[Category, list[Finding]] = defaultdict(list)
    for finding in sorted(
        report.findings, key=lambda f: (SEVERITY_RANK[f.severity], f.path, f.line)
    ):
        findings[finding.category].append(finding)
    # ruff's general problems come after the named ones, whatever their severity: 18 lint
    # items had pushed a schema created outside the migrations out of the log (corpus 83).
    order = list(lessons) + sorted(
        (c for c in findings if c not in lessons),
        key=lambda c: (c == "other", SEVERITY_RANK[findings[c][0].severity], -len(findings[c]), c),
    )
    return [
        ProblemGroup(
            category=category,
            severity=findings[category][0].severity if findings[category] else "",
            lessons=tuple(lessons[category]),
            findings=tuple(findings[category][:MAX_FINDINGS_PER_GROUP]),
            total=len(findings[category]),
            mixed=len({finding.severity for finding in findings[category]}) > 1,
        )
        for category in order
    ]


def _context(
    report: ReviewReport,
    rubric: Sequence[RubricLineLike],
    snippet: SnippetReader | None,
    max_open_problems: int,
    trend_chart: str,
    max_lessons: int,
) -> dict[str, Any]:
    # A rule's lesson names a root cause and what to learn; a fix no rule recognised (a typo
    # in the README) comes after them, so it never pushes one out of the shown ones.
    solved = sorted(
        (lesson for lesson in report.lessons if lesson.status == "solved"),
        key=lambda lesson: lesson.rule is None,
    )
    all_groups = problem_groups(report)
    groups = all_groups[:max_open_problems]
    shown = sum(len(group.findings) for group in groups)
    area_titles = {area.key: area.title for area in report.skills.areas}
    decided = {
        getattr(area, dimension).rubric for area in report.skills.areas for dimension in DIMENSIONS
    }
    confirmed = [lesson for lesson in solved if lesson.rule is not None]
    return {
        "report": report,
        "lang": report.language,
        "project_wide_rules": PROJECT_WIDE_RULES,
        "dimensions": DIMENSIONS,
        "period_days": period_days(report.first_commit_date, report.last_commit_date),
        "commit_kinds": _commit_kinds(report),
        "silent_fixes": len(
            {lesson.commit for lesson in solved}
            - {c.sha for c in report.commits if c.kind == "fix"}
        ),
        "commit_subjects": {c.sha: c.subject for c in report.commits},
        "languages": sorted(
            ((name, loc) for name, loc in report.languages.items() if name not in NOT_CODE),
            key=lambda item: -item[1],
        ),
        "skipped": _skipped(report),
        "concepts": concepts(report, snippet),
        "solved": solved[:max_lessons],
        "hidden_solved": max(len(solved) - max_lessons, 0),
        # The reflection counts the fixes the checks confirm; a lesson told only by its commit
        # message ("fix: move secrets to settings") may have fixed nothing they can see.
        "fixed_total": len(confirmed),
        "claimed_total": len(solved) - len(confirmed),
        "fix_authors": sorted(
            {c.author for c in report.commits if c.sha in {lesson.commit for lesson in confirmed}}
        ),
        "groups": groups,
        "hidden_groups": len(all_groups) - len(groups),
        "all_findings": sorted(
            report.findings, key=lambda f: (SEVERITY_RANK[f.severity], f.path, f.line)
        )
        if len(report.findings) > shown
        else [],
        "growth": growth(report.skills, report.previous_skills),
        "tasks": [
            (horizon, [t for t in report.plan.tasks if t.horizon == horizon])
            for horizon in HORIZONS
            if any(t.horizon == horizon for t in report.plan.tasks)
        ],
        "rubric": [line for line in rubric if line.id in decided],
        **growth_context(report),
        "trend_chart": trend_chart,
        "area_titles": area_titles,
        "open_count": sum(group.total for group in all_groups)
        or sum(lesson.occurrences for lesson in report.lessons if lesson.status == "open"),
    }


def render_log(
    report: ReviewReport,
    *,
    rubric: Sequence[RubricLineLike],
    snippet: SnippetReader | None = None,
    language: Language | None = None,
    max_open_problems: int = 8,
    trend_chart: str = "",
    max_lessons: int = 12,
) -> str:
    """The whole learning log as Markdown, every generated section between hashed markers.

    ``language`` overrides ``report.language`` (the API may serve one review in both). Only the
    ``max_open_problems`` most important groups of open problems are shown in the body (the
    noise budget); the appendix lists every finding.
    """
    if language is not None and language != report.language:
        report = report.model_copy(update={"language": language})
    template = template_environment().get_template(f"log.{report.language}.md.j2")
    context = _context(report, rubric, snippet, max_open_problems, trend_chart, max_lessons)
    text = template.render(**context)
    names = tuple(seg.name for seg in parse_log(text) if isinstance(seg, Section))
    if names != SECTION_NAMES:
        raise RuntimeError(f"log template produced sections {names}, expected {SECTION_NAMES}")
    return text
