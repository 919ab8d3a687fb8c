"""A file in syntax of a newer Python than the review's is valid code no check could read: the
scan names it in a note (the log's problems leave it out), instead of calling it a syntax error."""

from __future__ import annotations

import sys
from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo

VECTORS = """\
type Vector = list[float]


def norm(vector: Vector) -> float:
    return sum(x * x for x in vector) ** 0.5
"""


def test_a_file_only_a_newer_python_reads_is_named_in_a_note(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/vectors.py", VECTORS)
    repo.write("app/main.py", "def main() -> None:\n    print('hi')\n")
    repo.commit("vectors")

    scan = scan_repository(
        open_repo(str(repo.path)),
        since=None,
        cache=AnalysisCache(tmp_path / "cache"),
        run_ruff_checks=False,
    )

    if sys.version_info >= (3, 12):
        assert [f.rule for f in scan.findings if f.path == "app/vectors.py"] == []
        assert scan.notes == ()
        return
    assert [(f.rule, f.severity, f.path) for f in scan.findings] == [
        ("MB001", "low", "app/vectors.py")
    ]
    [note] = scan.notes
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert note.en.startswith(
        f"`app/vectors.py` uses syntax of a newer Python than the one running this review "
        f"({version}), which cannot read it, so no check looked inside."
    )
    assert note.zh.startswith("`app/vectors.py` 用到了较新 Python 版本的语法")
