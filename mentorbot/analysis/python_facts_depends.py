"""Whether a route receives something by dependency injection: FastAPI's ``Depends`` or
``Security`` (as a default, in an ``Annotated`` type or in the decorator's ``dependencies``),
an alias of one, or a DI library's typed parameter (dishka's ``FromDishka[X]``)."""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_support import (
    FileState,
    FunctionNode,
    SignalSink,
    contains_call,
    first_arg,
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


def emit_injected(node: FunctionNode, state: FileState, sink: SignalSink) -> None:
    """A route's injected parameters: a DI library's as ``depends`` signals, and each typed by a
    bare name that may be an ``Annotated`` alias (defined here or imported) as ``typed-param``,
    which assess matches with the aliases of the whole project."""
    for arg, injected in injected_params(node, state):
        sink.emit("depends", arg.lineno, injected, data={"function": node.name})
    for arg in all_args(node.args):
        annotation = arg.annotation
        if isinstance(annotation, ast.Name) and (
            annotation.id in state.dependency_aliases or annotation.id in state.imports
        ):
            sink.emit("typed-param", arg.lineno, annotation.id, data={"function": node.name})


def alias_dependency(value: ast.expr) -> str | None:
    """The dependency an ``Annotated[X, Depends(get_x)]`` alias injects (``get_x``; ``""`` for
    ``Depends()``), or None when ``value`` is no such alias."""
    if not isinstance(value, ast.Subscript) or last_name(value.value) != "Annotated":
        return None
    for child in ast.walk(value):
        if isinstance(child, ast.Call) and last_name(child.func) in DEPENDS_CALLS:
            return safe_unparse(first_arg(child, "dependency"))
    return None


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
