"""Which of the problems a commit's files lost it solved: the rules with fewer findings over
all the files it changed (and the new files that took over a flagged line), or a line it
rewrote in place; never a secret still in the history, nor a sync engine of a project that had
no async code yet."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.domain import Finding
from mentorbot.finding_counts import counted_as
from mentorbot.lesson_versions import CommitVersions, blob_text
from mentorbot.lessons_secrets import SECRET_RULE, still_committed
from mentorbot.rules.ruff_general import RULE as RUFF_GENERAL
from mentorbot.version_origins import SYNC_DRIVER_RULE, has_async

FindingsAt = Callable[
    [Sequence[tuple[str, str]], dict[str, bytes | None]], dict[str, list[Finding]]
]
"""The miner's ``findings_at``: the findings of file versions ``(spec, path)`` from blobs."""


def solved_by(
    root: Path, mining: CommitVersions, findings_at: FindingsAt
) -> Callable[[Finding, bool], bool]:
    """``solves(finding, in_place)`` for ``lesson_files.file_lessons``: a line rewritten in place
    solved its problem unless the rule is refused; any other went with its rule's count over
    the commit. Each is worked out once per commit, when first asked."""
    left: list[set[str]] = []
    refused: dict[str, bool] = {}

    def solves(finding: Finding, in_place: bool) -> bool:
        kind = counted_as(finding)
        # An import edited in place while another file gained an unused one is lint moved
        # about, not a problem solved: ruff's general findings count over the commit.
        if in_place and finding.rule != RUFF_GENERAL.id:
            if kind not in refused:
                refused[kind] = bool(refused_rules(root, mining, {kind}))
            return not refused[kind]
        if not left:
            left.append(rules_that_left(root, mining, findings_at))
        return kind in left[0]

    return solves


def rules_that_left(root: Path, mining: CommitVersions, findings_at: FindingsAt) -> set[str]:
    """Rules with fewer findings after the commit than before, over all the files it
    changed and the new Python files that took over a flagged line: code that merely
    moved to another module did not solve its problem (ruff's general findings count per
    code: ``finding_counts``)."""
    commit, diff, changes = mining.commit, mining.diff, mining.changes
    blobs, analysed = mining.blobs, mining.analysed
    before, after = Counter[str](), Counter[str]()
    flagged: set[str] = set()
    for change in changes:
        found_before = analysed.get(change.before_spec) or ()
        found_after = analysed.get(change.after_spec) or ()
        before.update(counted_as(f) for f in found_before)
        after.update(counted_as(f) for f in found_after)
        lines = blob_text(blobs, change.before_spec).splitlines()
        flagged.update(lines[f.line - 1].strip() for f in found_before if 0 < f.line <= len(lines))
    flagged.discard("")
    added = [
        (f"{commit.sha}:{changed.new_path}", changed.new_path)
        for changed in diff.changes
        if changed.status == "A" and changed.new_path and changed.new_path.endswith(".py")
    ]
    if added and flagged:
        added_blobs = git.read_blobs(root, [spec for spec, _ in added])
        took_over: list[tuple[str, str]] = []
        cores = {core for line in flagged if len(core := statement_core(line)) >= MIN_CORE}
        renamed = renamed_cores(cores)
        for spec, path in added:
            text = blob_text(added_blobs, spec)
            if any(line in text for line in flagged) or _holds_core(text, cores, renamed):
                took_over.append((spec, path))
        for findings in findings_at(took_over, added_blobs).values():
            after.update(counted_as(f) for f in findings)
    left = {rule for rule, count in before.items() if after[rule] < count}
    return left - refused_rules(root, mining, left)


MIN_CORE = 10
"""Shorter cores (``commit()``) stand in too many unrelated lines."""
MIN_LITERAL = 8
"""A literal this long (spaces removed) is a query, a URL or a message, not a key or a flag."""
_BOUND_TO = re.compile(r"^(?:(?:return|yield|await)\s+|[\w.]+(?:\s*:\s*[^=]+)?\s*=(?!=)\s*)")
_QUALIFIER = re.compile(r"\b[A-Za-z_]\w*\.(?=[A-Za-z_])")
_SPACE = re.compile(r"\s+")


def statement_core(line: str) -> str:
    """What a flagged line does, whatever it is bound to and through which module or object
    it is reached: ``rows = db.conn.execute(q)`` and ``return conn.execute(q)`` are both
    ``execute(q)``. A helper moved to a new module keeps its core while its callers gain a
    prefix (``save_request(...)`` made ``db.save_request(...)``)."""
    body = _BOUND_TO.sub("", line.strip())
    return _SPACE.sub("", _QUALIFIER.sub("", body)).replace("'", '"')


def renamed_core(core: str) -> tuple[str, str]:
    """A core's syntax with its variables numbered in order (``q`` and ``term`` both ``_0``),
    and its longest literal, when that literal has ``MIN_LITERAL`` characters or more: the same
    query or URL moved to a new module whose parameter got a new name is the same statement.
    ("", "") for a core that holds no such literal, or that does not parse on its own (part of
    a statement)."""
    try:
        tree = ast.parse(core, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "", ""
    nodes = list(ast.walk(tree))
    literals = [
        node.value
        for node in nodes
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    longest = max(literals, key=len, default="")
    if len(longest) < MIN_LITERAL:
        return "", ""
    called = {id(node.func) for node in nodes if isinstance(node, ast.Call)}
    numbers: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Name) and id(node) not in called:
            node.id = numbers.setdefault(node.id, f"_{len(numbers)}")
    return ast.dump(tree), longest


def renamed_cores(cores: Collection[str]) -> dict[str, str]:
    """``renamed_core`` of each core that has one -> the core's longest literal, which a line
    must contain before it is worth parsing."""
    found: dict[str, str] = {}
    for core in cores:
        renamed, longest = renamed_core(core)
        if renamed:
            found[renamed] = longest
    return found


def _holds_core(text: str, cores: Collection[str], renamed: Mapping[str, str]) -> bool:
    """Whether a new file has a line doing what one of the flagged lines did, maybe with its
    variables renamed."""
    if not cores:
        return False
    for line in text.splitlines():
        core = statement_core(line)
        if core in cores:
            return True
        if any(literal in core for literal in renamed.values()) and (
            renamed_core(core)[0] in renamed
        ):
            return True
    return False


def refused_rules(root: Path, mining: CommitVersions, rules: Collection[str]) -> set[str]:
    """Of ``rules``, those the commit solved no problem of though their findings went: a
    secret still in the history, a sync engine of a project with no async code yet."""
    refused: set[str] = set()
    if SECRET_RULE in rules and still_committed(root, mining):
        refused.add(SECRET_RULE)
    if SYNC_DRIVER_RULE in rules and not has_async(root, mining.commit.parent or ""):
        # The old engine was judged beside today's async code: with none yet, a sync
        # engine was no problem, and a commit moving it to async ahead of time solved none.
        refused.add(SYNC_DRIVER_RULE)
    return refused
