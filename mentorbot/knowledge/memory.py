"""What the review remembers about a learner: past logs, recurring problems, their own plan.

- ``remember_review_log``: every log a review writes is ingested (kind ``log``) for its learner.
- ``recurring_problems``: an open problem that an earlier log of the same learner already showed
  in its "problems and solutions" section. A past section matches a lesson when it shows the same
  rule id (``MB101``) or the same category — by the category heading, root-cause sentence or rule
  title the log templates print, in either language. Under a catch-all rule (MB201, ruff's
  general checks) the section must also show one of the lesson's ruff codes: an unused import
  is not a request without a timeout. Retrieval then picks, within the most recent earlier log
  that matches, the section that reads most like the lesson.
- ``learner_curriculum``: the learner's newest ingested plan as a ``Curriculum``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import text

from mentorbot.curriculum.loader import Curriculum
from mentorbot.domain import CATEGORIES, Category, Finding, Lesson
from mentorbot.knowledge.chunking import markdown_sections
from mentorbot.knowledge.embedders import EmbedderError, EmbeddingMismatchError
from mentorbot.knowledge.ingest import IngestReport
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.knowledge.study_plan import parse_study_plan
from mentorbot.logfile_sections import without_sections
from mentorbot.render import template_environment
from mentorbot.rules.registry import all_rules
from mentorbot.rules.ruff import ruff_code_of

PROBLEM_HEADINGS = ("问题与解决", "Problems and solutions")
_RULE_ID = re.compile(r"\b(MB\d{3})\b")
_RUFF_CODE = re.compile(r"[(（]ruff ([A-Z]+\d+)[)）]")
"""A ruff code as a finding's message ends with it in a log ("... (ruff F401)", "…（ruff
F401）")."""
_STEP = re.compile(r"learning_log_step(\d+)", re.I)
# The log's title, in both templates: "# Step 3 learning log: …" / "# Step 3 学习日志：…".
_TITLE_STEP = re.compile(r"^Step (\d+)\b")
_ANCHOR_DROP = re.compile(r"[^\w\- ]")


@dataclass(frozen=True)
class RecurringHit:
    """Where an earlier log described the same problem: the log and its section."""

    source: str
    heading: str
    anchor: str
    category: Category
    rule: str | None
    matched_rule: bool
    step: int | None = None

    def link(self, relative_to: Path | str | None = None) -> str:
        """``path#anchor``; the path relative to ``relative_to`` (the new log's folder) if given."""
        path = self.source
        if relative_to is not None:
            path = os.path.relpath(self.source, relative_to)
        return f"{Path(path).as_posix()}#{self.anchor}"


@dataclass(frozen=True)
class _PastSection:
    source: str
    step: int
    ordinal: int
    heading_path: tuple[str, ...]
    text: str
    chunk_id: int
    rules: frozenset[str]
    categories: frozenset[Category]
    ruff_codes: frozenset[str]


@cache
def _category_markers() -> dict[Category, tuple[str, ...]]:
    """The phrases a log prints for each category: heading words, root cause, rule titles."""
    env = template_environment()  # its compiled templates are kept between runs
    markers: dict[Category, list[str]] = {category: [] for category in CATEGORIES}
    for language in ("zh", "en"):
        module = env.get_template(f"partials/labels.{language}.j2").module
        for category, words in getattr(module, "category_words", {}).items():
            if category in markers and category != "other":
                markers[category].append(words)
        for category, cause in getattr(module, "root_causes", {}).items():
            if category in markers and category != "other":
                markers[category].append(cause)
    for rule in all_rules():
        if rule.category != "other":
            markers[rule.category].extend((rule.title.zh, rule.title.en))
    return {category: tuple(phrases) for category, phrases in markers.items() if phrases}


@cache
def _rule_categories() -> dict[str, Category]:
    return {rule.id: rule.category for rule in all_rules()}


@cache
def _catch_all_rules() -> frozenset[str]:
    """Rules of no root cause of their own that carry many of ruff's checks (MB201): the ruff
    code, not the rule, says which problem a lesson is."""
    return frozenset(
        rule.id for rule in all_rules() if rule.category == "other" and rule.ruff_codes
    )


def problem_codes(lesson: Lesson, findings: Sequence[Finding]) -> frozenset[str]:
    """The ruff codes of an open lesson under a catch-all rule: its findings' (``lessons_open``
    groups them by rule)."""
    return frozenset(
        ruff_code_of(finding.message.en)
        for finding in findings
        if finding.rule == lesson.rule and finding.category == lesson.category
    ) - {""}


def shown_categories(heading: str, body: str) -> tuple[frozenset[str], frozenset[Category]]:
    """Rule ids and categories a problems-section chunk shows."""
    rules = frozenset(_RULE_ID.findall(body) + _RULE_ID.findall(heading))
    categories = {_rule_categories()[rule] for rule in rules if rule in _rule_categories()}
    whole = heading + "\n" + body
    for category, phrases in _category_markers().items():
        if any(phrase in whole for phrase in phrases):
            categories.add(category)
    return rules, frozenset(categories)


def heading_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return _ANCHOR_DROP.sub("", heading.strip().lower()).replace(" ", "-")


def section_anchor(content: str, heading_path: tuple[str, ...]) -> str:
    """The anchor of the section at ``heading_path``, numbered as GitHub numbers repeats."""
    seen: dict[str, int] = {}
    for path, _ in markdown_sections(content.replace("\r\n", "\n")):
        if not path:
            continue
        anchor = heading_anchor(path[-1])
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        if path == heading_path:
            return anchor if count == 0 else f"{anchor}-{count}"
    return heading_anchor(heading_path[-1]) if heading_path else ""


NOT_REMEMBERED = frozenset({"metadata"})
"""Log sections memory leaves out: review id, durations and timings describe the run, not the
learner, and they differ on every run, so keeping them would make an unchanged log re-embed."""


async def remember_review_log(
    store: KnowledgeStore, learner: str, log_path: str | Path, markdown: str
) -> IngestReport:
    """Ingest the log a review just wrote (a re-run of the same step replaces it)."""
    remembered = without_sections(markdown, NOT_REMEMBERED)
    return await store.ingest_text(learner, str(log_path), remembered, "log")


async def _past_sections(
    store: KnowledgeStore, learner: str, excluded: list[str]
) -> list[_PastSection]:
    query = text(
        """
        SELECT c.id, c.ordinal, c.heading_path, c.text, d.source
        FROM chunks c JOIN documents d ON d.id = c.document_id
        WHERE c.learner = :learner AND c.kind = 'log'
          AND (c.heading_path && CAST(:problem_headings AS text[]))
          AND NOT (COALESCE(d.source, '') = ANY(CAST(:exclude AS text[])))
        ORDER BY d.source, c.ordinal
        """
    )
    async with store.db.engine.connect() as conn:
        rows = (
            await conn.execute(
                query,
                {
                    "learner": learner,
                    "problem_headings": list(PROBLEM_HEADINGS),
                    "exclude": excluded,
                },
            )
        ).all()
    sections = []
    for row in rows:
        path = tuple(row.heading_path)
        rules, categories = shown_categories(path[-1] if path else "", row.text)
        sections.append(
            _PastSection(
                source=row.source,
                step=_log_step(row.source, path),
                ordinal=int(row.ordinal),
                heading_path=path,
                text=row.text,
                chunk_id=int(row.id),
                rules=rules,
                categories=categories,
                ruff_codes=frozenset(_RUFF_CODE.findall(row.text)),
            )
        )
    return sections


def _log_step(source: str, heading_path: tuple[str, ...]) -> int:
    """The step of a past log: from its file name, else (``--output`` names) from its title."""
    named = _STEP.search(Path(source).name)
    if named:
        return int(named.group(1))
    titled = _TITLE_STEP.match(heading_path[0]) if heading_path else None
    return int(titled.group(1)) if titled else 0


async def _document_content(store: KnowledgeStore, learner: str, source: str) -> str:
    async with store.db.engine.connect() as conn:
        content = await conn.scalar(
            text("SELECT content FROM documents WHERE learner = :learner AND source = :source"),
            {"learner": learner, "source": source},
        )
    return str(content or "")


async def recurring_problems(
    store: KnowledgeStore,
    learner: str,
    lessons: Sequence[Lesson],
    *,
    exclude: Collection[str | Path] = (),
    findings: Sequence[Finding] = (),
) -> dict[int, RecurringHit]:
    """For each open lesson (by index in ``lessons``) seen in an earlier log: where it was.

    ``exclude`` holds the log this review is about to write, so a re-run of the same step
    does not find itself, and the logs of this step written before under other names.
    ``findings`` are the review's: a catch-all rule's open lesson recurs only where an earlier
    section showed one of its findings' ruff codes (blind check x1: a request without a
    timeout was "seen" in a section of unused imports).
    """
    excluded = [str(source) for source in exclude]
    await store.check_ready()
    sections = await _past_sections(store, learner, excluded)
    if not sections:
        return {}
    hits: dict[int, RecurringHit] = {}
    contents: dict[str, str] = {}
    for index, lesson in enumerate(lessons):
        if lesson.status != "open":
            continue
        candidates = [
            section
            for section in sections
            if (lesson.rule is not None and lesson.rule in section.rules)
            or (lesson.category != "other" and lesson.category in section.categories)
        ]
        if lesson.rule in _catch_all_rules():
            codes = problem_codes(lesson, findings)
            candidates = [section for section in candidates if codes & section.ruff_codes]
        if not candidates:
            continue
        latest = max((section.step, section.source) for section in candidates)
        in_latest = [s for s in candidates if (s.step, s.source) == latest]
        best = await _closest(store, learner, lesson, in_latest)
        if best.source not in contents:
            contents[best.source] = await _document_content(store, learner, best.source)
        hits[index] = RecurringHit(
            source=best.source,
            heading=best.heading_path[-1] if best.heading_path else "",
            anchor=section_anchor(contents[best.source], best.heading_path),
            category=lesson.category,
            rule=lesson.rule,
            matched_rule=lesson.rule is not None and lesson.rule in best.rules,
            step=best.step or None,
        )
    return hits


async def _closest(
    store: KnowledgeStore, learner: str, lesson: Lesson, candidates: list[_PastSection]
) -> _PastSection:
    """The candidate showing the lesson's rule, then the one retrieval ranks highest."""
    with_rule = [s for s in candidates if lesson.rule is not None and lesson.rule in s.rules]
    pool = with_rule or candidates
    if len(pool) == 1:
        return pool[0]
    query = " ".join(
        part for part in (lesson.title.zh, lesson.title.en, lesson.rule or "", lesson.category)
    )
    try:
        ranked = await store.search(learner, query, k=max(20, len(pool)), kinds=["log"])
    except (EmbedderError, EmbeddingMismatchError):
        # The vectors are unusable until `mentor reindex`; the words still rank the sections.
        ranked = await store.search(
            learner, query, k=max(20, len(pool)), kinds=["log"], mode="text"
        )
    order = {hit.chunk_id: rank for rank, hit in enumerate(ranked)}
    return min(pool, key=lambda s: (order.get(s.chunk_id, len(order)), s.ordinal))


async def learner_curriculum(store: KnowledgeStore, learner: str) -> Curriculum | None:
    """The learner's newest ingested study plan as a ``Curriculum``; None without one."""
    await store.check_ready()
    query = text(
        "SELECT source, content FROM documents WHERE learner = :learner AND kind = 'plan' "
        "ORDER BY updated_at DESC, id DESC"
    )
    async with store.db.engine.connect() as conn:
        rows = (await conn.execute(query, {"learner": learner})).all()
    for row in rows:
        curriculum = parse_study_plan(row.content, row.source)
        if curriculum is not None:
            return curriculum
    return None
