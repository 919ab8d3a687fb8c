"""The grounding check on LLM prose: every path, ``path:line`` and sha it cites must be in the scan.

A sentence that cites something the scan does not know is dropped (not repaired) and recorded, so
the log only ever cites what the deterministic pass found. ``path:line`` must be a line the
review itself cited (a finding, a signal, a piece of evidence); a bare path must be a scanned file;
a sha must start a reviewed commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mentorbot.domain import Evidence, ScanResult

SOURCE_SUFFIXES = (
    "py pyi toml md txt cfg ini yml yaml json sql sh js ts tsx jsx html css lock env rst".split()
)
CITED_LINE = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]*\w\.[A-Za-z0-9]+):(\d+)(?:-\d+)?")
BARE_PATH = re.compile(r"(?<![\w/.:-])((?:[\w.-]+/)*[\w-]+\.([A-Za-z0-9]+))(?![\w/:-])")
SHA = re.compile(r"(?<![\w/])([0-9a-f]{7,40})(?![\w/])")
SENTENCE_END = re.compile(r"((?<=[.!?])\s+|(?<=[。！？；])|\n+)")


@dataclass(frozen=True)
class Grounds:
    """What a claim may cite: scanned files, cited lines, reviewed commits."""

    paths: frozenset[str]
    lines: frozenset[tuple[str, int]]
    shas: tuple[str, ...]

    @classmethod
    def from_scan(cls, scan: ScanResult, evidence: Iterable[Evidence] = ()) -> Grounds:
        lines: set[tuple[str, int]] = {(f.path, f.line) for f in scan.findings}
        for analysis in scan.analyses:
            lines.update((analysis.path, signal.line) for signal in analysis.signals)
            lines.update((analysis.path, finding.line) for finding in analysis.findings)
        paths = {f.path for f in scan.files}
        extra: set[str] = set()
        for item in evidence:
            if item.path:
                paths.add(item.path)
            if item.path and item.line:
                lines.add((item.path, item.line))
            if item.commit:
                extra.add(item.commit)
        shas = {c.sha for c in scan.commits} | extra
        shas.update(sha for sha in (scan.head, scan.since) if sha)
        return cls(frozenset(paths), frozenset(lines), tuple(sorted(shas)))

    def problems(self, text: str) -> list[str]:
        """The citations in ``text`` that the scan cannot confirm."""
        bad: list[str] = []
        spans: list[tuple[int, int]] = []
        for match in CITED_LINE.finditer(text):
            spans.append(match.span())
            path, line = match.group(1), int(match.group(2))
            if (path, line) not in self.lines:
                bad.append(f"{path}:{line}")
        for match in BARE_PATH.finditer(text):
            if any(start <= match.start() < end for start, end in spans):
                continue
            if match.group(2).lower() in SOURCE_SUFFIXES and match.group(1) not in self.paths:
                bad.append(match.group(1))
        for match in SHA.finditer(text):
            token = match.group(1)
            if not any(ch.isdigit() for ch in token) or not any(ch.isalpha() for ch in token):
                continue
            if not any(sha.startswith(token) for sha in self.shas):
                bad.append(token)
        return bad


@dataclass
class Checked:
    """Prose after the check, and the claims it lost."""

    text: str
    dropped: list[str] = field(default_factory=list)


def ground(text: str, grounds: Grounds) -> Checked:
    """Drops every sentence whose citations the scan cannot confirm; keeps the rest as written."""
    parts = SENTENCE_END.split(text)
    kept: list[str] = []
    dropped: list[str] = []
    for index in range(0, len(parts), 2):
        sentence = parts[index]
        separator = parts[index + 1] if index + 1 < len(parts) else ""
        if not sentence.strip():
            kept.append(separator)
            continue
        if grounds.problems(sentence):
            dropped.append(sentence.strip())
            continue
        kept.append(sentence + separator)
    return Checked("".join(kept).strip(), dropped)
