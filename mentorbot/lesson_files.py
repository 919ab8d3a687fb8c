"""The rule lessons of one commit's files: each finding its change made disappear, one lesson
per rule and file, with the code before and after it (secrets blanked)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.domain import Finding
from mentorbot.in_place import fixed_in_place, still_in_place
from mentorbot.lesson_versions import (
    CommitVersions,
    Mined,
    after_range,
    before_range,
    blob_text,
    disappeared,
    rewrites,
    rule_lesson,
    snippet,
)
from mentorbot.lesson_versions import (
    changes as changed_line,
)
from mentorbot.rules.registry import get_rule
from mentorbot.rules.ruff import ruff_code_of
from mentorbot.rules.ruff_general import RULE as RUFF_GENERAL
from mentorbot.rules.secret_lines import secret_lines


def file_lessons(
    root: Path,
    mining: CommitVersions,
    solves: Callable[[Finding, bool], bool],
    apart: Callable[[Finding], bool] | None = None,
) -> Mined:
    """Lessons for the findings each file's change made disappear, one per rule and file.

    ``solves(finding, in_place)``: whether the commit solved the finding's problem, where the
    line was rewritten in place into one its rule no longer reports (``fixed_in_place``) or
    not: then its rule must have fewer findings over all the commit's files, as code that
    moved to another module solved nothing. ``apart(finding)``: whether the finding's lesson
    is one of its own beside its rule's other one (an unused import a vague "update" deleted,
    which is all such a commit may be credited with, beside the mutable default it rewrote).
    """
    commit, diff, changes = mining.commit, mining.diff, mining.changes
    blobs, analysed = mining.blobs, mining.analysed
    lessons: Mined = []
    for change in changes:
        before = analysed.get(change.before_spec)
        after = analysed.get(change.after_spec)
        if before is None or after is None:
            continue
        hunks = diff.hunks_of(root, change.new_path)
        before_text = blob_text(blobs, change.before_spec)
        after_text = blob_text(blobs, change.after_spec)
        after_lines = after_text.splitlines()
        in_place = {id(f) for f in before if fixed_in_place(f, hunks, after_lines, after)}
        gone = [
            finding
            for finding in disappeared(before, after, hunks, in_place)
            if solves(finding, id(finding) in in_place)
            and not _put_to_use(finding, hunks)
            and (
                id(finding) in in_place
                or not still_in_place(finding, hunks, after_lines, after, before)
            )
        ]

        def group(finding: Finding) -> tuple[str, bool]:
            return finding.rule, apart is not None and apart(finding)

        gone_per_rule = Counter(map(group, gone))
        before_lines = before_text.splitlines()
        for finding in _one_per_rule(gone, hunks, group):
            old_first, old_last = before_range(hunks, finding.line, before_lines)
            first, last = after_range(hunks, old_first, old_last)
            pairs = get_rule(finding.rule).fix_hints.replaced_by
            written = replacement_line(
                pairs, hunks, before_lines, after_text.splitlines(), finding.line
            )
            if written and not first <= written <= last:
                first = last = written  # the fix wrote its replacement elsewhere in the file
            secrets = (secret_lines(before), secret_lines(after))
            shown_before = snippet(before_text, old_first, old_last, secrets[0])
            shown_after = snippet(after_text, first, last, secrets[1])
            added = _adds_what_it_lacked(finding, hunks)
            if shown_before == shown_after or added:
                # The flagged line left as it was (``raise PreventUpdate``, its import added
                # at the top): the hunk that fixed it shows the change.
                shown_before, shown_after = _changing_snippets(
                    finding, hunks, before_text, after_text, secrets, named_only=added
                ) or (shown_before, shown_after)
            lesson = rule_lesson(
                finding,
                commit,
                change.new_path,
                before=shown_before,
                after=shown_after,
                occurrences=gone_per_rule[group(finding)],
                alike=[other for other in gone if group(other) == group(finding)],
            )
            lessons.append((lesson, (commit.parent or "", change.old_path, finding.line)))
    return lessons


_QUOTED = re.compile(r"`([^`]+)`")
FIXED_BY_ADDING = frozenset({"F821"})
"""ruff codes whose fix adds what the flagged line lacks (an undefined name's import or
definition), often far from that line, which stays as it was."""


def _adds_what_it_lacked(finding: Finding, hunks: Sequence[git.Hunk]) -> bool:
    """An undefined name whose line the commit left alone: the fix is what it added."""
    return (
        finding.rule == RUFF_GENERAL.id
        and ruff_code_of(finding.message.en) in FIXED_BY_ADDING
        and not changed_line(hunks, finding.line)
    )


def _changing_snippets(
    finding: Finding,
    hunks: Sequence[git.Hunk],
    before_text: str,
    after_text: str,
    secrets: tuple[Collection[int], Collection[int]],
    *,
    named_only: bool = False,
) -> tuple[str, str] | None:
    """The before and after of the hunk that fixed a finding whose own line the commit left as
    it was: the one whose new lines name what the message quotes (the import of an undefined
    name), else (not ``named_only``) the nearest; each with the line above an insertion, so
    both show one stretch. None when it shows no change either."""
    names = [re.compile(rf"\b{re.escape(name)}\b") for name in _QUOTED.findall(finding.message.en)]
    after_lines = after_text.splitlines()

    def named(hunk: git.Hunk) -> bool:
        added = after_lines[max(hunk.new_start - 1, 0) : hunk.new_start - 1 + hunk.new_count]
        return any(name.search(line) for name in names for line in added)

    if not hunks:
        return None
    hunk = min(hunks, key=lambda hunk: (not named(hunk), abs(hunk.old_start - finding.line)))
    if named_only and not named(hunk):
        return None
    old_first = max(hunk.old_start, 1)
    old_last = old_first + max(hunk.old_count, 1) - 1
    new_first = max(hunk.new_start - (0 if hunk.old_count else 1), 1)
    new_last = max(hunk.new_start + hunk.new_count - 1, new_first)
    shown = (
        snippet(before_text, old_first, old_last, secrets[0]),
        snippet(after_text, new_first, new_last, secrets[1]),
    )
    return shown if shown[0] != shown[1] else None


PUT_TO_USE = frozenset({"F401", "F841"})
"""ruff codes of a name never used: one the commit starts using elsewhere, its own line left as
it was, solved nothing the lesson could show (its before and after were the same line)."""


def _put_to_use(finding: Finding, hunks: Sequence[git.Hunk]) -> bool:
    """An unused import or variable that went because the commit used it, not by its line."""
    return (
        finding.rule == RUFF_GENERAL.id
        and ruff_code_of(finding.message.en) in PUT_TO_USE
        and not changed_line(hunks, finding.line)
    )


def _one_per_rule(
    gone: Sequence[Finding],
    hunks: Sequence[git.Hunk],
    group: Callable[[Finding], tuple[str, bool]],
) -> list[Finding]:
    """The finding that stands for each rule's lesson (``group``) in a file: the first the
    commit rewrote, else the first it deleted, else the first. A fix that made a route ``def``
    left the blocking call under it as it was; the rewritten calls further down show what
    changed (and a quiet commit is credited by it). An unused import the commit deleted shows
    the fix, one that became used, untouched above it, does not.
    """

    def touched(finding: Finding) -> int:
        if rewrites(hunks, finding.line):
            return 2
        return 1 if changed_line(hunks, finding.line) else 0

    chosen: dict[tuple[str, bool], Finding] = {}
    for finding in gone:
        current = chosen.get(group(finding))
        if current is None or touched(finding) > touched(current):
            chosen[group(finding)] = finding
    return list(chosen.values())


_GROUP_REFERENCE = re.compile(r"\(\?P=(\w+)\)")


def _filled(pattern: str, matched: re.Match[str]) -> str:
    """``pattern`` with each ``(?P=name)`` replaced by what ``matched`` captured as ``name``."""
    return _GROUP_REFERENCE.sub(lambda ref: re.escape(matched[ref[1]] or ""), pattern)


def replacement_line(
    pairs: Sequence[tuple[str, str]],
    hunks: Sequence[git.Hunk],
    before: Sequence[str],
    after: Sequence[str],
    line: int,
) -> int:
    """The line a fix wrote in place of the flagged ``line`` elsewhere in the file, by a rule's
    ``FixHints.replaced_by`` ``pairs`` (the ``model_config`` above a deleted ``class Config``),
    or 0. ``(?P=name)`` in a pair's second pattern stands for what the first one's group of
    that name matched: the ``DB_PASS = os.getenv(...)`` written for ``DB_PASS = "1234"``. Of
    several such lines, the one nearest the flagged line's place."""
    if not pairs or not 0 < line <= len(before):
        return 0
    flagged = before[line - 1]
    for removed, wanted in pairs:
        matched = re.search(removed, flagged)
        if matched is None:
            continue
        added = _filled(wanted, matched)
        found = [
            number
            for hunk in hunks
            for number in range(hunk.new_start, hunk.new_start + hunk.new_count)
            if 0 < number <= len(after) and re.search(added, after[number - 1])
        ]
        if found:
            # Of four schemas' ``class Config`` each made a ``model_config``, the one nearest.
            return min(found, key=lambda number: abs(number - line))
    return 0
