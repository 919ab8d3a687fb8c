"""What cross-file rules see of a project: cached analyses, the stack and every walked path.

The lesson miner asks the cross-file rules about hundreds of old file versions per review, each
one the current project with a single file swapped. A view derived with ``ProjectView.with_file``
answers that without walking the whole project again: ``targets`` holds only the swapped file's
signals (the only place whose findings the miner keeps), and ``lookup`` overlays the swapped
file's entries on an index the base view built once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from mentorbot.analysis.test_paths import CODE_NAMED_LIKE_TESTS_SIGNAL, is_test_path
from mentorbot.domain import FileAnalysis, Signal, StackItem

CODE_SIGNAL = "rule:code"
"""Private signal kind holding the source of lines that project rules may cite (line -> code)."""
RUFF_OK_SIGNAL = "rule:ruff-ok"
"""Private signal: ruff findings of category ``name`` at this line are known false alarms."""

SignalIndex = dict[str, list[tuple[str, Signal]]]
PathsIndex = dict[str, list[str]]
"""name -> paths of the files that contribute it (a file may appear once per contribution)."""
IndexBuilder = Callable[["ProjectView"], PathsIndex]
"""Builds a ``PathsIndex`` from a view; it may relate signals of one file only, never across
files, so the index of a derived view is the base's minus the swapped path plus the new file's."""


@dataclass(frozen=True)
class PathsByName:
    """A read-only ``PathsIndex``; in a derived view, one path's entries are replaced (over the
    entries of its base, themselves a ``PathsByName`` when the base is derived too)."""

    entries: Mapping[str, Sequence[str]] | PathsByName
    replaced_path: str | None = None
    replacement: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def get(self, name: str, default: Sequence[str] = ()) -> Sequence[str]:
        """The paths contributing ``name`` (``default`` when none does)."""
        found = self.entries.get(name, ())
        if self.replaced_path is not None:
            if self.replaced_path in found:
                found = [path for path in found if path != self.replaced_path]
            extra = self.replacement.get(name, ())
            if extra:
                found = [*found, *extra]
        return found or default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.get(name))


def names_by_kind(kind: str) -> IndexBuilder:
    """The builder of ``name -> paths`` for every signal of ``kind`` that has a name."""

    def build(project: ProjectView) -> PathsIndex:
        index: PathsIndex = {}
        for path, signal in project.signals(kind):
            if signal.name:
                index.setdefault(signal.name, []).append(path)
        return index

    return build


@dataclass(frozen=True)
class ProjectView:
    """Everything cross-file rules may know: cached analyses, the stack and every walked path.

    Signals are indexed by kind once per view. Rules iterate ``targets`` where their findings
    land and use ``signals``, ``lookup`` and ``has`` for context; on a plain view ``targets`` is
    every signal, on a view derived with ``with_file`` it is the swapped file's alone.
    """

    analyses: Sequence[FileAnalysis]
    stack: Sequence[StackItem] = ()
    paths: Sequence[str] = ()
    base: ProjectView | None = field(default=None, repr=False, compare=False)
    replaced: FileAnalysis | None = field(default=None, repr=False, compare=False)
    focus: frozenset[str] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _by_kind(self) -> SignalIndex:
        index: SignalIndex = {}
        for analysis in sorted(self.analyses, key=lambda item: item.path):
            for signal in analysis.signals:
                index.setdefault(signal.kind, []).append((analysis.path, signal))
        return index

    @cached_property
    def _derived_kinds(self) -> SignalIndex:
        return {}

    @cached_property
    def _indexes(self) -> dict[Hashable, PathsByName]:
        return {}

    @cached_property
    def _alone(self) -> ProjectView:
        """The swapped file as a project of its own, for its contributions to indexes."""
        assert self.replaced is not None
        return ProjectView(analyses=(self.replaced,), stack=self.stack)

    def signals(self, kind: str) -> Sequence[tuple[str, Signal]]:
        """Every ``(path, signal)`` of a kind, in path then line order (a shared list: read it,
        never change it — the lesson miner asks for thousands of them per review)."""
        if self.base is None or self.replaced is None:
            return self._by_kind.get(kind, ())
        cached = self._derived_kinds.get(kind)
        if cached is None:
            path = self.replaced.path
            items = [item for item in self.base.signals(kind) if item[0] != path]
            at = bisect_left(items, path, key=lambda item: item[0])
            items[at:at] = [
                (path, signal) for signal in self.replaced.signals if signal.kind == kind
            ]
            cached = self._derived_kinds[kind] = items
        return cached

    def targets(self, kind: str) -> Sequence[tuple[str, Signal]]:
        """The signals of a kind where findings are wanted: all of them, or in a derived view
        only the swapped file's (the rest of the project is context there) or its ``focus``."""
        if self.base is None or self.replaced is None:
            return self.signals(kind)
        if self.focus is not None:
            return [item for item in self.signals(kind) if item[0] in self.focus]
        return self._alone.signals(kind)

    def has(self, kind: str) -> bool:
        """Whether any file has a signal of ``kind`` (without building a derived list)."""
        if self.base is None or self.replaced is None:
            return bool(self._by_kind.get(kind))
        path = self.replaced.path
        if any(signal.kind == kind for signal in self.replaced.signals):
            return True
        return any(item[0] != path for item in self.base.signals(kind))

    @cached_property
    def _code_named_like_tests(self) -> frozenset[str]:
        return frozenset(path for path, _ in self.signals(CODE_NAMED_LIKE_TESTS_SIGNAL))

    def in_tests(self, path: str) -> bool:
        """Whether the file at ``path`` is test code: by its place (``is_test_path``), less the
        files only named like tests that the engine found hold none."""
        return is_test_path(path) and path not in self._code_named_like_tests

    @cached_property
    def _path_matches(self) -> dict[re.Pattern[str], bool]:
        return {}

    def has_path(self, pattern: re.Pattern[str]) -> bool:
        """Whether any walked path matches ``pattern``; asked once per project, as a derived
        view walks its base's paths."""
        if self.base is not None and self.paths is self.base.paths:
            return self.base.has_path(pattern)
        found = self._path_matches.get(pattern)
        if found is None:
            found = self._path_matches[pattern] = any(pattern.search(path) for path in self.paths)
        return found

    def lookup(self, build: IndexBuilder, key: Hashable = None) -> PathsByName:
        """The index ``build`` makes of this project, built once per view (under ``key``, by
        default ``build`` itself); a derived view builds it only for the swapped file and
        overlays that on the base's."""
        key = build if key is None else key
        found = self._indexes.get(key)
        if found is None:
            if self.base is None or self.replaced is None:
                found = PathsByName(build(self))
            else:
                below = self.base.lookup(build, key)
                found = PathsByName(
                    below.entries if below.replaced_path is None else below,
                    replaced_path=self.replaced.path,
                    replacement=build(self._alone),
                )
            self._indexes[key] = found
        return found

    def names(self, kind: str) -> PathsByName:
        """The ``name`` of every signal of a kind (e.g. all ORM model class names), with the
        paths that define it."""
        return self.lookup(names_by_kind(kind), ("names", kind))

    @cached_property
    def _code_index(self) -> dict[str, dict[str, str]]:
        if self.base is not None and self.replaced is not None:
            index = dict(self.base._code_index)
            index.pop(self.replaced.path, None)
            analyses: Sequence[FileAnalysis] = (self.replaced,)
        else:
            index = {}
            analyses = self.analyses
        for analysis in analyses:
            for signal in analysis.signals:
                if signal.kind == CODE_SIGNAL:
                    index.setdefault(analysis.path, {}).update(signal.data)
        return index

    def code_at(self, path: str, line: int) -> str:
        """The cited line's (already redacted) code, as recorded by the per-file pass."""
        return self._code_index.get(path, {}).get(str(line), "")

    def with_file(self, analysis: FileAnalysis, focus: frozenset[str] | None = None) -> ProjectView:
        """The same project with ``analysis`` in place of the file at its path, asking for the
        findings of that file only, or of the files in ``focus`` (see ``targets``)."""
        others = [a for a in self.analyses if a.path != analysis.path]
        return ProjectView(
            analyses=(*others, analysis),
            stack=self.stack,
            paths=self.paths,
            base=self,
            replaced=analysis,
            focus=focus,
        )
