"""Where a line came from: ``git blame`` of one line, following code moved between files.

A solved problem says when it was introduced; blaming the flagged line of the version before
the fix answers that. A learner who splits ``main.py`` into routers moves the flagged code in
the same commit, so blame follows moves and copies from the files that commit changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

from mentorbot.analysis.git import OID, rev_parse
from mentorbot.analysis.git_cli import run_git

BLAME_CONTEXT = 3
"""Lines blamed on each side of the asked one: ``-C`` needs a few lines of context to see that a
block moved in from another file (a route moved from ``main.py`` into a router module)."""


class LineOrigin(NamedTuple):
    """The commit that last changed a line, and where the line was just before it."""

    sha: str
    date: str
    path: str
    """The file's name in that commit."""
    line: int
    """The line's number in that commit's version of the file."""
    previous: tuple[str, str] | None
    """The commit before it that had the file, and the file's name there; None when the commit
    created the file or is where the history blame could see starts."""
    boundary: bool = False
    """Where the history blame could see starts (a root commit)."""

    @property
    def created_file(self) -> bool:
        """The commit created the file (it has a parent, where the file was not): the line may
        have moved in from another file."""
        return self.previous is None and not self.boundary


def blame_origin(
    root: Path | str, rev: str, path: str, line: int, *, shallow: bool = False
) -> tuple[str, str] | None:
    """The sha and ISO author date of the commit that last changed ``path:line`` as of ``rev``
    (see ``blame_line``)."""
    found = blame_line(root, rev, path, line, shallow=shallow)
    return (found.sha, found.date) if found is not None else None


def blame_line(
    root: Path | str, rev: str, path: str, line: int, *, shallow: bool = False
) -> LineOrigin | None:
    """The commit that last changed ``path:line`` as of ``rev``, following lines moved or
    copied from another file that the same commit changed.

    Following moves (``-C``) costs blame a search through every commit's other files, a second
    per long history; it is asked only when the plain answer is the commit that created the
    file. None when the file does not exist at ``rev`` or has fewer lines, and in a ``shallow``
    clone when the line is older than its history (blame names the clone's oldest commit, which
    did not write it); a bad ``rev`` is an error.
    """
    commit = rev if OID.match(rev) else rev_parse(root, rev)
    if line < 1:
        return None
    plain = _blame(root, commit, path, line, f"{line},{line}", shallow)
    if plain is None or not plain.created_file:
        return plain
    window = f"{max(1, line - BLAME_CONTEXT)},{line + BLAME_CONTEXT}"
    moved = _blame(root, commit, path, line, window, shallow, copies=True)
    return moved if moved is not None else plain


def _blame(
    root: Path | str,
    commit: str,
    path: str,
    line: int,
    lines: str,
    shallow: bool,
    *,
    copies: bool = False,
) -> LineOrigin | None:
    """Blame ``lines`` (``first,last``) for the origin of ``line``, whitespace ignored (a line
    only re-indented keeps its origin); ``copies``: follow lines moved or copied from other
    files the same commit changed."""
    args = ["blame", "--porcelain", "--no-textconv", "-w", *(["-C"] if copies else []), "-L", lines]
    done = run_git(root, [*args, commit, "--", path], ok=(0, 128))
    if done.returncode != 0:
        rev_parse(root, commit)
        return None
    output = done.stdout.decode("utf-8", "replace").splitlines()
    return _porcelain_origin(output, line, boundary_known=not shallow)


def _porcelain_origin(lines: list[str], line: int, *, boundary_known: bool) -> LineOrigin | None:
    """The origin of final line ``line`` in ``git blame --porcelain`` output, where a
    commit's fields follow only its first header. A ``boundary`` commit (where the history
    blame could see ends) counts only when ``boundary_known``: a root commit is one, a shallow
    clone's oldest commit is not."""
    stamps: dict[str, tuple[str, str]] = {}
    boundaries: set[str] = set()
    previous: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}
    current = ""
    wanted: tuple[str, int] | None = None
    for entry in lines:
        if entry.startswith("\t"):
            continue
        head = entry.split(" ")
        if len(head) >= 3 and OID.match(head[0]) and head[1].isdigit() and head[2].isdigit():
            current = head[0]
            if int(head[2]) == line:
                wanted = (current, int(head[1]))
            continue
        key, _, value = entry.partition(" ")
        if key == "boundary":
            boundaries.add(current)
        elif key == "previous":
            sha, _, name = value.partition(" ")
            previous[current] = (sha, name)
        elif key == "filename":
            names.setdefault(current, value)
        elif key in ("author-time", "author-tz"):
            time, zone = stamps.get(current, ("", "+0000"))
            stamps[current] = (value, zone) if key == "author-time" else (time, value)
    if wanted is None or (wanted[0] in boundaries and not boundary_known):
        return None
    sha, original = wanted
    stamp, offset = stamps.get(sha, ("", "+0000"))
    if not stamp.isdigit():
        return None
    sign = -1 if offset.startswith("-") else 1
    minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
    moment = datetime.fromtimestamp(int(stamp), timezone(timedelta(minutes=minutes)))
    return LineOrigin(
        sha, moment.isoformat(), names.get(sha, ""), original, previous.get(sha), sha in boundaries
    )
