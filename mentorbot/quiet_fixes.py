"""Fix commits whose message does not say so: "update", "changes", "wip", "v2".

Learners often commit a real fix under such a message. Analysing every commit's files before
and after would cost a cold review of a long history many seconds, so each commit that changed
Python first passes a screen on its diff alone: a line it removed must show a hint of some
rule's problem (``Rule.fix_hints``: ``time.sleep(``, ``except:``, a credential's name; so may
a block of removed lines read as one, a query split over several string literals), or a line
it added must await the call a removed line made without awaiting, or hand work to a
thread (``asyncio.to_thread``), or make a removed ``async def`` a plain ``def``, or keep a
removed assignment's value without the name (an unused local dropped), or it must stop
importing a name that no line it removed used (an unused import dropped). Imports moved from
one file or line to another do not count: moving them is how every refactoring starts.

The miner then analyses the commits that pass like any other: a rule finding that left the
files is a solved problem. As the message is no evidence, it also asks that the rule declared
hints and that the flagged line was rewritten in place (not deleted with its function), or the
``def`` or decorators above it where the rule's fix sits there (``FixHints.made_sync``,
``header``); an unused import or local is fixed by deleting its line (or the assignment on it),
and so is a ``create_all`` beside the migrations, so those are credited where they were
deleted.
The verdicts are remembered per commit (``AnalysisCache``): a commit's diff never changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from mentorbot.analysis.git import Hunk
from mentorbot.analysis.git_batch import file_patches
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Commit, Finding, Lesson
from mentorbot.fix_messages import worth_mining
from mentorbot.lesson_defs import header_rewritten, made_sync
from mentorbot.lesson_files import replacement_line
from mentorbot.lesson_versions import changes, rewrites, rewritten_nearby
from mentorbot.rules.base import FixHints
from mentorbot.rules.registry import all_rules, get_rule
from mentorbot.rules.ruff import ruff_code_of

_IMPORT = re.compile(r"^(?:import|from)\s")
_AWAIT = re.compile(r"\bawait\b")
_ASSIGNED = re.compile(r"^[A-Za-z_]\w*\s*=(?!=)\s*(.+)$")
"""An assignment to one name: its right side is group 1."""
_THREADED = re.compile(r"\b(?:to_thread|run_in_threadpool|run_in_executor)\(")
_ASYNC_DEF = re.compile(r"^async def (\w+)\((.*)$")
_SYNC_DEF = re.compile(r"^def (\w+)\((.*)$")
"""A function's name, and the rest of its ``def`` line."""
_WORD = re.compile(r"[A-Za-z_]\w*")
_CHUNK = 200
"""Commits per ``git diff-tree`` process: bounds the diff text held at once."""
MAX_CHANGED_LINES = 2_000
"""A bigger change (an import of a whole project, a reformat) is no lesson to credit quietly."""


@cache
def removed_hint() -> re.Pattern[str] | None:
    """Every rule's ``removed`` hints as one pattern (None when no rule has any)."""
    hints = [hint for rule in all_rules() for hint in rule.fix_hints.removed]
    return re.compile("|".join(f"(?:{hint})" for hint in hints)) if hints else None


def candidates(commits: Sequence[Commit]) -> list[Commit]:
    """Commits the message does not mark for mining that removed lines of Python files; not a
    merge (its diff is its branch's commits, mined on their own), nor a sweeping change."""
    return [
        commit
        for commit in commits
        if commit.parent
        and not commit.merge
        and commit.deletions
        and commit.insertions + commit.deletions <= MAX_CHANGED_LINES
        and not worth_mining(commit)
        and any(path.endswith(".py") for path in commit.files)
    ]


def quiet_fixes(root: Path, commits: Sequence[Commit], cache: AnalysisCache) -> set[str]:
    """The shas of ``commits`` whose diff suggests a fix (see the module docstring)."""
    found: set[str] = set()
    unknown: list[Commit] = []
    for commit in candidates(commits):
        verdict = cache.screened(commit.sha)
        if verdict is None:
            unknown.append(commit)
        elif verdict:
            found.add(commit.sha)
    for start in range(0, len(unknown), _CHUNK):
        chunk = unknown[start : start + _CHUNK]
        passed = _screen(root, chunk)
        for commit in chunk:
            cache.put_screened(commit.sha, commit.sha in passed)
        found |= passed
    return found


def _screen(root: Path, commits: Sequence[Commit]) -> set[str]:
    """The commits whose Python changes show a hint, from one ``git diff-tree`` process."""
    removed: dict[str, list[str]] = defaultdict(list)
    added: dict[str, list[str]] = defaultdict(list)
    runs: dict[str, list[str]] = defaultdict(list)
    for patch in file_patches(root, [(commit.sha, commit.parent or "") for commit in commits]):
        if not patch.is_python or any(line.startswith("deleted file") for line in patch.header):
            continue
        run: list[str] = []
        for line in [*patch.body, ""]:
            if line.startswith("-"):
                removed[patch.sha].append(line[1:].strip())
                run.append(line[1:].strip())
                continue
            if len(run) > 1:
                runs[patch.sha].append(" ".join(run))
            run = []
            if line.startswith("+"):
                added[patch.sha].append(line[1:].strip())
    pattern = removed_hint()
    return {
        commit.sha
        for commit in commits
        if shows_fix(removed[commit.sha], added[commit.sha], pattern, runs[commit.sha])
    }


def shows_fix(
    removed: Sequence[str],
    added: Sequence[str],
    pattern: re.Pattern[str] | None,
    runs: Sequence[str] = (),
) -> bool:
    """Whether a commit's removed and added lines show a hint of a fix. ``runs``: each block of
    consecutive removed lines joined into one, for a hint that spans lines (a query split over
    several string literals, its ``select`` on one and its ``% (word,)`` on another)."""
    code = [line for line in removed if line and not _IMPORT.match(line)]
    if pattern is not None and any(pattern.search(line) for line in [*code, *runs]):
        return True
    dropped = _imported_names(removed) - _imported_names(added)
    if dropped and not dropped <= {word for line in code for word in _WORD.findall(line)}:
        return True  # an import no removed line used: one that nothing used, most likely
    if {m.group(1) for line in removed if (m := _ASSIGNED.match(line))} & set(added):
        return True  # ``result = db.insert_one(doc)`` kept as ``db.insert_one(doc)``: unused
    made_async = {m.groups() for line in removed if (m := _ASYNC_DEF.match(line))}
    plain = {m.groups() for line in added if (m := _SYNC_DEF.match(line))}
    if any(
        name == was or rest == rest_was or not rest.strip()
        for was, rest_was in made_async
        for name, rest in plain
    ):
        # ``async def`` made ``def``: FastAPI runs it in a thread. Renamed, its parameters
        # kept, or its signature laid out anew over the lines below (``def list_users(``);
        # the miner then asks that the same function became a plain one.
        return True
    if any(_THREADED.search(line) for line in added):
        return True  # blocking work handed to a thread: ``await asyncio.to_thread(save, f)``
    awaiting = [set(_WORD.findall(line)) for line in added if _AWAIT.search(line)]
    calls = (set(_WORD.findall(line)) for line in code if "(" in line and not _AWAIT.search(line))
    return any(words and any(words <= later for later in awaiting) for words in calls)


def _imported_names(lines: Sequence[str]) -> set[str]:
    """The names single-line imports among ``lines`` bind (``import numpy as np``: ``np``)."""
    names: set[str] = set()
    for line in lines:
        if _IMPORT.match(line) and " import " in f" {line}":
            _, _, imported = line.split("#", 1)[0].partition("import ")
            for part in imported.strip("() \\").split(","):
                words = part.split()
                if words:
                    names.add(words[-1])
    return names


UNUSED_NAMES = frozenset({"F401", "F811", "F841"})
"""ruff's unused import, a name redefined unused (an import written twice), and a local
assigned but never used (``result = db.insert_one(doc)``): each fixed by deleting a line or
the assignment on it."""


def unused_finding(finding: Finding) -> bool:
    """Whether ``finding`` is ruff's unused import, redefined unused name or unused local."""
    return finding.source == "ruff" and ruff_code_of(finding.message.en) in UNUSED_NAMES


def unused_name(lesson: Lesson) -> bool:
    """Whether ``lesson`` is an unused import, a redefined unused name or an unused local, whose
    fix is to delete a line or the assignment on it."""
    return lesson.found is not None and ruff_code_of(lesson.found.en) in UNUSED_NAMES


def credited(
    lesson: Lesson,
    hunks: Sequence[Hunk],
    line: int,
    versions: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> bool:
    """Whether a quiet commit may be credited with ``lesson``: its rule declares fix hints and
    the flagged line (``line``, before the commit) was rewritten, not only deleted (also as a
    deleted block right beside the hunk that writes its new text), or the
    ``async def`` holding it made a ``def`` where the rule allows it (``versions``: the file's
    lines before and after); an unused import's line may be deleted, and so may a line whose
    deletion is the rule's fix (``FixHints.deleted``), and a redefined name's earlier
    definition."""
    if unused_name(lesson):
        return changes(hunks, line) or _earlier_definition_changed(lesson, hunks, versions[0], line)
    hints = get_rule(lesson.rule).fix_hints if lesson.rule is not None else None
    if not hints:
        return False
    before = versions[0]
    if hints.deleted and 0 < line <= len(before) and _deletion_fixes(hints, lesson):
        flagged = before[line - 1]
        if any(re.search(hint, flagged) for hint in hints.removed):
            return changes(hunks, line)
    if rewrites(hunks, line) or rewritten_nearby(hunks, line):
        return True
    if changes(hunks, line) and replacement_line(hints.replaced_by, hunks, *versions, line):
        return True
    if hints.made_sync and made_sync(hunks, *versions, line):
        return True
    return hints.header and header_rewritten(hunks, before, line)


def _deletion_fixes(hints: FixHints, lesson: Lesson) -> bool:
    if not hints.deleted_when:
        return True
    return lesson.found is not None and re.search(hints.deleted_when, lesson.found.en) is not None


def _earlier_definition_changed(
    lesson: Lesson, hunks: Sequence[Hunk], before: Sequence[str], line: int
) -> bool:
    """Whether the commit changed the earlier definition a redefinition (F811, flagged at the
    second ``def update_post``) hid: deleting that first one is the fix."""
    if lesson.found is None or ruff_code_of(lesson.found.en) != "F811":
        return False
    named = re.search(r"`([A-Za-z_][\w.]*)`", lesson.found.en)
    if named is None:
        return False
    name = re.escape(named.group(1).rsplit(".", 1)[-1])
    definition = re.compile(
        rf"^\s*(?:(?:async\s+)?def|class)\s+{name}\b|^\s*(?:from\s+\S+\s+)?import\b.*\b{name}\b"
    )
    return any(
        definition.search(text) and changes(hunks, number)
        for number, text in enumerate(before[: max(line - 1, 0)], start=1)
    )
