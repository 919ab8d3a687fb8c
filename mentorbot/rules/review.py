"""The whole rule pipeline on file contents held in memory.

Used where there is no checkout to scan: the files of a fix commit before and after the fix,
and the rules' own example cases. The scan of a real tree calls the same pieces one by one so
it can cache each file's analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mentorbot.analysis.doctests import with_configured_doctests
from mentorbot.analysis.inherited_tests import with_inherited_tests
from mentorbot.domain import FileAnalysis, Finding, StackItem
from mentorbot.rules.engine import (
    analyze_python_file,
    analyze_text_file,
    is_text_analysed,
    review_findings,
)
from mentorbot.rules.ruff import run_ruff_on_sources


def analyze_sources(sources: Mapping[str, bytes]) -> list[FileAnalysis]:
    """Per-file analyses of every Python file and every config-like text file, with the
    doctests a pytest config among them runs, and the methods of classes on a ``TestCase`` of
    another module, counted as tests, as the scan counts them."""
    analyses: list[FileAnalysis] = []
    for path, data in sorted(sources.items()):
        if path.endswith(".py"):
            analyses.append(analyze_python_file(path, data))
        elif is_text_analysed(path):
            analyses.append(analyze_text_file(path, data))
    return with_inherited_tests(with_configured_doctests(analyses))


def review_sources(
    sources: Mapping[str, bytes],
    stack: Sequence[StackItem] = (),
    *,
    with_ruff: bool = True,
) -> list[Finding]:
    """All findings for a set of files: our rules, cross-file rules and (optionally) ruff."""
    python_sources = {path: data for path, data in sources.items() if path.endswith(".py")}
    ruff_findings = run_ruff_on_sources(python_sources) if with_ruff and python_sources else {}
    return review_findings(analyze_sources(sources), stack, sorted(sources), ruff_findings)
