"""Tests the runners find beyond ``test_*``: unittest's ``testSomething`` methods, and doctests
where the module or the project's pytest config runs them (blind check a1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.achievements import find_achievements
from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.rules.review import analyze_sources
from mentorbot.scanning import scan_repository
from mentorbot.skills import assess_skills
from tests.unit.facts.facts_helpers import names, of_kind, signals_of

UNITTEST_FILE = """\
import unittest

from solution import Solution


class TestSolution(unittest.TestCase):
    def testExample1(self):
        self.assertEqual([0, 1], Solution().twoSum([2, 7, 11, 15], 9))

    def test(self):
        self.assertEqual([], Solution().twoSum([1, 2], 7))

    def helper(self):
        return Solution()


class Fixtures:
    def testData(self):
        return [1, 2]


def testsomething():
    return True
"""

MERGE_SORT = '''\
def merge_sort(items):
    """Sort a list with merge sort.

    >>> merge_sort([5, 2, 4, 1])
    [1, 2, 4, 5]
    """
    return sorted(items)


class Stack:
    """A stack.

    >>> Stack().items
    []
    """

    def __init__(self):
        self.items = []

    def push(self, item):
        """Put an item on top.

        >>> s = Stack(); s.push(1); s.items
        [1]
        """
        self.items.append(item)


def outer():
    def inner():
        """>>> inner()"""

    return inner


def no_examples():
    """Nothing to run here."""
'''


def test_unittest_runs_every_test_case_method_whose_name_starts_with_test() -> None:
    """``testExample1`` and ``test`` are unittest's tests as much as ``test_example``; the log
    said Testing "not started". A class no runner collects, and a plain function, are none."""
    signals = signals_of(UNITTEST_FILE, "two_sum/test_solution.py")

    assert of_kind(signals, "test-function") == [
        (7, "testExample1", {"async": "0"}),
        (10, "test", {"async": "0"}),
    ]
    assert names(signals_of(UNITTEST_FILE, "two_sum/solution_tools.py"), "test-function") == [
        "testExample1",
        "test",
    ]
    assert (
        names(signals_of("def testsomething():\n    return 1\n", "app/util.py"), "test-function")
        == []
    )


@pytest.mark.parametrize(
    "runner",
    [
        'if __name__ == "__main__":\n    import doctest\n\n    doctest.testmod(verbose=True)\n',
        "from doctest import testmod\n\ntestmod()\n",
        "def _test():\n    import doctest\n\n    doctest.testmod()\n\n\n"
        'if __name__ == "__main__":\n    _test()\n',
    ],
)
def test_doctests_a_module_runs_when_run_are_its_tests(runner: str) -> None:
    signals = signals_of(f"{MERGE_SORT}\n\n{runner}", "sorting/merge_sort.py")

    assert of_kind(signals, "test-function") == [
        (4, "merge_sort", {"async": "0"}),
        (13, "Stack", {"async": "0"}),
        (23, "push", {"async": "0"}),
    ]
    assert of_kind(signals, "doctest") == []


def test_doctests_nothing_runs_are_no_tests() -> None:
    signals = signals_of(MERGE_SORT, "sorting/merge_sort.py")

    assert of_kind(signals, "test-function") == []
    assert names(signals, "doctest") == ["merge_sort", "Stack", "push"]


def _tests_of(sources: dict[str, str]) -> list[tuple[str, str]]:
    analyses = analyze_sources({path: text.encode() for path, text in sources.items()})
    return [
        (analysis.path, signal.name)
        for analysis in analyses
        for signal in analysis.signals
        if signal.kind == "test-function"
    ]


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ("pyproject.toml", '[tool.pytest.ini_options]\naddopts = "-q --doctest-modules"\n'),
        ("pyproject.toml", '[tool.pytest.ini_options]\naddopts = ["--doctest-modules"]\n'),
        ("pytest.ini", "[pytest]\naddopts = --doctest-modules\n"),
        ("setup.cfg", "[tool:pytest]\naddopts =\n    -ra\n    --doctest-modules\n"),
        ("tox.ini", "[tox]\nenvlist = py312\n\n[pytest]\naddopts = --doctest-modules\n"),
    ],
)
def test_doctests_that_pytest_runs_with_doctest_modules_are_tests(config: str, text: str) -> None:
    assert _tests_of({config: text, "sorting/merge_sort.py": MERGE_SORT}) == [
        ("sorting/merge_sort.py", "merge_sort"),
        ("sorting/merge_sort.py", "Stack"),
        ("sorting/merge_sort.py", "push"),
    ]


def test_only_the_doctests_pytests_config_collects_are_tests() -> None:
    """pytest takes one config file per folder (pytest.ini before pyproject.toml), the nearest
    above the files, and with ``testpaths`` collects only under them."""
    doctests = '[tool.pytest.ini_options]\naddopts = "--doctest-modules"\n'
    quiet = '[tool.pytest.ini_options]\naddopts = "-q"\n'

    assert _tests_of({"pyproject.toml": quiet, "sorting/merge_sort.py": MERGE_SORT}) == []
    assert _tests_of({"setup.cfg": "[metadata]\nname = x\n", "merge_sort.py": MERGE_SORT}) == []
    assert (
        _tests_of(
            {
                "pytest.ini": "[pytest]\naddopts = -q\n",
                "pyproject.toml": doctests,
                "merge_sort.py": MERGE_SORT,
            }
        )
        == []
    )
    assert _tests_of(
        {
            "pyproject.toml": doctests.replace("\n", '\ntestpaths = ["src"]\n', 1),
            "src/merge_sort.py": MERGE_SORT,
            "scripts/merge_sort.py": MERGE_SORT,
        }
    ) == [("src/merge_sort.py", name) for name in ("merge_sort", "Stack", "push")]
    assert (
        _tests_of(
            {
                "pyproject.toml": doctests,
                "backend/pyproject.toml": quiet,
                "backend/merge_sort.py": MERGE_SORT,
            }
        )
        == []
    )


def test_a_project_of_unittest_cases_and_doctests_has_started_testing(tmp_path: Path) -> None:
    """The repo of blind check a1: the log said Testing "not started" and "no tests"."""
    root = tmp_path / "repo"
    (root / "two_sum").mkdir(parents=True)
    (root / "sorting").mkdir()
    (root / "two_sum" / "test_solution.py").write_text(UNITTEST_FILE)
    (root / "sorting" / "merge_sort.py").write_text(MERGE_SORT)
    (root / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "exercises"\n\n[tool.poetry.group.dev.dependencies]\n'
        'pytest = "^7.4.0"\n\n[tool.pytest.ini_options]\naddopts = "--doctest-modules"\n'
    )
    scan = scan_repository(open_repo(str(root)), since=None, cache=AnalysisCache(None))

    matrix = assess_skills(scan.analyses, [], list(scan.stack), [f.path for f in scan.files], [])
    achievements = find_achievements(scan.analyses, scan.stack, [f.path for f in scan.files], [])

    testing = next(area for area in matrix.areas if area.key == "testing")
    assert testing.practice.rubric == "testing.practice.good"
    tests = next(achievement for achievement in achievements if achievement.kind == "tests")
    assert tests.title.en == "5 test functions in 2 test files"
