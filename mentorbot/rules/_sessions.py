"""Which local names hold a SQLAlchemy / SQLModel session, and whether it is sync or async.

Three rules need this: a sync session used in ``async def`` blocks the loop, an async session's
methods must be awaited, and a sync engine only hurts an app whose async code uses it.

A project's own context manager that yields a session it makes (``async with session_scope()
as session:``) is a factory like ``SessionLocal``: ``session_scopes`` finds them, and the
factory indexes below count them with the kind of session they yield.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from mentorbot.analysis.stack_imports import distribution_of
from mentorbot.domain import Signal
from mentorbot.rules._names import (
    FunctionNode,
    annotation_types,
    dotted,
    functions,
    is_generator,
    last_part,
    local_bindings,
    methods_of,
    module_matches,
    own_nodes_of,
    positional_params,
    qualified,
    truthy,
    yielded_names,
)
from mentorbot.rules.project import PathsByName, PathsIndex, ProjectView

SYNC = "sync"
ASYNC = "async"
SESSION_ALIAS_SIGNAL = "rule:session-alias"
"""A module-level alias of a session type (``name``: ``SessionDep``, ``data.kind``: sync/async)."""
ALIAS_PREFIX = "alias:"
MODULE_PREFIX = "module:"
"""A session another module makes at import, named by its qualified reference
(``module:loader.session``): its kind is that module's session's."""
FACTORY_PREFIX = "factory:"
"""A session made by calling a factory (``SessionLocal()``) whose kind the project decides."""
"""A kind not known in the file: ``alias:models.Db``, a session alias another module defines."""
SESSION_LIKE_NAME = re.compile(r"session|db", re.IGNORECASE)
"""A name that sounds like a session or its factory (``SessionDep``, ``get_db``,
``async_session_maker``): worth a signal that a project check then confirms."""
SESSION_CLASSES: dict[str, str] = {
    "sqlalchemy.orm.Session": SYNC,
    "sqlalchemy.orm.session.Session": SYNC,
    "sqlmodel.Session": SYNC,
    "sqlmodel.orm.session.Session": SYNC,
    "sqlalchemy.ext.asyncio.AsyncSession": ASYNC,
    "sqlalchemy.ext.asyncio.session.AsyncSession": ASYNC,
    "sqlmodel.ext.asyncio.session.AsyncSession": ASYNC,
    # A Core connection runs statements the same way (``conn.execute(text(...))``).
    "sqlalchemy.Connection": SYNC,
    "sqlalchemy.engine.Connection": SYNC,
    "sqlalchemy.engine.base.Connection": SYNC,
    "sqlalchemy.ext.asyncio.AsyncConnection": ASYNC,
    "sqlalchemy.ext.asyncio.engine.AsyncConnection": ASYNC,
}


@dataclass(frozen=True)
class SessionVar:
    """A local holding a session: ``kind`` is sync/async when known, else "" and ``factory``."""

    name: str
    kind: str
    factory: str = ""
    line: int = 0
    created: bool = False


def session_kind(node: ast.AST | None, imports: dict[str, str], aliases: dict[str, str]) -> str:
    """sync/async when an annotation or class reference denotes a session type, else ""."""
    return next(
        (
            kind
            for named in annotation_types(node, imports)
            if (kind := _kind(named, imports, aliases))
        ),
        "",
    )


def _kind(node: ast.AST, imports: dict[str, str], aliases: dict[str, str]) -> str:
    name = qualified(node, imports)
    if name in SESSION_CLASSES:
        return SESSION_CLASSES[name]
    if isinstance(node, ast.Name) and node.id in aliases:
        return aliases[node.id]
    return ASYNC if name.endswith(".AsyncSession") else ""


def session_aliases(tree: ast.Module, imports: dict[str, str]) -> dict[str, str]:
    """Module-level ``SessionDep = Annotated[Session, Depends(get_db)]`` -> {"SessionDep": sync}."""
    aliases: dict[str, str] = {}
    for node in tree.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Subscript):
            kind = session_kind(value, imports, aliases)
            if kind:
                aliases[target.id] = kind
    return aliases


def _reexported_session_class(call: ast.Call, imports: dict[str, str]) -> bool:
    """``Session(engine)`` with ``Session`` imported from a module of the project (``from
    src.settings import Session``, which took it from SQLAlchemy): handed an engine, it can only
    be the session class; a factory of that name takes no engine but ``bind=``."""
    name = qualified(call.func, imports)
    root = name.split(".", 1)[0]
    if not name.endswith(".Session") or root in sys.stdlib_module_names:
        return False
    if distribution_of(root) is not None:
        return False  # requests.Session, aiohttp's: no database session
    return bool(call.args) or any(keyword.arg == "bind" for keyword in call.keywords)


SCOPED_SESSIONS = frozenset({"scoped_session", "async_scoped_session"})
"""SQLAlchemy's session registries: ``Session = scoped_session(sessionmaker(...))`` is used as
the session itself (``Session.query(...)``), one per thread."""


def _scoped(registry: str, factory: ast.expr, imports: dict[str, str]) -> tuple[str, str]:
    """(kind, factory) of the sessions a registry hands out."""
    if registry == "async_scoped_session":
        return ASYNC, ""
    made = _sessionmaker_kind(factory, imports)
    return (made, registry) if made else ("", last_part(dotted(factory)))


def _sessionmaker_kind(call: ast.expr, imports: dict[str, str]) -> str:
    """sync/async of the sessions a ``sessionmaker(...)`` call makes (async with
    ``class_=AsyncSession``), "" for any other expression."""
    if not isinstance(call, ast.Call) or last_part(qualified(call.func, imports)) != "sessionmaker":
        return ""
    async_class = any(
        keyword.arg == "class_" and session_kind(keyword.value, imports, {}) == ASYNC
        for keyword in call.keywords
    )
    return ASYNC if async_class else SYNC


def session_construction(call: ast.expr, imports: dict[str, str]) -> tuple[str, str] | None:
    """(kind, factory) for ``Session(engine)`` / ``AsyncSession(engine)`` / ``SessionLocal()`` /
    ``SessionLocal.begin()`` / ``scoped_session(SessionLocal)``."""
    if not isinstance(call, ast.Call):
        return None
    scoped = last_part(qualified(call.func, imports))
    if scoped in SCOPED_SESSIONS and call.args:
        return _scoped(scoped, call.args[0], imports)
    kind = session_kind(call.func, imports, {})
    if kind:
        return kind, ""
    if _reexported_session_class(call, imports):
        return SYNC, ""
    if call.args or call.keywords:
        return None
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "begin":
        # ``async with sessions.begin() as session``: a session in a transaction, from the
        # factory (an engine's ``begin()`` gives a connection: no factory by that name).
        func = func.value
    factory = dotted(func)
    return ("", last_part(factory)) if factory else None


def session_creations(function: FunctionNode, imports: dict[str, str]) -> list[SessionVar]:
    """Locals bound from a session class or a zero-argument factory call, in line order."""
    created: list[SessionVar] = []
    for target, value, line in local_bindings(function):
        made = session_construction(value, imports)
        if isinstance(target, ast.Name) and made is not None:
            created.append(SessionVar(target.id, made[0], made[1], line, True))
    return sorted(created, key=lambda var: var.line)


def session_vars(
    function: FunctionNode, imports: dict[str, str], aliases: dict[str, str]
) -> dict[str, SessionVar]:
    """Parameters annotated as sessions and locals bound from a session constructor/factory."""
    found: dict[str, SessionVar] = {}
    for param in positional_params(function):
        kind = session_kind(param.annotation, imports, aliases)
        if kind:
            found[param.arg] = SessionVar(param.arg, kind, line=param.lineno)
    for var in session_creations(function, imports):
        found[var.name] = var
    return found


SCOPE_SIGNAL = "rule:session-scope"
"""A function that hands out a session it makes, so that calling it opens one: a context manager
that yields it, or a module's plain function that returns it (``name``: the function,
``data.async``: the session's kind, ``data.factory``: what it makes the session with)."""
CONTEXT_MANAGERS = frozenset({"contextlib.contextmanager", "contextlib.asynccontextmanager"})


def session_scopes(tree: ast.Module, imports: dict[str, str]) -> Iterator[Signal]:
    """The file's ``@contextmanager`` / ``@asynccontextmanager`` functions that yield a session,
    and its module-level functions that return one (``def get_db(): return SessionLocal()``),
    made from a session class or a factory whose name says session (``async_session_maker``).
    A dependency that yields its session is neither: FastAPI closes that one."""
    module_functions = {id(node) for node in tree.body}
    for function in functions(tree):
        if is_generator(function):
            if not is_context_manager(function, imports):
                continue
            yielded = set(yielded_names(function))
            handed = [var for var in session_creations(function, imports) if var.name in yielded]
        elif id(function) in module_functions:
            handed = _returned_sessions(function, imports)
        else:
            continue
        for var in handed:
            if var.kind or SESSION_LIKE_NAME.search(var.factory):
                kind = var.kind or _scope_kind(function, var)
                yield Signal(
                    kind=SCOPE_SIGNAL,
                    line=function.lineno,
                    name=function.name,
                    data={"async": "1" if kind == ASYNC else "0", "factory": var.factory},
                )
                break
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        if made := _class_session(cls, imports):
            yield Signal(
                kind=SCOPE_SIGNAL,
                line=cls.lineno,
                name=cls.name,
                data={"async": "1" if made.kind == ASYNC else "0", "factory": made.factory},
            )


OPENING_METHODS = frozenset({"__init__", "__enter__", "__aenter__"})
"""Where a class takes what its other methods use: made with the object, or when a ``with``
block enters it (``with Database() as db:``)."""


def _class_session(cls: ast.ClassDef, imports: dict[str, str]) -> SessionVar | None:
    """The session a class makes when it is made or entered and keeps on ``self`` (``with
    Database() as db:``, whose ``__enter__`` sets ``self.session = Session(self.engine)``):
    making one opens a session, as calling a factory does."""
    for method in methods_of(cls):
        if method.name not in OPENING_METHODS:
            continue
        for node in own_nodes_of(method, ast.Assign):
            if not any(dotted(target).startswith("self.") for target in node.targets):
                continue
            made = session_construction(node.value, imports)
            if made is None or not (made[0] or SESSION_LIKE_NAME.search(made[1])):
                continue
            entered_async = method.name == "__aenter__" or "async" in made[1].lower()
            kind = made[0] or (ASYNC if entered_async else SYNC)
            return SessionVar("", kind, made[1], node.lineno, True)
    return None


def _returned_sessions(function: FunctionNode, imports: dict[str, str]) -> list[SessionVar]:
    """The sessions ``function`` makes and returns: a local it returns, or a call it returns."""
    made = {var.name: var for var in session_creations(function, imports)}
    returned: list[SessionVar] = []
    for node in own_nodes_of(function, ast.Return):
        if isinstance(node.value, ast.Name) and node.value.id in made:
            returned.append(made[node.value.id])
        elif (
            node.value is not None
            and (construction := session_construction(node.value, imports)) is not None
        ):
            returned.append(SessionVar("", *construction, line=node.lineno, created=True))
    return returned


def is_context_manager(function: FunctionNode, imports: dict[str, str]) -> bool:
    """Decorated with ``contextlib.contextmanager`` or ``asynccontextmanager``."""
    return any(
        qualified(decorator, imports) in CONTEXT_MANAGERS for decorator in function.decorator_list
    )


def _scope_kind(function: FunctionNode, var: SessionVar) -> str:
    """A session entered with ``async with`` is an async one (a sync session cannot be); one
    made otherwise is async when its factory says so (``async_session()``)."""
    entered_async = any(
        isinstance(item.optional_vars, ast.Name) and item.optional_vars.id == var.name
        for node in own_nodes_of(function, ast.AsyncWith)
        for item in node.items
    )
    return ASYNC if entered_async or "async" in var.factory.lower() else SYNC


def _session_factories(project: ProjectView, *, is_async: bool) -> PathsIndex:
    factories: PathsIndex = {}
    for path, signal in [*project.signals("session-factory"), *project.signals(SCOPE_SIGNAL)]:
        if truthy(signal.data.get("async")) == is_async:
            factories.setdefault(signal.name, []).append(path)
    return factories


def session_factory_names(project: ProjectView) -> PathsIndex:
    """Every session factory's name -> paths: ``sessionmaker`` ones and session scopes."""
    names: PathsIndex = {}
    for path, signal in [*project.signals("session-factory"), *project.signals(SCOPE_SIGNAL)]:
        names.setdefault(signal.name, []).append(path)
    return names


def sync_session_factories(project: ProjectView) -> PathsIndex:
    """Factory name -> paths, for factories made with ``sessionmaker`` (for ``project.lookup``)."""
    return _session_factories(project, is_async=False)


def async_session_factories(project: ProjectView) -> PathsIndex:
    """Factory name -> paths, for ``async_sessionmaker`` and ``class_=AsyncSession`` factories."""
    return _session_factories(project, is_async=True)


def module_sync_sessions(tree: ast.Module, imports: dict[str, str]) -> set[str]:
    """Module-level names bound to a sync session: ``session = Session(engine)``, or a call of a
    ``sessionmaker`` this module makes (``Session = sessionmaker(bind=engine)`` then ``session =
    Session()``), which every request then shares on the loop's thread."""
    factories: set[str] = set()
    sessions: set[str] = set()
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target, value = node.targets[0], node.value
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            continue
        if _sessionmaker_kind(value, imports) == SYNC:
            factories.add(target.id)
            continue
        made = session_construction(value, imports)
        if made is not None and (made[0] == SYNC or (not made[0] and made[1] in factories)):
            sessions.add(target.id)
    return sessions


MODULE_SESSION_SIGNAL = "rule:module-session"
"""A session bound at module level (``name``, made at ``line``): ``data.kind`` sync/async when
a session class makes it, else "" and ``data.factory``; ``data.here``: a request-path function
of its own module uses it (MB103 reports it there)."""


def module_sessions(tree: ast.Module, imports: dict[str, str]) -> dict[str, tuple[int, str, str]]:
    """Module-level name -> (line, kind, factory) for each session made at import: by a session
    class (``AsyncSession(engine)``), or by a zero-argument call of a factory whose name says
    session (``session = async_session()``; ``FastAPI()``, ``Service()`` are not)."""
    made_here: dict[str, tuple[int, str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            made = session_construction(node.value, imports)
            if (
                isinstance(target, ast.Name)
                and made is not None
                and (made[0] or SESSION_LIKE_NAME.search(made[1]))
            ):
                made_here[target.id] = (node.lineno, *made)
    return made_here


def module_session_kind(project: ProjectView, reference: str, async_factories: PathsByName) -> str:
    """sync/async of the module-level session ``reference`` names (``database.session``), when
    the project makes one there (async when its factory is an async one); else ""."""
    module, _, name = reference.rpartition(".")
    for path, signal in project.signals(MODULE_SESSION_SIGNAL):
        if signal.name == name and module_matches(module, path):
            factory = signal.data.get("factory", "")
            return signal.data.get("kind") or (ASYNC if factory in async_factories else "")
    return ""
