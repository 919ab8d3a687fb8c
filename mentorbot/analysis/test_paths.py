"""Which files are tests: by their place, as pytest and Django find them, and by what they
define, as unittest's discovery takes a ``test*.py``."""

from __future__ import annotations

import ast
import re

from mentorbot.domain import FileAnalysis


def is_test_path(path: str) -> bool:
    """pytest's default discovery, Django's ``tests.py`` of an app, and anything under a
    tests/ folder."""
    filename = path.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        filename.startswith("test_")
        or filename.endswith("_test.py")
        or filename in {"conftest.py", "tests.py"}
        or in_tests_folder(path)
    )


CODE_NAMED_LIKE_TESTS_SIGNAL = "file:code-named-like-tests"
"""A Python file pytest's names take for tests that holds none (``handlers/theory_test.py``, a
quiz bot's "theory test" handlers): the engine's signal that it is the app's own code, which the
path checks of the project, the assessment and the plan read (``code_named_like_tests``)."""
_RUNNERS = frozenset({"pytest", "unittest"})


def named_like_tests_only(path: str) -> bool:
    """A ``test_*.py`` or ``*_test.py`` outside a tests folder: a test by its name alone."""
    filename = path.replace("\\", "/").rsplit("/", 1)[-1]
    named = filename.startswith("test_") or filename.endswith("_test.py")
    return named and filename.endswith(".py") and not in_tests_folder(path)


def holds_tests(tree: ast.Module) -> bool:
    """Whether a module looks like tests: a ``test_*`` function, a ``Test*`` class or a
    ``TestCase`` subclass, or an import of pytest or unittest."""
    bodies: list[list[ast.stmt]] = [tree.body]
    while bodies:
        for node in bodies.pop():
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if node.name.startswith("test_"):
                    return True
            elif isinstance(node, ast.ClassDef):
                if node.name.startswith("Test") or any(_test_case(b) for b in node.bases):
                    return True
                bodies.append(node.body)
    return any(_imports_a_runner(node) for node in ast.walk(tree))


def _test_case(base: ast.expr) -> bool:
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    return isinstance(name, str) and name.endswith("TestCase")


def _imports_a_runner(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in _RUNNERS for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return not node.level and (node.module or "").split(".")[0] in _RUNNERS
    return False


def is_test_file(path: str, tree: ast.Module) -> bool:
    """A test file by its place (``is_test_path``), unless only its name says so and it holds
    no tests: ``handlers/theory_test.py`` with a quiz bot's handlers is the bot's code, its
    handlers counted and its blocking calls reported (blind check t2)."""
    if not is_test_path(path):
        return False
    return not named_like_tests_only(path) or holds_tests(tree)


def analysis_in_tests(analysis: FileAnalysis) -> bool:
    """Whether an analysed file is test code: by its path, unless the engine found it only
    named like tests (``CODE_NAMED_LIKE_TESTS_SIGNAL``)."""
    return is_test_path(analysis.path) and not any(
        signal.kind == CODE_NAMED_LIKE_TESTS_SIGNAL for signal in analysis.signals
    )


def is_test_source(path: str, source: str) -> bool:
    """``is_test_file`` of a file known by its text: by its place where it does not parse."""
    if not (is_test_path(path) and named_like_tests_only(path)):
        return is_test_path(path)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return holds_tests(tree)


def in_tests_folder(path: str) -> bool:
    """Under a ``tests/`` (or ``test/``) folder: where fixtures, factories and sample data live."""
    return any(part in {"tests", "test"} for part in path.replace("\\", "/").split("/")[:-1])


_TEST_CLASS = re.compile(r"^class\s+(?:Test\w*|\w+\(\s*(?:\w+\.)*TestCase\s*\))", re.MULTILINE)
"""What unittest collects from a ``test*.py`` such as ``testing.py``: a test class."""
_TEST_DEFINITION = re.compile(r"^\s*(?:async\s+)?def\s+test_\w*\s*\(|^class\s+Test", re.MULTILINE)


def defines_tests(source: str) -> bool:
    """Whether the source holds a test function or a ``Test`` class."""
    return _TEST_DEFINITION.search(source) is not None


def is_test_module(path: str, source: str) -> bool:
    """A test file by its place (``is_test_path``), a ``tests.py`` or ``test.py`` that holds
    tests, or a ``test*.py`` with a test class, as unittest's discovery takes it; a scratch
    ``test.py`` that only tries code out is none, nor a ``tester.py`` service whose function
    is called ``test_endpoint``."""
    if is_test_path(path):
        return True
    name = path.rsplit("/", 1)[-1]
    if name in {"test.py", "tests.py"}:
        return _TEST_DEFINITION.search(source) is not None
    return name.startswith("test") and _TEST_CLASS.search(source) is not None
