"""A rule that fails on a file checked nothing there: the log said "nothing unusual to report"
while MB101 had skipped a file. The scan names the rule and the file in a note."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.rules import engine
from mentorbot.rules.base import FileContext, Hit
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo


def test_a_rule_that_fails_on_a_file_is_named_in_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = engine.all_rules()

    def fails_on_loader(ctx: FileContext) -> Iterator[Hit]:
        if ctx.path == "scripts/load.py":
            raise KeyError("dataframe")
        yield from ()

    broken = [
        dataclasses.replace(rule, check_file=fails_on_loader) if rule.id == "MB108" else rule
        for rule in rules
    ]
    monkeypatch.setattr(engine, "all_rules", lambda: broken)
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("scripts/load.py", "import pandas as pd\n\nframe = pd.read_excel('a.xlsx')\n")
    repo.write("app/main.py", "def main() -> None:\n    print('hi')\n")
    repo.commit("loader")

    scan = scan_repository(
        open_repo(str(repo.path)),
        since=None,
        cache=AnalysisCache(None),
        run_ruff_checks=False,
    )

    [note] = [note for note in scan.notes if "MB108" in note.en]
    assert "`scripts/load.py`" in note.en and "`app/main.py`" not in note.en
    assert "MB108" in note.zh and "`scripts/load.py`" in note.zh
