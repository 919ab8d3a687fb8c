"""Which class a dependency hands a route, when the annotation names another.

A service layer often types its routes with an abstract base and lets a factory pick the
implementation: ``CategoriesService = Annotated[CategoriesServiceBase,
Depends(init_categories_service)]``, where ``init_categories_service`` returns
``CategoriesServiceSqlAlchemy(context)``. The base's methods only raise
``NotImplementedError``; what runs is the implementation's, so that is the class whose methods
MB101 follows. Each module reports the aliases it defines with the class they provide; a
parameter's own ``Depends(factory)`` is resolved in its module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._names import dotted, last_part, own_nodes_of, qualified
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

CLASS_ALIAS_SIGNAL = "rule:class-alias"
"""A module-level ``Annotated[Base, Depends(factory)]`` alias (``name``) and the class it
provides (``detail``): the factory's, else the annotated one."""


def constructed_class(value: ast.expr | None) -> str:
    """``Name`` for a value made by ``Name(...)`` or ``module.Name(...)``: a class by its
    capital; "" for anything else."""
    if not isinstance(value, ast.Call):
        return ""
    name = last_part(dotted(value.func))
    return name if name.lstrip("_")[:1].isupper() else ""  # a module's private ``_Repo`` too


def depends_target(depends: ast.expr | None) -> ast.expr | None:
    """``get_db`` of ``Depends(get_db)``, else None."""
    if (
        isinstance(depends, ast.Call)
        and last_part(dotted(depends.func)) == "Depends"
        and depends.args
        and dotted(depends.args[0])
    ):
        return depends.args[0]
    return None


def param_dependency(
    param: ast.arg, defaults: dict[str, ast.expr], imports: dict[str, str]
) -> ast.expr | None:
    """What a parameter's ``Depends(...)`` may be: its default (``db=Depends(get_db)``), or the
    ``Depends`` inside its ``Annotated[...]`` annotation; None when it has neither."""
    depends = defaults.get(param.arg)
    if depends is None and isinstance(param.annotation, ast.Subscript):
        depends = annotated_dependency(param.annotation, imports)
    return depends


def factory_class(depends: ast.expr | None, ctx: FileContext) -> str:
    """The class a ``Depends(factory)`` provides when ``factory`` is a function of this module
    that returns a new instance (``return Service(db)``, or a local bound to one)."""
    target = depends_target(depends)
    if not isinstance(target, ast.Name):
        return ""
    for node in ctx.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == target.id:
            bound: dict[str, str] = {}
            for assign in own_nodes_of(node, ast.Assign):
                if len(assign.targets) == 1 and isinstance(assign.targets[0], ast.Name):
                    bound[assign.targets[0].id] = constructed_class(assign.value)
            for returned in own_nodes_of(node, ast.Return):
                value = returned.value
                made = constructed_class(value)
                if not made and isinstance(value, ast.Name):
                    made = bound.get(value.id, "")
                if made:
                    return made
            return ""
    return ""


def annotated_dependency(node: ast.expr | None, imports: dict[str, str]) -> ast.expr | None:
    """The ``Depends(...)`` inside ``Annotated[X, Depends(...)]``, else None."""
    if not isinstance(node, ast.Subscript) or not isinstance(node.slice, ast.Tuple):
        return None
    if last_part(qualified(node.value, imports)) != "Annotated":
        return None
    return next(
        (
            item
            for item in node.slice.elts[1:]
            if isinstance(item, ast.Call) and last_part(dotted(item.func)) == "Depends"
        ),
        None,
    )


def dependency_aliases(ctx: FileContext) -> Iterator[tuple[ast.Assign, ast.expr, ast.Call]]:
    """``(assignment, type, Depends call)`` of each module-level alias a route's parameter can
    be annotated with (``S3Client = Annotated[Minio, Depends(get_s3_client)]``)."""
    for node in ctx.tree.body:
        if isinstance(node, ast.Assign):
            depends = annotated_dependency(node.value, ctx.imports)
            if isinstance(depends, ast.Call):
                assert isinstance(node.value, ast.Subscript)
                assert isinstance(node.value.slice, ast.Tuple)
                yield node, node.value.slice.elts[0], depends


def class_alias_signals(ctx: FileContext) -> Iterator[Signal]:
    for node, provided_type, depends in dependency_aliases(ctx):
        target = node.targets[0]
        if len(node.targets) != 1 or not isinstance(target, ast.Name):
            continue
        provided = factory_class(depends, ctx) or last_part(dotted(provided_type))
        if provided[:1].isupper() and provided != target.id:
            yield Signal(kind=CLASS_ALIAS_SIGNAL, line=node.lineno, name=target.id, detail=provided)


def class_aliases(project: ProjectView) -> dict[str, str]:
    """Alias name -> the class it provides, across the project."""
    return {signal.name: signal.detail for _, signal in project.signals(CLASS_ALIAS_SIGNAL)}
