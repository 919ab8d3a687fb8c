"""Fixes a later commit took back: a solved problem whose fix was reverted is open again.

``git revert`` names the commit it undoes in its subject (``Revert "fix: ..."``); a revert of
that revert, or git's ``Reapply "..."``, brings the change back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mentorbot.domain import Commit

_REVERT = re.compile(r'^Revert "(?P<subject>.+)"$')
_REAPPLY = re.compile(r'^Reapply "(?P<subject>.+)"$')


@dataclass(frozen=True)
class Reverts:
    undone: frozenset[str]
    """Commits a later one reverted and none brought back."""
    undoing: frozenset[str]
    """Reverts and reapplies of commits in the range: their changes are those commits' own, and
    a fix brought back is credited to the commit that made it."""


def find_reverts(commits: Sequence[Commit]) -> Reverts:
    """The reverts among ``commits`` (newest first, as a scan lists them). A revert names its
    commit by subject: the latest earlier commit with that subject is the one it undid."""
    undone: set[str] = set()
    undoing: set[str] = set()
    latest: dict[str, str] = {}
    undid: dict[str, str] = {}
    for commit in reversed(commits):
        subject = commit.subject.strip()
        if (found := _REVERT.match(subject)) and (target := latest.get(found["subject"])):
            undone.add(target)
            undone.discard(undid.get(target, ""))
            undid[commit.sha] = target
            undoing.add(commit.sha)
        elif (found := _REAPPLY.match(subject)) and (target := latest.get(found["subject"])):
            undone.discard(target)
            undoing.add(commit.sha)
        latest[subject] = commit.sha
    return Reverts(undone=frozenset(undone), undoing=frozenset(undoing))
