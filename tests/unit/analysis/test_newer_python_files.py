"""A file in syntax of a newer Python than the review's is valid code no check could read: the
scan names it in a note and counts it apart, instead of calling it a syntax error. It is no
finding at all: a low MB001 had still made the learner's Code quality partial and stood among
the problems "open the longest" (blind check p1). A real syntax error stays MB001."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import ScanResult
from mentorbot.scanning import scan_repository
from mentorbot.skills import assess_skills
from tests.gitrepo import GitRepo

VECTORS = """\
type Vector = list[float]


def norm(vector: Vector) -> float:
    return sum(x * x for x in vector) ** 0.5
"""
PYPROJECT_314 = """\
[project]
name = "helpers"
version = "0.1.0"
requires-python = ">=3.14"
"""
PARSE = '''\
"""Parsing helpers."""


def to_int(value: str) -> int | None:
    """Parse or None."""
    try:
        return int(value)
    except TypeError, ValueError:
        return None
'''
MATHS = '''\
"""Maths helpers."""


def add(a: int, b: int) -> int:
    """Add."""
    return a + b
'''
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


def _scan(repo: GitRepo, tmp_path: Path) -> ScanResult:
    return scan_repository(
        open_repo(str(repo.path)),
        since=None,
        cache=AnalysisCache(tmp_path / "cache"),
        run_ruff_checks=False,
    )


def test_a_file_only_a_newer_python_reads_is_named_in_a_note(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/vectors.py", VECTORS)
    repo.write("app/main.py", "def main() -> None:\n    print('hi')\n")
    repo.commit("vectors")

    scan = _scan(repo, tmp_path)

    assert [f.rule for f in scan.findings if f.path == "app/vectors.py"] == []
    if sys.version_info >= (3, 12):
        assert scan.notes == ()
        assert scan.skipped.newer_python == 0
        return
    assert scan.skipped.newer_python == 1
    [note] = scan.notes
    assert note.en.startswith(
        f"`app/vectors.py` uses syntax of a newer Python than the one running this review "
        f"({VERSION}), which cannot read it, so no check looked inside (line 1: this `type` "
        "alias statement needs Python 3.12)."
    )
    assert note.zh.startswith(
        "`app/vectors.py` 用到了较新 Python 版本的语法（第 1 行：这条 `type` 别名语句要 Python "
        "3.12 及以上）"
    )


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="Python 3.14 reads PEP 758 itself")
def test_an_unbracketed_except_of_a_314_project_is_no_finding_and_no_quality_problem(
    tmp_path: Path,
) -> None:
    """``except TypeError, ValueError:`` in a project on ``requires-python = ">=3.14"``: the
    note said the file needs a newer Python, while its MB001 turned Code quality from good to
    partial. A real syntax error beside it is still the learner's to fix."""
    repo = GitRepo(tmp_path / "helpers").init()
    repo.write("pyproject.toml", PYPROJECT_314)
    repo.write("parse.py", PARSE)
    repo.write("maths.py", MATHS)
    repo.commit("helpers")

    scan = _scan(repo, tmp_path)
    matrix = assess_skills(scan.analyses, scan.findings, scan.stack, [f.path for f in scan.files])

    assert scan.findings == ()
    assert scan.skipped.newer_python == 1
    assert [note.en.split(" (")[0] for note in scan.notes] == [
        "`parse.py` uses syntax of a newer Python than the one running this review"
    ]
    assert "(line 8: this `except` of several types without brackets needs Python 3.14)" in (
        scan.notes[0].en
    )
    [quality] = [area for area in matrix.areas if area.key == "code-quality"]
    assert quality.code_quality.level == "good"

    repo.write("maths.py", MATHS.replace("-> int:", "-> int"))
    repo.commit("wip")
    broken = _scan(repo, tmp_path / "again")

    assert [(f.rule, f.severity, f.path, f.line) for f in broken.findings] == [
        ("MB001", "high", "maths.py", 4)
    ]
    assert broken.skipped.newer_python == 1
