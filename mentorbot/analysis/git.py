"""Read a learner's git history: commits, file contents at a revision and diffs.

Everything goes through ``git_cli``, which makes sure the (untrusted) repository can never make
git run a program. Paths are relative to the ``root`` passed in, also when it is a subfolder of
the work tree. Errors are ``RepoError`` with a one-line message.

Why the git CLI and not pygit2: one streamed ``git log --numstat`` read 1,000 commits in 114 ms
here, against 287 ms for a pygit2 walk with diff stats, and it needs no native library.
"""

from __future__ import annotations

import contextlib
import functools
import re
import subprocess
import tempfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from mentorbot.analysis.commit_kind import classify_commit
from mentorbot.analysis.git_cli import (
    DIFF_FLAGS,
    git_failure,
    run_git,
    spawn_git,
    stdout_text,
    valid_rev,
)
from mentorbot.domain import Commit
from mentorbot.errors import RepoError
from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_paths import renamed_into_template

ChangeStatus = Literal["A", "M", "D", "R"]

_CHUNK = 1 << 16
_RECORD = "\x1e"
_FIELD = "\x1f"
_LOG_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%aI%x1f%s%x1f%b"
_REVERTS = re.compile(r"This reverts commit ([0-9a-f]{7,64})")
_PICKED_FROM = re.compile(r"\(cherry picked from commit ([0-9a-f]{7,64})\)")
_NUMSTAT = re.compile(r"\n?(\d+|-)\t(\d+|-)\t(.*)", re.DOTALL)
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
OID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
"""A full commit or object id (SHA-1, or SHA-256 in a repository that uses it)."""


@dataclass(frozen=True, slots=True)
class ChangedPath:
    """One file a commit changed versus its first parent (copies count as adds)."""

    status: ChangeStatus
    old_path: str | None
    new_path: str | None


@dataclass(frozen=True, slots=True)
class Hunk:
    """A ``-U0`` hunk header: which old lines were replaced by which new lines."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int


# --- references ------------------------------------------------------------------------------


def toplevel(root: Path | str) -> tuple[Path, bool] | None:
    """The work tree top of the repo containing ``root``, and whether the repo is a shallow
    clone (``git clone --depth``); None outside git (or in a bare repo)."""
    args = ["rev-parse", "--show-toplevel", "--is-shallow-repository"]
    done = run_git(root, args, ok=(0, 128))
    lines = stdout_text(done).splitlines() if done.returncode == 0 else []
    if len(lines) != 2 or not lines[0]:
        return None
    return Path(lines[0]).resolve(), lines[1] == "true"


def _prefix(root: Path | str) -> str:
    """Where ``root`` sits in its work tree: ``""`` at the top, ``"backend/"`` in a subfolder."""
    return stdout_text(run_git(root, ["rev-parse", "--show-prefix"]))


def head_sha(root: Path | str) -> str | None:
    """HEAD's commit sha; None in a repo with no commit yet."""
    done = run_git(root, ["rev-parse", "--verify", "-q", "HEAD^{commit}"], ok=(0, 1))
    return stdout_text(done) or None


def branch(root: Path | str) -> str | None:
    """The checked-out branch name; None on a detached HEAD."""
    done = run_git(root, ["symbolic-ref", "-q", "--short", "HEAD"], ok=(0, 1))
    return stdout_text(done) or None


def commit_exists(root: Path | str, rev: str) -> bool:
    if not valid_rev(rev):
        return False
    done = run_git(root, ["rev-parse", "--verify", "-q", f"{rev}^{{commit}}"], ok=(0, 1))
    return done.returncode == 0


def rev_parse(root: Path | str, rev: str) -> str:
    """The full sha of the commit ``rev`` names; RepoError when there is none."""
    if not valid_rev(rev):
        raise RepoError(f"Invalid revision: {rev!r}", code="bad-revision")
    done = run_git(root, ["rev-parse", "--verify", "-q", f"{rev}^{{commit}}"], ok=(0, 1))
    if done.returncode != 0:
        raise RepoError(f"Unknown revision: {rev}", code="bad-revision")
    return stdout_text(done)


def _commit_id(root: Path | str, rev: str) -> str:
    """A full sha as it is (``git log`` reports one that names no commit), else its sha: a
    review passes the commits it resolved already, and each ``rev-parse`` is a process."""
    return rev if OID.match(rev) else rev_parse(root, rev)


def is_ancestor(root: Path | str, ancestor: str, descendant: str) -> bool:
    """True when ``ancestor`` is reachable from ``descendant`` (a commit is its own ancestor)."""
    first, second = rev_parse(root, ancestor), rev_parse(root, descendant)
    done = run_git(root, ["merge-base", "--is-ancestor", first, second], ok=(0, 1))
    return done.returncode == 0


def _empty_tree(root: Path | str) -> str:
    """The empty tree's id in this repo's hash (sha1 or sha256), the base of a root commit."""
    return stdout_text(run_git(root, ["hash-object", "-t", "tree", "--stdin"], stdin=b""))


@functools.lru_cache(maxsize=8192)
def _commit_base(root: str, sha: str) -> tuple[str, str]:
    """(first parent or the empty tree, commit) of a full sha: one git call, then remembered —
    a full sha names the same commit forever, and the miner asks for each one several times."""
    done = run_git(root, ["rev-list", "--parents", "-n", "1", f"{sha}^{{commit}}"], ok=(0, 128))
    ids = stdout_text(done).split()
    if done.returncode != 0 or not ids:
        raise RepoError(f"Unknown revision: {sha}", code="bad-revision")
    return (ids[1] if len(ids) > 1 else _empty_tree(root)), ids[0]


def _first_parent_or_empty(root: Path | str, sha: str) -> tuple[str, str]:
    commit = sha if OID.match(sha) else rev_parse(root, sha)
    return _commit_base(str(root), commit)


# --- history ---------------------------------------------------------------------------------


def _tokens(stream: IO[bytes]) -> Iterator[str]:
    """NUL-separated tokens of a stream, holding at most one chunk plus one token in memory."""
    partial = b""
    while chunk := stream.read(_CHUNK):
        pieces = (partial + chunk).split(b"\0")
        partial = pieces.pop()
        for piece in pieces:
            yield piece.decode("utf-8", "replace")
    if partial.strip():
        yield partial.decode("utf-8", "replace")


@dataclass(slots=True)
class _Draft:
    sha: str
    parent: str | None
    author: str
    date: str
    subject: str
    body: str
    files: list[str]
    insertions: int = 0
    deletions: int = 0
    merge: bool = False

    def add(self, added: str, deleted: str, path: str) -> None:
        self.files.append(path)
        self.insertions += int(added) if added.isdigit() else 0
        self.deletions += int(deleted) if deleted.isdigit() else 0

    def freeze(self) -> Commit:
        return Commit(
            sha=self.sha,
            author=self.author,
            date=self.date,
            subject=redact_text(self.subject, prose=True),
            kind=classify_commit(self.subject, self.body),
            files=tuple(self.files),
            insertions=self.insertions,
            deletions=self.deletions,
            parent=self.parent,
            merge=self.merge,
            reverts=_named(_REVERTS, self.body),
            picked_from=_named(_PICKED_FROM, self.body),
        )


def _named(pattern: re.Pattern[str], body: str) -> str | None:
    """The last commit id ``pattern`` finds in a message body (git appends its own line last)."""
    found = pattern.findall(body)
    return found[-1] if found else None


def _header(token: str) -> _Draft:
    sha, parents, author, date, subject, body = token[1:].split(_FIELD, 5)
    all_parents = parents.split()
    first_parent = all_parents[0] if all_parents else None
    merge = len(all_parents) > 1
    return _Draft(sha, first_parent, author, date, subject, body.strip(), [], merge=merge)


def _parse_log(tokens: Iterator[str]) -> Iterator[Commit]:
    draft: _Draft | None = None
    for token in tokens:
        if token.startswith(_RECORD) and _FIELD in token:
            if draft is not None:
                yield draft.freeze()
            draft = _header(token)
            continue
        match = _NUMSTAT.fullmatch(token)
        if draft is None or match is None:
            continue
        added, deleted, path = match.groups()
        if path == "":
            # A rename: with -z git puts the old and the new path in the next two tokens.
            old = next(tokens, "")
            path = next(tokens, "")
            if renamed_into_template(old, path):
                draft.files.append(old)  # untracked, a template written in its place
        draft.add(added, deleted, path)
    if draft is not None:
        yield draft.freeze()


def iter_commits(
    root: Path | str, since: str | None = None, until: str = "HEAD"
) -> Generator[Commit, None, None]:
    """Commits in ``since..until`` (``since`` excluded), newest first, streamed from one git log.

    Files and line counts come from ``--numstat``; a merge shows its diff against its first
    parent. Binary files count as changed with zero lines. An empty repo yields nothing. When
    ``root`` is a subfolder of its work tree, only commits touching it are listed and their
    files are relative to it.
    """
    if until == "HEAD":
        head = head_sha(root)
        if head is None:
            return
        until = head
    revision = _commit_id(root, until)
    if since is not None:
        revision = f"{_commit_id(root, since)}..{revision}"
    args = [
        "log",
        "-z",
        "--numstat",
        "--diff-merges=first-parent",
        *DIFF_FLAGS,
        f"--format={_LOG_FORMAT}",
        revision,
        "--",
    ]
    if _prefix(root):
        args.append(".")  # a subfolder review: only the commits that touched it
    with tempfile.TemporaryFile() as errors:
        process = spawn_git(root, args, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        try:
            yield from _parse_log(_tokens(process.stdout))
            code = process.wait()
        finally:
            # The consumer may stop early: do not leave a git process behind.
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
        if code != 0:
            errors.seek(0)
            raise git_failure(root, args, errors.read())


# --- content ---------------------------------------------------------------------------------


def _cwd_relative(spec: str) -> str:
    """``rev:path`` → ``rev:./path``: git then reads the path from the subfolder, not the top."""
    rev, colon, path = spec.partition(":")
    if not colon or not rev or not path or path.startswith(("./", "../", "/")):
        return spec
    return f"{rev}:./{path}"


def read_blobs(root: Path | str, specs: Iterable[str]) -> dict[str, bytes | None]:
    """The bytes of many ``rev:path`` specs from one ``git cat-file --batch`` process.

    Paths are relative to ``root`` (as everywhere in this module). A spec that names no
    object, or a tree rather than a file, maps to None.
    """
    wanted = list(dict.fromkeys(specs))
    result: dict[str, bytes | None] = dict.fromkeys(wanted)
    askable = [spec for spec in wanted if spec and "\n" not in spec and "\r" not in spec]
    if not askable:
        return result
    in_subfolder = bool(_prefix(root))
    with tempfile.TemporaryFile() as errors:
        process = spawn_git(
            root,
            ["cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        assert process.stdin is not None and process.stdout is not None
        try:
            for spec in askable:
                # One request, one answer: git flushes after each object, so no pipe fills up.
                request = _cwd_relative(spec) if in_subfolder else spec
                process.stdin.write(request.encode("utf-8") + b"\n")
                process.stdin.flush()
                header = process.stdout.readline().decode("utf-8", "replace").rstrip("\n")
                if not header:
                    break
                fields = header.split(" ")
                if len(fields) == 3 and OID.match(fields[0]) and fields[2].isdigit():
                    content = process.stdout.read(int(fields[2]) + 1)[:-1]
                    result[spec] = content if fields[1] == "blob" else None
        except BrokenPipeError:
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
            process.stdout.close()
            code = process.wait()
        if code != 0:
            errors.seek(0)
            raise git_failure(root, ["cat-file"], errors.read())
    return result


def _is_status(token: str) -> bool:
    return bool(token) and token[0] in "ACDMRTUX" and (len(token) == 1 or token[1:].isdigit())


def parse_name_status(tokens: list[str], position: int) -> tuple[list[ChangedPath], int]:
    """The ``--name-status -z`` entries from ``tokens[position]`` on, up to the first token
    that is not a status letter; and the position of that token."""
    changes: list[ChangedPath] = []
    while position < len(tokens) and _is_status(tokens[position]):
        code = tokens[position][0]
        if code in "RC":
            old, new = tokens[position + 1], tokens[position + 2]
            position += 3
            if code == "R" and renamed_into_template(old, new):
                changes += [ChangedPath("D", old, None), ChangedPath("A", None, new)]
                continue
            changes.append(
                ChangedPath("R", old, new) if code == "R" else ChangedPath("A", None, new)
            )
            continue
        path = tokens[position + 1]
        position += 2
        if code == "A":
            changes.append(ChangedPath("A", None, path))
        elif code == "D":
            changes.append(ChangedPath("D", path, None))
        else:
            changes.append(ChangedPath("M", path, path))
    return changes, position


def diff_hunks(root: Path | str, sha: str, path: str) -> list[Hunk]:
    """The changed line ranges of ``path`` in ``sha`` versus its first parent (``-U0``)."""
    base, commit = _first_parent_or_empty(root, sha)
    args = ["diff", "-U0", "--inter-hunk-context=0", *DIFF_FLAGS, base, commit, "--", path]
    return parse_hunks(run_git(root, args).stdout.decode("utf-8", "replace"))


def parse_hunks(patch: str) -> list[Hunk]:
    """The ``@@`` headers of a ``-U0`` patch, in order."""
    return [
        Hunk(
            old_start=int(old_start),
            old_count=int(old_count) if old_count else 1,
            new_start=int(new_start),
            new_count=int(new_count) if new_count else 1,
        )
        for old_start, old_count, new_start, new_count in _HUNK.findall(patch)
    ]
