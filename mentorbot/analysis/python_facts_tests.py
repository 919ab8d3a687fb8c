"""Which classes and functions the test runners collect: pytest's ``test_*`` functions and
``Test*`` classes, unittest's ``TestCase`` subclasses and their ``test*`` methods, and the
methods of a class whose base another module may define as a ``TestCase``."""

from __future__ import annotations

from mentorbot.analysis.python_facts_support import FileState, Scope

SET_UP_METHODS = {
    "setUp": "function",
    "asyncSetUp": "function",
    "setUpClass": "class",
    "setUpTestData": "class",
}
"""unittest's and Django's fixtures, by the scope of the state they set up."""


PYTEST_NAMED_FILES = frozenset({"test.py", "tests.py"})
"""Files outside pytest's ``test_*.py`` that learners name and run as tests all the same."""


def is_test_function(name: str, scope: Scope, state: FileState) -> bool:
    """What pytest and unittest collect: ``test_*`` functions, and methods of ``Test*`` classes
    or of ``TestCase`` subclasses (``class UserTests(TestCase)``, Django's, DRF's), in a file
    either runner collects (pytest's ``test_*.py``, ``*_test.py``, a tests folder, a ``tests.py``;
    unittest's ``test*.py`` for classes) or one that imports a test framework. A method needs
    only the runners' prefix ``test``: unittest runs ``testExample1`` and ``test`` (blind check
    a1). A route of the app named ``test_endpoint`` is no test, nor is a fixture named
    ``test_db`` (the caller leaves those out)."""
    prefix = "test" if scope.in_class_body else "test_"
    return name.startswith(prefix) and collected(scope, state)


def collected(scope: Scope, state: FileState) -> bool:
    """Whether a test runner collects what ``scope`` defines (see ``is_test_function``)."""
    if scope.at_module_level:
        # unittest's ``test*.py`` takes classes only: ``services/tester.py``'s
        # ``async def test_endpoint(config, db)`` is the app's own (corpus 86).
        return _pytest_file(state) or _imports_a_runner(state)
    return (
        collects_classes(state)
        and scope.in_class_body
        and (scope.class_name.startswith("Test") or scope.class_name in state.test_case_classes)
    )


def collects_classes(state: FileState) -> bool:
    """Whether a runner looks for test classes in the file: pytest's test files, unittest's
    ``test*.py``, or one that imports either."""
    filename = state.path.rsplit("/", 1)[-1]
    return _pytest_file(state) or filename.startswith("test") or _imports_a_runner(state)


def _pytest_file(state: FileState) -> bool:
    filename = state.path.rsplit("/", 1)[-1]
    return state.in_tests or filename in PYTEST_NAMED_FILES


def _imports_a_runner(state: FileState) -> bool:
    return any(state.imports_library(library) for library in ("pytest", "unittest"))


def inherited_test(name: str, scope: Scope, state: FileState) -> bool:
    """A ``test*`` or ``setUp`` method of a class on a base imported from another module, in a
    file a runner looks into: a test (a fixture) where that base is a ``TestCase``, which only
    the scan of every file tells (``inherited_tests``)."""
    return (
        scope.in_class_body
        and scope.class_name in state.inheriting_classes
        and (name.startswith("test") or name in SET_UP_METHODS)
        and collects_classes(state)
    )


def test_case_base(base: str, state: FileState) -> bool:
    """A ``TestCase``, a test class of this file, or in a test module a base named for tests
    that another module of the tests defines (``class PostTests(BaseAPITest)`` with
    ``BaseAPITest(TestCase)`` in ``tests/base.py``: 15 of 16 tests went uncounted, blind check
    d1)."""
    if base.endswith("TestCase") or base in state.test_case_classes:
        return True
    return "Test" in base and base in state.imports and state.in_tests


def inherits(base: str, state: FileState) -> bool:
    """Whether a base is imported (``GraphQLCase`` from ``tests.base``), or a class of this
    file on such a base: it may be a ``TestCase`` of another module."""
    head = base.split(".")[0]
    return head in state.imports or base in state.inheriting_classes
