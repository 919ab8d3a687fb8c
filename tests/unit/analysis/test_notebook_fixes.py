"""A fix made in a notebook is quoted by the cell's code it changed, not by the plot output the
cell made anew (a base64 image, blind check a1)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons


def _notebook(source: str, image: bytes) -> str:
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [
            {
                "data": {
                    "image/png": base64.b64encode(image).decode(),
                    "text/plain": ["<Figure size 640x480 with 1 Axes>"],
                },
                "metadata": {},
                "output_type": "display_data",
            }
        ],
        "source": source.splitlines(keepends=True),
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, sort_keys=True) + "\n"


SURVIVAL = """\
import pandas as pd

df = pd.read_csv("train.csv")
rate = df.Survived.sum() / len(df.columns)
df.groupby("Sex").Survived.mean().plot.bar(title=f"survival {rate:.0%}")
"""


def test_a_notebook_fix_is_quoted_by_the_code_it_changed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("explore.ipynb", _notebook(SURVIVAL, bytes(range(200)) * 4))
    repo.commit("survival by sex")
    fixed = SURVIVAL.replace("len(df.columns)", "len(df)")
    repo.write("explore.ipynb", _notebook(fixed, bytes(range(199, -1, -1)) * 4))
    sha = repo.commit("fix: survival rate divided by the number of columns")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.commit == sha
    assert "len(df)" in lesson.after and "len(df.columns)" in lesson.before
    assert "image/png" not in lesson.before + lesson.after
