"""Which of today's findings sharing a fingerprint (rule, file, code) with fewer of the last
review's are those old ones: the lines the old ones stood on, followed through the file's edits
since that review. Two ``class Config:`` in one schemas file have one fingerprint; of the one
the last review showed and one written since, above it, the old one is open still and the
other new, not the first of the two by line (blind check history 56)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.file_text import decode_source
from mentorbot.domain import Finding, PreviousReview

Place = tuple[str, int]
"""A finding's path and line."""


def carried_places(
    findings: Sequence[Finding], previous: PreviousReview | None, root: Path | str
) -> set[Place]:
    """Where today the old findings of each crowded fingerprint stand: their lines at the last
    review's commit, mapped onto the files as they are now."""
    if previous is None or previous.head is None:
        return set()
    before = [f for f in previous.findings if f.status != "fixed"]
    counts = Counter(f.fingerprint for f in before)
    today = Counter(f.fingerprint for f in findings)
    crowded = {print_ for print_, count in today.items() if count > counts.get(print_, 0) > 0}
    olds = [f for f in before if f.fingerprint in crowded]
    paths = sorted({f.path for f in olds})
    if not paths:
        return set()
    blobs = git.read_blobs(root, [f"{previous.head}:{path}" for path in paths])
    carried: set[Place] = set()
    for path in paths:
        old = blobs.get(f"{previous.head}:{path}")
        try:
            new = (Path(root) / path).read_bytes()
        except OSError:
            continue
        if old is None:
            continue
        moved = line_map(decode_source(old)[0], decode_source(new)[0])
        carried.update((path, moved[f.line]) for f in olds if f.path == path and f.line in moved)
    return carried


def line_map(old: str, new: str) -> dict[int, int]:
    """Old line number -> new line number, for the lines the edit kept (1-based)."""
    matcher = SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return {
        start_old + offset + 1: start_new + offset + 1
        for start_old, start_new, size in matcher.get_matching_blocks()
        for offset in range(size)
    }
