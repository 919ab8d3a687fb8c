"""What a skill cell's evidence note says it cites: a problem found (a finding's rule,
category and severity) or a gap not yet closed, neither of which is something the learner has
done."""

from __future__ import annotations

import re

from mentorbot.domain import Evidence, Finding


def finding_evidence(finding: Finding) -> Evidence:
    return Evidence(
        path=finding.path,
        line=finding.line,
        note=f"{finding.rule} {finding.category} ({finding.severity})",
    )


_FINDING_NOTE = re.compile(r"MB\d{3} [a-z0-9-]+ \((?:high|medium|low)\)")


def is_finding_evidence(evidence: Evidence) -> bool:
    """Whether ``evidence`` cites a problem (``finding_evidence``), not something done."""
    return _FINDING_NOTE.fullmatch(evidence.note) is not None


_GAP_NOTE = re.compile(r"no-docstring|annotated-functions 0/\d+|unguarded-(?:route|view) .+")
"""What a cell cites to show a gap: a module with no docstring, none of its functions annotated,
a route or view that changes data with no auth ("view without auth NoteDeleteView" is no concept
the learner has shown, blind check d2)."""


def is_gap_evidence(evidence: Evidence) -> bool:
    """Whether ``evidence`` shows what is not done yet: "concepts you have shown" listed
    ``api.py: fully annotated functions 0/4`` among what the learner did (blind check z1)."""
    return _GAP_NOTE.fullmatch(evidence.note) is not None
