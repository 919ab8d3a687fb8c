"""Open the folder a learner asks us to review and say what kind of repository it is.

Root decision: the review covers exactly the folder the learner named. When that folder is a
subfolder of a git work tree (one project of a monorepo, a course folder inside a bigger repo),
``root`` is still that folder, so the walk does not wander into siblings; ``git_root`` records the
work tree top. ``has_git`` is true in both cases. Pass ``root`` (not ``git_root``) to
``mentorbot.analysis.git``: given a subfolder, it lists only the commits that touched it and
reports paths relative to it, the same paths the walk gives. A plain folder without git is
reviewable too: it just has no history.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.errors import RepoError


@dataclass(frozen=True, slots=True)
class RepoInfo:
    root: Path
    has_git: bool
    head: str | None = None
    branch: str | None = None
    empty: bool = False
    git_root: Path | None = None
    shallow: bool = False
    """A shallow clone (``git clone --depth``): its oldest commits' parents are not in it."""

    @property
    def is_subfolder(self) -> bool:
        """True when the reviewed folder lies inside a bigger git work tree."""
        return self.git_root is not None and self.git_root != self.root


def _is_git_storage(folder: Path) -> bool:
    """A bare repository, a ``.git`` folder or a folder inside one: reviewing it would read
    git's hooks and packs as the learner's code and write the log among them."""
    if ".git" in folder.parts:
        return True
    return (
        (folder / "HEAD").is_file() and (folder / "objects").is_dir() and (folder / "refs").is_dir()
    )


def _has_git_marker(folder: Path) -> bool:
    return any((candidate / ".git").exists() for candidate in (folder, *folder.parents))


def open_repo(path: str | Path) -> RepoInfo:
    """Check ``path`` is a readable folder and read its git state (if any).

    Raises ``RepoError`` with code ``not-found``, ``not-a-directory``, ``unreadable`` or
    ``git-storage`` (a bare repository or a ``.git`` folder: git's data, not the learner's files).
    """
    given = Path(path).expanduser()
    if not given.exists():
        raise RepoError(f"No such directory: {path}", code="not-found")
    root = given.resolve()
    if not root.is_dir():
        raise RepoError(f"Not a directory: {path}", code="not-a-directory")
    if not os.access(root, os.R_OK | os.X_OK):
        raise RepoError(f"Cannot read directory: {path}", code="unreadable")
    try:
        with os.scandir(root) as entries:
            next(entries, None)
    except OSError as exc:
        raise RepoError(f"Cannot read directory: {path}", code="unreadable") from exc
    if _is_git_storage(root):
        raise RepoError(
            f"{path} holds a git repository's own data (a bare repository or a .git folder), "
            "not its files: review a clone of it, or the folder that contains the .git",
            code="git-storage",
        )
    if not _has_git_marker(root):
        return RepoInfo(root=root, has_git=False)
    found = git.toplevel(root)
    if found is None:
        # A .git above us that git itself does not recognise (or a bare repo): no history.
        return RepoInfo(root=root, has_git=False)
    top, shallow = found
    head = git.head_sha(root)
    return RepoInfo(
        root=root,
        has_git=True,
        head=head,
        branch=git.branch(root),
        empty=head is None,
        git_root=top,
        shallow=shallow,
    )
