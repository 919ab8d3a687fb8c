"""A fix made in a notebook is quoted by the cell's code it changed, not by the plot output the
cell made anew (a base64 image, blind check a1); keys a cell printed are quoted hidden (blind
check s2)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from mentorbot.rules._secret_aws_cases import AWS_KEY_ID, AWS_SECRET_KEY
from mentorbot.rules.secret_patterns import MARK
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


def _printing_notebook(source: list[str], printed: list[str]) -> str:
    output = {"name": "stdout", "output_type": "stream", "text": printed}
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "a1",
        "metadata": {},
        "outputs": [output] if printed else [],
        "source": source,
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1) + "\n"


def test_an_aws_key_pair_a_cell_printed_is_quoted_hidden(tmp_path: Path) -> None:
    """The lesson hid the printed key id but showed the secret key beside it in full."""
    reads = [
        "import os\n",
        'AWS_ACCESS_KEY = os.getenv("AWS_ACCESS_KEY_ID")\n',
        'AWS_SECRET_KEY = os.getenv("AWS_SECRET_ACCESS_KEY")\n',
    ]
    prints = [
        'print("AWS_ACCESS_KEY:", AWS_ACCESS_KEY)\n',
        'print("AWS_SECRET_KEY:", AWS_SECRET_KEY)\n',
    ]
    printed = [
        f"AWS_ACCESS_KEY: {AWS_KEY_ID}\n",
        f"AWS_SECRET_KEY: {AWS_SECRET_KEY}\n",
        "AWS_REGION: ca-central-1\n",
    ]
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("notebooks/ingest.ipynb", _printing_notebook(reads + prints, printed))
    repo.commit("data ingestion notebook")
    repo.write("notebooks/ingest.ipynb", _printing_notebook(reads, []))
    sha = repo.commit("fix: stop printing the AWS keys in the ingestion notebook")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.category) == (sha, "hardcoded-secret")
    assert f'"AWS_SECRET_KEY: {MARK}\\n",' in lesson.before
    assert AWS_SECRET_KEY not in lesson.before + lesson.after
