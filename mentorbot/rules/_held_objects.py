"""The objects a function holds, by class: what ``obj.method(...)`` calls (MB101).

Sync methods are named with their class (``ChatService.ask``) and reached through objects: a
module-level ``service = ChatService()``, also imported from the module that makes it (``from
app.db import db`` then ``db.get_user(name)``), an attribute a class sets to one
(``self.chat_service = ChatService()``), a parameter annotated with the class (``memory:
ChatMemory = Depends(get_memory)``) or provided by a factory of the module
(``Depends(init_service)`` returning ``ServiceImpl(db)``), or an attribute set to such a
parameter (``self.loader = loader`` in ``__init__(self, loader: DocumentLoader)``).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from mentorbot.rules._names import (
    FunctionNode,
    annotation_types,
    assign_targets,
    children,
    dotted,
    functions,
    last_part,
    methods_of,
    module_matches,
    own_nodes,
    own_nodes_of,
    param_defaults,
    positional_params,
)
from mentorbot.rules._provided_classes import (
    constructed_class,
    factory_class,
    param_dependency,
)
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

INSTANCE_SIGNAL = "rule:module-instance"
"""A module-level name (``name``) bound to an instance of a class (``detail``)."""


def instances(statements: Sequence[ast.AST], owner: str = "") -> dict[str, str]:
    """What ``<name> = Cls(...)`` binds among ``statements`` (``self.<name> = Cls(...)`` with
    owner ``self``): the dotted target -> the class's name."""
    prefix = f"{owner}." if owner else ""
    bound: dict[str, str] = {}
    for node in statements:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        made = constructed_class(node.value)
        for target in assign_targets(node) if made else ():
            name = dotted(target)
            if name and name.startswith(prefix) and name.count(".") == prefix.count("."):
                bound[name] = made
    return bound


def _classes(ctx: FileContext) -> dict[str, str]:
    """The classes the module defines or imports, each as itself (an import by its own name):
    ``Service.reply(...)`` calls a static or class method, named as its definition is."""
    classes = {node.name: node.name for node in ctx.tree.body if isinstance(node, ast.ClassDef)}
    for local, target in ctx.imports.items():
        name = target.rsplit(".", 1)[-1]
        if name[:1].isupper() and "." in target:
            classes.setdefault(local, name)
    return classes


LIBRARY_CLASSES = frozenset(
    {"fastapi", "starlette", "sqlalchemy", "sqlmodel", "pydantic", "typing", "pathlib"}
    | {"datetime", "decimal", "uuid", "collections", "enum", "logging", "ipaddress"}
)
"""Where the classes of most annotated parameters and made-on-the-spot values come from
(``db: AsyncSession``, ``Decimal(x).quantize(...)``): never a project class, so not worth a
signal per call."""


def class_named(node: ast.AST, ctx: FileContext) -> str:
    """The class a reference names (``ChatMemory``, ``services.ChatMemory``), unless it comes
    from one of the ``LIBRARY_CLASSES`` packages; "" for anything else."""
    name = last_part(dotted(node))
    source = ctx.imports.get(dotted(node).split(".", 1)[0], "")
    if name[:1].isupper() and source.split(".", 1)[0] not in LIBRARY_CLASSES:
        return name
    return ""


def _annotated_params(function: FunctionNode, ctx: FileContext) -> dict[str, str]:
    """Parameters annotated with a class (``memory: ChatMemory``, ``Annotated[ChatMemory,
    Depends(...)]``, ``ChatMemory | None``): the parameter's name -> the class's name; or, when
    a factory of this module provides it (``Depends(init_service)`` returning
    ``ServiceImpl(db)``), that factory's class."""
    found: dict[str, str] = {}
    arguments = function.args
    defaults = param_defaults(arguments) if arguments.defaults or arguments.kw_defaults else {}
    for param in positional_params(function):
        annotation = param.annotation
        depends = param_dependency(param, defaults, ctx.imports)
        provided = factory_class(depends, ctx) if isinstance(depends, ast.Call) else ""
        if provided:
            found[param.arg] = provided
            continue
        if annotation is None:
            continue
        for named in annotation_types(annotation, ctx.imports):
            name = class_named(named, ctx)
            if name:
                found[param.arg] = name
                break
    return found


def _local_instances(function: FunctionNode, ctx: FileContext) -> dict[str, str]:
    """Locals a function binds to an instance it makes (``service = VectorService()``, or
    ``with Database() as db``: a hand-written context manager's ``__enter__`` returns itself)
    of a class not from the ``LIBRARY_CLASSES`` packages."""
    bound: dict[str, str] = {}
    for node in own_nodes_of(function, ast.With, ast.AsyncWith):
        for item in node.items if isinstance(node, ast.With | ast.AsyncWith) else ():
            value, target = item.context_expr, item.optional_vars
            if isinstance(target, ast.Name) and isinstance(value, ast.Call):
                if constructed_class(value) and (made := class_named(value.func, ctx)):
                    bound[target.id] = made
    for node in own_nodes_of(function, ast.Assign, ast.AnnAssign):
        if not isinstance(node, ast.Assign | ast.AnnAssign) or not isinstance(node.value, ast.Call):
            continue
        if not constructed_class(node.value):
            continue
        made = class_named(node.value.func, ctx)
        for target in assign_targets(node):
            if isinstance(target, ast.Name):
                if made:
                    bound[target.id] = made
                else:
                    bound.pop(target.id, None)
    return bound


def _kept_params(method: FunctionNode, params: dict[str, str]) -> dict[str, str]:
    """``self.<attr> = <param>`` of a method whose parameters are annotated with classes."""
    kept: dict[str, str] = {}
    for node in own_nodes_of(method, ast.Assign, ast.AnnAssign):
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id in params:
            for target in assign_targets(node):
                name = dotted(target)
                if name.startswith("self.") and name.count(".") == 1:
                    kept[name] = params[value.id]
    return kept


def held_objects(ctx: FileContext) -> tuple[dict[str, str], dict[int, dict[str, str]]]:
    """Module-level names bound to instances (and the classes themselves, for their static
    methods), and per function (by id) what it holds besides: in a method, ``self`` itself, and
    a class method's ``cls`` (its class's other methods), and the ``self.<attr>`` instances its
    class sets in any of its methods (made there or handed in), its parameters annotated with a
    class, and what the function it is defined in holds."""
    module = {**_classes(ctx), **instances(ctx.tree.body)}
    params = {id(function): _annotated_params(function, ctx) for function in functions(ctx.tree)}
    by_function: dict[int, dict[str, str]] = {}
    for cls in ctx.tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        methods = methods_of(cls)
        held = {**module, "self": cls.name, "cls": cls.name}
        # Class attributes (``repository = UserRepository()``) read through ``self`` or ``cls``.
        for owner in ("self", "cls"):
            held.update({f"{owner}.{name}": made for name, made in instances(cls.body).items()})
        for method in methods:
            held.update(instances(own_nodes_of(method, ast.Assign, ast.AnnAssign), "self"))
            held.update(_kept_params(method, params[id(method)]))
        for method in methods:
            by_function[id(method)] = held
    own = {
        id(function): {**_local_instances(function, ctx), **params[id(function)]}
        for function in functions(ctx.tree)
    }
    for function in functions(ctx.tree):
        if own[id(function)]:
            by_function[id(function)] = {
                **by_function.get(id(function), module),
                **own[id(function)],
            }
    for function in functions(ctx.tree):  # outer functions first: walk order
        if id(function) in by_function:
            for inner in _nested_functions(function):
                by_function[id(inner)] = {**by_function[id(function)], **own[id(inner)]}
    return module, by_function


def _nested_functions(function: FunctionNode) -> list[FunctionNode]:
    """The functions defined in ``function``'s own body (a route's ``async def generate()``
    streaming its answer), which see what it holds."""
    return [
        child
        for node in (function, *own_nodes(function))
        for child in children(node)
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def method_called(call: ast.Call, held: dict[str, str], ctx: FileContext) -> str:
    """``Cls.method`` for ``obj.method(...)`` where ``obj`` holds a ``Cls`` instance, or for
    ``Cls(...).method(...)`` on an instance made on the spot; else ""."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return ""
    made = held.get(dotted(func.value))
    if not made and isinstance(func.value, ast.Call):
        made = class_named(func.value.func, ctx)
    return f"{made}.{func.attr}" if made else ""


def instance_classes(project: ProjectView) -> dict[str, list[tuple[str, str]]]:
    """Module-level instance name -> (path, class) of each file that makes one."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path, signal in project.signals(INSTANCE_SIGNAL):
        found.setdefault(signal.name, []).append((path, signal.detail))
    return found


def imported_class(through: str, instances: dict[str, list[tuple[str, str]]]) -> str:
    """The class of the instance an import target (``app.db.db``; or the first of the
    space-separated targets a star import may give) names; "" for anything else (a module, a
    function)."""
    for target in through.split():
        module, _, name = target.rpartition(".")
        for path, made in instances.get(name, ()):
            if module_matches(module, path):
                return made
    return ""
