"""Every category of mistake, committed in a real repo, is found, cited and grounded by a review.

Each repo is the first bad example case of the rule for that category (the same cases the rule's
unit tests prove), committed with git and reviewed through the whole graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mentorbot.domain import CATEGORIES
from mentorbot.rules.registry import all_rules
from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded

RULE_BY_CATEGORY = {
    category: next(rule for rule in all_rules() if rule.category == category and rule.bad)
    for category in CATEGORIES
    if category != "other"
}


def test_every_category_has_a_rule_with_a_bad_case() -> None:
    assert set(RULE_BY_CATEGORY) == set(CATEGORIES) - {"other"}


@pytest.mark.parametrize("category", sorted(RULE_BY_CATEGORY))
async def test_category_found_and_grounded(
    category: str, review: Any, learner: str, tmp_path: Path
) -> None:
    rule = RULE_BY_CATEGORY[category]
    case = rule.bad[0]
    assert case.hits, f"{rule.id} bad case names no expected hit"
    repo = GitRepo(tmp_path / category).init()
    for path, content in case.files.items():
        repo.write(path, content)
    repo.commit(f"feat: {category} example")

    result = await review(repo_path=str(repo.path), learner=learner, language="en")
    found = {(f.path, f.line) for f in result["report"].findings if f.category == category}
    assert set(case.hits) <= found
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    for path, line in case.hits:
        assert f"`{path}:{line}`" in log
    assert_grounded(repo.path, log)
    assert_grounded(repo.path, result["report"].model_dump_json())
