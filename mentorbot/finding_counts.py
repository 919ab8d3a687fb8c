"""What a finding counts under when a commit's files are compared before and after it.

A rule's findings are counted together, so code that only moved did not solve its problem;
ruff's general findings (MB201) are counted per ruff code too: a commit that removed a
redefinition (F811) while adding two unused imports (F401) fixed the redefinition. A commit
that traded one unused import for another solved no problem to tell of; the finding of the one
it took out is still gone with it (``fewer_after(..., by_name=True)``). A finding's
code is compared as a formatter would leave it (``formatted_alike``). A line a commit rewrote
in place, into one much like it that its rule no longer reports, is solved whatever the counts
say (``in_place``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from mentorbot.domain import Finding
from mentorbot.rules.ruff import ruff_code_of
from mentorbot.rules.ruff_general import RULE as RUFF_GENERAL


def counted_as(finding: Finding) -> str:
    """The rule, and for ruff's general findings the ruff code as well (``MB201:F811``)."""
    return counted_as_rule(finding.rule, finding.message.en)


NAMED_RUFF_CODES = frozenset({"F401", "F821", "F841"})
"""ruff codes whose message names the import or variable: "`sqlalchemy.create_engine`
imported but never used" is one problem wherever the import line moved in its file, and
another name left unused is another finding."""
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


def fewer_after(
    finding: Finding,
    before: Sequence[Finding] | None,
    after: Sequence[Finding],
    *,
    by_name: bool = False,
) -> bool:
    """Whether the file shows fewer problems of the finding's kind after the commit than before
    it, as a solved lesson must: a ``requests.get`` edited to another URL, still without a
    timeout, is the same problem on a new line, not a fix (history 50). True where the file
    was not there before. ``by_name``: ruff's findings that name their import or variable are
    counted per name (the commit that took out an unused ``typing.List`` removed that finding,
    though it left ``sqlalchemy.func`` unused)."""
    if before is None:
        return True

    def kind_of(found: Finding) -> str:
        kind = counted_as(found)
        if by_name and ruff_code_of(found.message.en) in NAMED_RUFF_CODES:
            return f"{kind}:{found.message.en}"
        return kind

    kind = kind_of(finding)
    return sum(kind_of(f) == kind for f in after) < sum(kind_of(f) == kind for f in before)


def told_apart(finding: Finding, before: Sequence[Finding]) -> bool:
    """Whether the finding's message tells it from its siblings of the same code in a version
    of its file (``except:`` in `check_pass`, not in `check_users`): which of them a commit
    removed is then the one whose message went, whichever sits higher in the file."""
    key = (finding.fingerprint, finding.message.en)
    return sum((f.fingerprint, f.message.en) == key for f in before) == 1


def still_told(finding: Finding, after: Sequence[Finding]) -> bool:
    """Whether a version shows the finding under its own message still."""
    key = (finding.fingerprint, finding.message.en)
    return any((f.fingerprint, f.message.en) == key for f in after)


def still_shown(gone: Sequence[Finding], findings: Sequence[Finding]) -> list[int]:
    """For each gone finding, how many findings of its problem a version of its file may still
    show once it is fixed: those of the same code still shown now, plus its gone siblings
    further down the file (fixed in the same commit or later)."""
    now = Counter(f.fingerprint for f in findings)
    siblings = Counter(f.fingerprint for f in gone)
    seen: Counter[str] = Counter()
    allowed: list[int] = []
    for finding in gone:
        seen[finding.fingerprint] += 1
        allowed.append(
            now[finding.fingerprint] + siblings[finding.fingerprint] - seen[finding.fingerprint]
        )
    return allowed
