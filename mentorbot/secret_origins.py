"""Where a hard-coded secret was first committed: the commit that added its value to the file.

Blame follows the flagged line, and a line that wrapped the key (``os.environ.get("KEY",
"<key>")``) or commented it out is a new line to blame, while the key has sat in the history
since the first commit (blind checks d2, s1). The value itself tells: git's pickaxe finds the
oldest commit that added it to the file. A key long enough to be told apart from any other text
is looked for in every file: moved from ``app.py`` into a committed ``.streamlit/secrets.toml``,
it has been public since ``app.py`` first held it (blind check l1).
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
    where = [] if len(hidden_value(lines[line - 1])) >= DISTINCT_VALUE else ["--", path]
    listed = run_git(
        root, ["log", "--reverse", "--format=%H %aI", f"-S{needle}", rev, *where], ok=(0, 128)
    )
    first = listed.stdout.decode("utf-8", "replace").split("\n", 1)[0].split()
    if len(first) != 2 or first[0] == origin[0]:
        return origin
    older = run_git(root, ["merge-base", "--is-ancestor", first[0], origin[0]], ok=(0, 1, 128))
    return (first[0], first[1]) if older.returncode == 0 else origin


def _needle(line: str) -> str:
    """What to look for: the value, or a short one with the name it is bound to
    (``password="admin"``, not every ``"admin"`` of the file)."""
    value = hidden_value(line)
    if not value or len(value) >= MIN_VALUE:
        return value
    bound = re.search(rf"[\w\"']+\s*[=:]\s*[rbuf]?[\"']?{re.escape(value)}", line)
    return bound.group(0) if bound is not None else ""
