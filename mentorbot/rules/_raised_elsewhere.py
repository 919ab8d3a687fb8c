"""HTTP errors a broad handler swallows from the functions its ``try`` calls (MB106).

A service function raises ``HTTPException(status_code=409)`` for a duplicate rating; the route
calls it inside ``try: ... except Exception: raise HTTPException(status_code=500)``. The 409
never reaches the client: it becomes a 500. The service usually lives in another module, so
each file reports the functions that raise an HTTP error (with its status) and the broad
handlers whose ``try`` calls functions by name (with the status they answer); the project check
pairs them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._held_objects import held_objects, method_called
from mentorbot.rules._http_errors import HTTP_ERRORS, answer_status, catches_http_errors
from mentorbot.rules._names import (
    functions,
    methods_of,
    module_matches,
    own_nodes_of,
    qualified,
)
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

RAISES_HTTP_SIGNAL = "rule:raises-http"
"""A module-level function (``name``) that raises an HTTP error (``detail``: its statuses,
comma-separated)."""
BROAD_CALLS_SIGNAL = "rule:broad-handler-calls"
"""A broad handler (at ``line``) whose ``try`` calls functions by name (``name``: their
import targets or local names, comma-separated; ``detail``: the status it answers)."""


def raised_statuses(
    function: ast.FunctionDef | ast.AsyncFunctionDef, ctx: FileContext
) -> list[str]:
    """The statuses of the HTTP errors a function raises itself (``HTTPException(409)``)."""
    found: list[str] = []
    for node in own_nodes_of(function, ast.Raise):
        exc = node.exc
        if isinstance(exc, ast.Call) and qualified(exc.func, ctx.imports) in HTTP_ERRORS:
            status = answer_status(exc)
            if status.isdigit() and status not in found:
                found.append(status)
    return found


def raised_elsewhere_signals(
    ctx: FileContext, broad: list[tuple[ast.ExceptHandler, str, str]]
) -> Iterator[Signal]:
    """The module's functions that raise HTTP errors, and the ``broad`` handlers (each with
    how it reads and the function it sits in) whose ``try`` calls functions by name."""
    if ctx.in_tests:
        return
    for name, node in _raisers(ctx.tree):
        statuses = raised_statuses(node, ctx)
        if statuses:
            yield Signal(
                kind=RAISES_HTTP_SIGNAL, line=node.lineno, name=name, detail=",".join(statuses)
            )
    defined = {node.name for node in functions(ctx.tree)}
    held = held_objects(ctx)[0] if broad else {}
    for handler, caught, owner in broad:
        statement = ctx.parents.get(id(handler))
        answered = answer_status(handler) if statement is not None else ""
        if not isinstance(statement, ast.Try | ast.TryStar) or not answered:
            continue
        if catches_http_errors(statement, handler, ctx):
            continue
        called = {
            ctx.imports.get(call.func.id, call.func.id if call.func.id in defined else "")
            for body in statement.body
            for call in ast.walk(body)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
        }
        called.discard("")
        methods = {
            method_called(call, held, ctx)
            for body in statement.body
            for call in ast.walk(body)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        }
        methods.discard("")
        if called or methods:
            yield Signal(
                kind=BROAD_CALLS_SIGNAL,
                line=handler.lineno,
                name=",".join(sorted(called)),
                detail=answered,
                data={"caught": caught, "function": owner, "methods": ",".join(sorted(methods))},
            )


def _raisers(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """The module's functions by name, and its classes' methods as ``Class.method``."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for method in methods_of(node):
                yield f"{node.name}.{method.name}", method


Raising = dict[str, list[tuple[str, list[str]]]]
"""Function name (``Class.method`` for a method) -> (path, statuses raised) of each definition
that raises an HTTP error."""


def raised_elsewhere_hits(project: ProjectView) -> Iterator[tuple[str, Signal, str, str]]:
    """``(path, handler signal, callee, its status)`` of each broad handler that turns an HTTP
    error a function its ``try`` calls raises into another answer (the first such callee)."""
    handlers = project.targets(BROAD_CALLS_SIGNAL)
    if not handlers:
        return
    raising: Raising = {}
    for path, signal in project.signals(RAISES_HTTP_SIGNAL):
        raising.setdefault(signal.name, []).append((path, signal.detail.split(",")))
    for path, handler in handlers:
        swallowed = next(_swallowed(path, handler, raising), None)
        if swallowed is not None:
            yield path, handler, *swallowed


def _swallowed(path: str, handler: Signal, raising: Raising) -> Iterator[tuple[str, str]]:
    """``(callee, status)`` of each function the handler's ``try`` calls (by the names in its
    signal, resolved from ``path``), or method it calls on an object the module holds (by its
    class's name, wherever the class is), that raises a status other than the handler's
    answer."""
    for target in filter(None, handler.name.split(",")):
        module, _, name = target.rpartition(".")
        for where, statuses in raising.get(name, ()):
            other = _other_status(statuses, handler.detail)
            if other and (module_matches(module, where) if module else where == path):
                yield name, other
    for method in filter(None, handler.data.get("methods", "").split(",")):
        for _, statuses in raising.get(method, ()):
            other = _other_status(statuses, handler.detail)
            if other:
                yield method, other


def _other_status(statuses: list[str], answered: str) -> str:
    """The first status raised that is not the handler's own answer, "" if there is none."""
    return next((status for status in statuses if status != answered), "")
