"""When a problem that hangs on the rest of the project began. Pydantic v1 code was right while
the manifests pinned pydantic 1: it became a problem with the commit that moved the project onto
pydantic 2, not with the commit that wrote the line. A sync engine was right while every route
was sync: it became a problem with the first ``async def``. "No tests" is anchored at the line
that makes the app today, which a later commit may have moved (a new ``main.py``): it began with
the first commit that served routes or a bot's handlers, or defined tables, with no test beside
them. "No migrations" is anchored at the first model in path order, which need not be the first
model written: it began with the first commit that defined tables and had no migration tool's
files."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.git_cli import run_git
from mentorbot.analysis.git_worktree import tree_paths
from mentorbot.analysis.manifests import manifest_paths
from mentorbot.analysis.stack import detect_stack
from mentorbot.analysis.test_paths import is_test_path
from mentorbot.cache import BlameOrigin
from mentorbot.domain import Commit, StackItem
from mentorbot.rules._versions import pydantic_major
from mentorbot.rules.no_migrations import MIGRATION_PATHS

PYDANTIC_RULE = "MB104"
SYNC_DRIVER_RULE = "MB111"
MISSING_TESTS_RULE = "MB105"
NO_MIGRATIONS_RULE = "MB110"


def stack_at(root: Path, rev: str, paths: Sequence[str]) -> list[StackItem]:
    """The stack the manifests of commit ``rev`` declared (``paths``: its files)."""
    wanted = manifest_paths(paths)
    blobs = git.read_blobs(root, [f"{rev}:{path}" for path in wanted])
    with tempfile.TemporaryDirectory(prefix="mentor-stack-") as folder:
        for path in wanted:
            data = blobs.get(f"{rev}:{path}")
            if data is not None:
                target = Path(folder, path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return detect_stack(Path(folder), paths)


def declared_later(
    root: Path, commits: Sequence[Commit], origin: BlameOrigin, rev: str
) -> BlameOrigin:
    """``origin`` of a line of pydantic v1 API, or the later commit up to ``rev`` whose
    manifests moved the project onto pydantic 2 (``commits``: newest first) when the project
    was on pydantic 1 at ``origin``; the last such move, should it have gone back and forth."""
    after = [c for c in _commits_after(commits, origin, rev) if manifest_paths(c.files)]
    if not after or _pydantic_major(root, origin[0]) >= 2:
        return origin
    moved: Commit | None = None
    major = 1
    for commit in after:
        now = _pydantic_major(root, commit.sha)
        if now >= 2 > major:
            moved = commit
        major = now
    return (moved.sha, moved.date) if moved is not None else origin


def _commits_after(commits: Sequence[Commit], origin: BlameOrigin, rev: str) -> list[Commit]:
    """The commits after ``origin`` up to ``rev``, oldest first (``commits``: newest first);
    none when either is not in ``commits`` or ``rev`` comes before ``origin``."""
    index = {commit.sha: number for number, commit in enumerate(commits)}
    if origin[0] not in index or rev not in index or index[rev] > index[origin[0]]:
        return []
    return list(reversed(commits[index[rev] : index[origin[0]]]))


def _pydantic_major(root: Path, rev: str) -> int:
    return pydantic_major(stack_at(root, rev, tree_paths(root, rev)))


def async_arrived(
    root: Path, commits: Sequence[Commit], origin: BlameOrigin, rev: str
) -> BlameOrigin:
    """``origin`` of a sync engine or driver behind async code, or the later commit up to
    ``rev`` that wrote the project's first ``async def`` when it had none at ``origin``
    (``commits``: newest first). Async code, once there, is taken to stay: the commit is found
    by halving the range, a ``git grep`` each."""
    later = _commits_after(commits, origin, rev)
    if not later or has_async(root, origin[0]):
        return origin
    return _first_where(_dated(later), lambda sha: has_async(root, sha)) or origin


def has_async(root: Path, rev: str) -> bool:
    """Whether a Python file of commit ``rev`` holds an ``async def`` (git's pathspecs are
    literal here, so the names are filtered after)."""
    return bool(_grep(root, rev, r"async[[:space:]]+def"))


def tests_missing_since(root: Path, commits: Sequence[Commit], origin: BlameOrigin) -> BlameOrigin:
    """``origin`` of "no tests", or the earlier commit (``commits``: newest first) from which
    the project had routes or tables and no test function, if every commit since had none:
    found by halving the range, a ``git grep`` or two each."""
    if not _untested_app(root, origin[0]):
        return origin
    earlier = _before(root, commits, origin[0])
    return _first_where(earlier, lambda sha: _untested_app(root, sha)) or origin


def migrations_missing_since(
    root: Path, commits: Sequence[Commit], origin: BlameOrigin, rev: str
) -> BlameOrigin:
    """``origin`` of "no migrations", or the earlier commit (``commits``: newest first) from
    which the project defined tables and had no migration tool's files, if every commit since
    had none. Where ``rev`` has migrations the problem is a ``create_all`` beside them, which
    began with the later of its line (``origin``) and the first migrations."""
    if _has_migrations(root, rev):
        later = _commits_after(commits, origin, rev)
        if not later or _has_migrations(root, origin[0]):
            return origin
        return _first_where(_dated(later), lambda sha: _has_migrations(root, sha)) or origin
    if not _unmigrated_tables(root, origin[0]):
        return origin
    earlier = _before(root, commits, origin[0])
    return _first_where(earlier, lambda sha: _unmigrated_tables(root, sha)) or origin


def _dated(commits: Sequence[Commit]) -> list[BlameOrigin]:
    return [(commit.sha, commit.date) for commit in commits]


def _before(root: Path, commits: Sequence[Commit], sha: str) -> list[BlameOrigin]:
    """The commits before ``sha``, oldest first: from ``commits`` (newest first) when they reach
    back to the first commit, else from git's first-parent history. A review since the last one
    holds only the newest commits, and "no tests" may be older than all of them."""
    index = {commit.sha: number for number, commit in enumerate(commits)}
    older = commits[index[sha] + 1 :] if sha in index else []
    if older and older[-1].parent is None:
        return _dated(list(reversed(older)))
    listed = run_git(root, ["log", "--first-parent", "--format=%H %aI", f"{sha}^"], ok=(0, 128))
    found = [line.split(" ", 1) for line in listed.stdout.decode().splitlines()]
    return [(parts[0], parts[1]) for parts in reversed(found) if len(parts) == 2]


def _first_where(
    commits: Sequence[BlameOrigin], holds: Callable[[str], bool]
) -> BlameOrigin | None:
    """The first of ``commits`` (oldest first) where ``holds``, taken to hold at every commit
    after it too: found by halving the range."""
    low, high = 0, len(commits)
    while low < high:
        middle = (low + high) // 2
        if holds(commits[middle][0]):
            high = middle
        else:
            low = middle + 1
    return commits[low] if low < len(commits) else None


_BOT_HANDLERS = (
    r"@[A-Za-z_][A-Za-z0-9_.]*[.](message|callback_query|edited_message|channel_post"
    r"|inline_query|message_handler|callback_query_handler|inline_handler)[(]"
    r"|@([A-Za-z_][A-Za-z0-9_]*[.])*(bot|client|tree|commands|app_commands)[.]"
    r"(command|hybrid_command|event)([(]|[[:space:]]*$)|@commands[.]Cog[.]listener"
    r"|(Command|Message|CallbackQuery|Conversation|InlineQuery)Handler[(]"
    r"|register_(message|callback_query)_handler[(]"
)
"""A chat bot's handlers as MB105 counts them: aiogram's and pyTelegramBotAPI's decorators,
discord.py's commands, events and listeners, python-telegram-bot's handler classes, aiogram 2's
registrations (a bot's first commit with 16 handlers had been no untested app, blind check
t2)."""
_SERVES_OR_STORES = (
    r"@[A-Za-z_][A-Za-z0-9_.]*\.(get|post|put|patch|delete|websocket|route|api_route)\(|"
    r"__tablename__|table[[:space:]]*=[[:space:]]*True|" + _BOT_HANDLERS
)
_TEST_FUNCTION = r"^[[:space:]]*(async[[:space:]]+)?def[[:space:]]+test_|^class[[:space:]]+Test"


_TABLES = (
    r"__tablename__[[:space:]]*=|table[[:space:]]*=[[:space:]]*True|\((db\.|models\.)?Model\)"
    r"|^class[[:space:]]+[A-Za-z_][A-Za-z0-9_]*\([^)]*\bBase\)"
)
"""A table's class: named with ``__tablename__ =``, a SQLModel table, a Flask-SQLAlchemy, Django
or peewee model, or a class on a ``Base`` (whose ``declared_attr`` names the table; the
``def __tablename__`` of that base is no table)."""


def _unmigrated_tables(root: Path, rev: str) -> bool:
    """Whether commit ``rev`` defines tables and holds no migration tool's files."""
    return bool(_grep(root, rev, _TABLES)) and not _has_migrations(root, rev)


def _has_migrations(root: Path, rev: str) -> bool:
    return any(MIGRATION_PATHS.search(path) for path in tree_paths(root, rev))


def _untested_app(root: Path, rev: str) -> bool:
    """Whether commit ``rev`` serves routes, answers a bot's messages or defines tables and
    holds no test function in a test file."""
    if not _grep(root, rev, _SERVES_OR_STORES):
        return False
    return not any(is_test_path(name) for name in _grep(root, rev, _TEST_FUNCTION))


def _grep(root: Path, rev: str, pattern: str) -> list[str]:
    """The Python files of commit ``rev`` with a line matching ``pattern``."""
    found = run_git(root, ["grep", "-l", "-E", pattern, rev], ok=(0, 1))
    listed = found.stdout.decode("utf-8", "replace").splitlines()
    names = [line.partition(":")[2] for line in listed]  # "<rev>:<path>"
    return [name for name in names if name.endswith(".py")]
