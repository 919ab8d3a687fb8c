"""The generated sections of a learning log: their markers, the parse and the merge of a re-render.

A generated section sits between ``<!-- mentor:begin NAME sha=HASH -->`` and
``<!-- mentor:end NAME -->``. HASH is the hash of the content the mentor wrote, so a re-run can
tell a section the learner left alone (replaced by the new version) from one they edited.

Policy for an edited section (the friendlier of the two options): the learner's version stays
exactly where and as it is, and the new generated version is put right after it in a section
named ``NAME.updated``. Later runs refresh ``NAME.updated`` while ``NAME`` still differs from its
hash; once the learner deletes their edited block (or restores it), ``NAME`` is regenerated and
the stale ``NAME.updated`` is dropped. Only when the learner has edited ``NAME.updated`` as well
does the merge refuse, because there would be no place left to put the new version without
overwriting their words. Text outside markers is never touched.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mentorbot.errors import LogConflictError

UPDATED_SUFFIX = ".updated"

_MARKER_START = re.compile(r"^<!--\s*mentor:")
_MARKER = re.compile(
    r"^<!--\s*mentor:(?P<kind>begin|end)\s+(?P<name>[A-Za-z0-9_.-]+)"
    r"(?:\s+sha=(?P<sha>[0-9a-f]+))?\s*-->\s*$"
)


@dataclass(frozen=True)
class Section:
    """One generated section as it sits in a file; ``begin + content + end`` is its raw text."""

    name: str
    sha: str | None
    begin: str
    content: str
    end: str

    @property
    def raw(self) -> str:
        return self.begin + self.content + self.end

    @property
    def edited(self) -> bool:
        """True when the content no longer matches the hash it was written with."""
        return self.sha is None or self.sha != section_hash(self.content)


Segment = str | Section


@dataclass(frozen=True)
class MergeResult:
    """The merged text and what happened to each generated section (names in file order)."""

    content: str
    sections_updated: tuple[str, ...] = ()
    sections_unchanged: tuple[str, ...] = ()
    sections_kept_edited: tuple[str, ...] = ()
    sections_added: tuple[str, ...] = ()
    sections_removed: tuple[str, ...] = ()


def section_hash(content: str) -> str:
    """Hash of a section's content, blind to line endings, trailing spaces and edge blank lines.

    Editors that normalise whitespace on save must not make the mentor believe the learner
    rewrote a section.
    """
    lines = [line.rstrip() for line in content.replace("\r\n", "\n").split("\n")]
    normalised = "\n".join(lines).strip("\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def begin_marker(name: str, content: str) -> str:
    return f"<!-- mentor:begin {name} sha={section_hash(content)} -->"


def end_marker(name: str) -> str:
    return f"<!-- mentor:end {name} -->"


def section_block(name: str, content: str) -> str:
    """A complete generated section: hashed begin marker, ``content``, end marker."""
    return _generated(name, content, "\n").raw


def is_marker_like(line: str) -> bool:
    """Whether a line would be read as a marker; generated text must not contain such lines."""
    return bool(_MARKER_START.match(line))


def parse_log(text: str) -> list[Segment]:
    """Split a log into text and sections; joining the raw pieces gives back ``text`` exactly.

    Raises LogConflictError on a marker that is malformed, unclosed, unopened, nested or a name
    used twice, with the line number, so the learner can repair the file by hand.
    """
    segments: list[Segment] = []
    seen: dict[str, int] = {}
    outside: list[str] = []
    open_name: str | None = None
    open_sha: str | None = None
    open_line = 0
    begin_raw = ""
    inside: list[str] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if not is_marker_like(line):
            (inside if open_name is not None else outside).append(line)
            continue
        match = _MARKER.match(line.rstrip("\r\n"))
        if match is None:
            raise LogConflictError(f"line {number}: unreadable mentor marker {line.strip()!r}")
        name = match["name"]
        if match["kind"] == "begin":
            if open_name is not None:
                raise LogConflictError(
                    f"line {number}: section {name!r} begins inside section {open_name!r} "
                    f"(opened at line {open_line}, never closed)"
                )
            if name in seen:
                raise LogConflictError(
                    f"line {number}: section {name!r} appears twice (first at line {seen[name]})"
                )
            seen[name] = number
            if outside:
                segments.append("".join(outside))
                outside = []
            open_name, open_sha, open_line, begin_raw, inside = (
                name,
                match["sha"],
                number,
                line,
                [],
            )
        elif open_name is None:
            raise LogConflictError(f"line {number}: end of section {name!r} without its begin")
        elif name != open_name:
            raise LogConflictError(
                f"line {number}: end of section {name!r} while section {open_name!r} "
                f"(line {open_line}) is open"
            )
        else:
            segments.append(Section(name, open_sha, begin_raw, "".join(inside), line))
            open_name = None
    if open_name is not None:
        raise LogConflictError(
            f"line {open_line}: section {open_name!r} begins but never ends "
            f"(add {end_marker(open_name)!r} after its content)"
        )
    if outside:
        segments.append("".join(outside))
    return segments


def without_sections(text: str, names: frozenset[str]) -> str:
    """``text`` minus the generated sections named; unchanged when its markers are unreadable."""
    try:
        segments = parse_log(text)
    except LogConflictError:
        return text
    kept = [seg for seg in segments if not (isinstance(seg, Section) and seg.name in names)]
    return _join(kept)


def _sections(segments: Sequence[Segment]) -> dict[str, Section]:
    return {seg.name: seg for seg in segments if isinstance(seg, Section)}


def _index_of(segments: Sequence[Segment], name: str) -> int | None:
    for index, seg in enumerate(segments):
        if isinstance(seg, Section) and seg.name == name:
            return index
    return None


def _join(segments: Sequence[Segment]) -> str:
    return "".join(seg.raw if isinstance(seg, Section) else seg for seg in segments)


def _generated(name: str, content: str, eol: str) -> Section:
    """A freshly written section, in the file's line-ending style."""
    content = content.replace("\r\n", "\n")
    if content and not content.endswith("\n"):
        content += "\n"
    return Section(
        name=name,
        sha=section_hash(content),
        begin=begin_marker(name, content) + eol,
        content=content.replace("\n", eol),
        end=end_marker(name) + eol,
    )


def _needs_companion(old: Section, fresh: Section) -> bool:
    """An edited section whose text differs from the new version gets ``NAME.updated``."""
    return old.edited and section_hash(old.content) != section_hash(fresh.content)


def merge_sections(existing: str, rendered: str) -> MergeResult:
    """Put the newly ``rendered`` sections into ``existing``, keeping everything the learner wrote.

    Unedited generated sections are replaced; edited ones are kept and followed by
    ``NAME.updated`` (see the module docstring); generated sections the file lacks are inserted
    before the next section that follows them in the new log (else after the one before them);
    sections the new log does not generate, and all text outside markers, are kept byte-for-byte.
    """
    old_segments = parse_log(existing)
    fresh_sections = _sections(parse_log(rendered))
    old_sections = _sections(old_segments)
    eol = "\r\n" if "\r\n" in existing else "\n"
    updated: list[str] = []
    unchanged: list[str] = []
    kept: list[str] = []
    removed: list[str] = []
    out: list[Segment] = []
    for seg in old_segments:
        if not isinstance(seg, Section):
            out.append(seg)
            continue
        base = seg.name.removesuffix(UPDATED_SUFFIX)
        if seg.name.endswith(UPDATED_SUFFIX) and base in fresh_sections:
            base_old = old_sections.get(base)
            if base_old is not None and _needs_companion(base_old, fresh_sections[base]):
                if seg.edited:
                    raise LogConflictError(
                        f"sections {base!r} and {seg.name!r} were both edited by hand; move what "
                        f"you want to keep from {seg.name!r} outside the markers, then delete "
                        "that block and run the review again"
                    )
                out.append(_generated(seg.name, fresh_sections[base].content, eol))
                updated.append(seg.name)
            elif seg.edited:
                out.append(seg)
                kept.append(seg.name)
            else:
                _drop_separator(out, eol)
                removed.append(seg.name)
            continue
        fresh = fresh_sections.get(seg.name)
        if fresh is None:
            out.append(seg)
        elif _needs_companion(seg, fresh):
            out.append(seg)
            kept.append(seg.name)
            if seg.name + UPDATED_SUFFIX not in old_sections:
                out += [eol, _generated(seg.name + UPDATED_SUFFIX, fresh.content, eol)]
        else:
            out.append(_generated(seg.name, fresh.content, eol))
            same = section_hash(seg.content) == section_hash(fresh.content)
            (unchanged if same else updated).append(seg.name)
    added = _insert_missing(out, list(fresh_sections.values()), old_sections, eol)
    return MergeResult(
        content=_join(out),
        sections_updated=tuple(updated),
        sections_unchanged=tuple(unchanged),
        sections_kept_edited=tuple(kept),
        sections_added=tuple(added),
        sections_removed=tuple(removed),
    )


def _drop_separator(out: list[Segment], eol: str) -> None:
    """Remove the blank line that separated a dropped ``NAME.updated`` from the section before."""
    if out and isinstance(out[-1], str) and out[-1] == eol:
        out.pop()


def _insert_missing(
    out: list[Segment], fresh: Sequence[Section], old_sections: dict[str, Section], eol: str
) -> list[str]:
    """Insert the generated sections the file lacks, each at its place in the new order."""
    added: list[str] = []
    order = [section.name for section in fresh]
    for position, section in enumerate(fresh):
        if section.name in old_sections:
            continue
        new = _generated(section.name, section.content, eol)
        following = (_index_of(out, name) for name in order[position + 1 :])
        next_index = next((index for index in following if index is not None), None)
        previous = (_index_of(out, name) for name in reversed(order[:position]))
        prev_index = next((index for index in previous if index is not None), None)
        if next_index is not None and (prev_index is None or prev_index < next_index):
            out[next_index:next_index] = [new, eol]
        elif prev_index is not None:
            prev = out[prev_index]
            assert isinstance(prev, Section)
            companion = _index_of(out, prev.name + UPDATED_SUFFIX)
            after = prev_index + 1
            if companion is not None and companion > prev_index:
                after = companion + 1
            out[after:after] = [_separator(_join(out[:after]), eol), new]
        else:
            out += [_separator(_join(out), eol), new]
        added.append(section.name)
    return added


def _separator(before: str, eol: str) -> str:
    """What to add after ``before`` so that a new section starts after one blank line."""
    if not before or before.endswith(("\n\n", "\r\n\r\n")):
        return ""
    return eol if before.endswith("\n") else eol * 2
