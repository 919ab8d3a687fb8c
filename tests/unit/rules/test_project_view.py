"""A view derived with ``with_file`` (the lesson miner's file versions) finds in the swapped file
exactly what a full review of the same project finds there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import pytest

from mentorbot.analysis.stack import detect_stack
from mentorbot.domain import FileAnalysis, Finding, StackItem
from mentorbot.rules import _connection_cases as connection_cases
from mentorbot.rules.base import Case, Rule
from mentorbot.rules.engine import review_findings
from mentorbot.rules.project import ProjectView
from mentorbot.rules.registry import all_rules
from mentorbot.rules.review import analyze_sources
from mentorbot.rules.ruff import run_ruff_on_sources
from tests.unit.rules import BAD_CASES

PARTNERS = 3
"""How many cases of the other kind each bad and each good case is paired with."""


def _covering_pairs(bad_count: int, good_count: int) -> list[tuple[int, int]]:
    """Index pairs in which every bad case meets ``PARTNERS`` good cases and every good case
    meets as many bad ones (all of them, when a rule has fewer).

    Pairing every bad case with every good one made 7,004 tests of a rule with 103 bad and 68
    good cases, each about as slow as a review: most of the suite's time. With a few partners
    each, every case still plays both of its roles (old file and current project).
    """
    span = max(bad_count, good_count)
    return sorted(
        {
            (index % bad_count, (index + offset) % good_count)
            for offset in range(PARTNERS)
            for index in range(span)
        }
    )


PAIRED = [
    pytest.param(rule, rule.bad[b], rule.good[g], id=f"{rule.id}-{rule.name}-bad{b}-good{g}")
    for rule in all_rules()
    for b, g in _covering_pairs(len(rule.bad), len(rule.good))
]


@cache
def _analysis(path: str, text: str) -> FileAnalysis | None:
    """One file's analysis, made once per test process: it depends on nothing else, and the
    same case files come back in many pairs."""
    found = analyze_sources({path: text.encode()})
    return found[0] if found else None


def _analyses(files: Mapping[str, str]) -> dict[str, FileAnalysis]:
    analyses = (_analysis(path, text) for path, text in sorted(files.items()))
    return {analysis.path: analysis for analysis in analyses if analysis is not None}


def _stack(root: Path, files: Mapping[str, str]) -> tuple[StackItem, ...]:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return tuple(detect_stack(root, list(files)))


def _context(analyses: Mapping[str, FileAnalysis], stack: tuple[StackItem, ...]) -> ProjectView:
    """The current project as the miner holds it: analyses without their own findings."""
    stripped = tuple(a.model_copy(update={"findings": ()}) for a in analyses.values())
    return ProjectView(analyses=stripped, stack=stack, paths=tuple(sorted(analyses)))


FindingKey = tuple[str, str, int, str]


def _in_swapped_file(
    context: ProjectView, version: FileAnalysis, ruff: Sequence[Finding] = ()
) -> tuple[list[FindingKey], list[FindingKey]]:
    """Findings in ``version``'s file (ruff's for it included): through the derived view, and
    by a full review of the same files."""
    derived = context.with_file(version)
    focused = review_findings((), context.stack, context.paths, ruff, project=derived)
    others = [a for a in context.analyses if a.path != version.path]
    paths = [*context.paths, version.path]
    full = review_findings([*others, version], context.stack, paths, ruff)
    return (
        [_key(f) for f in focused if f.path == version.path],
        [_key(f) for f in full if f.path == version.path],
    )


def _key(finding: Finding) -> FindingKey:
    return (finding.rule, finding.path, finding.line, finding.message.en)


@pytest.mark.parametrize(("rule", "case"), BAD_CASES)
def test_swapping_a_file_for_itself_finds_the_rules_hits(
    rule: Rule, case: Case, tmp_path: Path
) -> None:
    analyses = _analyses(case.files)
    context = _context(analyses, _stack(tmp_path, case.files))
    ruff = run_ruff_on_sources({p: t.encode() for p, t in case.files.items() if p.endswith(".py")})
    for path, analysis in analyses.items():
        focused, full = _in_swapped_file(context, analysis, ruff.get(path, ()))
        assert focused == full
        expected = sorted(line for hit_path, line in case.hits if hit_path == path)
        assert sorted(line for r, _, line, _ in focused if r == rule.id) == expected


@pytest.mark.parametrize(("rule", "bad", "good"), PAIRED)
def test_an_old_version_in_the_current_project_finds_what_a_full_review_finds(
    rule: Rule, bad: Case, good: Case, tmp_path: Path
) -> None:
    current = {**bad.files, **good.files}
    context = _context(_analyses(current), _stack(tmp_path, current))
    for old in _analyses(bad.files).values():
        focused, full = _in_swapped_file(context, old)
        assert focused == full, old.path
    for new in _analyses(good.files).values():
        old_context = _context(_analyses(bad.files), context.stack)
        focused, full = _in_swapped_file(old_context, new)
        assert focused == full, new.path


JOBS_NOW = """\
import asyncio


async def refresh() -> None:
    await asyncio.sleep(0)


async def run() -> None:
    await refresh()
"""
JOBS_BEFORE = """\
def refresh() -> None:
    pass


async def run() -> None:
    refresh()
"""


def test_an_old_version_is_judged_by_its_own_definitions_not_the_current_files(
    tmp_path: Path,
) -> None:
    """The old ``refresh`` was synchronous, so calling it without ``await`` was right then; only
    the current file makes it a coroutine."""
    current = {"app/jobs.py": JOBS_NOW, "app/main.py": "from app.jobs import run\n"}
    context = _context(_analyses(current), _stack(tmp_path, current))
    before = _analyses({"app/jobs.py": JOBS_BEFORE})["app/jobs.py"]
    focused, full = _in_swapped_file(context, before)
    assert focused == full == []
    broken = JOBS_NOW.replace("    await refresh()", "    refresh()")
    focused, full = _in_swapped_file(context, _analyses({"app/jobs.py": broken})["app/jobs.py"])
    assert (
        [(rule, line) for rule, _, line, _ in focused]
        == [("MB109", 9)]
        == [(rule, line) for rule, _, line, _ in full]
    )


CHAINED = [param for param in PAIRED if len(param.values[1].files) >= 2]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("rule", "bad", "good"), CHAINED)
def test_a_view_derived_from_a_derived_view_finds_what_a_full_review_finds(
    rule: Rule, bad: Case, good: Case, tmp_path: Path
) -> None:
    """The miner judges an old file among its commit's other old files: each swapped in after
    the other, from the current project (here the good case)."""
    context = _context(_analyses(good.files), _stack(tmp_path, {**good.files, **bad.files}))
    old = _analyses(bad.files)
    for path, version in old.items():
        view = context
        for other, older in old.items():
            if other != path:
                view = view.with_file(older)
        focused, full = _in_swapped_file(view, version)
        assert focused == full, path


def test_an_old_route_among_its_commit_s_old_helper_finds_the_connection_it_opened(
    tmp_path: Path,
) -> None:
    """Routes that opened connections through ``get_conn`` moved to a pool in the same commit as
    the helper: with the current helper the old routes look fine, with the old one they do not."""
    now = {"app/db.py": connection_cases.POOLED_DB, "app/main.py": connection_cases.POOLED_ROUTES}
    before = {
        "app/db.py": connection_cases.FLIGHT_DB,
        "app/main.py": connection_cases.FLIGHT_ROUTES,
    }
    context = _context(_analyses(now), _stack(tmp_path, now))
    old = _analyses(before)

    alone, _ = _in_swapped_file(context, old["app/main.py"])
    among, full = _in_swapped_file(context.with_file(old["app/db.py"]), old["app/main.py"])

    assert [line for rule, _, line, _ in alone if rule == "MB103"] == []
    assert among == full
    assert [(path, line) for rule, path, line, _ in among if rule == "MB103"] == list(
        connection_cases.FLIGHT_HITS
    )
