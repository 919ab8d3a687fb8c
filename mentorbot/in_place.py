"""A flagged line a commit rewrote in place, into one much like it that its rule no longer
reports in that function: a fix where it stands, whatever the file's counts say. The same
commit may write the rule's problem anew in another function (blogapp's parameterised
``create_user`` query beside a new f-string query, history 53); code moved away leaves no line
alike behind, and a query split over two lines of one function is still reported there."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.file_text import source_text
from mentorbot.domain import Finding
from mentorbot.finding_counts import counted_as
from mentorbot.lesson_versions import enclosing_def, rewriting_hunk
from mentorbot.rules.blocking_call_in_async import RULE as BLOCKING_RULE

IN_PLACE_LIKENESS = 0.75
"""How alike (``SequenceMatcher`` ratio) a rewritten line must be to the flagged one to be the
same statement edited, not other code put in its place."""


def fixed_in_place(
    finding: Finding,
    hunks: Sequence[git.Hunk],
    after_lines: Sequence[str],
    after: Sequence[Finding],
) -> bool:
    """Whether the commit rewrote the finding's line into one much like it, in a function where
    its rule reports nothing now: ``cur.execute(f"... {cur.lastrowid}")`` made ``cur.execute(
    "... %s", (cur.lastrowid,))``."""
    best, likeness = _likest_written(finding, hunks, after_lines)
    if not best or likeness < IN_PLACE_LIKENESS:
        return False
    first, last = function_span(after_lines, best) or (1, len(after_lines))
    kind = counted_as(finding)
    return not any(first <= f.line <= last and counted_as(f) == kind for f in after)


def _likest_written(
    finding: Finding, hunks: Sequence[git.Hunk], after_lines: Sequence[str]
) -> tuple[int, float]:
    """The line, of those the hunk rewriting the finding's line wrote, most like the flagged
    one, and how alike they are; ``(0, 0.0)`` where no hunk rewrote it."""
    flagged = finding.snippet.strip()
    hunk = rewriting_hunk(hunks, finding.line)
    if hunk is None or not flagged:
        return 0, 0.0
    written = [
        number
        for number in range(hunk.new_start, hunk.new_start + hunk.new_count)
        if 0 < number <= len(after_lines)
    ]
    likeness = {number: _likeness(flagged, after_lines[number - 1].strip()) for number in written}
    best = max(likeness, key=likeness.__getitem__, default=0)
    return best, likeness.get(best, 0.0)


def rewritten_in_place(
    root: Path,
    sha: str,
    finding: Finding,
    before: Sequence[Finding] | None,
    after: Sequence[Finding],
    blobs: Mapping[str, bytes | None],
) -> bool:
    """Whether commit ``sha`` rewrote the finding's line, as its parent had it, in place
    (``fixed_in_place``): the since-last part's question of one finding of the last review."""
    data = blobs.get(f"{sha}:{finding.path}")
    at_parent = [f for f in before or () if f.fingerprint == finding.fingerprint]
    if data is None or not at_parent:
        return False
    hunks = git.diff_hunks(root, sha, finding.path)
    lines = source_text(data).splitlines()
    return any(fixed_in_place(f, hunks, lines, after) for f in at_parent)


STILL_THERE_LIKENESS = 0.6
"""How alike a rewritten line its rule still reports must be to the flagged one to be the same
problem edited (``cursor.execute(f"...")`` made ``db.execute(text(f"..."))``: 0.72)."""


def still_in_place(
    finding: Finding,
    hunks: Sequence[git.Hunk],
    after_lines: Sequence[str],
    after: Sequence[Finding],
    before: Sequence[Finding] = (),
) -> bool:
    """Whether the commit rewrote the finding's line into one much like it (the likest line it
    wrote there) that its rule still reports, or, for a blocking call, left the async function
    blocking on the same object (``db.execute(...)`` made ``db.query(...)``): the problem
    edited, not solved (history 58). ``before``: the file's findings before the commit."""
    if _moved_into_a_callee(finding, after, after_lines):
        return True
    if _blocks_on_the_same(finding, after, _reported_apart(finding, before, hunks, after_lines)):
        return True
    best, likeness = _likest_written(finding, hunks, after_lines)
    if not best or likeness < STILL_THERE_LIKENESS:
        return False
    kind = counted_as(finding)
    return any(f.line == best and counted_as(f) == kind for f in after)


def _message_pattern(template: str) -> re.Pattern[str]:
    """A rule's English message template as a pattern, each ``{slot}`` a named group."""
    return re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^`]+)", re.escape(template)))


_BLOCKING_CALL = _message_pattern(BLOCKING_RULE.message.en)
"""MB101's own message, read back: its call and its async function."""


def _blocks_on_the_same(
    finding: Finding, after: Sequence[Finding], reported: Counter[str] | None = None
) -> bool:
    """Whether ``after`` shows the blocking call's async function blocking on the same object
    (``db``, ``requests``) still, by a call other than those ``reported`` (messages of other
    calls the function was already reported for, which are problems of their own)."""
    key = _blocking_key(finding)
    if key is None:
        return False
    apart = Counter(reported or ())
    for other in after:
        if _blocking_key(other) != key:
            continue
        if apart[other.message.en] > 0:
            apart[other.message.en] -= 1
            continue
        return True
    return False


def _reported_apart(
    finding: Finding,
    before: Sequence[Finding],
    hunks: Sequence[git.Hunk],
    after_lines: Sequence[str],
) -> Counter[str]:
    """The messages of the other blocking calls the finding's function was reported for before
    the commit, when the commit rewrote the flagged line into code that makes its call no more
    (``time.sleep(2)`` made ``await asyncio.sleep(2)``, a helper that sleeps still called
    beside it: that one is its own problem, the rewritten one is solved). Empty when the line
    was only deleted or the commit wrote the call anew in the file: moved into a helper, it
    may be the helper's call still reported."""
    call = _flagged_call(finding)
    hunk = rewriting_hunk(hunks, finding.line)
    if not call or hunk is None:
        return Counter()
    calling = re.compile(rf"(?<![\w.]){re.escape(call)}\s*\(")
    written = (
        after_lines[number - 1]
        for each in hunks
        for number in range(each.new_start, each.new_start + each.new_count)
        if 0 < number <= len(after_lines)
    )
    if any(calling.search(line) for line in written):
        return Counter()
    key = _blocking_key(finding)
    return Counter(
        other.message.en
        for other in before
        if other.message.en != finding.message.en and _blocking_key(other) == key
    )


def _moved_into_a_callee(
    finding: Finding, after: Sequence[Finding], after_lines: Sequence[str]
) -> bool:
    """Whether the blocking call is reported after the commit in a function the finding's
    function now calls: moved into a helper it awaits (a Dramatiq actor's ``save_image`` run by
    ``await TasksSet._save_result(...)``), not solved (regression run of blind check k2)."""
    match = _blocking_message(finding)
    if match is None:
        return False
    callees = {
        other_match["function"]
        for other in after
        if (other_match := _blocking_message(other)) is not None
        and other_match["call"] == match["call"]
        and other_match["function"] != match["function"]
    }
    if not callees:
        return False
    name = match["function"].rsplit(".", 1)[-1]
    header = re.compile(rf"\s*(?:async\s+)?def\s+{re.escape(name)}\s*\(")
    calling = re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(c.rsplit(".", 1)[-1]) for c in callees) + r")\s*\("
    )
    for number, text in enumerate(after_lines, start=1):
        if header.match(text) and (span := function_span(after_lines, number + 1)) is not None:
            if any(calling.search(line) for line in after_lines[span[0] : span[1]]):
                return True
    return False


def _flagged_call(finding: Finding) -> str:
    """The call MB101 reports at the finding's line (``handle`` of ``handle → time.sleep``)."""
    match = _blocking_message(finding)
    if match is None:
        return ""
    return match["call"].split(" → ", 1)[0].split("(", 1)[0]


def _blocking_message(finding: Finding) -> re.Match[str] | None:
    """MB101's message of the finding read back (its ``call`` and ``function``); None for
    another rule's finding."""
    if finding.rule != BLOCKING_RULE.id:
        return None
    return _BLOCKING_CALL.fullmatch(finding.message.en)


def _blocking_key(finding: Finding) -> tuple[str, str] | None:
    match = _blocking_message(finding)
    if match is None:
        return None
    call = match["call"].rsplit(" → ", 1)[-1]
    return match["function"], call.split("(", 1)[0].rsplit(".", 1)[0]


_EXCEPT = re.compile(r"except\b")


def _likeness(flagged: str, written: str) -> float:
    """How alike two lines are; any two ``except`` clauses are the same statement edited
    (``except:`` made ``except requests.RequestException as e:``, history 54)."""
    if _EXCEPT.match(flagged) and _EXCEPT.match(written):
        return 1.0
    return SequenceMatcher(None, flagged, written).ratio()


def function_span(lines: Sequence[str], number: int) -> tuple[int, int] | None:
    """First and last non-blank line (1-based) of the innermost ``def`` holding line ``number``;
    None for a line outside any function. The close of a signature spread over lines (``):``)
    is still the function's."""
    start = enclosing_def(lines, number)
    if start is None:
        return None
    depth = len(lines[start - 1]) - len(lines[start - 1].lstrip())
    end = number
    for candidate in range(number + 1, len(lines) + 1):
        text = lines[candidate - 1]
        stripped = text.strip()
        if not stripped:
            continue
        if len(text) - len(text.lstrip()) <= depth and stripped[0] not in ")]}":
            break
        end = candidate
    return start, end
