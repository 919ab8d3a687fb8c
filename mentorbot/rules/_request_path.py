"""Which functions run while a request is served (MB103): a route handler, a function of a
CRUD / repository / service module, a function a route calls by name, and the functions those
call by name inside their own modules (the login route's ``authenticate_user`` calling
``get_user``); not a function handed to background work, which runs after the response."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import partial

from mentorbot.domain import Signal
from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    last_part,
    module_of,
    own_nodes_of,
    truthy,
)
from mentorbot.rules._reexports import IMPORTS_SIGNAL, TARGETS_KEY
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import PathsIndex, ProjectView

ROUTE_CALLS_SIGNAL = "rule:route-calls"
"""A route handler (``name``) and the last parts of the names it calls (``data.calls``); of
those it imports, the module each comes from (``data.origins``: ``name=module,...``)."""
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
        origins: dict[str, set[str]] = {}
        if kind == "bot":
            # Only bare names: a bot's ``db.update_count(...)`` is a method of an object it
            # holds, too often named like some other module's function (a scheduled job's).
            called = {node.func.id for node in calls if isinstance(node.func, ast.Name)}
        else:
            called = {name for node in calls if (name := _called(node))}
            called |= {name for node in calls if (name := _class_called(node))}
            for node in calls:
                name = _called(node)
                if name:
                    origins.setdefault(name, set()).add(_origin(node.func, ctx.imports))
        data = {"calls": ",".join(sorted(called)), "kind": kind}
        # A name also called without an import, or from two modules, is left unrestricted.
        imported = {
            name: origin
            for name, found in origins.items()
            if len(found) == 1 and (origin := next(iter(found)))
        }
        if imported:
            data["origins"] = ",".join(f"{name}={imported[name]}" for name in sorted(imported))
        yield Signal(kind=ROUTE_CALLS_SIGNAL, line=handler.lineno, name=handler.name, data=data)
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


def _origin(func: ast.expr, imports: dict[str, str]) -> str:
    """The module an imported name comes from: ``app.ingest`` for ``ingest_documents(...)``
    after ``from app.ingest import ingest_documents``, ``app.crud`` for ``crud.get_user(...)``
    after ``from app import crud``; "" for a name the module does not import (its own, a star
    import's) and for longer chains."""
    name = dotted(func)
    head, _, rest = name.partition(".")
    target = imports.get(head)
    if not target or "." in rest:
        return ""
    return target if rest else target.rpartition(".")[0]


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


def _callee_origins(project: ProjectView, kinds: tuple[str, ...]) -> PathsIndex:
    """Function name -> the modules the handlers of ``kinds`` import it from, "" for a handler
    that calls it by a name it does not import (its own module's, a star import's)."""
    origins: PathsIndex = {}
    for _, signal in project.signals(ROUTE_CALLS_SIGNAL):
        if signal.data.get("kind", "route") not in kinds:
            continue
        imported = dict(
            item.split("=", 1) for item in signal.data.get("origins", "").split(",") if item
        )
        for name in signal.data.get("calls", "").split(","):
            if name:
                origins.setdefault(name, []).append(imported.get(name, ""))
    return origins


def _modules(project: ProjectView) -> PathsIndex:
    """Every dotted tail of each Python file's module -> its paths: ``app.crud`` and ``crud``
    for ``src/app/crud.py``, so an import finds its file under a source root too."""
    modules: PathsIndex = {}
    for analysis in project.analyses:
        if analysis.path.endswith(".py"):
            parts = module_of(analysis.path).split(".")
            for start in range(len(parts)):
                modules.setdefault(".".join(parts[start:]), []).append(analysis.path)
    return modules


REEXPORT_DEPTH = 2
"""How many modules that only import a function in turn a route's import is followed through
(a package's ``__init__`` gathering a submodule's names, a ``services`` module re-exporting)."""


def _imported_modules(project: ProjectView) -> dict[str, dict[str, list[str]]]:
    """Path -> name -> the modules the file imports that name from."""
    found: dict[str, dict[str, list[str]]] = {}
    for path, signal in project.signals(IMPORTS_SIGNAL):
        names = found.setdefault(path, {})
        for target in signal.data.get(TARGETS_KEY, "").split(","):
            source, _, name = target.rpartition(".")
            if source:
                names.setdefault(name, []).append(source)
    return found


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
        self._imports: dict[str, dict[str, list[str]]] | None = None

    def __call__(self, signal: Signal, function: str, path: str = "") -> bool:
        """Whether ``function`` (defined in ``path``, when the caller knows it) runs on the
        request path."""
        if any(truthy(signal.data.get(kind)) for kind in self.kinds):
            return True
        if function in self.background:
            return False  # handed to ``add_task`` or a queue: it runs after the response
        if truthy(signal.data.get("data_layer")):
            return True
        if function in self.called_by_routes and self._imported_from(function, path):
            return True
        if signal.data.get("class", "") in self.called_by_routes:
            return True  # a method of a class the handlers use (made, or called through)
        if self._reached is None:
            self._reached = self._reached_by_local_calls()
        return function in self._reached

    def _imported_from(self, function: str, path: str) -> bool:
        """Whether a handler calling ``function`` by name means the one in ``path``: it calls
        a name it does not import, or imports it from that file's module or package, or from
        a module that imports it from there (a package's ``__init__`` gathering its names)."""
        if not path:
            return True
        origins = self.project.lookup(
            partial(_callee_origins, kinds=self.kinds), key=(_callee_origins, self.kinds)
        ).get(function, ())
        module = module_of(path)
        return "" in origins or any(
            self._holds(origin, module, function, REEXPORT_DEPTH) for origin in origins
        )

    def _holds(self, origin: str, module: str, function: str, depth: int) -> bool:
        """Whether ``module`` is the project module ``origin`` names or in its package, or
        (``depth`` times over) in one that module imports ``function`` from."""
        found = self._origin_files(origin)
        for held in found:
            known = module_of(held)
            if module == known or module.startswith(known + "."):
                return True
        if depth == 0:
            return False
        if self._imports is None:
            self._imports = _imported_modules(self.project)
        return any(
            self._holds(source, module, function, depth - 1)
            for held in found
            for source in self._imports.get(held, {}).get(function, ())
        )

    def _origin_files(self, origin: str) -> list[str]:
        """The files of the project module ``origin`` names: its longest start that is one
        (``app.services`` of an object ``app.services.user_service``), else the same without
        its first part (a repo that is itself the package: ``shop.crud`` with ``crud.py`` at
        the top)."""
        modules = self.project.lookup(_modules)
        for parts in (origin.split("."), origin.split(".")[1:]):
            while parts:
                found = modules.get(".".join(parts))
                if found:
                    return list(found)
                parts = parts[:-1]
        return []

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
