"""Which files are tests: by their place, as pytest and Django find them, and by what they
define, as unittest's discovery takes a ``test*.py``."""

from __future__ import annotations

import re


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
