"""Fixes a later commit took back: a solved problem whose fix was reverted is open again.

``git revert`` names the commit it undoes in its subject (``Revert "fix: ..."``) and by id in its
body (``This reverts commit <sha>.``); a revert of that revert, or git's ``Reapply "..."``,
brings the change back. A ``git cherry-pick -x`` copy names its original too: a fix picked onto
another branch is still one fix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorbot.domain import Commit

_REVERT = re.compile(r'^Revert "(?P<subject>.+)"$')
_REAPPLY = re.compile(r'^Reapply "(?P<subject>.+)"$')


def unmined_reverts(commits: Sequence[Commit]) -> frozenset[str]:
    """The commits among ``commits`` (newest first, as a scan lists them) that solved nothing of
    their own: the ones a later commit reverted and none brought back, and the reverts and
    reapplies themselves (their changes are other commits' own, and a fix brought back is
    credited to the commit that made it), and the cherry-picked copies of a commit among them.
    A revert names its commit by id in its body, else by subject: the latest earlier commit
    with that subject is the one it undid."""
    undone: set[str] = set()
    undoing: set[str] = set()
    latest: dict[str, str] = {}
    undid: dict[str, str] = {}
    for commit in reversed(commits):
        subject = commit.subject.strip()
        named = _among(commits, commit.reverts)
        if (found := _REVERT.match(subject)) and (target := named or latest.get(found["subject"])):
            undone.add(target)
            if target in undid:
                undone.discard(undid[target])
            undid[commit.sha] = target
            undoing.add(commit.sha)
        elif (found := _REAPPLY.match(subject)) and (target := latest.get(found["subject"])):
            undone.discard(target)
            undoing.add(commit.sha)
        latest[subject] = commit.sha
    copies = {c.sha for c in commits if c.picked_from and _among(commits, c.picked_from)}
    return frozenset(undone | undoing | copies)


def _among(commits: Sequence[Commit], named: str | None) -> str | None:
    """The full id of the commit of ``commits`` that a message names (by a prefix of its id)."""
    if not named:
        return None
    return next((commit.sha for commit in commits if commit.sha.startswith(named)), None)
