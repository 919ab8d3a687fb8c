"""Where a secret-like value is sample data, not a credential the app uses (MB107): API
examples, the dicts routes return, settings classes for the tests, test modules and seed
scripts. A value shaped like a real key is reported wherever it is, by its shape."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorbot.rules._names import (
    defines_tests,
    in_tests_folder,
    is_test_module,
    own_nodes_of,
    walk_of,
)
from mentorbot.rules._routes import route_handlers
from mentorbot.rules._secret_bindings import target_name

_DOCUMENTATION = re.compile(r"example|schema_extra|openapi_examples", re.IGNORECASE)
_SEED_SCRIPT = re.compile(
    r"(^|/)(seeds?|seeders?|seed_data|sample_data|demo_data)(/|\.py$|_\w*\.py$)"
)
"""Scripts that fill a database with demo rows (``app/scripts/seed.py``, ``seeds/users.py``)."""
_SAMPLE_CACHE = "_mentor_sample_nodes"


def sample_nodes(tree: ast.Module, imports: dict[str, str]) -> set[int]:
    """Nodes inside API examples (``json_schema_extra``, ``examples=``), the dicts routes
    return and the settings classes of the tests: sample data, not config.

    Both the check and the signal collector need it, so it is computed once per tree.
    """
    cached: set[int] | None = tree.__dict__.get(_SAMPLE_CACHE)
    if cached is not None:
        return cached
    inside: set[int] = set()
    for node in walk_of(tree, ast.keyword, ast.Assign, ast.AnnAssign):
        pairs: list[tuple[str, ast.AST]] = []
        if isinstance(node, ast.keyword) and node.arg:
            pairs = [(node.arg, node.value)]
        elif isinstance(node, ast.Assign):
            pairs = [(target_name(target), node.value) for target in node.targets]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            pairs = [(target_name(node.target), node.value)]
        for name, value in pairs:
            if _DOCUMENTATION.search(name):
                inside.update(id(child) for child in ast.walk(value))
    inside.update(_response_bodies(tree, imports))
    inside.update(_test_settings(tree))
    setattr(tree, _SAMPLE_CACHE, inside)
    return inside


def _test_settings(tree: ast.Module) -> Iterator[int]:
    """Nodes of a settings class for the tests (``class TestingConfig(Config)``): its
    ``SECRET_KEY = "testing"`` signs nothing real, and was a high secret to rotate (blind check
    f1). A value shaped like a real key is still reported, by its shape."""
    for node in walk_of(tree, ast.ClassDef):
        if "Test" in node.name and any(
            isinstance(item, ast.Assign | ast.AnnAssign) for item in node.body
        ):
            yield from (id(child) for item in node.body for child in ast.walk(item))


def _response_bodies(tree: ast.Module, imports: dict[str, str]) -> Iterator[int]:
    """Nodes of a dict a route returns: data sent to the client, no credential the app uses.
    A response-model demo returning ``{"name": "John Doe", "password": "secret"}`` (the field
    the model filters out) was a high hard-coded secret to rotate (blind check b1). A value
    shaped like a real key is still reported, by its shape."""
    for handler in route_handlers(tree, imports):
        for returned in own_nodes_of(handler, ast.Return):
            if isinstance(returned.value, ast.Dict | ast.List):
                yield from (id(child) for child in ast.walk(returned.value))


def holds_sample_data(path: str, source: str) -> bool:
    """A test module, a file of a tests folder or a seed script. A module only named like a test
    (``email_test.py`` that sends one mail to see that SMTP works) and holding none is a script
    of the app, its credentials real ones."""
    if _SEED_SCRIPT.search(path) is not None:
        return True
    if not is_test_module(path, source):
        return False
    conftest = path.replace("\\", "/").rsplit("/", 1)[-1] == "conftest.py"
    return in_tests_folder(path) or conftest or defines_tests(source)
