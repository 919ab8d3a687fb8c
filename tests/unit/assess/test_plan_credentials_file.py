"""A credentials file a service hands out (Kaggle's ``kaggle.json``) cannot read its key from
the environment: the finding and the plan tell the learner to stop committing the file
(blind check a1)."""

from __future__ import annotations

import json

from mentorbot.rules.review import review_sources
from tests.unit.assess.scenarios import Scan, plan_for

KAGGLE = {"username": "ohheydom", "key": "a8f3c91d0e7b4b2f9c6d1e5a7b3c9d2f"}


def test_a_committed_kaggle_json_is_a_task_to_stop_committing_it() -> None:
    sources = {
        "kaggle.json": json.dumps(KAGGLE).encode(),
        "titanic.py": b'import pandas as pd\n\ntrain = pd.read_csv("train.csv")\n',
    }
    [found] = [f for f in review_sources(sources, []) if f.rule == "MB107"]
    scan = Scan(analyses=[], findings=[found], stack=[], paths=list(sources))
    task = next(t.text.en for t in plan_for(scan).tasks if "kaggle.json" in t.text.en)

    assert (found.path, found.line) == ("kaggle.json", 1)
    assert "read it from the environment" not in found.message.en
    assert "keep it out of git" in found.message.en
    assert task.startswith(
        "Stop committing kaggle.json: take it out of git with `git rm --cached kaggle.json`"
    )
