"""What a finding counts under when a commit's files are compared before and after it.

A rule's findings are counted together, so code that only moved did not solve its problem;
ruff's general findings (MB201) are counted per ruff code too: a commit that removed a
redefinition (F811) while adding two unused imports (F401) fixed the redefinition. A finding's
code is compared as a formatter would leave it (``formatted_alike``). A line a commit rewrote
in place, into one much like it that its rule no longer reports, is solved whatever the counts
say (``fixed_in_place``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.git import Hunk
from mentorbot.domain import Finding
from mentorbot.rules.ruff import ruff_code_of
from mentorbot.rules.ruff_general import RULE as RUFF_GENERAL


def counted_as(finding: Finding) -> str:
    """The rule, and for ruff's general findings the ruff code as well (``MB201:F811``)."""
    return counted_as_rule(finding.rule, finding.message.en)


SWALLOWED_APART = {"MB106": "E722"}
"""Rules one of whose ruff codes is a problem of its own: a bare ``except:`` that now raises a
401 instead of returning None no longer swallows the error, though it is still bare (E722); the
commit fixed the swallowing (history 53)."""


def counted_as_rule(rule: str, message_en: str) -> str:
    """``counted_as`` from a rule id and the English message (a lesson's ``found``)."""
    apart = SWALLOWED_APART.get(rule)
    if rule != RUFF_GENERAL.id and apart is None:
        return rule
    code = ruff_code_of(message_en)
    if apart is not None:
        return f"{rule}:{code}" if code == apart else rule
    return f"{rule}:{code}" if code else rule


_LAYOUT = re.compile(r"\s+|,(?=\s*[)\]}])")


def formatted_alike(finding: Finding) -> tuple[str, str, str]:
    """A finding's rule, file and code with what a formatter changes taken out (spaces, quote
    style, trailing commas): black re-quoting a line in a commit that fixed another line of the
    file did not fix the problem on it."""
    return finding.rule, finding.path, formatted_code(finding.snippet)


def formatted_code(code: str) -> str:
    """Code as any formatter leaves it: no spaces, double quotes, no trailing commas."""
    return _LAYOUT.sub("", code).replace("'", '"')


IN_PLACE_LIKENESS = 0.75
"""How alike (``SequenceMatcher`` ratio) a rewritten line must be to the flagged one to be the
same statement edited, not other code put in its place."""


def fixed_in_place(
    finding: Finding, hunks: Sequence[Hunk], after_lines: Sequence[str], after: Sequence[Finding]
) -> bool:
    """Whether the commit rewrote the finding's line into one much like it, in a function where
    its rule reports nothing now: ``cur.execute(f"... {cur.lastrowid}")`` made ``cur.execute(
    "... %s", (cur.lastrowid,))``. That is a fix where it stands, even when the same commit
    wrote the rule's problem anew in another function, which leaves the file's count as it was
    (history 53). Code moved away leaves no line alike behind; a query split over two lines of
    the same function is still reported there."""
    flagged = finding.snippet.strip()
    hunk = next(
        (
            hunk
            for hunk in hunks
            if hunk.old_start <= finding.line < hunk.old_start + hunk.old_count and hunk.new_count
        ),
        None,
    )
    if hunk is None or not flagged:
        return False
    written = [
        number
        for number in range(hunk.new_start, hunk.new_start + hunk.new_count)
        if 0 < number <= len(after_lines)
    ]
    likeness = {number: _likeness(flagged, after_lines[number - 1].strip()) for number in written}
    best = max(likeness, key=likeness.__getitem__, default=0)
    if not best or likeness[best] < IN_PLACE_LIKENESS:
        return False
    first, last = _function_span(after_lines, best)
    kind = counted_as(finding)
    return not any(first <= f.line <= last and counted_as(f) == kind for f in after)


_EXCEPT = re.compile(r"except\b")


def _likeness(flagged: str, written: str) -> float:
    """How alike two lines are; any two ``except`` clauses are the same statement edited
    (``except:`` made ``except requests.RequestException as e:``, history 54)."""
    if _EXCEPT.match(flagged) and _EXCEPT.match(written):
        return 1.0
    return SequenceMatcher(None, flagged, written).ratio()


_DEF = re.compile(r"^(\s*)(?:async\s+)?def\s")


def _function_span(lines: Sequence[str], number: int) -> tuple[int, int]:
    """First and last line (1-based) of the innermost ``def`` holding line ``number``; the whole
    file for a line outside any function."""
    indent = len(lines[number - 1]) - len(lines[number - 1].lstrip())
    start = 0
    for candidate in range(number - 1, 0, -1):
        matched = _DEF.match(lines[candidate - 1])
        if matched and len(matched[1]) < indent:
            start = candidate
            break
    if not start:
        return 1, len(lines)
    depth = len(lines[start - 1]) - len(lines[start - 1].lstrip())
    end = len(lines)
    for candidate in range(number + 1, len(lines) + 1):
        text = lines[candidate - 1]
        if text.strip() and len(text) - len(text.lstrip()) <= depth:
            end = candidate - 1
            break
    return start, end


def fewer_after(
    finding: Finding, before: Sequence[Finding] | None, after: Sequence[Finding]
) -> bool:
    """Whether the file shows fewer problems of the finding's kind after the commit than before
    it, as a solved lesson must: a ``requests.get`` edited to another URL, still without a
    timeout, is the same problem on a new line, not a fix (history 50). True where the file
    was not there before."""
    if before is None:
        return True
    kind = counted_as(finding)
    return sum(counted_as(f) == kind for f in after) < sum(counted_as(f) == kind for f in before)


def rewritten_in_place(
    root: Path,
    sha: str,
    finding: Finding,
    before: Sequence[Finding] | None,
    after: Sequence[Finding],
    blobs: Mapping[str, bytes | None],
) -> bool:
    """Whether commit ``sha`` rewrote the finding's line, as its parent had it, into one its
    rule no longer reports, though it wrote the problem anew elsewhere in the file
    (``fixed_in_place``)."""
    data = blobs.get(f"{sha}:{finding.path}")
    at_parent = [f for f in before or () if f.fingerprint == finding.fingerprint]
    if data is None or not at_parent:
        return False
    hunks = git.diff_hunks(root, sha, finding.path)
    lines = data.decode("utf-8", "replace").splitlines()
    return any(fixed_in_place(f, hunks, lines, after) for f in at_parent)
