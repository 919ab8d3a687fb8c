"""Tests of the rule catalogue; ``review_files`` runs the real pipeline on files in a temp dir."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mentorbot.analysis.stack import detect_stack
from mentorbot.domain import Finding
from mentorbot.rules.review import review_sources


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
