"""Where a pandas frame's ``to_csv`` / ``to_excel`` writes: a file on disk blocks the loop's
thread on I/O, an in-memory buffer does not (MB101, ``_sync_clients``)."""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_support import keyword, last_name
from mentorbot.rules._names import FunctionNode, assigned_locals, own_nodes_of


def writes_to_a_file(call: ast.Call, function: FunctionNode) -> bool:
    """``df.to_csv(path)``, not ``df.to_csv()`` (a string) or ``df.to_csv(buffer)`` into an
    ``io.StringIO()`` made in place or in the function."""
    target = call.args[0] if call.args else keyword(call, "path_or_buf")
    target = target or keyword(call, "excel_writer") or keyword(call, "path")
    return target is not None and not _in_memory(target, function)


def _in_memory(target: ast.expr, function: FunctionNode, depth: int = 0) -> bool:
    """An ``io`` buffer made in place or in the function, or an ``ExcelWriter`` over one
    (``with pd.ExcelWriter(bio) as writer:``)."""
    if isinstance(target, ast.Name):
        target = _bound_in(function, target.id) or target
    if not isinstance(target, ast.Call):
        return False
    made = last_name(target.func)
    if made in _IN_MEMORY:
        return True
    return (
        made in _WRITERS
        and depth < 2
        and bool(target.args)
        and _in_memory(target.args[0], function, depth + 1)
    )


def _bound_in(function: FunctionNode, name: str) -> ast.expr | None:
    """What the function last assigns to ``name``, or the ``with`` item bound ``as name``."""
    for node in own_nodes_of(function, ast.With):
        for item in node.items:
            if isinstance(item.optional_vars, ast.Name) and item.optional_vars.id == name:
                return item.context_expr
    return assigned_locals(function).get(name)


_IN_MEMORY = frozenset({"StringIO", "BytesIO"})
_WRITERS = frozenset({"ExcelWriter"})
