"""A content-addressed cache of per-file analysis, so a re-review only parses what changed.

An entry is keyed by a fingerprint of the analyzer's own source (so a changed detector never
serves stale results), the file's path and its git blob sha: the same
content at the same path always gives the same signals and findings (ruff's included, which run
with ``--isolated`` and so depend on nothing else). Entries are small JSON files under the cache
dir; a corrupt or unreadable entry is treated as a miss.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from mentorbot.domain import FileAnalysis, Finding, Frozen
from mentorbot.rules.registry import analyzer_fingerprint


class CachedFile(Frozen):
    analysis: FileAnalysis
    ruff: tuple[Finding, ...] | None = None


class AnalysisCache:
    """Reads and writes cached file analyses; a ``None`` directory disables caching."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = (
            directory / f"analysis-{analyzer_fingerprint()[:12]}" if directory else None
        )
        self.hits = 0
        self.misses = 0

    def _entry(self, path: str, blob_sha: str) -> Path | None:
        if self.directory is None:
            return None
        key = hashlib.sha1(f"{path}\0{blob_sha}".encode()).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, path: str, blob_sha: str) -> CachedFile | None:
        entry = self._entry(path, blob_sha)
        if entry is None:
            self.misses += 1
            return None
        try:
            cached = CachedFile.model_validate_json(entry.read_bytes())
        except (OSError, ValidationError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return cached

    def put(self, cached: CachedFile) -> None:
        entry = self._entry(cached.analysis.path, cached.analysis.blob_sha)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(cached.model_dump_json().encode())
            os.replace(tmp, entry)
        except OSError:
            return
