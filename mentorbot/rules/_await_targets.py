"""What an un-awaited call reaches, for MB109: a function by its qualified name, a coroutine
method of the caller's own class, a module-level instance's method, or a method of a session
bound at module level (in this module or in the one it is imported from)."""

from __future__ import annotations

import ast

from mentorbot.rules._held_objects import instances
from mentorbot.rules._names import (
    FunctionNode,
    annotation_types,
    is_generator,
    last_part,
    local_names,
    methods_of,
    module_level_names,
    module_of,
    qualified,
    walk_of,
)
from mentorbot.rules._provided_classes import constructed_class
from mentorbot.rules.base import FileContext


def shadowing_defs(ctx: FileContext) -> frozenset[str]:
    """Names the module imports and then defines again with a ``def`` at module level, after
    every import of them: the name is bound last by the definition, so a call by that name
    reaches the module's own function (a route named like the helper it imports)."""
    imported: dict[str, int] = {}
    for node in walk_of(ctx.tree, ast.Import, ast.ImportFrom):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            imported[local] = max(imported.get(local, 0), node.lineno)
    return frozenset(
        node.name
        for node in ctx.tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name in imported
        and node.lineno > imported[node.name]
    )


def callee_reference(
    call: ast.Call, ctx: FileContext, shadowed: frozenset[str] = frozenset()
) -> str:
    """Qualified name of a called function: ``crud.create_task`` -> ``app.crud.create_task``;
    a name in ``shadowed`` (see ``shadowing_defs``) is this module's own."""
    func = call.func
    if isinstance(func, ast.Name):
        local = f"{module_of(ctx.path)}.{func.id}"
        return local if func.id in shadowed else ctx.imports.get(func.id, local)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        module = ctx.imports.get(func.value.id)
        if module is not None:
            return f"{module}.{func.attr}"
    return ""


def own_coroutines(ctx: FileContext) -> dict[int, frozenset[str]]:
    """For each method, the coroutine methods of its class (``async def``, not generators, no
    ``def`` of the same name): ``self.get_article(id)`` calls one of them."""
    owned: dict[int, frozenset[str]] = {}
    for node in walk_of(ctx.tree, ast.ClassDef):
        methods = methods_of(node)
        sync = {m.name for m in methods if isinstance(m, ast.FunctionDef)}
        coroutines = frozenset(
            m.name
            for m in methods
            if isinstance(m, ast.AsyncFunctionDef) and m.name not in sync and not is_generator(m)
        )
        for method in methods:
            owned[id(method)] = coroutines
    return owned


def own_method(call: ast.Call, function: FunctionNode, owned: dict[int, frozenset[str]]) -> str:
    """``self.name`` when the call is to a coroutine method of the caller's own class."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
        and func.attr in owned.get(id(function), frozenset())
    ):
        return f"self.{func.attr}"
    return ""


def held_instance(call: ast.Call, instances_here: dict[str, str], function: FunctionNode) -> str:
    """The class of the instance whose method ``call`` calls: a module-level one
    (``manager.load(...)`` after ``manager = DocManager(...)``), one the function binds the
    same way (``repo = UtilsRepository()``), or one made on the spot
    (``UtilsRepository().delete_year(...)``; corpus 83); else ""."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return ""
    if isinstance(func.value, ast.Call):
        return constructed_class(func.value)
    if not isinstance(func.value, ast.Name):
        return ""
    name = func.value.id
    if name in local_names(function):
        return instances(function.body).get(name, "")
    return instances_here.get(name, "")


def parameter_instance(call: ast.Call, function: FunctionNode, imports: dict[str, str]) -> str:
    """The class a parameter is annotated with, whose method ``call`` calls (``repo.get_all()``
    with ``repo: UserRepository = Depends(...)``), else "". A module's ``Annotated`` alias is
    named as written; the project check maps it to the class it provides."""
    func = call.func
    if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
        return ""
    name = func.value.id
    for arg in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs):
        if arg.arg == name:
            named = next(annotation_types(arg.annotation, imports), None)
            return last_part(qualified(named, imports)) if named is not None else ""
    return ""


class ModuleNames:
    """Where a name a function does not bind itself comes from: ``database.session`` for
    ``session`` after ``from database import session`` (or for ``database.session`` after
    ``import database``), ``app.main.session`` for one ``app/main.py`` binds at module level.
    A name the module both imports and binds is left alone: which one wins depends on order."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.module = module_of(ctx.path)
        self.bound = module_level_names(ctx.tree)
        self._locals: dict[int, set[str]] = {}

    def qualified(self, holder: str, function: FunctionNode) -> str:
        root, _, rest = holder.partition(".")
        if not root or "." in rest or root in self._local_names_of(function):
            return ""
        target = self.ctx.imports.get(root)
        if root in self.bound:
            return "" if target is not None or rest else f"{self.module}.{root}"
        if target is None or not (rest or "." in target):
            return ""
        return f"{target}.{rest}" if rest else target

    def _local_names_of(self, function: FunctionNode) -> set[str]:
        local = self._locals.get(id(function))
        if local is None:
            local = self._locals[id(function)] = local_names(function)
        return local
