"""The modules a file version imports, as they were at its commit.

The miner judges an old version of a file among today's other files. That holds while the
modules it imports are unchanged; a helper renamed or rewritten later makes today's project
disagree with the old file (``get_db_connection`` imported from a ``db_connect.py`` that now has
only ``get_db``), and a blocking call that was there goes unseen. For a fix commit whose own
files show nothing leaving, the miner asks again with those modules as they were: at the
parent for the version before, at the commit for the version after.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.walk import git_blob_sha
from mentorbot.domain import FileAnalysis, Finding
from mentorbot.lesson_versions import CommitVersions, blob_text
from mentorbot.rules._names import module_matches, module_of
from mentorbot.rules.project import ProjectView

_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+([^#\n]*)|import[ \t]+([^#\n]*))",
    re.MULTILINE,
)
Versions = Sequence[tuple[str, str]]
AnalysesOf = Callable[[Versions, dict[str, bytes | None]], dict[str, FileAnalysis]]
"""The analyses of ``(rev:path spec, path)`` versions, given their bytes (``LessonMiner``)."""
Judge = Callable[[ProjectView, str], list[Finding]]
"""The findings of the version ``spec`` swapped into a view (``LessonMiner._judged``)."""


def imported_modules(text: str, path: str) -> set[str]:
    """The modules a Python file's imports may name (``from app import db``: ``app`` and
    ``app.db``), relative ones resolved from the file's package; read from its text, first
    lines of parenthesised lists only."""
    package = module_of(path).split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    found: set[str] = set()
    for match in _IMPORT.finditer(text):
        dots, module, names, plain = match.groups()
        if plain is not None:
            found.update(part.split()[0] for part in plain.split(",") if part.split())
            continue
        if dots:
            anchor = package[: len(package) - (len(dots) - 1)] if len(dots) > 1 else package
            module = ".".join([*anchor, module] if module else anchor)
        if module:
            found.add(module)
        for name in names.replace("(", " ").replace(")", " ").split(","):
            words = name.split()
            if words and words[0] not in ("*", "\\"):
                found.add(f"{module}.{words[0]}" if module else words[0])
    return found


def imported_paths(text: str, path: str, paths: Collection[str]) -> list[str]:
    """The project files a version imports: today's files its modules match, and the files
    those modules would be at the repo's root (a module renamed since is not among today's)."""
    modules = imported_modules(text, path)
    found = {p for p in paths if p.endswith(".py") and any(module_matches(m, p) for m in modules)}
    for module in modules:
        base = module.replace(".", "/")
        found.update((f"{base}.py", f"{base}/__init__.py"))
    found.discard(path)
    return sorted(found)


def then_views(
    root: Path,
    sides: Sequence[tuple[str, str, str]],
    blobs: dict[str, bytes | None],
    context: ProjectView,
    paths: Collection[str],
    analyses_of: AnalysesOf,
) -> dict[str, ProjectView]:
    """For each ``(spec, rev, path)`` version in ``blobs``, the project with the modules it
    imports as they were at ``rev``; versions whose imports are all as they are today are left
    out (``context`` judges them)."""
    today = {analysis.path: analysis.blob_sha for analysis in context.analyses}
    wanted: dict[str, list[tuple[str, str]]] = {}
    for spec, rev, path in sides:
        imported = imported_paths(blob_text(blobs, spec), path, paths)
        wanted[spec] = [(f"{rev}:{other}", other) for other in imported]
    specs = sorted({then for pairs in wanted.values() for then, _ in pairs})
    found = git.read_blobs(root, specs) if specs else {}
    differing: dict[str, str] = {}
    for pairs in wanted.values():
        for then, path in pairs:
            data = found.get(then)
            if data is not None and git_blob_sha(data) != today.get(path):
                differing[then] = path
    if not differing:
        return {}
    analyses = analyses_of(sorted(differing.items()), found)
    views: dict[str, ProjectView] = {}
    for spec, pairs in wanted.items():
        view = context
        for then, _ in pairs:
            if then in analyses:
                view = view.with_file(analyses[then])
        if view is not context:
            views[spec] = view
    return views


def judged_then(
    root: Path,
    mining: CommitVersions,
    context: ProjectView,
    paths: Collection[str],
    analyses_of: AnalysesOf,
    judge: Judge,
) -> CommitVersions | None:
    """``mining`` with each version judged among the modules it imports as they were then, or
    None when every one of them is as it is today (the first judgement stands)."""
    sides = [
        side
        for change in mining.changes
        for side in (
            (change.before_spec, change.commit.parent or "", change.old_path),
            (change.after_spec, change.commit.sha, change.new_path),
        )
        if side[0] in mining.analyses and side[1]
    ]
    views = then_views(root, sides, mining.blobs, context, paths, analyses_of)
    if not views:
        return None
    judged = {
        spec: judge(views.get(spec, context).with_file(mining.analyses[spec]), spec)
        for spec, _, _ in sides
    }
    return CommitVersions(
        mining.commit, mining.diff, mining.changes, mining.blobs, judged, mining.analyses
    )
