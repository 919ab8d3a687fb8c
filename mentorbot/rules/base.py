"""The shapes every rule shares: the rule itself, its example cases, and what detectors see.

A rule is data plus detectors. Per-file detectors see one parsed file (``FileContext``) so their
results can be cached with the file's content; cross-file detectors see only the cached
``FileAnalysis`` objects (signals and findings), never the source again (``ProjectView``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from mentorbot.analysis.test_paths import is_test_file, is_test_source
from mentorbot.domain import Category, Finding, Severity, Signal, Text
from mentorbot.rules.project import ProjectView
from mentorbot.skills_rubric import AREA_KEYS

AREAS: frozenset[str] = frozenset(AREA_KEYS)
"""The skill areas a rule may inform (the rubric owns the list)."""
UNPARSED_TESTS_SIGNAL = "rule:unparsed-tests"
"""The engine's signal that a file that does not parse defines a test function (MB105)."""


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
    """A cross-file detector's result: like ``Hit`` but it also names the file; ``message``, when
    given, is said instead of the rule's (a case its template would misdescribe)."""

    path: str
    line: int
    args: Mapping[str, str] = field(default_factory=dict)
    severity: Severity | None = None
    message: Text | None = None


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
        the module of the file that defines them. The names a star import brings are here too
        (``star_imports``), read as ``from module import name``.
        """
        from mentorbot.rules._names import collect_imports

        return {**self.star_imports, **collect_imports(self.tree, self.path)}

    @cached_property
    def star_imports(self) -> dict[str, str]:
        """Local name -> qualified target of the names one star import brings
        (``_star_imports``)."""
        from mentorbot.rules._names import collect_imports
        from mentorbot.rules._star_imports import star_imported_names

        return star_imported_names(self.tree, self.path, set(collect_imports(self.tree, self.path)))

    @cached_property
    def in_tests(self) -> bool:
        """Whether this file is test code: by its place, unless only its name says so and it
        holds no tests (``is_test_file``)."""
        return is_test_file(self.path, self.tree)

    @cached_property
    def start_and_stop_hooks(self) -> frozenset[str]:
        """The functions that run only at the app's start-up or shut-down (``_app_hooks``),
        which the blocking rule's check and its helper signals both leave out."""
        from mentorbot.rules._app_hooks import start_and_stop_hooks

        return frozenset(start_and_stop_hooks(self))

    @cached_property
    def sync_resolvers(self) -> tuple[ast.FunctionDef, ...]:
        """The file's plain ``def`` Strawberry resolvers (``_loop_resolvers``), which the blocking
        rule's check, its helper signals and MB111's driver signals all ask for."""
        from mentorbot.rules._loop_resolvers import sync_resolvers

        return tuple(sync_resolvers(self))

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


FileCheck = Callable[[FileContext], Iterable[Hit]]
TextCheck = Callable[[TextContext], Iterable[Hit]]
ProjectCheck = Callable[[ProjectView], Iterable[ProjectHit]]
SignalCollector = Callable[[FileContext], Iterable[Signal]]
Applies = Callable[[ProjectView], bool]


@dataclass(frozen=True)
class RuffReport:
    """One report of ruff's, as a rule's ``keep_ruff`` filter sees it."""

    code: str
    path: str
    message: str
    line: int
    lines: Sequence[str]
    """Every line of the file, for filters that look beyond the flagged one."""

    @property
    def source_line(self) -> str:
        """The stripped source of the flagged line."""
        return line_code(self.lines, self.line)

    @cached_property
    def in_tests(self) -> bool:
        """Whether the reported file is test code (``is_test_source``)."""
        return is_test_source(self.path, "\n".join(self.lines))


RuffFilter = Callable[[RuffReport], bool]
"""Keep this ruff report? (False: the rule knows it is not a problem.)"""

STRING_LITERAL = re.compile(r"""[rbuRBU]?(["'])((?:\\.|(?!\1).)*)\1""")
"""A string literal on one line of code (prefix, either quote, escapes); group 2 is its text.
The ruff filters read the flagged line with it."""
RUFF_NAME = re.compile(r"`([^`]+)`")
"""The name a ruff message is about (``F401``: the import): its first back-quoted part."""


@dataclass(frozen=True)
class FixHints:
    """What a commit that fixed this rule's problem shows in its diff, for commits whose message
    does not say they fixed anything ("update", "changes"): the lesson miner analyses those only
    when a line they changed shows a hint (``mentorbot.quiet_fixes``).

    ``removed``: regular expressions, one of which a removed line of such a fix matches (the
    problem's own code: ``time.sleep(``, ``except:``). ``awaited``: the fix may instead await a
    call a removed line made (``db.commit()`` -> ``await db.commit()``). ``made_sync``: the fix
    may instead turn the ``async def`` holding the problem into a plain ``def`` (FastAPI then
    runs it in a thread), leaving the flagged line as it was. ``deleted``: deleting a flagged line
    that matches ``removed`` is the fix itself (a ``create_all`` beside the migrations).
    ``deleted_when``: a regular expression the finding's English message must match for such
    a deletion to count (MB110's ``create_all`` beside the migrations, not one in a project with
    none, whose fix is adding them). ``header``: the fix may change the decorator or the
    ``def`` of the function holding the problem instead of the flagged line
    (``response_model=`` on a route's decorator).
    ``replaced_by``: pairs of patterns, a flagged line matching the first that the fix may delete
    where it writes a line matching the second elsewhere in the file (``class Config:`` for a
    ``model_config = ...`` at the top of the class). A rule with no hints is never credited to
    such a commit: its fixes are not told apart from ordinary edits.
    """

    removed: tuple[str, ...] = ()
    awaited: bool = False
    made_sync: bool = False
    deleted: bool = False
    deleted_when: str = ""
    header: bool = False
    replaced_by: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.removed) or self.awaited


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
    fix_hints: FixHints = FixHints()
    explain: Callable[[Finding], Text | None] | None = None
    """An open problem's explanation where one finding needs another than ``explanation``."""
    teach: Callable[[Sequence[Finding]], Text | None] | None = None
    """A solved problem's lesson where the findings it solved need another than ``lesson``."""

    def explanation_for(self, finding: Finding) -> Text:
        """What the open problem ``finding`` leads explains."""
        return (self.explain(finding) if self.explain else None) or self.explanation

    def lesson_for(self, solved: Sequence[Finding]) -> Text:
        """What a solved problem teaches, by the findings of this rule it solved."""
        return (self.teach(solved) if self.teach else None) or self.lesson

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
