"""Whether a commit deleted the function that held a finding: the problem went with its code, as
it does with a deleted file, and nobody fixed it ("remove unused check_users")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from mentorbot.analysis.git import Hunk
from mentorbot.domain import Finding
from mentorbot.in_place import function_span

_DEF_NAME = re.compile(r"\s*(?:async\s+)?def\s+([A-Za-z_]\w*)")


def deleted_with_code(
    finding: Finding,
    before: Sequence[Finding],
    texts: tuple[str, str],
    hunks: Callable[[], Sequence[Hunk]],
) -> bool:
    """Whether the commit took out the whole function holding ``finding`` (found in ``before``,
    the analysis of the version before it, by its message) and wrote nothing in its place:
    ``texts`` are the file before and after, ``hunks`` gives the commit's hunks of the file. A
    function renamed, or rewritten under a new name, as it was fixed is fixed, not deleted."""
    lines, after = texts[0].splitlines(), texts[1]
    at = next((f.line for f in before if f.message.en == finding.message.en), 0)
    span = function_span(lines, at) if at else None
    named = _DEF_NAME.match(lines[span[0] - 1]) if span else None
    if span is None or named is None:
        return False
    if re.search(rf"^\s*(?:async\s+)?def\s+{named[1]}\b", after, re.MULTILINE):
        return False
    after_lines = after.splitlines()
    deletions = [
        hunk
        for hunk in hunks()
        if hunk.old_count
        and not any(line.strip() for line in after_lines[hunk.new_start - 1 :][: hunk.new_count])
    ]
    return all(
        any(h.old_start <= number < h.old_start + h.old_count for h in deletions)
        for number in range(span[0], span[1] + 1)
        if lines[number - 1].strip()
    )
