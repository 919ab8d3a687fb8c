"""The names a star import brings into a file (``from db import *``), resolved as imports.

``from db import *`` gives the file the module's public names: its ``__all__``, else its
top-level names not starting with ``_``. A detector sees one file only, so it cannot list
them; it can list what the file reads without binding or importing it, which running code
must get from the star import. With one such module those names are its own
(``admin_db.query(...)`` after ``from db import *`` is ``db.admin_db``, as after ``from db
import admin_db``, blind check l1); the project check then finds them where that module defines
them. With several, the file alone does not say which gives a name, and none is resolved.
A standard-library module's star import (``from tkinter import *``) is left as it was.
"""

from __future__ import annotations

import ast
import builtins

from mentorbot.rules._names import star_modules, walk, walk_of
from mentorbot.rules._reexports import in_standard_library

_BUILTINS = frozenset(dir(builtins))


def star_imported_names(tree: ast.Module, path: str, imported: set[str]) -> dict[str, str]:
    """Local name -> ``module.name`` for each public name the file reads and neither binds nor
    imports by name (``imported``), when one module of the project's or a library's, not the
    standard library's, is imported with ``*``."""
    modules = {
        module for module in star_modules(tree, path) if module and not in_standard_library(module)
    }
    if len(modules) != 1:
        return {}
    [module] = modules
    unbound = _read_names(tree) - _bound_names(tree) - imported - _BUILTINS
    return {name: f"{module}.{name}" for name in sorted(unbound) if not name.startswith("_")}


def _read_names(tree: ast.Module) -> set[str]:
    return {node.id for node in walk_of(tree, ast.Name) if isinstance(node.ctx, ast.Load)}


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the file binds anywhere: assigned, defined, a parameter, an exception's or a
    pattern's capture (a local of one function read in another is left alone too)."""
    bound: set[str] = set()
    for node in walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
    return bound
