"""Tests of a class whose ``TestCase`` base another module defines.

``class BookQueries(GraphQLCase)`` in ``tests/test_books.py``, with ``GraphQLCase`` an
``IsolatedAsyncioTestCase`` of ``tests/base.py``: unittest runs its ``test*`` methods, but its
file alone cannot tell ``GraphQLCase`` from any other imported class. So a file's analysis
names its ``TestCase`` classes (``test-case-class``) and marks the ``test*`` and ``setUp``
methods of classes on an imported base (``inherited-test``); MB104 records each such class with
its qualified bases (``rule:derived-class``); and the scan, which has every file, makes the
marked methods tests and fixtures where the base is a ``TestCase`` of the project, however long
the chain (``with_inherited_tests``). A class on a project base that is no ``TestCase`` holds
no tests, whatever its methods are called.
"""

from __future__ import annotations

from collections.abc import Sequence

from mentorbot.domain import FileAnalysis, Signal
from mentorbot.rules._derived_classes import DERIVED_CLASS_SIGNAL, resolve_derived

TEST_CASE_CLASS_SIGNAL = "test-case-class"
INHERITED_TEST_SIGNAL = "inherited-test"


def with_inherited_tests(analyses: Sequence[FileAnalysis]) -> list[FileAnalysis]:
    """``analyses``, the ``inherited-test`` methods of classes that derive from a project
    ``TestCase`` made ``test-function`` (a ``setUp``: ``fixture``) signals."""
    if not any(_has(analysis, INHERITED_TEST_SIGNAL) for analysis in analyses):
        return list(analyses)
    test_cases: dict[str, list[str]] = {}
    derived: list[tuple[str, Signal]] = []
    for analysis in analyses:
        for signal in analysis.signals:
            if signal.kind == TEST_CASE_CLASS_SIGNAL:
                test_cases.setdefault(signal.name, []).append(analysis.path)
            elif signal.kind == DERIVED_CLASS_SIGNAL:
                derived.append((analysis.path, signal))
    resolved = resolve_derived(lambda name: test_cases.get(name, ()), derived)
    return [_counted(analysis, resolved) for analysis in analyses]


def _has(analysis: FileAnalysis, kind: str) -> bool:
    return any(signal.kind == kind for signal in analysis.signals)


def _counted(analysis: FileAnalysis, resolved: dict[str, list[str]]) -> FileAnalysis:
    def is_test(signal: Signal) -> bool:
        return signal.kind == INHERITED_TEST_SIGNAL and analysis.path in resolved.get(
            signal.data.get("class", ""), ()
        )

    if not any(is_test(signal) for signal in analysis.signals):
        return analysis
    signals = tuple(_as_test(signal) if is_test(signal) else signal for signal in analysis.signals)
    return analysis.model_copy(update={"signals": signals})


def _as_test(signal: Signal) -> Signal:
    """A ``setUp`` is the class's fixture; any other method a test."""
    if "scope" in signal.data:
        return signal.model_copy(
            update={"kind": "fixture", "data": {"scope": signal.data["scope"]}}
        )
    data = {"async": signal.data.get("async", "0")}
    return signal.model_copy(update={"kind": "test-function", "data": data})
