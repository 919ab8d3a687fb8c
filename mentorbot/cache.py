"""A content-addressed cache of per-file analysis, so a re-review only parses what changed.

An entry is keyed by a fingerprint of the analyzer's own source (so a changed detector never
serves stale results), the file's path and its git blob sha: the same
content at the same path always gives the same signals and findings (ruff's included, which run
with ``--isolated`` and so depend on nothing else).

Entries are rows of small SQLite files in the cache dir, one per analyzer fingerprint, not a file
each: a cold review of a 1,000-commit history writes ~1,400 entries, which as JSON files cost
about a second of file-system calls (a temp file and a rename each) and as rows of one
transaction 0.05 s. A background thread writes them, a batch per transaction, while the review
goes on; until then ``get`` serves them from memory. The thread is not a daemon: a process that
exits first still writes what is queued. WAL mode lets the CLI, the server and batch workers use
the same files at once. A file SQLite cannot open or read (locked too long, a read-only disk) is
a miss and never fails a review; a corrupt one is replaced.

The same cache keeps where each fixed line came from (``origin``): ``git blame`` of a line as
of a commit never changes, and blaming the 200 fixed lines of a long history took a quarter of
a second of every full-history review. Those entries do not depend on the analyzer, so they live
in a file of their own and outlast a rules change. Whether a commit's diff shows a hint of
a fix (``quiet_fixes``) is kept by commit too, with the analyses: the hints are the rules'.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import deque
from pathlib import Path

from pydantic import ValidationError

from mentorbot.cache_store import KeyValueFile, prune_stale
from mentorbot.domain import FileAnalysis, Finding, Frozen
from mentorbot.rules.registry import analyzer_fingerprint, screen_fingerprint


class CachedFile(Frozen):
    analysis: FileAnalysis
    ruff: tuple[Finding, ...] | None = None


BlameOrigin = tuple[str, str]
"""The sha and ISO author date of the commit that last changed a line."""
NO_ORIGIN: BlameOrigin = ("", "")
"""A line known to have no origin at that commit (the file or the line is not there)."""
_FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
ORIGINS_NAME = "origins-10"
"""Named for how origins are found: since "-2" blame follows lines moved in from other files,
since "-3" it looks past commits that only renamed a line's names, since "-4" past ones that
edited a flagged line into one much like it, since "-5" past rewrapped statements and a
secret's new value, since "-6" "no tests" past any edit of the line it is shown at, since "-7"
past a flagged line taken out for a new one that begins alike and past a move git did not
pair, and pydantic v1 code from the move to pydantic 2, since "-8" a distinct secret value to
the first commit of it in any file, since "-9" "no tests" from the first commit with a bot's
handlers, since "-10" a short secret value to the first commit that added it as a secret in any
file; answers remembered before are not served."""


class AnalysisCache:
    """Reads and writes cached file analyses and line origins; a ``None`` directory disables
    caching."""

    def __init__(self, directory: Path | None) -> None:
        fingerprint = analyzer_fingerprint()[:12]
        self.analyses = (
            KeyValueFile(directory / f"analysis-{fingerprint}.sqlite3", ("analyses", "screens"))
            if directory
            else None
        )
        self.origins = (
            KeyValueFile(directory / f"{ORIGINS_NAME}.sqlite3", ("origins",)) if directory else None
        )
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self.origin_hits = 0
        self._pruned = False
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str], CachedFile | BlameOrigin | bool] = {}
        self._queue: deque[tuple[KeyValueFile, str, str, bytes]] = deque()
        self._writer: threading.Thread | None = None

    def _read(
        self, store: KeyValueFile | None, table: str, key: str
    ) -> tuple[CachedFile | BlameOrigin | bool | None, bytes | None]:
        """What is pending for ``key``, else its stored bytes."""
        with self._lock:
            pending = self._pending.get((table, key))
        if pending is not None or store is None:
            return pending, None
        return None, store.read(table, key)

    def get(self, path: str, blob_sha: str) -> CachedFile | None:
        if self.analyses is None:
            self.misses += 1
            return None
        pending, stored = self._read(self.analyses, "analyses", _digest(path, blob_sha))
        cached = pending if isinstance(pending, CachedFile) else None
        if cached is None and stored is not None:
            try:
                cached = CachedFile.model_validate_json(stored)
            except (ValidationError, ValueError):
                cached = None
        if cached is None:
            self.misses += 1
            return None
        self.hits += 1
        return cached

    def put(self, cached: CachedFile) -> None:
        """Queue the entry for writing; it is served from memory until it is written."""
        if self.analyses is not None:
            key = _digest(cached.analysis.path, cached.analysis.blob_sha)
            data = cached.model_dump_json().encode()
            self._queue_write(self.analyses, "analyses", key, cached, data)

    def origin(self, rev: str, path: str, line: int) -> BlameOrigin | None:
        """The remembered origin of ``path:line`` as of commit ``rev`` (``NO_ORIGIN`` when it
        has none); None when it is not known yet."""
        if self.origins is None or not _FULL_SHA.match(rev):
            return None  # only a commit id names history that cannot change
        pending, stored = self._read(self.origins, "origins", _digest(rev, path, str(line)))
        found: BlameOrigin | None = pending if isinstance(pending, tuple) else None
        if found is None and stored is not None:
            try:
                sha, date = json.loads(stored)
                found = (str(sha), str(date))
            except (ValueError, TypeError):
                found = None
        if found is not None:
            self.origin_hits += 1
        return found

    def put_origin(self, rev: str, path: str, line: int, origin: BlameOrigin | None) -> None:
        """Remember what ``git blame`` said of ``path:line`` as of commit ``rev``."""
        if self.origins is not None and _FULL_SHA.match(rev):
            known = origin or NO_ORIGIN
            key = _digest(rev, path, str(line))
            self._queue_write(self.origins, "origins", key, known, json.dumps(known).encode())

    def screened(self, sha: str) -> bool | None:
        """Whether commit ``sha``'s diff showed a hint of a fix; None when not screened yet."""
        if self.analyses is None or not _FULL_SHA.match(sha):
            return None
        pending, stored = self._read(self.analyses, "screens", _screen_key(sha))
        if isinstance(pending, bool):
            return pending
        try:
            verdict = json.loads(stored) if stored is not None else None
        except ValueError:
            return None
        return verdict if isinstance(verdict, bool) else None

    def put_screened(self, sha: str, verdict: bool) -> None:
        if self.analyses is not None and _FULL_SHA.match(sha):
            key = _screen_key(sha)
            self._queue_write(self.analyses, "screens", key, verdict, json.dumps(verdict).encode())

    def _queue_write(
        self,
        store: KeyValueFile,
        table: str,
        key: str,
        value: CachedFile | BlameOrigin | bool,
        data: bytes,
    ) -> None:
        with self._lock:
            self._pending[(table, key)] = value
            self._queue.append((store, table, key, data))
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_queued, name="analysis-cache-writer"
                )
                self._writer.start()

    def flush(self) -> None:
        """Wait until every queued entry is written (or failed to be)."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.join()

    def _write_queued(self) -> None:
        if not self._pruned and self.directory is not None:
            # Once per cache, beside the writes: an old layout's tens of thousands of files may
            # take seconds, which no review should wait for; what is left goes next time.
            self._pruned = True
            in_use = [store.path.name for store in (self.analyses, self.origins) if store]
            threading.Thread(
                target=prune_stale,
                args=(self.directory, in_use, time.time()),
                name="analysis-cache-pruner",
                daemon=True,
            ).start()
        while True:
            with self._lock:
                if not self._queue:
                    self._writer = None
                    return
                batch = list(self._queue)
                self._queue.clear()
            by_store: dict[KeyValueFile, list[tuple[str, str, bytes]]] = {}
            for store, table, key, data in batch:
                by_store.setdefault(store, []).append((table, key, data))
            for store, rows in by_store.items():
                store.write(rows)
            with self._lock:
                for _, table, key, _ in batch:
                    self._pending.pop((table, key), None)

    def close(self) -> None:
        """Write what is queued and close the files; a later use opens them again."""
        self.flush()
        for store in (self.analyses, self.origins):
            if store is not None:
                store.close()


def _digest(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()


def _screen_key(sha: str) -> str:
    """A commit's screen verdict, as the screen of this version of the tool gave it."""
    return f"{screen_fingerprint()[:12]}:{sha}"
