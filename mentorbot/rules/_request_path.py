"""Which functions run while a request is served (MB103): a route handler, a function of a
CRUD / repository / service module, a function a route calls by name, and the functions those
call by name inside their own modules (the login route's ``authenticate_user`` calling
``get_user``); not a function handed to background work, which runs after the response."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import partial

from mentorbot.domain import Signal
from mentorbot.rules._names import FunctionNode, dotted, functions, last_part, own_nodes_of, truthy
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import PathsIndex, ProjectView

ROUTE_CALLS_SIGNAL = "rule:route-calls"
"""A route handler (``name``) and the last parts of the names it calls (``data.calls``)."""
LOCAL_CALLS_SIGNAL = "rule:local-calls"
"""A function (``name``) and the functions of its own module it calls by name (``data.calls``)."""


HANDLER_KINDS = ("route", "view", "bot")
"""What serves a request or a message: a FastAPI route, another web framework's view, a chat
bot's handler."""


def call_signals(ctx: FileContext, kinds: dict[int, str]) -> Iterator[Signal]:
    """What each handler calls (``kinds``: the file's handlers' kinds by ``id``), and each
    function's calls to its own module's functions."""
    for handler in functions(ctx.tree):
        kind = kinds.get(id(handler))
        if kind is None:
            continue
        calls = own_nodes_of(handler, ast.Call)
        if kind == "bot":
            # Only bare names: a bot's ``db.update_count(...)`` is a method of an object it
            # holds, too often named like some other module's function (a scheduled job's).
            called = {node.func.id for node in calls if isinstance(node.func, ast.Name)}
        else:
            called = {name for node in calls if (name := _called(node))}
            called |= {name for node in calls if (name := _class_called(node))}
        yield Signal(
            kind=ROUTE_CALLS_SIGNAL,
            line=handler.lineno,
            name=handler.name,
            data={"calls": ",".join(sorted(called)), "kind": kind},
        )
    defined = {
        node.name
        for node in ctx.tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    methods = _class_methods(ctx.tree)
    if len(defined) < 2 and not methods:
        return
    for function in functions(ctx.tree):
        called = {
            node.func.id
            for node in own_nodes_of(function, ast.Call)
            if isinstance(node.func, ast.Name) and node.func.id in defined
        }
        called |= _sibling_calls(function, methods)
        called.discard(function.name)
        if called:
            yield Signal(
                kind=LOCAL_CALLS_SIGNAL,
                line=function.lineno,
                name=function.name,
                data={"calls": ",".join(sorted(called))},
            )


def _called(call: ast.Call) -> str:
    """The name a call reaches: ``get_user`` of ``crud.get_user(...)``, and ``get_cart`` of
    ``Cart(user_id).get_cart()`` (a method of an object made on the spot)."""
    func = call.func
    name = dotted(func)
    if name:
        return last_part(name)
    made = func.value if isinstance(func, ast.Attribute) else None
    if isinstance(made, ast.Call) and last_part(dotted(made.func))[:1].isupper():
        return func.attr if isinstance(func, ast.Attribute) else ""
    return ""


def _class_called(call: ast.Call) -> str:
    """The class a call reaches through a method of its own: ``ProductModel`` of
    ``ProductModel.find_all()``; "" for anything else."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id if func.value.id[:1].isupper() else ""
    return ""


def method_classes(tree: ast.Module) -> dict[int, str]:
    """The class of each method defined in a class at the module's top, by the method's ``id``."""
    return {
        id(item): node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _class_methods(tree: ast.Module) -> dict[str, set[str]]:
    """Class name -> the names of its methods, for the classes of the module with several."""
    found: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = {
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            if len(names) > 1:
                found[node.name] = names
    return found


def _sibling_calls(function: FunctionNode, methods: dict[str, set[str]]) -> set[str]:
    """Methods of its own class a method calls: ``self.save()``, ``cls.load()`` and
    ``Order._insert_into_db(...)``."""
    if not methods:
        return set()
    own = next((names for names in methods.values() if function.name in names), None)
    if own is None:
        return set()
    receivers = {"self", "cls", *methods}
    return {
        node.func.attr
        for node in own_nodes_of(function, ast.Call)
        if isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in receivers
        and node.func.attr in own
    }


def _callees(project: ProjectView, kinds: tuple[str, ...]) -> PathsIndex:
    """Function name -> paths of the handlers of ``kinds`` that call it."""
    callees: PathsIndex = {}
    for path, signal in project.signals(ROUTE_CALLS_SIGNAL):
        if signal.data.get("kind", "route") not in kinds:
            continue
        for name in signal.data.get("calls", "").split(","):
            if name:
                callees.setdefault(name, []).append(path)
    return callees


def _background_work(project: ProjectView) -> PathsIndex:
    """Functions run as background work (``add_task(process_video, ...)``, a Celery or arq
    task) -> paths of the signals naming them; not the routes that take ``BackgroundTasks``."""
    routes = {signal.name for _, signal in project.signals(ROUTE_CALLS_SIGNAL)}
    work: PathsIndex = {}
    for path, signal in project.signals("background-task"):
        name = last_part(signal.name)
        if name not in routes:
            work.setdefault(name, []).append(path)
    return work


class RequestPath:
    """Whether a function whose signal carries its place (``data.route``, ``data.data_layer``,
    ``data.class``) runs on the request path of the handlers of ``kinds``; the call closure is
    built only when a function is off the plain path (the bench repos never need it)."""

    def __init__(self, project: ProjectView, *, kinds: tuple[str, ...] = ("route",)) -> None:
        self.project = project
        self.kinds = kinds
        self.called_by_routes = project.lookup(
            partial(_callees, kinds=kinds), key=(_callees, kinds)
        )
        self.background = project.lookup(_background_work)
        self._reached: set[str] | None = None

    def __call__(self, signal: Signal, function: str) -> bool:
        if any(truthy(signal.data.get(kind)) for kind in self.kinds):
            return True
        if function in self.background:
            return False  # handed to ``add_task`` or a queue: it runs after the response
        if truthy(signal.data.get("data_layer")) or function in self.called_by_routes:
            return True
        if signal.data.get("class", "") in self.called_by_routes:
            return True  # a method of a class the handlers use (made, or called through)
        if self._reached is None:
            self._reached = self._reached_by_local_calls()
        return function in self._reached

    def _reached_by_local_calls(self) -> set[str]:
        """Functions a route reaches through calls by name inside their modules, beyond the
        ones it calls itself."""
        edges: dict[str, set[str]] = {}
        for _, signal in self.project.signals(LOCAL_CALLS_SIGNAL):
            edges.setdefault(signal.name, set()).update(signal.data.get("calls", "").split(","))
        todo = [name for name in edges if name in self.called_by_routes]
        reached: set[str] = set()
        while todo:
            for callee in edges.get(todo.pop(), ()):
                if callee not in reached:
                    reached.add(callee)
                    todo.append(callee)
        return reached
