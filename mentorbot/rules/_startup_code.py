"""Which functions run only at start-up (MB103), wherever they are defined: the app's start and
stop hooks, and a function that only they, module-level code (``if __name__ == "__main__":``)
or other such functions call. It opens its connection once, so ``services/database.py``'s
``init_db`` run from ``@app.on_event("startup")`` is no per-call opening though its module is a
service module's (blind check k2).

A name used any other way in the project's code (called by a route or a helper, handed to
``Depends``, ``add_task`` or a thread, kept in a variable) keeps its function on the request
path: only calls are followed, by the last part of the name called. Tests, scripts and
migrations are no callers, as MB103 does not look at them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._names import functions, own_nodes_of, truthy, walk_of
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

SCOPE_CALLS_SIGNAL = "rule:scope-calls"
"""The names a function (``name``; "" for module-level code) calls from its own body
(``data.calls``), whether it is start-up code itself (``data.start``: module level, a hook)
and whether it handles requests or messages (``data.handler``), whatever its name."""
OTHER_USES_SIGNAL = "rule:other-uses"
"""The names a file uses otherwise than as a call from a function's or the module's own code
(``data.names``)."""


def startup_signals(ctx: FileContext, handlers: set[int]) -> Iterator[Signal]:
    """What each scope of the file calls, and the names the file uses otherwise; ``handlers``
    holds the ``id`` of the file's request and message handlers, never start-up code."""
    hooks = ctx.start_and_stop_hooks
    called: set[int] = set()
    scopes: list[tuple[ast.AST, str, bool]] = [(ctx.tree, "", True)]
    scopes += [(node, node.name, node.name in hooks) for node in functions(ctx.tree)]
    for scope, name, start in scopes:
        calls: set[str] = set()
        for call in own_nodes_of(scope, ast.Call):
            callee = _used_name(call.func)
            if callee:
                calls.add(callee)
                called.add(id(call.func))
        if calls:
            yield Signal(
                kind=SCOPE_CALLS_SIGNAL,
                line=getattr(scope, "lineno", 1),
                name=name,
                data={
                    "calls": ",".join(sorted(calls)),
                    "start": "1" if start else "0",
                    "handler": "1" if id(scope) in handlers else "0",
                },
            )
    others = {
        used
        for node in walk_of(ctx.tree, ast.Name, ast.Attribute)
        if id(node) not in called
        and isinstance(getattr(node, "ctx", None), ast.Load)
        and (used := _used_name(node))
    }
    if others:
        yield Signal(kind=OTHER_USES_SIGNAL, line=1, data={"names": ",".join(sorted(others))})


def _used_name(node: ast.expr) -> str:
    """``init_db`` of ``init_db`` and of ``database.init_db``; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


class StartupCode:
    """Whether a function of a file runs only at start-up; the call graph is read the first
    time a function off the plain request path asks."""

    def __init__(self, project: ProjectView) -> None:
        self.project = project
        self._found: tuple[set[str], set[tuple[str, str]]] | None = None

    def __call__(self, function: str, path: str) -> bool:
        if self._found is None:
            self._found = _startup_code(self.project)
        only_called, hooks = self._found
        return function in only_called or (path, function) in hooks


def _startup_code(project: ProjectView) -> tuple[set[str], set[tuple[str, str]]]:
    """The names of the functions only start-up code calls, and the hooks by (path, name)."""
    callers: dict[str, set[tuple[str, str]]] = {}
    start: set[tuple[str, str]] = set()
    handlers: set[tuple[str, str]] = set()
    for path, signal in project.signals(SCOPE_CALLS_SIGNAL):
        if truthy(signal.data.get("start")):
            start.add((path, signal.name))
        if truthy(signal.data.get("handler")):
            handlers.add((path, signal.name))
        for callee in signal.data.get("calls", "").split(","):
            callers.setdefault(callee, set()).add((path, signal.name))
    used = {
        name
        for _, signal in project.signals(OTHER_USES_SIGNAL)
        for name in signal.data.get("names", "").split(",")
    }
    candidates = {callee: by for callee, by in callers.items() if callee not in used}
    only_called: set[str] = set()
    grown = True
    while grown:
        grown = False
        for callee, by in candidates.items():
            if callee in only_called:
                continue
            if all(
                caller in start or (caller[1] in only_called and caller not in handlers)
                for caller in by
            ):
                only_called.add(callee)
                grown = True
    hooks = {(path, name) for path, name in start if name}
    return only_called, hooks
