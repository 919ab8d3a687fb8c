"""The line a statement's flagged expression had before a commit that only reformatted it.

``query = f"SELECT ... {name}'"`` re-wrapped into ``query = (`` / ``f"SELECT url FROM links "``
/ ``f"WHERE ... {name}'"`` / ``)`` is the same statement to Python: the two f-strings are one
once parsed. The flagged line (the f-string's first line) has no like line in the version before,
so a commit called "fix sql injection" that only re-wrapped the query was named as where the
injection came from (blind check s1). Python's own parse tells such a commit apart.
"""

from __future__ import annotations

import ast
from functools import lru_cache


def reformatted_line(before: str, after: str, line: int) -> int | None:
    """The line of ``before`` that held what the 1-based ``line`` of ``after`` holds, when the
    statement there is one of ``before``'s reformatted (re-wrapped, re-parenthesised, its
    string literals split or joined): the same once parsed. None when it is not, or a version
    does not parse."""
    new_tree = _parsed(after)
    statement = _statement_at(new_tree, line) if new_tree is not None else None
    old_tree = _parsed(before) if statement is not None else None
    if statement is None or old_tree is None:
        return None
    dumped = ast.dump(statement)
    kind = type(statement)
    same = [
        node for node in _statements(old_tree) if type(node) is kind and ast.dump(node) == dumped
    ]
    if not same:
        return None
    old = min(same, key=lambda node: abs(node.lineno - statement.lineno))
    return _matching_line(old, statement, line)


@lru_cache(maxsize=32)
def _parsed(text: str) -> ast.Module | None:
    """The version's tree, read-only: the same two versions are asked about each problem the
    commit touched."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _statements(tree: ast.Module) -> list[ast.stmt]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.stmt)]


def _statement_at(tree: ast.Module, line: int) -> ast.stmt | None:
    """The innermost statement that spans ``line``, when it spans several: a line a statement
    of its own has its like in the version before, or is new."""
    spanning = [
        node
        for node in _statements(tree)
        if node.lineno <= line <= (node.end_lineno or node.lineno)
    ]
    if not spanning:
        return None
    inner = max(spanning, key=lambda node: (node.lineno, -(node.end_lineno or node.lineno)))
    return inner if inner.end_lineno != inner.lineno else None


def _matching_line(old: ast.stmt, new: ast.stmt, line: int) -> int:
    """The line where ``old`` holds the node that begins ``new``'s ``line`` (the two parse
    alike, so their nodes pair in walking order); the statement's first line when none
    begins there (a closing bracket)."""
    for old_node, new_node in zip(ast.walk(old), ast.walk(new), strict=False):
        if getattr(new_node, "lineno", None) == line:
            return int(getattr(old_node, "lineno", old.lineno))
    return old.lineno
