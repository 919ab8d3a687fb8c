"""Where a line came from: ``git blame`` of one line, following code moved between files.

A solved problem says when it was introduced; blaming the flagged line of the version before
the fix answers that. A learner who splits ``main.py`` into routers moves the flagged code in
the same commit, so blame follows moves and copies from the files that commit changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from mentorbot.analysis.git import OID, rev_parse
from mentorbot.analysis.git_cli import run_git

BLAME_CONTEXT = 3
"""Lines blamed on each side of the asked one: ``-C`` needs a few lines of context to see that a
block moved in from another file (a route moved from ``main.py`` into a router module)."""


def blame_origin(
    root: Path | str, rev: str, path: str, line: int, *, shallow: bool = False
) -> tuple[str, str] | None:
    """The sha and ISO author date of the commit that last changed ``path:line`` as of ``rev``,
    following lines moved or copied from another file that the same commit changed (``-C``).

    None when the file does not exist at ``rev`` or has fewer lines, and in a ``shallow`` clone
    when the line is older than its history (blame names the clone's oldest commit, which did
    not write it); a bad ``rev`` is an error.
    """
    commit = rev if OID.match(rev) else rev_parse(root, rev)
    if line < 1:
        return None
    first = max(1, line - BLAME_CONTEXT)
    window = f"{first},{line + BLAME_CONTEXT}"
    args = ["blame", "--porcelain", "--no-textconv", "-C", "-L", window, commit, "--", path]
    done = run_git(root, args, ok=(0, 128))
    if done.returncode != 0:
        rev_parse(root, commit)
        return None
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return _porcelain_origin(lines, line, boundary_known=not shallow)


def _porcelain_origin(
    lines: list[str], line: int, *, boundary_known: bool
) -> tuple[str, str] | None:
    """The commit and author date of final line ``line`` in ``git blame --porcelain`` output,
    where a commit's fields follow only its first header. A ``boundary`` commit (where the
    history blame could see ends) counts only when ``boundary_known``: a root commit is one,
    a shallow clone's oldest commit is not."""
    stamps: dict[str, tuple[str, str]] = {}
    boundaries: set[str] = set()
    current = ""
    wanted: str | None = None
    for entry in lines:
        if entry.startswith("\t"):
            continue
        head = entry.split(" ")
        if len(head) >= 3 and OID.match(head[0]) and head[1].isdigit() and head[2].isdigit():
            current = head[0]
            if int(head[2]) == line:
                wanted = current
            continue
        key, _, value = entry.partition(" ")
        if key == "boundary":
            boundaries.add(current)
        elif key in ("author-time", "author-tz"):
            time, zone = stamps.get(current, ("", "+0000"))
            stamps[current] = (value, zone) if key == "author-time" else (time, value)
    if wanted is None or (wanted in boundaries and not boundary_known):
        return None
    stamp, offset = stamps.get(wanted, ("", "+0000"))
    if not stamp.isdigit():
        return None
    sign = -1 if offset.startswith("-") else 1
    minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
    moment = datetime.fromtimestamp(int(stamp), timezone(timedelta(minutes=minutes)))
    return wanted, moment.isoformat()
