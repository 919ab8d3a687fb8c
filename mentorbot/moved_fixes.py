"""The commit that fixed a problem whose file a commit deleted or moved away.

A deleted file's problems went with it, in the commit that deleted it. A moved file's did not:
they went with the file to its new path, and the commit that fixed one is the first, from the
move on, after which the new file no longer shows it. Naming the move itself
(``git mv src/ blog_api/``) claimed a fix the learner never made (blind check history 40).
The file is followed through up to ``MAX_MOVES`` renames. So is code a commit carried from a
file that stays into another one (history 43).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from mentorbot.analysis import git, git_blame
from mentorbot.analysis.file_text import source_text
from mentorbot.analysis.git_cli import run_git
from mentorbot.domain import Commit, Finding
from mentorbot.finding_pairs import same_problem
from mentorbot.lessons import LessonMiner
from mentorbot.rules.engine import fingerprint
from mentorbot.rules.secret_paths import renamed_into_template
from mentorbot.rules.secret_patterns import MARK

MAX_MOVES = 5


def removed_by(root: Path, path: str, commits: Sequence[Commit]) -> str | None:
    """The commit in ``commits`` (newest first) that deleted ``path`` or moved it away, if one
    did (a rename lists only its new path among a commit's files)."""
    listed = run_git(
        root, ["log", "--no-renames", "--diff-filter=D", "--format=%H", commits[0].sha, "--", path]
    )
    in_range = {commit.sha for commit in commits}
    return next((sha for sha in listed.stdout.decode().split() if sha in in_range), None)


def moved_together(
    miner: LessonMiner, present: Collection[str], gone: Finding, arrived: Finding
) -> bool:
    """Whether the commit that wrote ``arrived``'s line (blame following code moved from the
    other files of its commit, and files renamed) changed ``gone``'s file too, or took it away,
    or came before this review's range: then the code moved there; else it was written anew
    after leaving (a bare ``except:`` fixed in ``a.py``, then the same lines in ``b.py``)."""
    head = miner.scan.head
    commits = miner.scan.commits
    if head is None or not commits:
        return True
    origin = git_blame.blame_line(miner.root, head, arrived.path, arrived.line)
    changed = {commit.sha: commit.files for commit in commits}
    if origin is None or origin.sha not in changed:
        # Blame followed the lines to before the range. They moved, unless as many of them
        # are in their old file now as when the range began: copied to a new file while the
        # old one was fixed in place (a route given its response model, its old body copied
        # into an admin router; history 57).
        start = commits[-1].parent
        if start is None or gone.path not in present:
            return True
        return not _stayed(miner.root, gone, start, head)
    if gone.path in changed[origin.sha]:
        return not _still_in(miner.root, origin.sha, gone)
    return gone.path not in present and removed_by(miner.root, gone.path, commits) == origin.sha


def _still_in(root: Path, sha: str, gone: Finding) -> bool:
    """Whether ``gone``'s code is still in its file as of ``sha``: the commit copied it to the
    other file rather than moving it (a rewrite that wrote ``SECRET_KEY`` into a new
    ``security.py`` while ``__init__.py`` kept its own until a later fix; history 52). The
    snippet's redacted values match anything."""
    return _copies(root, sha, gone) > 0


def _stayed(root: Path, gone: Finding, before: str, after: str) -> bool:
    """Whether at least as many copies of ``gone``'s code are in its file at ``after`` as at
    ``before`` (and one at least): whatever another file got was a copy, not the code itself."""
    return _copies(root, after, gone) >= max(_copies(root, before, gone), 1)


def _copies(root: Path, sha: str, gone: Finding) -> int:
    """How many times ``gone``'s code is in its file as of ``sha``."""
    parts = [part.strip() for part in gone.snippet.split(MARK)]
    if not any(parts):
        return 0
    blob = git.read_blobs(root, [f"{sha}:{gone.path}"]).get(f"{sha}:{gone.path}")
    if blob is None:
        return 0
    pattern = r".*?".join(re.escape(part) for part in parts)
    return len(re.findall(pattern, source_text(blob)))


LOOSE_RENAME = "-M30%"
"""A file renamed with much added (``note.py`` grown into ``note_schema.py``): git's default
(50% alike) sees a deletion and a new file."""


def renamed_to(root: Path, sha: str, path: str, similarity: str = "-M") -> str | None:
    """Where commit ``sha`` moved ``path`` to, by git's rename detection (``similarity``, as
    git's ``-M`` takes it); None: deleted, or taken out of git with a template written in its
    place (``renamed_into_template``)."""
    listed = run_git(
        root, ["diff-tree", "-r", similarity, "-z", "--name-status", "--no-commit-id", sha]
    )
    fields = listed.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    index = 0
    while index < len(fields) - 1:
        status = fields[index]
        if status[:1] in ("R", "C"):
            old, new = fields[index + 1], fields[index + 2]
            if status[0] == "R" and old == path:
                return None if renamed_into_template(old, new) else new
            index += 3
        else:
            index += 2
    return None


class FixedBy(NamedTuple):
    """The commit a problem went in, and whether it went with its file, deleted; ``where``:
    the problem as the fixing commit's parent held it, when it had moved to another file."""

    commit: str | None
    deleted: bool = False
    code_deleted: bool = False
    where: Finding | None = None


class MovedFixes:
    """Fix commits of findings whose file left its path, for one lifecycle pass (git asked once
    per path)."""

    def __init__(self, miner: LessonMiner, commits: Sequence[Commit]) -> None:
        self.miner = miner
        self.commits = commits
        self._oldest_first = list(reversed(commits))
        self._removed_by = cache(lambda path: removed_by(miner.root, path, commits))
        self._renamed_to = cache(lambda sha, path: renamed_to(miner.root, sha, path))

    def fixed_by(self, finding: Finding) -> FixedBy:
        """The deleting commit, or the one that fixed the finding in the file it moved to.

        No commit: the file is still where the finding was, or the problem is still in the
        newest commit of the file it moved to (the learner's uncommitted changes fixed it)."""
        current, where = finding, None
        for _ in range(MAX_MOVES):
            gone_in = self._removed_by(current.path)
            if gone_in is None:
                return FixedBy(None)
            new_path = self._renamed_to(gone_in, current.path)
            if new_path is None:
                return FixedBy(gone_in, deleted=True, where=where)
            current = _moved(current, new_path)
            found, left, seen = self._fixed_in(current, gone_in)
            where = seen or where
            if not left:
                return FixedBy(found, where=where)
        return FixedBy(None)

    def renamed_loosely(self, finding: Finding, commit: Commit) -> FixedBy | None:
        """When ``commit`` deleted the finding's file while a new file much like it appeared
        (a rename git's default does not pair), the commit that fixed the problem there, if
        it went along; None otherwise."""
        new_path = renamed_to(self.miner.root, commit.sha, finding.path, LOOSE_RENAME)
        return None if new_path is None else self._carried_into(finding, commit, [new_path])

    def carried_from(self, finding: Finding, commit: Commit) -> FixedBy | None:
        """When ``commit`` took the problem out of its file by carrying its code into another
        file it changed (routes split out of ``main.py`` into ``router.py``, blocking calls
        and all), the commit that fixed it there; None when the problem did not go along."""
        others = [p for p in commit.files if p != finding.path and p.endswith(".py")]
        if commit.parent and _stayed(self.miner.root, finding, commit.parent, commit.sha):
            return None  # the code stayed, fixed in place; another file got a copy of it
        return self._carried_into(finding, commit, others)

    def _carried_into(
        self, finding: Finding, commit: Commit, paths: Sequence[str]
    ) -> FixedBy | None:
        """The commit that fixed the problem in the first of ``paths`` that has it as of
        ``commit``; None when none has it, or the file left that path too."""
        specs = [f"{commit.sha}:{path}" for path in paths]
        blobs = git.read_blobs(self.miner.root, specs) if specs else {}
        versions = [(s, p) for s, p in zip(specs, paths, strict=True) if blobs.get(s) is not None]
        analysed = self.miner.findings_at(versions, blobs) if versions else {}
        for spec, path in versions:
            carried = _moved(finding, path)
            if any(same_problem(carried, found) for found in analysed.get(spec) or ()):
                fixed_in, left, where = self._fixed_in(carried, commit.sha)
                return None if left else FixedBy(fixed_in, where=where)
        return None

    def _fixed_in(self, finding: Finding, moved_in: str) -> tuple[str | None, bool, Finding | None]:
        """``(commit, left, where)``: the first version of the finding's (new) file, from commit
        ``moved_in`` on, without the problem; ``left``: the file left this path too first;
        ``where``: the problem in the version before that commit, at its line there."""
        start = next(i for i, c in enumerate(self._oldest_first) if c.sha == moved_in)
        later = [self._oldest_first[start]] + [
            c for c in self._oldest_first[start + 1 :] if finding.path in c.files
        ]
        specs = [f"{commit.sha}:{finding.path}" for commit in later]
        blobs = git.read_blobs(self.miner.root, specs)
        versions = [(spec, finding.path) for spec in specs if blobs.get(spec) is not None]
        analysed = self.miner.findings_at(versions, blobs) if versions else {}
        seen: Finding | None = None
        for commit, spec in zip(later, specs, strict=True):
            if blobs.get(spec) is None:
                return None, True, seen
            still = analysed.get(spec)
            if still is not None:
                match = next((f for f in still if same_problem(finding, f)), None)
                if match is None:
                    return commit.sha, False, seen
                seen = match
        return None, False, None


def _moved(finding: Finding, path: str) -> Finding:
    """The finding as it would be reported in the file's new place."""
    return finding.model_copy(
        update={"path": path, "fingerprint": fingerprint(finding.rule, path, finding.snippet)}
    )
