"""Whether a route receives something by dependency injection: FastAPI's ``Depends`` or
``Security`` (as a default, in an ``Annotated`` type or in the decorator's ``dependencies``),
an alias of one, or a DI library's typed parameter (dishka's ``FromDishka[X]``)."""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_support import (
    FileState,
    FunctionNode,
    contains_call,
    keyword,
    last_name,
    safe_unparse,
)

DEPENDS_CALLS = frozenset({"Depends", "Security"})


INJECTED_MARKERS = frozenset({("dishka", "FromDishka"), ("fastapi_injector", "Injected")})
"""``(package, name)`` of the annotations dependency-injection libraries give a route's
parameters (``repository: FromDishka[PostRepository]``): like ``Depends``, by type."""


def injected_params(node: FunctionNode, state: FileState) -> list[tuple[ast.arg, str]]:
    """The parameters a DI library hands the route, with the type it injects."""
    injected: list[tuple[ast.arg, str]] = []
    for arg in all_args(node.args):
        annotation = arg.annotation
        if not isinstance(annotation, ast.Subscript) or not isinstance(annotation.value, ast.Name):
            continue
        module, name = state.imports.get(annotation.value.id, ("", ""))
        if (module.split(".", 1)[0], name) in INJECTED_MARKERS:
            injected.append((arg, safe_unparse(annotation.slice)))
    return injected


def uses_depends(node: FunctionNode, decorator: ast.Call, state: FileState) -> bool:
    if injected_params(node, state):
        return True
    args = node.args
    defaults = [*args.defaults, *(value for value in args.kw_defaults if value is not None)]
    if any(
        isinstance(value, ast.Call) and last_name(value.func) in DEPENDS_CALLS for value in defaults
    ):
        return True
    for arg in all_args(args):
        annotation = arg.annotation
        if isinstance(annotation, ast.Name) and annotation.id in state.dependency_aliases:
            return True
        if isinstance(annotation, ast.Subscript) and contains_call(annotation, DEPENDS_CALLS):
            return True
    return contains_call(keyword(decorator, "dependencies"), DEPENDS_CALLS)


def all_args(args: ast.arguments) -> list[ast.arg]:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every.extend(arg for arg in (args.vararg, args.kwarg) if arg is not None)
    return every
