"""MB107's dotenv lines pasted into a module as code: ``DB_PASSWORD=Qm4821vt`` parses as an
assignment of an undefined name, and the password is committed all the same."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator

from mentorbot.rules._names import walk_of
from mentorbot.rules._secret_advice import READ_IT
from mentorbot.rules._secret_bindings import target_name
from mentorbot.rules.base import FileContext, Hit
from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_values import is_secret_name


def pasted_env_lines(ctx: FileContext, reported: set[int]) -> Iterator[Hit]:
    """``DB_PASSWORD=Qm4821vt`` in a module: a dotenv line pasted as code, its value a name
    the module never binds (ruff's undefined name). The value is committed all the same."""
    bound: set[str] | None = None
    for node in ctx.tree.body:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.value, ast.Name)
            and is_secret_name(target_name(node.targets[0]))
            and node.lineno not in reported
        ):
            continue
        if bound is None:
            bound = _bound_names(ctx.tree)
        line = ctx.lines[node.lineno - 1]
        if node.value.id not in bound and node.value.id not in redact_text(line):
            reported.add(node.lineno)
            yield Hit(node.lineno, {"name": target_name(node.targets[0]), **READ_IT})


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the module binds or imports, and the builtins; everything, with a star
    import."""
    if any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
        for node in walk_of(tree, ast.ImportFrom)
    ):
        return _EVERY_NAME
    names = set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


class _Everything(set[str]):
    def __contains__(self, item: object) -> bool:
        return True


_EVERY_NAME = _Everything()
