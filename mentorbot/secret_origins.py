"""Where a hard-coded secret was first committed: the commit that added its value to the file.

Blame follows the flagged line, and a line that wrapped the key (``os.environ.get("KEY",
"<key>")``) or commented it out is a new line to blame, while the key has sat in the history
since the first commit (blind checks d2, s1). The value itself tells: git's pickaxe finds the
oldest commit that added it to the file. A key long enough to be told apart from any other text
is looked for in every file: moved from ``app.py`` into a committed ``.streamlit/secrets.toml``,
it has been public since ``app.py`` first held it (blind check l1). A shorter one (a database
password, ``wb_Mysql#2021x``) is looked for in every file too, but counted only where a commit
added it as a secret (its line redacted to that value): moved by a "修复：数据库密码泄露" from
``Web.py`` into a committed ``db_config.py``, it was not first written by the move (blind
check c2).
"""

from __future__ import annotations

import re
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.git_cli import run_git
from mentorbot.cache import BlameOrigin
from mentorbot.lesson_versions import BlameRequest, blob_text
from mentorbot.rules.secret_lines import hidden_value

MIN_VALUE = 6
"""Characters a hidden value needs for the pickaxe to find it and nothing else in its file."""
DISTINCT_VALUE = 16
"""Characters a hidden value needs for the pickaxe to find it and nothing else in any file (a
short password, ``admin123``, may be another file's word)."""


def secret_added_since(root: Path, origin: BlameOrigin, request: BlameRequest) -> BlameOrigin:
    """``origin``, or the older commit that first added the secret value on the requested
    line (``(rev, path, line)``) to its file, or to any file when the value is distinct."""
    rev, path, line = request
    spec = f"{rev}:{path}"
    lines = blob_text(git.read_blobs(root, [spec]), spec).splitlines()
    if not 0 < line <= len(lines):
        return origin
    needle = _needle(lines[line - 1])
    if len(needle) < MIN_VALUE:
        return origin
    value = hidden_value(lines[line - 1])
    where = [] if len(value) >= DISTINCT_VALUE else ["--", path]
    listed = run_git(
        root, ["log", "--reverse", "--format=%H %aI", f"-S{needle}", rev, *where], ok=(0, 128)
    )
    found = listed.stdout.decode("utf-8", "replace").split("\n", 1)[0].split()
    first = (found[0], found[1]) if len(found) == 2 else None
    if where and len(value) >= MIN_VALUE:
        elsewhere = _first_added_as_secret(root, value, rev)
        if elsewhere is not None and (first is None or _is_ancestor(root, elsewhere[0], first[0])):
            first = elsewhere
    if first is None or first[0] == origin[0]:
        return origin
    return first if _is_ancestor(root, first[0], origin[0]) else origin


def _is_ancestor(root: Path, older: str, newer: str) -> bool:
    return (
        run_git(root, ["merge-base", "--is-ancestor", older, newer], ok=(0, 1, 128)).returncode == 0
    )


def _first_added_as_secret(root: Path, value: str, rev: str) -> BlameOrigin | None:
    """The oldest commit before ``rev`` that added a line holding ``value`` as a secret, in any
    file: a short password is another file's word only where nothing reads it as a secret."""
    patches = ["-p", "-U0", "--no-color", "--no-ext-diff"]
    listed = run_git(
        root, ["log", "--reverse", "--format=%x00%H %aI", *patches, f"-S{value}", rev], ok=(0, 128)
    )
    for entry in listed.stdout.decode("utf-8", "replace").split("\0")[1:]:
        header, _, patch = entry.partition("\n")
        found = header.split()
        if len(found) == 2 and any(
            line.startswith("+") and not line.startswith("+++") and hidden_value(line[1:]) == value
            for line in patch.splitlines()
        ):
            return found[0], found[1]
    return None


def _needle(line: str) -> str:
    """What to look for: the value, or a short one with the name it is bound to
    (``password="admin"``, not every ``"admin"`` of the file)."""
    value = hidden_value(line)
    if not value or len(value) >= MIN_VALUE:
        return value
    bound = re.search(rf"[\w\"']+\s*[=:]\s*[rbuf]?[\"']?{re.escape(value)}", line)
    return bound.group(0) if bound is not None else ""
