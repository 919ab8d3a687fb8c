"""``with contextlib.suppress(Exception):`` is ``except Exception: pass`` written as a ``with``:
every error raised in its body, bugs included, vanishes without a trace (blind check b1: a
payment call wrapped in one). Suppressing a named error (``suppress(FileNotFoundError)``) is
what ``suppress`` is for and stays unreported."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.analysis.python_facts_support import safe_unparse
from mentorbot.rules._names import FunctionNode, functions, own_nodes_of, qualified, walk_of

BROAD = frozenset({"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"})
SUPPRESS = "contextlib.suppress"


def broad_suppressions(
    tree: ast.Module, imports: dict[str, str]
) -> Iterator[tuple[ast.With, str, FunctionNode | None]]:
    """Each ``with`` suppressing a broad error, its ``with ...`` text, and its function (None at
    module level)."""
    statements = walk_of(tree, ast.With)
    if not statements or SUPPRESS not in {
        qualified(call.func, imports) for call in walk_of(tree, ast.Call)
    }:
        return
    owners = {
        id(statement): function
        for function in functions(tree)
        for statement in own_nodes_of(function, ast.With)
    }
    for statement in statements:
        for item in statement.items:
            call = item.context_expr
            if (
                isinstance(call, ast.Call)
                and qualified(call.func, imports) == SUPPRESS
                and any(qualified(argument, imports) in BROAD for argument in call.args)
            ):
                yield statement, f"with {safe_unparse(call)}", owners.get(id(statement))
