"""The detectors' shared tree walks must see every node ``ast`` itself would, so a shortcut in
them can never hide a finding: checked on code that uses every kind of statement we know of."""

from __future__ import annotations

import ast
import sys

import pytest

from mentorbot.rules._names import (
    children,
    functions,
    own_nodes,
    own_nodes_of,
    walk,
    walk_of,
)

EVERY_CONSTRUCT = '''\
"""Module docstring."""
from __future__ import annotations

import asyncio as aio
from typing import Annotated

COUNTER: int = 0
TABLE = {"a": 1, **{"b": 2}}


@aio.coroutine
class Repo(dict[str, int], metaclass=type):
    rows: list[int] = []

    def bump(self, *args: int, key: str = "k", **kwargs: int) -> int:
        global COUNTER
        COUNTER += 1
        total = lambda x, /, y=2: x + y  # noqa: E731
        return total(*args) if not kwargs else -COUNTER


async def serve(repo: Repo, items: Annotated[list[int], "x"]) -> None:
    counter = 0

    def inner() -> None:
        nonlocal counter
        counter += 1

    async with aio.timeout(1) as scope, aio.Lock():
        async for item in aio.as_completed([]):
            await item
    squares = [x * x async for x in items if x > 0 and x < 10 or x in (1, 2)]
    print(f"{squares!r:>10} {repo=}", {k: v for k, v in repo.items()}, {*items})
    while (n := len(items)) > 3:
        del items[0]
        break
    else:
        pass
    try:
        raise ValueError("bad") from None
    except* (ValueError, TypeError) as group:
        assert group, "message"
    finally:
        yield_from = items[1:2, ::3]
    match repo:
        case {"a": 1, **rest}:
            pass
        case Repo(rows=[1, *others]) | None if others:
            pass
        case [1, 2, *_] as seq:
            pass
        case True:
            pass
        case str() | bytes():
            pass
    with open("f") as handle:
        for line in handle:
            continue


def gen():
    x = yield 1
    yield from range(x)
'''
TYPE_ALIAS = "type Vector[T] = list[T]\n"
TOKENS = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
"""``Load``, ``+``, ``==``, ``not``, ``and``: the walks leave these out."""


@pytest.fixture
def tree() -> ast.Module:
    source = EVERY_CONSTRUCT + (TYPE_ALIAS if sys.version_info >= (3, 12) else "")
    return ast.parse(source)


def test_children_are_the_ast_children_without_tokens(tree: ast.Module) -> None:
    for _ in range(2):  # computed, then kept on the node
        for node in ast.walk(tree):
            expected = [
                child for child in ast.iter_child_nodes(node) if not isinstance(child, TOKENS)
            ]
            assert list(children(node)) == expected, ast.dump(node)[:80]


def test_walk_is_ast_walk_without_tokens(tree: ast.Module) -> None:
    assert walk(tree) == [node for node in ast.walk(tree) if not isinstance(node, TOKENS)]


def test_walk_of_keeps_walk_order(tree: ast.Module) -> None:
    kinds = (ast.Call, ast.Name, ast.Constant, ast.arguments)
    assert walk_of(tree, *kinds) == [node for node in walk(tree) if type(node) in kinds]
    assert walk_of(tree, ast.Await) == [node for node in walk(tree) if type(node) is ast.Await]
    assert walk_of(tree, ast.Nonlocal, ast.Global) != []


def test_own_nodes_of_keeps_own_nodes_order(tree: ast.Module) -> None:
    kinds = (ast.Call, ast.Assign, ast.Yield, ast.YieldFrom)
    for function in functions(tree):
        own = own_nodes(function)
        assert own_nodes_of(function, *kinds) == [node for node in own if type(node) in kinds]
    serve = next(function for function in functions(tree) if function.name == "serve")
    assert not any(node.name == "inner" for node in own_nodes_of(serve, ast.FunctionDef))
