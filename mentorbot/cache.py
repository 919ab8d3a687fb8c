"""A content-addressed cache of per-file analysis, so a re-review only parses what changed.

An entry is keyed by a fingerprint of the analyzer's own source (so a changed detector never
serves stale results), the file's path and its git blob sha: the same
content at the same path always gives the same signals and findings (ruff's included, which run
with ``--isolated`` and so depend on nothing else). Entries are small JSON files under the cache
dir; a corrupt or unreadable entry is treated as a miss.

Writing an entry costs ~1 ms of file system calls, so entries are written by a background
thread while the review goes on (the calls release the GIL); until then ``get`` serves them from
memory. The thread is not a daemon: a process that exits first still writes what is queued.

The same cache keeps where each fixed line came from (``origin``): ``git blame`` of a line as
of a commit never changes, and blaming the 200 fixed lines of a long history took a quarter of
a second of every full-history review. Those entries do not depend on the analyzer, so they live
beside the analysis folders and outlast a rules change. Whether a commit's diff shows a hint of
a fix (``quiet_fixes``) is kept by commit too, with the analyses: the hints are the rules'.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from collections import deque
from pathlib import Path

from pydantic import ValidationError

from mentorbot.domain import FileAnalysis, Finding, Frozen
from mentorbot.rules.registry import analyzer_fingerprint


class CachedFile(Frozen):
    analysis: FileAnalysis
    ruff: tuple[Finding, ...] | None = None


BlameOrigin = tuple[str, str]
"""The sha and ISO author date of the commit that last changed a line."""
NO_ORIGIN: BlameOrigin = ("", "")
"""A line known to have no origin at that commit (the file or the line is not there)."""
_FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
ORIGINS_FOLDER = "origins-2"
"""Named for how blame is asked: since "-2" it follows lines moved in from other files, so
answers remembered before (the move's commit) are not served."""


class AnalysisCache:
    """Reads and writes cached file analyses and line origins; a ``None`` directory disables
    caching."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = (
            directory / f"analysis-{analyzer_fingerprint()[:12]}" if directory else None
        )
        self.origins_directory = directory / ORIGINS_FOLDER if directory else None
        self.hits = 0
        self.misses = 0
        self.origin_hits = 0
        self._lock = threading.Lock()
        self._pending: dict[Path, CachedFile | BlameOrigin | bool] = {}
        self._queue: deque[tuple[Path, bytes]] = deque()
        self._writer: threading.Thread | None = None

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
        with self._lock:
            pending = self._pending.get(entry)
        cached = pending if isinstance(pending, CachedFile) else None
        if cached is None:
            try:
                cached = CachedFile.model_validate_json(entry.read_bytes())
            except (OSError, ValidationError, ValueError):
                self.misses += 1
                return None
        self.hits += 1
        return cached

    def put(self, cached: CachedFile) -> None:
        """Queue the entry for writing; it is served from memory until it is on disk."""
        entry = self._entry(cached.analysis.path, cached.analysis.blob_sha)
        if entry is not None:
            self._queue_write(entry, cached, cached.model_dump_json().encode())

    def _origin_entry(self, rev: str, path: str, line: int) -> Path | None:
        if self.origins_directory is None or not _FULL_SHA.match(rev):
            return None  # only a commit id names history that cannot change
        key = hashlib.sha1(f"{rev}\0{path}\0{line}".encode()).hexdigest()
        return self.origins_directory / key[:2] / f"{key}.json"

    def origin(self, rev: str, path: str, line: int) -> BlameOrigin | None:
        """The remembered origin of ``path:line`` as of commit ``rev`` (``NO_ORIGIN`` when it
        has none); None when it is not known yet."""
        entry = self._origin_entry(rev, path, line)
        if entry is None:
            return None
        with self._lock:
            pending = self._pending.get(entry)
        if isinstance(pending, tuple):
            found: BlameOrigin | None = pending
        else:
            try:
                sha, date = json.loads(entry.read_bytes())
                found = (str(sha), str(date))
            except (OSError, ValueError, TypeError):
                return None
        self.origin_hits += 1
        return found

    def put_origin(self, rev: str, path: str, line: int, origin: BlameOrigin | None) -> None:
        """Remember what ``git blame`` said of ``path:line`` as of commit ``rev``."""
        entry = self._origin_entry(rev, path, line)
        if entry is not None:
            known = origin or NO_ORIGIN
            self._queue_write(entry, known, json.dumps(known).encode())

    def _screen_entry(self, sha: str) -> Path | None:
        if self.directory is None or not _FULL_SHA.match(sha):
            return None
        return self.directory / "screens" / sha[:2] / f"{sha}.json"

    def screened(self, sha: str) -> bool | None:
        """Whether commit ``sha``'s diff showed a hint of a fix; None when not screened yet."""
        entry = self._screen_entry(sha)
        if entry is None:
            return None
        with self._lock:
            pending = self._pending.get(entry)
        if isinstance(pending, bool):
            return pending
        try:
            verdict = json.loads(entry.read_bytes())
        except (OSError, ValueError):
            return None
        return verdict if isinstance(verdict, bool) else None

    def put_screened(self, sha: str, verdict: bool) -> None:
        entry = self._screen_entry(sha)
        if entry is not None:
            self._queue_write(entry, verdict, json.dumps(verdict).encode())

    def _queue_write(
        self, entry: Path, value: CachedFile | BlameOrigin | bool, data: bytes
    ) -> None:
        with self._lock:
            self._pending[entry] = value
            self._queue.append((entry, data))
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_queued, name="analysis-cache-writer"
                )
                self._writer.start()

    def flush(self) -> None:
        """Wait until every queued entry is on disk (or failed to get there)."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.join()

    def _write_queued(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._writer = None
                    return
                entry, data = self._queue.popleft()
            _write_entry(entry, data)
            with self._lock:
                self._pending.pop(entry, None)


def _write_entry(entry: Path, data: bytes) -> None:
    """Atomically, so a reader never sees half an entry; a failure only loses the entry."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
    except OSError:
        return
