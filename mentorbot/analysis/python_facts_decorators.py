"""Decorators a learner wrote: a function that wraps the callable it is given in a function of
its own and returns that (``def admin_only(handler): @wraps(handler) def wrapper(...): ...``),
or a factory returning such a function (``def retry(times): def decorate(func): ...``, or
``def admin_only(): ...`` used as ``@admin_only()``)."""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_support import FunctionNode, last_name

_NESTED_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def defines_a_decorator(node: FunctionNode) -> bool:
    """Whether ``node`` returns a function it defines that calls, or ``functools.wraps``, the
    callable ``node`` takes, or that is itself such a decorator."""
    params = [arg.arg for arg in (*node.args.posonlyargs, *node.args.args)]
    if params[:1] in (["self"], ["cls"]):
        params = params[1:]
    inner = {child.name: child for child in node.body if isinstance(child, _NESTED_DEFS)}
    returned = {
        statement.value.id
        for statement in node.body
        if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Name)
    }
    return any(
        defines_a_decorator(inner[name])
        or (bool(params) and (_wraps(inner[name]) or _calls(inner[name], params[0])))
        for name in returned & inner.keys()
    )


def _wraps(function: FunctionNode) -> bool:
    return any(
        isinstance(decorator, ast.Call) and last_name(decorator.func) == "wraps"
        for decorator in function.decorator_list
    )


def _calls(function: FunctionNode, name: str) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
        for node in ast.walk(function)
    )
