"""What a commit holds, and which files on disk differ from it.

A review reads the files on disk but names a commit; these say where the two part (the scan's
``uncommitted`` list) and what the project looked like at an earlier review's commit (growth).
"""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.git_cli import run_git


def uncommitted_paths(root: Path | str, rev: str = "HEAD") -> set[str]:
    """Paths under ``root`` (relative to it) whose working-tree content is not ``rev``'s:
    changed, added or deleted, and untracked files git does not ignore. Git's own comparison,
    so line endings converted on checkout (``core.autocrlf``) count as unchanged, and so does a
    file whose mode alone changed (a checkout on a Windows drive marks every file executable)."""
    diff = ["diff", "--name-only", "--relative", "--no-renames", "-z", rev]
    changed = run_git(root, ["-c", "core.fileMode=false", *diff])
    untracked = run_git(root, ["ls-files", "--others", "--exclude-standard", "-z"])
    names = (changed.stdout + untracked.stdout).decode("utf-8", "replace").split("\0")
    return {name for name in names if name}


def tree_paths(root: Path | str, rev: str) -> list[str]:
    """The files of commit ``rev`` under ``root``, relative to it."""
    listed = run_git(root, ["ls-tree", "-r", "--name-only", "-z", rev])
    return [name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name]


def tree_blobs(root: Path | str, rev: str) -> dict[str, str]:
    """Each file of commit ``rev`` under ``root`` (relative to it) -> its blob sha."""
    listed = run_git(root, ["ls-tree", "-r", "-z", rev])
    blobs: dict[str, str] = {}
    for entry in listed.stdout.decode("utf-8", "replace").split("\0"):
        header, _, path = entry.partition("\t")
        fields = header.split()
        if path and len(fields) == 3 and fields[1] == "blob":
            blobs[path] = fields[2]
    return blobs
