"""The requirements a ``setup.py`` declares, read from its syntax tree and never run.

Many packaged learner projects have no other manifest: ``setup(install_requires=["click"])``
declares click as surely as a requirements file does. Running the script would do whatever it
does, so only what is written out counts: lists, tuples and dicts of strings in the ``setup``
call, or in a module-level name the call passes (``install_requires=REQUIREMENTS``). A list the
script builds at run time (``open("requirements.txt").read().splitlines()``) gives nothing here;
the file it reads is a manifest of its own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

_KEYWORDS = ("install_requires", "extras_require", "tests_require")
_MAX_DEPTH = 8


def setup_py_requirements(text: str) -> list[str]:
    """The requirement strings of the ``setup(...)`` calls in ``text``, in the order written.
    Raises ``SyntaxError`` for a file Python cannot parse."""
    tree = ast.parse(text)
    names = _module_values(tree)
    found: list[str] = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and _is_setup(call.func)):
            continue
        for keyword in call.keywords:
            if keyword.arg in _KEYWORDS:
                found += _strings(_value(keyword.value, names), names)
    return found


def _is_setup(func: ast.expr) -> bool:
    """``setup(...)`` or ``setuptools.setup(...)`` (``distutils.core.setup`` too)."""
    if isinstance(func, ast.Name):
        return func.id == "setup"
    return isinstance(func, ast.Attribute) and func.attr == "setup"


def _module_values(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level ``NAME = <expression>``: the last one written wins, as when run."""
    values: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if isinstance(statement.target, ast.Name):
                values[statement.target.id] = statement.value
    return values


def _value(node: ast.expr, names: dict[str, ast.expr]) -> ast.expr:
    """``node``, or what a module-level name it is stands for (one step: no loops)."""
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    return node


def _strings(node: ast.expr, names: dict[str, ast.expr], depth: int = 0) -> Iterator[str]:
    """The requirement strings written in ``node``: a string (one a line, as setuptools takes
    it), a list, tuple or set of them, a dict of such (``extras_require``), or ``a + b``;
    ``depth`` stops a name that refers to itself (``DEPS = DEPS + [...]``)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield from (line.strip() for line in node.value.splitlines() if line.strip())
        return
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        parts = list(node.elts)
    elif isinstance(node, ast.Dict):
        parts = list(node.values)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
    else:
        return
    for part in parts:
        yield from _strings(_value(part, names), names, depth + 1)
