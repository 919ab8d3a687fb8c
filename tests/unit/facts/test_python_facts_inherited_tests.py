"""Tests of a class on a ``TestCase`` another module defines: the scan of every file counts
them, the file alone cannot (blind check r2)."""

from __future__ import annotations

from textwrap import dedent

from mentorbot.rules.review import analyze_sources
from tests.unit.facts.facts_helpers import names, signals_of


def _tests_and_fixtures(sources: dict[str, str]) -> list[tuple[str, str, str]]:
    analyses = analyze_sources({path: dedent(text).encode() for path, text in sources.items()})
    return [
        (analysis.path, signal.kind, signal.name)
        for analysis in analyses
        for signal in analysis.signals
        if signal.kind in {"test-function", "fixture"}
    ]


GRAPHQL_CASE = """\
    import unittest

    from main import schema


    class GraphQLCase(unittest.IsolatedAsyncioTestCase):
        async def execute(self, query: str) -> dict:
            return (await schema.execute(query)).data
    """
BOOK_QUERIES = """\
    import unittest

    from tests.authed import AuthedCase


    class BookQueries(AuthedCase):
        async def asyncSetUp(self):
            self.token = "t"

        async def testBooksReturnsAList(self):
            self.assertIsInstance((await self.execute("{ books }"))["books"], list)

        def helper(self):
            return self.token
    """


def test_a_class_on_a_testcase_of_another_module_holds_tests_however_long_the_chain() -> None:
    """``class BookQueries(GraphQLCase)``, ``GraphQLCase`` an ``IsolatedAsyncioTestCase`` of
    ``tests/base.py``: "no tests found" (blind check r2). The scan of every file resolves the
    base, here through a second module; a file alone counts nothing."""
    authed = """\
        from .base import GraphQLCase


        class AuthedCase(GraphQLCase):
            pass
        """
    sources = {
        "tests/base.py": GRAPHQL_CASE,
        "tests/authed.py": authed,
        "tests/test_books.py": BOOK_QUERIES,
    }

    assert _tests_and_fixtures(sources) == [
        ("tests/test_books.py", "fixture", "asyncSetUp"),
        ("tests/test_books.py", "test-function", "testBooksReturnsAList"),
    ]
    assert names(signals_of(BOOK_QUERIES, "tests/test_books.py"), "test-function") == []


def test_a_class_on_a_project_base_that_is_no_testcase_holds_no_tests() -> None:
    """No runner collects ``testBooksReturnsAList`` of a class on a plain helper class, nor one
    on a base the project does not define."""
    helper = "class AuthedCase:\n    def execute(self, query):\n        return {}\n"

    assert (
        _tests_and_fixtures({"tests/authed.py": helper, "tests/test_books.py": BOOK_QUERIES}) == []
    )
    assert _tests_and_fixtures({"tests/test_books.py": BOOK_QUERIES}) == []
