"""Tests of the rule catalogue; ``review_files`` runs the real pipeline on files in a temp dir."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from mentorbot.analysis.stack import detect_stack
from mentorbot.domain import Finding
from mentorbot.rules.registry import all_rules
from mentorbot.rules.review import review_sources

BAD_CASES = [
    pytest.param(rule, case, id=f"{rule.id}-{rule.name}-bad{index}")
    for rule in all_rules()
    for index, case in enumerate(rule.bad)
]
"""``(rule, case)`` for every bad case of every rule, named after both."""
GOOD_CASES = [
    pytest.param(rule, case, id=f"{rule.id}-{rule.name}-good{index}")
    for rule in all_rules()
    for index, case in enumerate(rule.good)
]


def review_files(root: Path, files: Mapping[str, str | bytes]) -> list[Finding]:
    """Write ``files`` under ``root``, detect the stack from them and review them with ruff."""
    sources: dict[str, bytes] = {}
    for relative, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        sources[relative] = data
    return review_sources(sources, detect_stack(root, list(files)))
