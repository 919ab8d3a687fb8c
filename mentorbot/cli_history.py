"""``mentor history PATH``: skill levels and open problems across every review of a repo.

The learner asks "am I getting better?"; the answer is two tables read from the database — one
row per skill area and one per problem category, one column per review — with rises, drops and
the latest drops spelled out. A repo that was never reviewed is not an error: the command says
so in one line and exits 0, since there is simply no history yet.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mentorbot.domain import CATEGORIES, Language, Text
from mentorbot.errors import MentorError
from mentorbot.skills_rubric import AREA_KEYS, area_title
from mentorbot.trend import (
    MAX_SCORE,
    ReviewProblems,
    ReviewSkills,
    SkillDrop,
    drops,
    open_problem_history,
    skill_history,
)

DEFAULT_LEARNER = "default"

_LABELS: dict[str, Text] = {
    "skills": Text(zh="技能水平（每个领域 0–8 分）", en="Skill levels (0–8 per area)"),
    "problems": Text(zh="未解决的问题（按类别计数）", en="Open problems (count per category)"),
    "area": Text(zh="领域", en="Area"),
    "category": Text(zh="类别", en="Category"),
    "total": Text(zh="合计", en="Total"),
    "step": Text(zh="第 {step} 次", en="#{step}"),
    "none": Text(
        zh="{repo} 还没有学习者 {learner} 的已完成复盘记录。先运行：mentor review {repo}",
        en="No completed review of {repo} for learner {learner} yet. Run: mentor review {repo}",
    ),
    "drop": Text(
        zh="↓ {area} 从 {before} 分降到 {after} 分（第 {from_step} 次 → 第 {to_step} 次）",
        en="↓ {area} dropped from {before} to {after} (#{from_step} → #{to_step})",
    ),
    "no_drop": Text(
        zh="和上一次相比，没有哪个领域的分数下降。",
        en="No area scored lower than in the review before.",
    ),
}


def _label(key: str, language: Language, **values: object) -> str:
    return _LABELS[key].pick(language).format(**values)


def _title(area: str, language: Language) -> str:
    """The rubric's title; an area an older version judged but this one no longer has: its key."""
    try:
        return area_title(area).pick(language)
    except KeyError:
        return area


@functools.cache
def _category_words(language: Language) -> dict[str, str]:
    """The log's names of the problem categories, from its own labels, so both say the same."""
    from mentorbot.render import template_environment

    labels = template_environment().get_template(f"partials/labels.{language}.j2").module
    return dict(getattr(labels, "category_words", {}))


def _category(category: str, language: Language) -> str:
    """A category as the log names it; one this version no longer knows: its id."""
    return _category_words(language).get(category, category)


def _step_header(step: int, date: str | None, language: Language) -> str:
    header = _label("step", language, step=step)
    return f"{header}\n{date}" if date else header


def _cell(value: int, before: int | None, *, higher_is_better: bool) -> str:
    """The value with ↑/↓ against the previous review; red when it went the wrong way."""
    if before is None or value == before:
        return str(value)
    arrow = "↑" if value > before else "↓"
    better = (value > before) == higher_is_better
    colour = "green" if better else "red"
    return f"[{colour}]{value} {arrow}[/{colour}]"


def _ordered_areas(history: Sequence[ReviewSkills]) -> list[str]:
    seen = {area for review in history for area in review.scores}
    known = [area for area in AREA_KEYS if area in seen]
    return known + sorted(seen - set(known))


def skills_table(history: Sequence[ReviewSkills], language: Language) -> Table:
    table = Table(title=_label("skills", language), title_justify="left")
    table.add_column(_label("area", language))
    for review in history:
        table.add_column(_step_header(review.step, review.date, language), justify="right")
    for area in _ordered_areas(history):
        cells: list[str] = []
        before: int | None = None
        for review in history:
            score = review.scores.get(area)
            cells.append("–" if score is None else _cell(score, before, higher_is_better=True))
            before = score if score is not None else before
        table.add_row(escape(_title(area, language)), *cells)
    return table


def problems_table(history: Sequence[ReviewProblems], language: Language) -> Table:
    table = Table(title=_label("problems", language), title_justify="left")
    table.add_column(_label("category", language))
    for review in history:
        table.add_column(_step_header(review.step, review.date, language), justify="right")
    seen = {category for review in history for category in review.counts}
    ordered = [c for c in CATEGORIES if c in seen] + sorted(seen - set(CATEGORIES))
    for category in ordered:
        cells: list[str] = []
        previous: int | None = None
        for review in history:
            count = review.counts.get(category, 0)
            cells.append(_cell(count, previous, higher_is_better=False))
            previous = count
        table.add_row(escape(_category(category, language)), *cells)
    totals: list[str] = []
    previous_total: int | None = None
    for review in history:
        totals.append(_cell(review.total, previous_total, higher_is_better=False))
        previous_total = review.total
    table.add_row(f"[bold]{_label('total', language)}[/bold]", *totals, end_section=True)
    return table


def drop_lines(found: Sequence[SkillDrop], language: Language) -> list[str]:
    return [
        _label(
            "drop",
            language,
            area=_title(drop.area, language),
            before=f"{drop.from_score}/{MAX_SCORE}",
            after=f"{drop.to_score}/{MAX_SCORE}",
            from_step=drop.from_step,
            to_step=drop.to_step,
        )
        for drop in found
    ]


async def _load(
    repo_path: str, learner: str
) -> tuple[list[ReviewSkills], list[ReviewProblems], Language]:
    from mentorbot.services import open_services

    async with open_services() as services, services.db.session() as session:
        skills = await skill_history(session, repo_path, learner)
        problems = await open_problem_history(session, repo_path, learner)
        return skills, problems, services.settings.mentor_lang


def history(
    repo: Annotated[Path, typer.Argument(help="The repository whose reviews to show.")],
    learner: Annotated[
        str | None, typer.Option(help="Whose reviews (default: .mentor.toml, else 'default').")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh or en.")] = None,
) -> None:
    """Show skill levels and open problems across all reviews of REPO."""
    from mentorbot.analysis.repo import open_repo
    from mentorbot.repo_config import load_repo_config

    if lang is not None and lang not in ("zh", "en"):
        raise MentorError(f"--lang must be zh or en, not {lang!r}", code="usage")
    chosen: Language | None = "zh" if lang == "zh" else "en" if lang == "en" else None
    root = open_repo(repo).root
    config = load_repo_config(root)
    who = learner or config.learner or DEFAULT_LEARNER
    skills, problems, default_language = asyncio.run(_load(str(root), who))
    language = chosen or config.language or default_language
    console = Console(soft_wrap=False)
    if not skills:
        message = _label("none", language, repo=repo, learner=who)
        console.print(message, highlight=False, soft_wrap=True, markup=False)
        return
    console.print(skills_table(skills, language))
    lines = drop_lines(drops(skills), language)
    if len(skills) > 1:
        for line in lines or [_label("no_drop", language)]:
            console.print(line, style="red" if lines else None, highlight=False, markup=False)
    console.print()
    console.print(problems_table(problems, language))


def register(app: typer.Typer) -> None:
    """Add ``mentor history`` to the ``mentor`` app."""
    app.command("history")(history)
