"""Imports that other modules import again (MB201): a ``base.py`` that gathers a package's
names (``from sqlmodel import SQLModel, Field``) for its siblings to take (``from .base import
SQLModel, Field``) uses them, whatever ruff's F401 says of the file alone; removing them breaks
the siblings. So does a module of nothing but imports of the project's own modules: an
``all_models.py`` that Alembic's ``env.py`` imports so that every model registers its table, a
worker's ``main.py`` importing its tasks. So, last, does a module imported for what importing it
does: ``import handlers`` in a bot's ``main.py``, whose package registers every handler with the
dispatcher, or ``from app import routes`` whose module decorates its functions with the app's
``route``. And a module another one imports ``*`` from hands on every name it imports. A stub of
third-party imports keeps its findings."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator

from mentorbot.domain import Finding, Signal, Text
from mentorbot.rules._names import dotted, module_of, star_modules, walk_of
from mentorbot.rules.base import RUFF_NAME, FileContext
from mentorbot.rules.project import PathsIndex, ProjectView

IMPORTS_SIGNAL = "rule:imported-names"
"""What a file imports (``data.targets``: the qualified names, comma-separated; ``data.modules``:
the modules it imports whole, ``import app.db`` or ``from app.db import *``)."""
TARGETS_KEY = "targets"
MODULES_KEY = "modules"
ONLY_KEY = "only"
"""Set when the file holds imports and nothing else (a docstring and ``__all__`` aside)."""
UNUSED_KEY = "unused"
"""The imported names the file never uses (nor lists in ``__all__``)."""
STARS_KEY = "stars"
"""The modules the file imports ``*`` from: every name they import, used or not, comes along."""
REGISTERS_KEY = "registers"
"""Set when importing the file registers something: a module-level ``@dp.message_handler(...)``
or ``@router.get(...)``, a module-level call on a non-standard object (``dp.filters_factory.bind
(...)``), or, in a package's ``__init__``, ``from . import handlers``."""
_STDLIB = frozenset(sys.stdlib_module_names)


def in_standard_library(module: str) -> bool:
    """``json``, ``os.path``: a module of Python's own, whatever the project or its libraries
    do."""
    return module.split(".")[0] in _STDLIB


UNUSED_IMPORT = "(ruff F401)"


def imported_names(ctx: FileContext) -> Iterator[Signal]:
    targets = sorted({target for target in ctx.imports.values() if "." in target})
    whole = {alias.name for node in walk_of(ctx.tree, ast.Import) for alias in node.names}
    stars = sorted(
        module
        for module in set(star_modules(ctx.tree, ctx.path))
        if not in_standard_library(module)
    )
    modules = sorted({module for module in whole if not in_standard_library(module)} | set(stars))
    named = {node.id for node in walk_of(ctx.tree, ast.Name)} | _exported(ctx.tree)
    unused = sorted(
        {target for alias, target in ctx.imports.items() if "." in target and alias not in named}
    )
    data = {
        TARGETS_KEY: ",".join(targets),
        MODULES_KEY: ",".join(modules),
        ONLY_KEY: "1" if _imports_only(ctx.tree) else "",
        UNUSED_KEY: ",".join(unused),
        STARS_KEY: ",".join(stars),
        REGISTERS_KEY: "1" if _registers(ctx) else "",
    }
    if targets or modules or data[REGISTERS_KEY]:
        yield Signal(kind=IMPORTS_SIGNAL, line=0, data={k: v for k, v in data.items() if v})


def _imports_only(tree: ast.Module) -> bool:
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    rest = [node for node in body if not isinstance(node, ast.Import | ast.ImportFrom)]
    return len(rest) < len(body) and all(_is_all(node) for node in rest)


def _registers(ctx: FileContext) -> bool:
    package = ctx.path.endswith("__init__.py")
    for node in ctx.tree.body:
        if isinstance(node, ast.ClassDef) and _is_orm_model(node):
            return True  # the ORM learns of its table when the module is imported
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if any(_called_on_object(decorator, ctx) for decorator in node.decorator_list):
                return True
        elif isinstance(node, ast.Expr) and _called_on_object(node.value, ctx, imported=True):
            return True
        elif package and isinstance(node, ast.ImportFrom) and node.level and not node.module:
            return True
    return False


_MODEL_BASES = frozenset({"db.Model", "Base", "models.Model", "Model"})


def _is_orm_model(node: ast.ClassDef) -> bool:
    """An ORM model: a table name in its body, or a model base by name (``db.Model``)."""
    named = any(
        isinstance(item, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in item.targets)
        for item in node.body
    )
    return named or any(dotted(base) in _MODEL_BASES for base in node.bases)


def _called_on_object(node: ast.expr, ctx: FileContext, *, imported: bool = False) -> bool:
    """``dp.message_handler(...)``, ``app.route``, ``dp.filters_factory.bind(...)``: an attribute
    of a name that is no standard-library module (``logging.basicConfig()`` registers nothing
    of the project's); ``imported``: of a name the module imports (a call on its own
    ``logger`` registers nothing either)."""
    target = node.func if isinstance(node, ast.Call) else node
    if not isinstance(target, ast.Attribute):
        return False
    root = target.value
    while isinstance(root, ast.Attribute | ast.Call):
        root = root.value if isinstance(root, ast.Attribute) else root.func
    if not isinstance(root, ast.Name) or (imported and root.id not in ctx.imports):
        return False
    origin = ctx.imports.get(root.id, root.id)
    return not in_standard_library(origin)


def _exported(tree: ast.Module) -> set[str]:
    """The names ``__all__`` lists: a package's ``__init__`` re-exports them."""
    return {
        element.value
        for node in tree.body
        if _is_all(node) and isinstance(node, ast.Assign)
        for element in getattr(node.value, "elts", ())
        if isinstance(element, ast.Constant) and isinstance(element.value, str)
    }


def _is_all(node: ast.stmt) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else []
    return len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id == "__all__"


def project_imports(project: ProjectView, key: str = TARGETS_KEY) -> set[str]:
    """Every qualified name (``key``: ``MODULES_KEY`` for the modules imported whole) a file of
    the project imports."""
    return {name for _, signal in project.signals(IMPORTS_SIGNAL) for name in _names(signal, key)}


def importing_files(project: ProjectView) -> PathsIndex:
    """Qualified name imported -> the files importing it (``utils.db_api.mongo.users_db`` ->
    ``utils/db_api/__init__.py``), for ``ProjectView.lookup``."""
    index: PathsIndex = {}
    for path, signal in project.signals(IMPORTS_SIGNAL):
        for name in _names(signal, TARGETS_KEY):
            index.setdefault(name, []).append(path)
    return index


def _imported(signal: Signal) -> list[str]:
    """Every name a file imports: the qualified ones, then the modules imported whole."""
    return [*_names(signal, TARGETS_KEY), *_names(signal, MODULES_KEY)]


def _names(signal: Signal, key: str) -> list[str]:
    return [name for name in signal.data.get(key, "").split(",") if name]


def used_imports(project: ProjectView) -> set[str]:
    """Every qualified name a file of the project imports and then uses: an import left behind
    once its call was commented out calls nothing."""
    used: set[str] = set()
    for _, signal in project.signals(IMPORTS_SIGNAL):
        unused = set(signal.data.get(UNUSED_KEY, "").split(","))
        used.update(name for name in _names(signal, TARGETS_KEY) if name not in unused)
    return used


def without_reexported(findings: list[Finding], project: ProjectView) -> list[Finding]:
    """``findings`` less the unused-import ones (F401) whose every name another module of the
    project imports from the flagged one, or is a module imported for what importing it
    registers; one that names some such names besides others names only the others
    (``from flask_restful import fields, reqparse, Resource`` whose package's modules import
    the last two: ``fields`` alone is unused, blind check f1)."""
    if not any(finding.message.en.endswith(UNUSED_IMPORT) for finding in findings):
        return findings
    imported = project_imports(project)
    registries = _registries(project)
    registering = _registering_modules(project, registries)
    starred = project_imports(project, STARS_KEY)
    kept: list[Finding] = []
    for finding in findings:
        if not finding.message.en.endswith(UNUSED_IMPORT):
            kept.append(finding)
            continue
        module = module_of(finding.path)
        if finding.path in registries or _star_imported(module, starred):
            continue
        names = RUFF_NAME.findall(finding.message.en)
        left = [
            name
            for name in names
            if f"{module}.{name.rsplit('.', 1)[-1]}" not in imported
            and not any(_is_module(registers, name) for registers in registering)
        ]
        if not names or len(left) == len(names):
            kept.append(finding)
        elif left:
            kept.append(_naming_only(finding, names, left))
    return kept


def _registering_modules(project: ProjectView, registries: set[str]) -> list[str]:
    """Modules importing which registers something: those that register themselves, and a
    package of nothing but imports of such modules (``handlers/__init__.py`` importing each
    handler from its module: ``import handlers`` in a bot's ``main.py``, blind check t1)."""
    registering = [
        module_of(path)
        for path, signal in project.signals(IMPORTS_SIGNAL)
        if signal.data.get(REGISTERS_KEY)
    ]
    pending = {
        path: _imported(signal)
        for path, signal in project.signals(IMPORTS_SIGNAL)
        if path in registries
    }
    found = True
    while found:  # a package of packages: ``from .custom_handlers import *``, level by level
        found = False
        for path, names in list(pending.items()):
            if any(_of_the_project(name, registering) for name in names):
                registering.append(module_of(path))
                del pending[path]
                found = True
    return registering


def _naming_only(finding: Finding, names: list[str], left: list[str]) -> Finding:
    """The unused-import finding with only ``left`` of its ``names`` listed."""

    def listed(separator: str, chosen: list[str]) -> str:
        return separator.join(f"`{name}`" for name in dict.fromkeys(chosen))

    message = Text(
        zh=finding.message.zh.replace(listed("、", names), listed("、", left)),
        en=finding.message.en.replace(listed(", ", names), listed(", ", left)),
    )
    return finding.model_copy(update={"message": message})


def _registries(project: ProjectView) -> set[str]:
    """Files of nothing but imports, every one of a module of the project."""
    modules = [module_of(path) for path in project.paths if path.endswith(".py")]
    found: set[str] = set()
    for path, signal in project.signals(IMPORTS_SIGNAL):
        if not signal.data.get(ONLY_KEY):
            continue
        names = _imported(signal)
        if names and all(_of_the_project(name, modules) for name in names):
            found.add(path)
    return found


def _of_the_project(name: str, modules: list[str]) -> bool:
    """``app.models.user.User`` or ``tasks.Query.process_query``: a name of a project module
    (allowing for a source root the import leaves out)."""
    candidates = {name, name.rpartition(".")[0]} - {""}
    return any(_is_module(module, candidate) for module in modules for candidate in candidates)


def _is_module(module: str, name: str) -> bool:
    """Whether ``name``, as imported, is ``module`` (allowing for a source root it leaves out:
    ``handlers`` for ``src.handlers``)."""
    return module == name or module.endswith("." + name)


def _star_imported(module: str, starred: set[str]) -> bool:
    """Whether another module imports ``*`` from ``module``."""
    return any(_is_module(module, name) for name in starred)
