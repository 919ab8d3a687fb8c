"""Problems of the project as a whole, solved by the commit that added what was missing.

"The project has no tests" and "no database migrations" are not on a line a fix changes: the
learner solves them by adding files, a first test module or an Alembic setup, in a commit whose
message may say only "add tests". The commit credited is the first in range that brought such a
file into a tree that had none, or, in a project that began with some, the one that brought them
back after a commit had removed the last. The rule is asked about the project as it was just
before that commit: the Python files of today's project that existed then, each in its version
of then (most are unchanged, and cached), and the stack its manifests declared then, so "10
routes" or "lists Alembic" is said only where it was so. The problem must show there and be gone
now.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.file_text import source_text
from mentorbot.analysis.git_cli import run_git
from mentorbot.analysis.git_worktree import tree_blobs
from mentorbot.domain import Commit, FileAnalysis, Finding, Lesson
from mentorbot.lesson_versions import (
    MAX_SNIPPET_LINES,
    BlameRequest,
    Mined,
    blob_text,
    rule_lesson,
    snippet,
)
from mentorbot.rules._names import defines_tests
from mentorbot.rules.base import Rule
from mentorbot.rules.engine import make_finding
from mentorbot.rules.missing_tests import TEST_FILE
from mentorbot.rules.no_migrations import MIGRATION_PATHS
from mentorbot.rules.project import ProjectView
from mentorbot.rules.registry import get_rule
from mentorbot.rules.secret_find import find_secrets
from mentorbot.version_origins import stack_at

REMEDIES: dict[str, re.Pattern[str]] = {"MB105": TEST_FILE, "MB110": MIGRATION_PATHS}
"""Rule id -> the paths whose arrival solves its project-wide problem."""
REMEDY_CODE = {"MB105": r"^[[:space:]]*(async[[:space:]]+)?def test_|^[[:space:]]*class Test"}
"""Rule id -> what a remedy file must hold to be one (git's extended regex): a project may
begin with a ``tests/`` folder of scripts and get its first test function later."""
Analyse = Callable[[Sequence[tuple[str, str]], dict[str, bytes | None]], list[FileAnalysis]]
"""The analyses of ``(rev:path spec, path)`` versions, given their bytes (``LessonMiner``)."""


def project_lessons(
    root: Path,
    commits: Sequence[Commit],
    project: ProjectView,
    now: Sequence[Finding],
    analyse: Analyse,
) -> Mined:
    """A lesson for each project-wide problem a commit in ``commits`` (newest first) solved by
    adding files; ``project`` and ``now`` are the reviewed project and its findings. Each comes
    with the line to blame for its origin: the one the problem was reported at, just before
    (the app's creation for "no tests", the first model for "no migrations")."""
    lessons: Mined = []
    for rule_id, remedy in REMEDIES.items():
        if not any(remedy.search(path) for path in project.paths):
            continue
        found = _solved_by_adding(root, commits, project, now, rule_id, remedy, analyse)
        if found is not None:
            lessons.append(found)
    return lessons


def _solved_by_adding(
    root: Path,
    commits: Sequence[Commit],
    project: ProjectView,
    now: Sequence[Finding],
    rule_id: str,
    remedy: re.Pattern[str],
    analyse: Analyse,
) -> tuple[Lesson, BlameRequest | None] | None:
    arrival = _arrival(root, commits, remedy)
    written = arrival is None
    if written:
        arrival = _first_written(root, commits, rule_id, remedy)
    if arrival is None:
        return None
    commit, parent, existed = arrival
    before = _project_at(root, parent, existed, project, analyse)
    rule = get_rule(rule_id)
    if rule.check_project is None or not rule.is_applicable(before):
        return None
    still = {finding.message.en for finding in now if finding.rule == rule_id}
    for hit in rule.check_project(before):
        code = before.code_at(hit.path, hit.line)
        finding = make_finding(
            rule,
            hit.path,
            hit.line,
            hit.args,
            code,
            message=hit.message,
            in_tests=before.in_tests(hit.path),
        )
        if finding.message.en in still:
            continue
        added = sorted(
            (
                path
                for path in commit.files
                if remedy.search(path) and (written or path not in existed)
            ),
            key=lambda path: (
                path in existed,
                not path.endswith(".py"),
                "/versions/" not in path,
                path,
            ),
        )
        if not added or _still_fires(root, commit.sha, project, rule, analyse):
            return None
        if rule_id in REMEDY_CODE:
            added = _holding_the_remedy_first(root, commit.sha, added)
        lesson = rule_lesson(finding, commit, added[0], "", _opening(root, commit, added[0]))
        return lesson, ((parent, hit.path, hit.line) if hit.path and hit.line > 0 else None)
    return None


def _holding_the_remedy_first(root: Path, sha: str, added: list[str]) -> list[str]:
    """``added``, the files that define tests first: an app module of a package named ``test``
    had been cited, its code shown as the tests that solved "no tests" (blind check f1)."""
    blobs = git.read_blobs(root, [f"{sha}:{path}" for path in added])
    texts = {path: source_text(blobs.get(f"{sha}:{path}") or b"") for path in added}
    return sorted(added, key=lambda path: not defines_tests(texts[path]))


def _still_fires(root: Path, rev: str, project: ProjectView, rule: Rule, analyse: Analyse) -> bool:
    """Whether the rule still reports the project as of commit ``rev``: migrations that came
    while ``create_all`` went on running beside them left the schema to no one yet (three
    blind checks read "fixed" in one section and "still open" in the next)."""
    after = _project_at(root, rev, tree_blobs(root, rev), project, analyse)
    return rule.check_project is not None and any(True for _ in rule.check_project(after))


def _project_at(
    root: Path, rev: str, existed: dict[str, str], project: ProjectView, analyse: Analyse
) -> ProjectView:
    """The project as of commit ``rev`` (``existed``: its files and their blobs): today's
    analyses of the files it shared with today, and its Python files since moved or deleted
    (the models a commit moved while it added the migrations held the tables then)."""
    today = set(project.paths)
    gone = sorted(path for path in existed if path.endswith(".py") and path not in today)
    return ProjectView(
        analyses=_analyses_at(root, rev, existed, project, analyse, gone),
        stack=stack_at(root, rev, list(existed)),
        paths=tuple(path for path in project.paths if path in existed) + tuple(gone),
    )


def _analyses_at(
    root: Path,
    rev: str,
    existed: dict[str, str],
    project: ProjectView,
    analyse: Analyse,
    gone: Sequence[str],
) -> tuple[FileAnalysis, ...]:
    """Today's analyses of the files that existed at ``rev``, each in its version of then, and
    the analyses of the ``gone`` ones as they were."""
    same: list[FileAnalysis] = []
    older: list[tuple[str, str]] = [(f"{rev}:{path}", path) for path in gone]
    for analysis in project.analyses:
        blob = existed.get(analysis.path)
        if blob == analysis.blob_sha:
            same.append(analysis)
        elif blob is not None and analysis.path.endswith(".py"):
            older.append((f"{rev}:{analysis.path}", analysis.path))
    if not older:
        return tuple(same)
    blobs = git.read_blobs(root, [spec for spec, _ in older])
    return (*same, *analyse(older, blobs))


def _arrival(
    root: Path, commits: Sequence[Commit], remedy: re.Pattern[str]
) -> tuple[Commit, str, dict[str, str]] | None:
    """The commit that brought a ``remedy`` file into a tree that had none, its parent and the
    parent's files: the first in range to touch one; or, when the range began with some (a root
    commit, an imported project), the first to touch one after a commit that removed the last of
    them (a test suite moved away and written again)."""
    touching = list(_touching(commits, remedy))
    if not touching:
        return None
    first = touching[0]
    if first.parent is not None:
        existed = tree_blobs(root, first.parent)
        if not any(remedy.search(path) for path in existed):
            return first, first.parent, existed
    oldest_first = [commit for commit in reversed(commits) if not commit.merge]
    order = {commit.sha: at for at, commit in enumerate(oldest_first)}
    after_first = oldest_first[order[first.sha] + 1 :]
    for deleting in reversed(_removing(root, after_first, remedy)):
        if any(remedy.search(path) for path in tree_blobs(root, deleting.sha)):
            continue
        arrival = next((c for c in touching if order[c.sha] > order[deleting.sha]), None)
        if arrival is not None and arrival.parent is not None:
            return arrival, arrival.parent, tree_blobs(root, arrival.parent)
    return None


def _first_written(
    root: Path, commits: Sequence[Commit], rule_id: str, remedy: re.Pattern[str]
) -> tuple[Commit, str, dict[str, str]] | None:
    """The first commit in range whose diff of a ``remedy`` file writes what makes it one (a
    test function), its parent and the parent's files: for a range that began with such files
    holding none of it. Asked of git once, only when no commit brought the first file."""
    pattern = REMEDY_CODE.get(rule_id)
    if pattern is None or not commits:
        return None
    touching = list(_touching(commits, remedy))
    if not touching:
        return None
    paths = sorted({path for commit in touching for path in commit.files if remedy.search(path)})
    shas = "".join(f"{commit.sha}\n" for commit in touching)
    args = ["log", "--no-walk=unsorted", "--stdin", "-E", "-G", pattern, "--format=%H"]
    listed = run_git(root, [*args, "--", *paths], stdin=shas.encode())
    writing = set(listed.stdout.decode("ascii", "replace").split())
    commit = next((c for c in touching if c.sha in writing and c.parent is not None), None)
    if commit is None or commit.parent is None:
        return None
    existed = tree_blobs(root, commit.parent)
    # Its parent must hold none of it yet (then the project had tests all along): asked of git
    # before the project of then is analysed.
    held = sorted(path for path in existed if remedy.search(path))
    grep = ["grep", "-q", "-E", pattern, commit.parent, "--", *held]
    if held and run_git(root, grep, ok=(0, 1)).returncode == 0:
        return None
    return commit, commit.parent, existed


def _touching(commits: Sequence[Commit], remedy: re.Pattern[str]) -> Iterator[Commit]:
    """The commits (oldest first) that changed a file ``remedy`` matches; merges left out, as
    their branch's own commits are listed too."""
    for commit in reversed(commits):
        if not commit.merge and any(remedy.search(path) for path in commit.files):
            yield commit


def _removing(root: Path, commits: Sequence[Commit], remedy: re.Pattern[str]) -> list[Commit]:
    """Those of ``commits`` (oldest first) that deleted a ``remedy`` file or moved it away (a
    rename lists only its new path in ``Commit.files``), asked of git once."""
    if not commits:
        return []
    shas = "\n".join(commit.sha for commit in commits) + "\n"
    args = ["log", "--no-walk=unsorted", "--stdin", "--no-renames", "--diff-filter=D", "-z"]
    listed = run_git(root, [*args, "--name-only", "--format=%x01%H"], stdin=shas.encode())
    text = listed.stdout.decode("utf-8", "replace")
    deleted: set[str] = set()
    for entry in text.split("\x01")[1:]:
        sha, *paths = entry.split("\0")  # "<sha>\0\n<path>\0<path>\0"
        if any(remedy.search(path.lstrip("\n")) for path in paths):
            deleted.add(sha)
    return [commit for commit in commits if commit.sha in deleted]


def _opening(root: Path, commit: Commit, path: str) -> str:
    """The first lines of an added file, as the "after" of its lesson (secrets masked)."""
    spec = f"{commit.sha}:{path}"
    text = blob_text(git.read_blobs(root, [spec]), spec)
    secret = {line for line, _ in find_secrets(text)}
    return snippet(text, 1, MAX_SNIPPET_LINES, secret)
