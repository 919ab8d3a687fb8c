"""Problems a commit solved in files it did not touch.

The project-wide rules follow calls across modules: an ``async def`` route is flagged because a
helper it calls, in another module, blocks. A commit that makes the helper stop blocking leaves
the route's file as it was, yet the route's problem is gone. The miner sees this by comparing
what the project rules find in the other files with the helper's version before and after the
commit (the rest of the project taken as it is now).

Such a problem counts only when it is gone now too, and only where the file already had the
flagged code at the commit: the view puts each version among the files as they are now, and a
call written later was not freed by an older fix. The log cites the line as it is now.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.domain import Evidence, FileAnalysis, Finding, Lesson
from mentorbot.lesson_siblings import offers
from mentorbot.lesson_versions import (
    CommitVersions,
    FileChange,
    Mined,
    blob_text,
    disappeared,
    hunk_snippets,
    rule_lesson,
)
from mentorbot.rules.engine import review_findings
from mentorbot.rules.project import ProjectView
from mentorbot.rules.redact import redact_text

MAX_PLACES = 6
"""Places cited for one lesson: a helper that many routes call can free all of them at once."""
_QUOTED = re.compile(r"`([^`]+)`")
_NAME = re.compile(r"[A-Za-z_]\w{2,}")


def solved_elsewhere(
    root: Path,
    mining: CommitVersions,
    project: ProjectView,
    current: Collection[str],
    still_open: set[str],
) -> Mined:
    """A lesson per rule and changed file for the problems the change removed from other files.

    ``project``: the project as reviewed (its files' own findings left out); ``current``: the
    reviewed files; ``still_open``: the fingerprints of the findings now.
    """
    commit = mining.commit
    touched = {p for changed in mining.diff.changes for p in (changed.old_path, changed.new_path)}
    others = frozenset(path for path in current if path not in touched)
    groups: dict[tuple[str, str], tuple[FileChange, list[Finding]]] = {}
    for change in mining.changes:
        before = mining.analyses.get(change.before_spec)
        after = mining.analyses.get(change.after_spec)
        if before is None or after is None or offers(before) == offers(after):
            continue
        gone = disappeared(_found_in(project, before, others), _found_in(project, after, others))
        for finding in gone:
            if finding.fingerprint not in still_open:
                _, found = groups.setdefault((finding.rule, change.new_path), (change, []))
                found.append(finding)
    if not groups:
        return []
    places = {f.path for _, found in groups.values() for f in found}
    blobs = git.read_blobs(root, [f"{commit.sha}:{path}" for path in places])
    texts = {path: blob_text(blobs, f"{commit.sha}:{path}") for path in places}
    mined: Mined = []
    for change, found in groups.values():
        kept = sorted(
            (f for f in found if _had_code(texts[f.path], f)),
            key=lambda f: (f.path, f.line),
        )
        if kept:
            mined.append((_lesson(root, mining, change, kept), None))
    return mined


def _found_in(project: ProjectView, version: FileAnalysis, others: frozenset[str]) -> list[Finding]:
    """What the project rules find in ``others`` with ``version`` in place of its file."""
    view = project.with_file(version, focus=others)
    found = review_findings(view.analyses, view.stack, view.paths, project=view)
    return [f for f in found if f.path in others]


def _had_code(text: str, finding: Finding) -> bool:
    """Whether a file version has the code a finding cites (its lines, indentation aside; the
    snippet's secrets are masked, as they are in the version once redacted)."""
    lines = [line.strip() for line in finding.snippet.splitlines() if line.strip()]
    if not lines:
        return False
    if all(line in text for line in lines):
        return True
    masked = redact_text(text)
    return masked != text and all(line in masked for line in lines)


def _lesson(
    root: Path, mining: CommitVersions, change: FileChange, found: Sequence[Finding]
) -> Lesson:
    """Cited by the change that removed the problem and by the places it showed.

    No origin is blamed: the problem began with the call or with the helper, whichever came
    later, and neither line alone tells.
    """
    commit, first = mining.commit, found[0]
    before_text = blob_text(mining.blobs, change.before_spec)
    after_text = blob_text(mining.blobs, change.after_spec)
    hunks = mining.diff.hunks_of(root, change.new_path)
    before, after = "", ""
    if hunks:
        hunk = _likeliest_hunk(hunks, before_text.splitlines(), first)
        before, after = hunk_snippets(hunk, before_text, after_text)
    places = [Evidence(path=f.path, line=f.line, note=f.rule) for f in found[:MAX_PLACES]]
    return rule_lesson(first, commit, change.new_path, before, after, places)


def _likeliest_hunk(
    hunks: Sequence[git.Hunk], old_lines: Sequence[str], finding: Finding
) -> git.Hunk:
    """The hunk whose replaced lines name most of what the finding quotes (``helper → call``);
    the first hunk when none does."""
    names = {
        name for quoted in _QUOTED.findall(finding.message.en) for name in _NAME.findall(quoted)
    }

    def mentions(hunk: git.Hunk) -> int:
        replaced = " ".join(old_lines[hunk.old_start - 1 : hunk.old_start - 1 + hunk.old_count])
        return sum(1 for name in names if name in replaced)

    return max(hunks, key=mentions)
