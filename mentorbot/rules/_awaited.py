"""Calls a file awaits somewhere, for MB109: the same call left bare elsewhere is a coroutine
that never runs. A callee counts as "the same" only through a chain the whole file agrees on."""

from __future__ import annotations

import ast

from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    local_names,
    module_level_names,
    own_nodes_of,
)
from mentorbot.rules.base import FileContext

SCHEDULERS = frozenset(
    {"create_task", "ensure_future", "gather", "shield", "run_coroutine_threadsafe"}
    | {"add_task", "start_soon", "spawn", "wait", "as_completed"}
)
"""Calls that take a coroutine to run it, or that are awaited in one place and only scheduled
in another: ``asyncio.gather(...)`` without await still runs its coroutines."""


class AwaitedChains:
    """Callees as chains the whole file agrees on: from ``self``/``cls`` keyed by their class,
    or from a module-level name that the function does not rebind."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.module_names = module_level_names(ctx.tree) | set(ctx.imports)
        self._locals: dict[int, set[str]] = {}
        self.awaited: set[str] = set()
        for function in functions(ctx.tree):
            if isinstance(function, ast.AsyncFunctionDef):
                for node in own_nodes_of(function, ast.Await):
                    if isinstance(node.value, ast.Call):
                        key = self.key(node.value.func, function)
                        if key is not None:
                            self.awaited.add(key)

    def key(self, func: ast.expr, function: FunctionNode) -> str | None:
        if not isinstance(func, ast.Attribute) or func.attr in SCHEDULERS:
            return None
        name = dotted(func)
        root = name.partition(".")[0]
        if root in ("self", "cls"):
            owner = self.ctx.parents.get(id(function))
            return f"{owner.name}:{name}" if isinstance(owner, ast.ClassDef) else None
        if root and root in self.module_names and root not in self._local_names_of(function):
            return name
        return None

    def _local_names_of(self, function: FunctionNode) -> set[str]:
        """Each function's local names, worked out once for all its calls."""
        local = self._locals.get(id(function))
        if local is None:
            local = self._locals[id(function)] = local_names(function)
        return local

    def awaited_elsewhere(self, call: ast.Call, function: FunctionNode) -> bool:
        key = self.key(call.func, function)
        return key is not None and key in self.awaited
