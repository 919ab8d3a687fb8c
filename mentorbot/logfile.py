"""The learning log on disk: its path, its step number and the atomic write.

A re-run merges the new render into the file that is there; the section markers and the merge
policy for sections the learner edited are in ``mentorbot.logfile_sections``.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mentorbot.errors import LogConflictError
from mentorbot.logfile_sections import MergeResult, merge_sections, parse_log

LOG_NAME = re.compile(r"^learning_log_step(\d+)\.md$")
MAX_STEP = 10_000
"""The highest step a review may have: a step is stored as a 32-bit integer, and no learner
writes ten thousand logs. A file named with a larger number is not taken for a step log."""
NEW_FILE_MODE = 0o644


@dataclass(frozen=True)
class WriteResult:
    path: Path
    created: bool
    written: bool
    merge: MergeResult | None = None


def next_step(docs_dir: Path) -> int:
    """One past the highest ``learning_log_step<N>.md`` in ``docs_dir``; 1 when there is none."""
    if not docs_dir.is_dir():
        return 1
    steps = [int(m[1]) for p in docs_dir.iterdir() if (m := LOG_NAME.match(p.name))]
    return min(max((step for step in steps if step <= MAX_STEP), default=0) + 1, MAX_STEP)


def log_path(repo_root: Path, step: int) -> Path:
    if step < 1:
        raise ValueError(f"step must be 1 or more, got {step}")
    return repo_root / "docs" / f"learning_log_step{step}.md"


def write_log(path: Path, content: str) -> None:
    """Replace ``path`` atomically: a reader (or a crash) sees the old file or the new, never half.

    The temp file lives in the same directory so ``os.replace`` is a rename on one filesystem;
    the file's permission bits survive, and a symlink is refused rather than silently replaced.
    """
    if path.is_symlink():
        raise LogConflictError(f"{path} is a symlink; refusing to replace it with a regular file")
    if path.exists() and not path.is_file():
        raise LogConflictError(f"{path} exists and is not a regular file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else NEW_FILE_MODE
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(error, OSError):  # a full disk, a folder that went read-only
            raise _unwritable(path, error) from None
        raise
    _fsync_directory(path.parent)


def _unwritable(path: Path, error: OSError) -> LogConflictError:
    """The log at ``path`` could not be written, and why in words: a file where its folder
    should be is the usual reason (a ``docs`` file in the repository)."""
    reason = error.strerror or str(error) or type(error).__name__
    for parent in (path.parent, *path.parent.parents):
        if parent.exists() and not parent.is_dir():
            reason = f"{parent} is a file, not a folder"
            break
        if parent.is_dir():
            break
    return LogConflictError(f"cannot write {path}: {reason}")


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _inside(repo_root: Path, path: Path) -> None:
    """The default log stays in the repository: a ``docs`` symlink to a folder outside it
    (another project's, a system one) is refused rather than written through."""
    root = repo_root.resolve()
    if not path.parent.resolve().is_relative_to(root):
        raise LogConflictError(
            f"{path.parent} leads outside the repository (a symlink?); refusing to write the log "
            "there: use --output to choose where it goes"
        )


def read_log(path: Path) -> str:
    """The file's exact text (line endings kept); not UTF-8 means we must not rewrite it."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LogConflictError(f"{path} is not UTF-8 text; refusing to rewrite it") from exc


def write_review_log(
    repo_root: Path, step: int, rendered: str, *, output: Path | None = None
) -> WriteResult:
    """Write the rendered log for ``step``, merging into the file when it already exists.

    ``output`` replaces the default ``docs/learning_log_step<N>.md``. On a conflict nothing is
    written and LogConflictError names the file and the offending line.
    """
    path = output if output is not None else log_path(repo_root, step)
    if output is None:
        _inside(repo_root, path)
    if path.is_dir():
        raise LogConflictError(f"{path} is a directory; the log must go to a file")
    if not path.exists() and not path.is_symlink():
        try:
            parse_log(rendered)
        except LogConflictError as exc:
            raise LogConflictError(f"rendered log is malformed: {exc}") from exc
        write_log(path, rendered)
        return WriteResult(path=path, created=True, written=True)
    existing = read_log(path)
    try:
        merged = merge_sections(existing, rendered)
    except LogConflictError as exc:
        raise LogConflictError(f"{path}: {exc}; the file was left unchanged") from exc
    if merged.content == existing:
        return WriteResult(path=path, created=False, written=False, merge=merged)
    write_log(path, merged.content)
    return WriteResult(path=path, created=False, written=True, merge=merged)
