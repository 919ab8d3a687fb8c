"""Which finding of today is one of the last review's, whose fingerprint (rule, file, code) no
longer matches: an edited line whose rule still reports it in the same file with the message
that names its place, or a problem that moved to another file with its code, or with its file.
Such a finding is neither fixed nor new."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence

from mentorbot.domain import Finding, PreviousReview
from mentorbot.finding_counts import NAMED_RUFF_CODES, formatted_alike, formatted_code
from mentorbot.lesson_origins import PROJECT_WIDE_RULES
from mentorbot.rules.registry import get_rule
from mentorbot.rules.ruff import ruff_code_of

PLACE_FIELDS = ("{function}", "{where}", "{handler}", "{name}")
"""Message fields that name the function or variable a finding is about."""


def names_its_place(finding: Finding) -> bool:
    """Whether the finding's message says where it is (``db.execute`` blocks ... in
    ``search_tasks``): two such findings with one message are one problem. "SQL built with an
    f-string" could be any query of the file; of ruff's texts, those naming the import or
    variable do."""
    if finding.source == "ruff":
        return ruff_code_of(finding.message.en) in NAMED_RUFF_CODES
    if finding.source != "mentor":
        return False
    try:
        template = get_rule(finding.rule).message.en
    except KeyError:
        return False
    return any(field in template for field in PLACE_FIELDS)


BY_FUNCTION = frozenset({"MB101", "MB111"})
"""Rules whose problem is the function it names and the call that blocks it: ``update_order``
still blocks the loop when its ``requests.post`` moved into a sync helper it calls (blind check
history 45); a ``time.sleep`` written in ``on_message`` after its ``requests.get`` was made
async is another problem (blind check t1)."""
_FUNCTION_NAMED = re.compile(r"function `(?P<function>[^`]+)`")
_CALL_NAMED = re.compile(r"^`(?P<call>[^`]+)` ")


def function_named(finding: Finding) -> str | None:
    """The function a finding of a ``BY_FUNCTION`` rule names, None for any other finding."""
    if finding.rule not in BY_FUNCTION or finding.source != "mentor":
        return None
    found = _FUNCTION_NAMED.search(finding.message.en)
    return found["function"] if found else None


def _blocking_links(finding: Finding) -> list[str]:
    """The calls a finding's message names as blocking its function, at both ends of the chain
    (``fetch_weather → requests.get``: the helper the function calls, the call that blocks); a
    message naming no call (MB111's engine) is one link of its own."""
    named = _CALL_NAMED.match(finding.message.en)
    if named is None:
        return [finding.message.en]
    links = [link.strip() for link in named["call"].split("→")]
    return list(dict.fromkeys((links[0], links[-1])))


def _keys(finding: Finding) -> list[tuple[str, str, str]]:
    """What a finding is matched by, best first: its code as a formatter leaves it, its message
    where that names its place, the function it names with a blocking call the other names too,
    and for a project-wide problem its file alone."""
    keys = [formatted_alike(finding)]
    if names_its_place(finding):
        keys.append((finding.rule, finding.path, finding.message.en))
    function = function_named(finding)
    if function is not None:
        keys += [
            (finding.rule, finding.path, f"function {function} blocked by {link}")
            for link in _blocking_links(finding)
        ]
    if finding.rule in PROJECT_WIDE_RULES:
        keys.append((finding.rule, finding.path, ""))
    # Last: the same message at the same line of the file. One that names no place
    # ("`requests` request without a timeout") there is the line edited (another URL), not a
    # fix and a new problem (history 50); elsewhere in the file it is one.
    keys.append((finding.rule, finding.path, f"{finding.line}: {finding.message.en}"))
    return keys


def pair_reworded(
    gone: Sequence[Finding], unseen: Sequence[Finding], step: int
) -> tuple[list[Finding], dict[str, int]]:
    """Match findings that left with ones that came, by rule, file and a message that names its
    place: an edited line that still blocks the loop in the same function (``db.execute``
    there, before and after) is the same problem, neither fixed nor new. So is a line a
    formatter only re-quoted or re-spaced (``formatted_alike``), a blocking call moved into a
    helper the same function still calls, a project-wide problem ("no tests") now anchored
    at another line of the file, and last a finding of the same message at the same line. Not
    another blocking call written in that function: that one is new, the old one fixed.
    Pairs are made one to one, in line order."""
    arrived: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for finding in sorted(unseen, key=lambda f: f.line):
        for key in _keys(finding):
            arrived[key].append(finding)
    still_gone: list[Finding] = []
    reworded: dict[str, int] = {}
    taken: set[int] = set()
    for finding in sorted(gone, key=lambda f: f.line):
        keys = _keys(finding)
        match = next(
            (
                candidate
                for key in keys
                for candidate in arrived.get(key, ())
                if id(candidate) not in taken
            ),
            None,
        )
        if match is not None:
            taken.add(id(match))
            reworded[match.fingerprint] = finding.since_step or step
        else:
            still_gone.append(finding)
    return still_gone, reworded


def pair_moved(
    gone: Sequence[Finding],
    unseen: Sequence[Finding],
    step: int,
    present: Collection[str],
    paired: Collection[str],
    moved_together: Callable[[Finding, Finding], bool] | None = None,
) -> tuple[list[Finding], dict[str, int]]:
    """Match findings that left one file with ones that came in another: the same rule on the
    same code (``class Config:`` moved with its schema to ``app/schemas/``), the same message
    naming its place where the old file is no more (a module moved and reformatted), or a
    project-wide problem ("no tests") now shown at another file. Such a problem moved; it is
    neither fixed nor new. Pairs are made one to one.

    ``moved_together(gone, arrived)`` may say whether the code left its file in the commit
    that brought it to the other file: a bare ``except:`` fixed in
    ``a.py`` and written anew in ``b.py`` two commits later is one fixed and one new."""
    arrived = sorted(
        (f for f in unseen if f.fingerprint not in paired), key=lambda f: (f.path, f.line)
    )
    taken: set[int] = set()
    matched: dict[int, Finding] = {}
    for likeness in _MOVE_LIKENESS:
        for finding in sorted(gone, key=lambda f: (f.path, f.line)):
            if id(finding) in matched:
                continue
            match = next(
                (
                    other
                    for other in arrived
                    if id(other) not in taken
                    and other.path != finding.path
                    and likeness(finding, other)
                    and _moved_to(finding, other, present)
                    and (
                        moved_together is None
                        or finding.rule in PROJECT_WIDE_RULES
                        or moved_together(finding, other)
                    )
                ),
                None,
            )
            if match is not None:
                taken.add(id(match))  # findings on lines alike share a fingerprint: one each
                matched[id(finding)] = match
    still_gone = [
        finding
        for finding in sorted(gone, key=lambda f: (f.path, f.line))
        if id(finding) not in matched
    ]
    moved = {
        match.fingerprint: finding.since_step or step
        for finding in gone
        if (match := matched.get(id(finding))) is not None
    }
    return still_gone, moved


_MOVE_LIKENESS: tuple[Callable[[Finding, Finding], bool], ...] = (
    lambda finding, other: finding.line == other.line and finding.message.en == other.message.en,
    lambda finding, other: finding.message.en == other.message.en,
    lambda finding, other: True,
)
"""How alike a pair must be, pass by pass: the same message at the same line (a file moved as it
was), the same message, then any pair the rules allow. Every bare ``except:`` has the same
code, so a greedy pass in path order gave a deleted file's two to the moved file's first two,
and the moved file's last two were "fixed" (history 53)."""


def _moved_to(finding: Finding, other: Finding, present: Collection[str]) -> bool:
    if other.rule != finding.rule:
        return False
    if finding.rule in PROJECT_WIDE_RULES:
        return True
    if _other_name(finding, other):
        # ``from typing import Optional, List`` copied to a new file, another name unused there.
        return False
    code = formatted_code(finding.snippet)
    if code and code == formatted_code(other.snippet):
        return True
    return (
        finding.path not in present
        and names_its_place(finding)
        and finding.message.en == other.message.en
    )


def _other_name(finding: Finding, other: Finding) -> bool:
    """Whether two of ruff's findings that name their import or variable name different ones:
    an unused ``typing.List`` and an unused ``typing.Optional`` are two problems, whatever line
    they share."""
    return (
        finding.source == "ruff"
        and names_its_place(finding)
        and other.message.en != finding.message.en
    )


def same_problem(finding: Finding, other: Finding) -> bool:
    """Whether ``other``, of a later version of the finding's file, is the same problem: the
    same code as a formatter may have left it, or an edited line its rule still reports with the
    message that names its place (a password moved into a URL is still the hardcoded
    ``DATABASE_URL``)."""
    if _other_name(finding, other):
        return False
    if other.fingerprint == finding.fingerprint or formatted_alike(other) == formatted_alike(
        finding
    ):
        return True
    return (
        other.rule == finding.rule
        and names_its_place(finding)
        and other.message.en == finding.message.en
    )


def pair_unattributed(
    fixed: Sequence[Finding],
    findings: Sequence[Finding],
    previous: PreviousReview,
    paired: Collection[str],
    uncommitted: Collection[str],
) -> tuple[list[Finding], dict[str, int], set[tuple[str, int]]]:
    """Take back a "fixed" that no commit removed, from a file with no uncommitted change, where
    its rule reports a problem the last review did not (a finding of ``findings`` whose
    fingerprint neither the last review's open findings nor ``paired`` have) in the same file:
    the line was edited (``sqlite3.connect(path)`` given ``check_same_thread=False``, the route
    that uses it renamed), not fixed. The log said "fixed in changes not committed yet" of a
    clean worktree and listed the same problem as new (history 54). A finding that outnumbers
    the last review's of its fingerprint came too: a helper call inlined as the line another
    route already had (blind check w1). Returns the fixed left, the arrived ones now open since
    the step their problem was first seen, and the places of those among them that share their
    fingerprint with an old one (``outnumbering`` keeps them old). Pairs are made one to one,
    nearest line first."""
    known = {f.fingerprint for f in previous.findings if f.status != "fixed"}
    crowding = outnumbering(findings, previous)
    arrived = [
        f
        for f in findings
        if (f.fingerprint not in known and f.fingerprint not in paired) or id(f) in crowding
    ]
    taken: set[int] = set()
    kept: list[Finding] = []
    carried: dict[str, int] = {}
    places: set[tuple[str, int]] = set()
    for finding in fixed:
        unexplained = (
            finding.fixed_by is None
            and not finding.fixed_elsewhere
            and not finding.removed_with_file
            and finding.path not in uncommitted
        )
        candidates = [
            other
            for other in arrived
            if id(other) not in taken and other.rule == finding.rule and other.path == finding.path
        ]
        if not unexplained or not candidates:
            kept.append(finding)
            continue
        match = min(candidates, key=lambda other: abs(other.line - finding.line))
        taken.add(id(match))
        if id(match) in crowding:
            places.add((match.path, match.line))
        else:
            carried[match.fingerprint] = finding.since_step or previous.step
    return kept, carried, places


def outnumbering(
    findings: Sequence[Finding],
    previous: PreviousReview,
    carried: Collection[tuple[str, int]] = (),
) -> set[int]:
    """Ids of the findings that share a fingerprint with the last review's but outnumber them:
    two routes written since, each with the same ``requests.get(url)`` line as an old one, are
    new, not "open since step 1" (history 54). The ones standing where the old ones' lines went
    (``carried``: path and line) keep their place first, then those whose message the last
    review showed, then the earliest lines."""
    before = [f for f in previous.findings if f.status != "fixed"]
    counts = Counter(f.fingerprint for f in before)
    messages: dict[str, Counter[str]] = {}
    for finding in before:
        messages.setdefault(finding.fingerprint, Counter())[finding.message.en] += 1
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.fingerprint in counts:
            groups.setdefault(finding.fingerprint, []).append(finding)
    arrived: set[int] = set()
    for fingerprint, group in groups.items():
        if len(group) <= counts[fingerprint]:
            continue
        shown = messages[fingerprint]
        known: set[int] = set()
        for finding in group:
            if (finding.path, finding.line) in carried and len(known) < counts[fingerprint]:
                shown[finding.message.en] -= 1
                known.add(id(finding))
        for finding in group:
            if id(finding) not in known and shown[finding.message.en] > 0:
                shown[finding.message.en] -= 1
                known.add(id(finding))
        rest = sorted((f for f in group if id(f) not in known), key=lambda f: (f.path, f.line))
        arrived |= {id(f) for f in rest[max(counts[fingerprint] - len(known), 0) :]}
    return arrived
