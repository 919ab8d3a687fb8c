"""Walk a repository's working tree the way git sees it, reading each file at most once.

What is skipped, and why it is counted rather than silently dropped: the learning log says
"42 vendored, 3 binary, ..." so a learner knows what the mentor did not read.

Decisions worth knowing:

* Ignore rules follow git: ``.gitignore`` at every level (a deeper file wins over a shallower
  one, the last matching line of a file wins), then ``.git/info/exclude``. ``extra_ignores``
  (gitignore syntax, relative to the root) are checked first and always exclude.
  When the root is a subfolder of a git work tree, the ``.gitignore`` files of the folders above
  it apply too, as they do for git.
* An ignored, vendored or build output *directory* is counted once and never entered: entering
  ``node_modules`` just to count it would cost more than the whole review of the learner's code.
* A file git tracks is reviewed even where the ignore rules match it: committed, it is in every
  clone (a ``.env`` added before ``.gitignore`` named it).
* In a git work tree, a submodule, or any folder holding its own ``.git``, is another
  repository: counted as vendored and never entered.
* Symlinks are counted and never followed, so a link out of the repo or a link loop is harmless.
* Only files whose language is in ``read_languages`` keep their bytes in memory; every other
  text file is read once for its LOC and blob sha, then dropped.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pathspec import GitIgnoreSpec

from mentorbot.analysis.file_text import is_binary
from mentorbot.analysis.git_cli import run_git
from mentorbot.analysis.languages import (
    count_loc,
    has_binary_extension,
    json_language,
    language_of,
    notebook_loc,
    text_language,
)
from mentorbot.analysis.walk_kinds import (
    BUILD_OUTPUT_DIRS,
    LOCK_FILES,
    VENDORED_DIRS,
    has_generated_header,
    is_generated_name,
)
from mentorbot.domain import SkippedFiles
from mentorbot.errors import RepoError


@dataclass(frozen=True, slots=True)
class WalkedFile:
    """One file the review reads: its repo-relative POSIX path and what it costs to know it."""

    path: str
    size: int
    language: str
    loc: int
    blob_sha: str
    data: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class WalkResult:
    files: list[WalkedFile]
    skipped: SkippedFiles


def git_blob_sha(data: bytes) -> str:
    """The sha1 ``git hash-object`` gives these bytes: the analysis cache key."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class _IgnoreFile:
    """The patterns of one ignore file and the folder (relative to the git top) they apply to."""

    base: str
    spec: GitIgnoreSpec

    def decide(self, top_relative: str) -> bool | None:
        """True: ignored, False: re-included by ``!``, None: this file says nothing."""
        if self.base:
            if not top_relative.startswith(self.base + "/"):
                return None
            top_relative = top_relative[len(self.base) + 1 :]
        return self.spec.check_file(top_relative).include


@dataclass(slots=True)
class _Counts:
    binary: int = 0
    vendored: int = 0
    build_output: int = 0
    generated: int = 0
    too_large: int = 0
    ignored: int = 0
    symlinks: int = 0
    unreadable: int = 0

    def freeze(self) -> SkippedFiles:
        return SkippedFiles(
            binary=self.binary,
            vendored=self.vendored,
            build_output=self.build_output,
            generated=self.generated,
            too_large=self.too_large,
            ignored=self.ignored,
            symlinks=self.symlinks,
            unreadable=self.unreadable,
        )


def _read_spec(path: Path, base: str) -> _IgnoreFile | None:
    try:
        lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _IgnoreFile(base, GitIgnoreSpec.from_lines(lines)) if lines else None


def _git_top(root: Path) -> Path | None:
    """The nearest folder at or above ``root`` holding ``.git`` (a dir, or a worktree file)."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _tracked_ignored(root: Path, top: Path | None) -> frozenset[str]:
    """Files git tracks that the ignore rules match (root-relative): a ``.env`` or
    ``config.json`` committed before (or force-added after) ``.gitignore`` named it is in
    every clone, its secrets too (corpus 85). Empty outside a git work tree (``top``)."""
    if top is None:
        return frozenset()
    try:
        listed = run_git(root, ["ls-files", "-z", "-ci", "--exclude-standard"], ok=(0, 128))
    except (OSError, RepoError):
        return frozenset()
    if listed.returncode != 0:
        return frozenset()
    return frozenset(name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name)


def _info_exclude(top: Path) -> Path:
    dot_git = top / ".git"
    if dot_git.is_file():
        try:
            pointer = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return dot_git / "info" / "exclude"
        if pointer.startswith("gitdir:"):
            git_dir = (top / pointer.removeprefix("gitdir:").strip()).resolve()
            common = git_dir / "commondir"
            if common.is_file():
                git_dir = (git_dir / common.read_text(encoding="utf-8").strip()).resolve()
            return git_dir / "info" / "exclude"
    return dot_git / "info" / "exclude"


def _is_vendored_dir(entry: os.DirEntry[str], in_git: bool) -> bool:
    name = entry.name
    if name in VENDORED_DIRS or name.endswith(".egg-info"):
        return True
    # A virtualenv under any name (env, .venv311, ...) is recognised by its marker file.
    if os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
        return True
    # Inside a git work tree, a submodule or a repository cloned into it is another project's
    # code, whose files are not in this repository's commits: nothing cited from them would
    # exist there. A plain folder of several repositories is reviewed whole.
    return in_git and os.path.lexists(os.path.join(entry.path, ".git"))


def _outer_ignores(root: Path, top: Path | None) -> tuple[str, list[_IgnoreFile]]:
    """``root``'s path inside its git work tree, and the ignore files that apply from outside it.

    Those are ``.git/info/exclude`` and, for a subfolder, the ``.gitignore`` of every folder
    from the top down to ``root``'s parent (shallowest first, so deeper ones win).
    """
    if top is None:
        return "", []
    specs = [spec for spec in (_read_spec(_info_exclude(top), ""),) if spec is not None]
    inside = root.relative_to(top)
    for depth in range(len(inside.parts)):
        folder = PurePosixPath(*inside.parts[:depth]).as_posix() if depth else ""
        spec = _read_spec(top / folder / ".gitignore", folder)
        if spec is not None:
            specs.append(spec)
    return ("" if inside == Path(".") else inside.as_posix()), specs


class _Walker:
    def __init__(
        self,
        root: Path,
        extra_ignores: Sequence[str],
        max_bytes: int,
        read_languages: frozenset[str],
        unseen: Sequence[str] = (),
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.read_languages = read_languages
        self.counts = _Counts()
        self.files: list[WalkedFile] = []
        self.extra = GitIgnoreSpec.from_lines(list(extra_ignores)) if extra_ignores else None
        self.unseen = GitIgnoreSpec.from_lines(list(unseen)) if unseen else None
        top = _git_top(root)
        self.in_git = top is not None
        self.offset, self.base_specs = _outer_ignores(root, top)
        self.tracked_ignored = _tracked_ignored(root, top)
        self.tracked_folders = {
            parent.as_posix()
            for path in self.tracked_ignored
            for parent in PurePosixPath(path).parents
            if parent.as_posix() != "."
        }

    def _top_relative(self, rel: str) -> str:
        return f"{self.offset}/{rel}" if self.offset else rel

    def _ignored(self, rel: str, is_dir: bool, specs: list[_IgnoreFile]) -> bool:
        probe = rel + "/" if is_dir else rel
        if self.extra is not None and self.extra.check_file(probe).include:
            return True
        if rel in (self.tracked_folders if is_dir else self.tracked_ignored):
            return False  # committed, so in every clone, whatever .gitignore says now
        top_probe = self._top_relative(probe)
        for ignore_file in reversed(specs):
            decision = ignore_file.decide(top_probe)
            if decision is not None:
                return decision
        return False

    def walk(self) -> WalkResult:
        pending: list[tuple[Path, str, list[_IgnoreFile]]] = [(self.root, "", self.base_specs)]
        while pending:
            folder, rel_folder, inherited = pending.pop()
            specs = inherited
            own = _read_spec(folder / ".gitignore", self._top_relative(rel_folder).strip("/"))
            if own is not None:
                specs = [*inherited, own]
            try:
                with os.scandir(folder) as entries:
                    listing = sorted(entries, key=lambda entry: entry.name)
            except OSError:
                self.counts.unreadable += 1
                continue
            subfolders: list[tuple[Path, str, list[_IgnoreFile]]] = []
            for entry in listing:
                if entry.name == ".git":
                    continue
                if not _text_name(entry.name):
                    self.counts.unreadable += 1  # no text can cite it: JSON, the log, the DB
                    continue
                rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
                if self.unseen is not None and self.unseen.check_file(rel).include:
                    continue
                try:
                    is_link = entry.is_symlink()
                    is_dir = not is_link and entry.is_dir(follow_symlinks=False)
                except OSError:
                    self.counts.unreadable += 1
                    continue
                if self._ignored(rel, is_dir, specs):
                    self.counts.ignored += 1
                elif is_link:
                    self.counts.symlinks += 1
                elif is_dir:
                    if entry.name in BUILD_OUTPUT_DIRS:
                        self.counts.build_output += 1
                    elif _is_vendored_dir(entry, self.in_git):
                        self.counts.vendored += 1
                    else:
                        subfolders.append((Path(entry.path), rel, specs))
                else:
                    self._visit_file(entry, rel)
            pending.extend(reversed(subfolders))
        self.files.sort(key=lambda walked: walked.path)
        return WalkResult(files=self.files, skipped=self.counts.freeze())

    def _visit_file(self, entry: os.DirEntry[str], rel: str) -> None:
        if has_binary_extension(rel):
            self.counts.binary += 1
            return
        if is_generated_name(entry.name):
            self.counts.generated += 1
            return
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            self.counts.unreadable += 1
            return
        if not stat.S_ISREG(info.st_mode):
            # FIFOs, sockets and devices: opening one could block forever.
            self.counts.unreadable += 1
            return
        if info.st_size > self.max_bytes:
            self.counts.too_large += 1
            return
        try:
            with open(entry.path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError:
            self.counts.unreadable += 1
            return
        if len(data) > self.max_bytes:
            self.counts.too_large += 1
            return
        if is_binary(data):
            self.counts.binary += 1
            return
        if entry.name.lower() not in LOCK_FILES and has_generated_header(data):
            self.counts.generated += 1
            return
        language = language_of(rel)
        loc = count_loc(data)
        if language == "json":
            language = json_language(entry.name, data, loc)
        elif language == "text":
            language = text_language(rel, data)
        elif language == "jupyter":
            cells = notebook_loc(data)
            loc = loc if cells is None else cells
        self.files.append(
            WalkedFile(
                path=rel,
                size=len(data),
                language=language,
                loc=loc,
                blob_sha=git_blob_sha(data),
                data=data if language in self.read_languages else None,
            )
        )


def _text_name(name: str) -> bool:
    """Whether a file name can be cited on a line: bytes that are not UTF-8 come back as lone
    surrogates, and a line break in a name splits the citation in two (``new line.py:9``)."""
    if "\n" in name or "\r" in name:
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def walk_repo(
    root: Path,
    *,
    extra_ignores: Sequence[str] = (),
    max_bytes: int = 1_000_000,
    read_languages: frozenset[str] = frozenset({"python"}),
    unseen: Sequence[str] = (),
) -> WalkResult:
    """Every reviewable file under ``root``, sorted by path, and the counts of what was skipped.

    ``unseen``: patterns of files that are not the learner's work at all (the mentor's own
    logs): passed over without being counted as skipped.
    """
    walker = _Walker(Path(root).resolve(), extra_ignores, max_bytes, read_languages, unseen)
    return walker.walk()
