"""One SQLite file of key -> bytes tables: where the analysis cache keeps its entries.

One connection per file and process, shared by its threads under a lock: a read is a primary-key
lookup of tens of microseconds, and the cache's writer thread holds the lock only for the one
transaction that writes a whole batch. WAL mode lets other processes read while one writes, and
a writer waits up to ``BUSY_TIMEOUT_S`` for another's transaction.

Nothing here ever fails a review. A file that is not a database (corrupt, truncated, overwritten)
is deleted and made again; one that cannot be opened or written at all (a read-only disk, a
lock held too long) makes every read a miss and drops the writes, with one warning.

``prune_stale`` clears out what an upgrade leaves behind: another analyzer version's file, and
the folders of the layout before this one (a JSON file per entry, tens of thousands of them).
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
import threading
from collections.abc import Collection, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0


class KeyValueFile:
    """The named tables (``key TEXT PRIMARY KEY, value BLOB``) of one SQLite file, opened on
    first use."""

    def __init__(self, path: Path, tables: Sequence[str]) -> None:
        self.path = path
        self.tables = tuple(tables)
        self._connection: sqlite3.Connection | None = None
        self._unusable = False
        self._lock = threading.Lock()

    def read(self, table: str, key: str) -> bytes | None:
        """The value stored under ``key``; None when there is none or it cannot be read."""
        with self._lock:
            connection = self._connect()
            if connection is None:
                return None
            try:  # table names are ours, never the learner's
                row = connection.execute(
                    f"SELECT value FROM {table} WHERE key = ?",
                    (key,),
                ).fetchone()
            except sqlite3.Error as error:
                self._failed("read from", error)
                return None
        return bytes(row[0]) if row is not None else None

    def write(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Store ``(table, key, value)`` rows in one transaction; on failure they are lost."""
        with self._lock:
            connection = self._connect()
            if connection is None:
                return
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    for table in dict.fromkeys(table for table, _, _ in rows):
                        connection.executemany(
                            f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)",
                            [(key, value) for name, key, value in rows if name == table],
                        )
                    connection.execute("COMMIT")
                except sqlite3.Error:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                self._failed(f"write {len(rows)} entries to", error)

    def close(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _connect(self) -> sqlite3.Connection | None:
        """The open connection, opening (or replacing a corrupt file) on first use."""
        if self._connection is None and not self._unusable:
            try:
                self._connection = self._open()
            except sqlite3.OperationalError as error:
                self._give_up(error)
            except sqlite3.DatabaseError as error:
                log.warning(
                    "the cache file %s is corrupt (%s); starting it again", self.path, error
                )
                self._remove()
                try:
                    self._connection = self._open()
                except sqlite3.Error as again:
                    self._give_up(again)
        return self._connection

    def _failed(self, what: str, error: sqlite3.Error) -> None:
        """A lock held too long costs this read or write; a corrupt file is made again on the
        next use."""
        log.warning("could not %s the cache file %s: %s", what, self.path, error)
        if not isinstance(error, sqlite3.OperationalError) and self._connection is not None:
            self._connection.close()
            self._connection = None
            self._remove()

    def _give_up(self, error: sqlite3.Error) -> None:
        self._unusable = True
        log.warning("no analysis cache this time: cannot use %s (%s)", self.path, error)

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise sqlite3.OperationalError(str(error)) from error
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
        )
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            for table in self.tables:
                connection.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} "
                    "(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID"
                )
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            except OSError:
                pass


STALE_AFTER_S = 7 * 24 * 3600
"""Another analyzer's cache file untouched this long belongs to a version no longer run here."""
_STALE_CACHE = re.compile(r"^analysis-[0-9a-f]{12}\.sqlite3(-wal|-shm)?$")
_OLD_LAYOUT = re.compile(r"^(analysis-[0-9a-f]{12}|origins(-\d+)?)$")
"""Folders of the layout before SQLite: a JSON file per entry, by fingerprint, and line origins."""


def prune_stale(directory: Path, keep: Collection[str], now: float) -> list[str]:
    """Remove what no review here will read again: the folders of the old one-file-per-entry
    layout, and the files of other analyzer versions untouched for ``STALE_AFTER_S``.

    ``keep`` names the files in use. Everything else in the folder (the model's weights) is left
    alone, and so is whatever cannot be removed. Returns the names removed.
    """
    removed: list[str] = []
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        try:
            if _OLD_LAYOUT.match(name) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            elif (
                _STALE_CACHE.match(name)
                and name.split(".sqlite3")[0] + ".sqlite3" not in keep
                and now - entry.stat().st_mtime > STALE_AFTER_S
            ):
                entry.unlink()
            else:
                continue
        except OSError:
            continue
        removed.append(name)
    return removed
