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


def swallows_error(handler: ast.ExceptHandler) -> bool:
    """The body does nothing with the error: pass / continue / ... / a bare return."""
    for statement in handler.body:
        if isinstance(statement, ast.Pass | ast.Continue):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.Return) and (
            statement.value is None
            or (isinstance(statement.value, ast.Constant) and statement.value.value is None)
        ):
            continue
        return False
    return True


def broad_suppressions(
    tree: ast.Module, imports: dict[str, str]
) -> Iterator[tuple[ast.With, str, FunctionNode | None]]:
    """Each ``with`` suppressing a broad error, its ``with ...`` text, and its function (None at
    module level)."""
    owners: dict[int, FunctionNode] | None = None
    for statement in walk_of(tree, ast.With):
        for item in statement.items:
            call = item.context_expr
            if (
                isinstance(call, ast.Call)
                and qualified(call.func, imports) == SUPPRESS
                and any(qualified(argument, imports) in BROAD for argument in call.args)
            ):
                if owners is None:
                    owners = {
                        id(inner): function
                        for function in functions(tree)
                        for inner in own_nodes_of(function, ast.With)
                    }
                yield statement, f"with {safe_unparse(call)}", owners.get(id(statement))
