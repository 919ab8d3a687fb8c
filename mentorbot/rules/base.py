"""The shapes every rule shares: the rule itself, its example cases, and what detectors see.

A rule is data plus detectors. Per-file detectors see one parsed file (``FileContext``) so their
results can be cached with the file's content; cross-file detectors see only the cached
``FileAnalysis`` objects (signals and findings), never the source again (``ProjectView``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from mentorbot.domain import Category, FileAnalysis, Severity, Signal, StackItem, Text
from mentorbot.skills_rubric import AREA_KEYS

AREAS: frozenset[str] = frozenset(AREA_KEYS)
"""The skill areas a rule may inform (the rubric owns the list)."""

CODE_SIGNAL = "rule:code"
"""Private signal kind holding the source of lines that project rules may cite (line -> code)."""
RUFF_OK_SIGNAL = "rule:ruff-ok"
"""Private signal: ruff findings of category ``name`` at this line are known false alarms."""


@dataclass(frozen=True)
class Case:
    """An example project for a rule: ``files`` maps relative paths to their content.

    For bad cases ``hits`` lists every ``(path, line)`` the rule must report; good cases have
    none, and the rule must report nothing on them.
    """

    files: Mapping[str, str]
    hits: tuple[tuple[str, int], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Hit:
    """A per-file detector's result: the line and the values for the rule's message."""

    line: int
    args: Mapping[str, str] = field(default_factory=dict)
    severity: Severity | None = None


@dataclass(frozen=True)
class ProjectHit:
    """A cross-file detector's result: like ``Hit`` but it also names the file."""

    path: str
    line: int
    args: Mapping[str, str] = field(default_factory=dict)
    severity: Severity | None = None


@dataclass(frozen=True)
class FileContext:
    """One Python file, parsed once; the shared derived facts are computed lazily and kept."""

    path: str
    source: str
    lines: tuple[str, ...]
    tree: ast.Module

    @cached_property
    def parents(self) -> dict[int, ast.AST]:
        """id(node) -> parent node, for detectors that must look upwards."""
        from mentorbot.rules._names import children, walk

        parents: dict[int, ast.AST] = {}
        for node in walk(self.tree):
            for child in children(node):
                parents[id(child)] = node
        return parents

    @cached_property
    def imports(self) -> dict[str, str]:
        """Local name -> qualified target (``np`` -> ``numpy``, ``sleep`` -> ``time.sleep``).

        Relative imports are resolved against this file's package so names can be matched with
        the module of the file that defines them.
        """
        from mentorbot.rules._names import collect_imports

        return collect_imports(self.tree, self.path)

    def code(self, line: int) -> str:
        return line_code(self.lines, line)


@dataclass(frozen=True)
class TextContext:
    """A non-Python text file (``.env``, YAML, JSON, TOML, INI) scanned line by line."""

    path: str
    source: str
    lines: tuple[str, ...]

    def code(self, line: int) -> str:
        return line_code(self.lines, line)


def line_code(lines: Sequence[str], line: int) -> str:
    """The stripped source of a 1-based line ("" outside the file)."""
    return lines[line - 1].strip() if 1 <= line <= len(lines) else ""


SignalIndex = dict[str, list[tuple[str, Signal]]]


@dataclass(frozen=True)
class ProjectView:
    """Everything cross-file rules may know: cached analyses, the stack and every walked path.

    Signals are indexed by kind once per view; ``with_file`` derives the view of the same project
    with one file's analysis replaced (a file at another commit) without re-indexing the rest.
    """

    analyses: Sequence[FileAnalysis]
    stack: Sequence[StackItem] = ()
    paths: Sequence[str] = ()
    base: ProjectView | None = field(default=None, repr=False, compare=False)
    replaced: FileAnalysis | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _by_kind(self) -> SignalIndex:
        index: SignalIndex = {}
        for analysis in sorted(self.analyses, key=lambda item: item.path):
            for signal in analysis.signals:
                index.setdefault(signal.kind, []).append((analysis.path, signal))
        return index

    @cached_property
    def _derived_kinds(self) -> dict[str, list[tuple[str, Signal]]]:
        return {}

    def signals(self, kind: str) -> Sequence[tuple[str, Signal]]:
        """Every ``(path, signal)`` of a kind, in path then line order (a shared list: read it,
        never change it — the lesson miner asks for thousands of them per review)."""
        if self.base is None or self.replaced is None:
            return self._by_kind.get(kind, ())
        cached = self._derived_kinds.get(kind)
        if cached is None:
            path = self.replaced.path
            items = [item for item in self.base.signals(kind) if item[0] != path]
            items.extend((path, signal) for signal in self.replaced.signals if signal.kind == kind)
            items.sort(key=lambda item: item[0])
            cached = self._derived_kinds[kind] = items
        return cached

    def names(self, kind: str) -> set[str]:
        """The ``name`` of every signal of a kind, e.g. all ORM model class names."""
        return {signal.name for _, signal in self.signals(kind) if signal.name}

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

    def with_file(self, analysis: FileAnalysis) -> ProjectView:
        """The same project with ``analysis`` in place of the file at its path."""
        others = [a for a in self.analyses if a.path != analysis.path]
        return ProjectView(
            analyses=(*others, analysis),
            stack=self.stack,
            paths=self.paths,
            base=self,
            replaced=analysis,
        )


FileCheck = Callable[[FileContext], Iterable[Hit]]
TextCheck = Callable[[TextContext], Iterable[Hit]]
ProjectCheck = Callable[[ProjectView], Iterable[ProjectHit]]
SignalCollector = Callable[[FileContext], Iterable[Signal]]
Applies = Callable[[ProjectView], bool]
RuffFilter = Callable[[str, str, str, str], bool]
"""(ruff code, path, ruff's message, stripped source line) -> keep the ruff finding?"""


@dataclass(frozen=True)
class Rule:
    """A documented check: texts in both languages, detectors, and the cases that prove them."""

    id: str
    name: str
    category: Category
    severity: Severity
    area: str
    title: Text
    explanation: Text
    fix: Text
    lesson: Text
    message: Text
    bad: tuple[Case, ...]
    good: tuple[Case, ...]
    ruff_codes: tuple[str, ...] = ()
    test_severity: Severity | None = None
    ruff_severity: Mapping[str, Severity] = field(default_factory=dict)
    ruff_texts: Mapping[str, Text] = field(default_factory=dict)
    check_file: FileCheck | None = None
    check_text: TextCheck | None = None
    check_project: ProjectCheck | None = None
    collect_signals: SignalCollector | None = None
    applies: Applies | None = None
    keep_ruff: RuffFilter | None = None

    def render(self, args: Mapping[str, str]) -> Text:
        """The message with the hit's values filled in (missing keys render as empty)."""
        values = _DefaultDict(args)
        return Text(
            zh=self.message.zh.format_map(values),
            en=self.message.en.format_map(values),
        )

    def is_applicable(self, project: ProjectView) -> bool:
        return self.applies is None or self.applies(project)


class _DefaultDict(dict[str, str]):
    """``format_map`` helper: a placeholder without a value renders empty instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""
