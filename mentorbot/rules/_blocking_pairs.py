"""The project check of ``_blocking``: each async function's call paired with the project
function or method it calls, where that one blocks (directly, through a method of an object it
holds, or as another check found). MB111 asks the same question about helpers that query a
sync database session: an async route calling ``service.get_all()`` whose method runs
``self.db.query(...)`` uses the sync engine on the loop."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import PurePosixPath

from mentorbot.domain import Signal
from mentorbot.rules._blocking import (
    ASYNC_CALLS_SIGNAL,
    BLOCKING_DEF_SIGNAL,
    CLIENT_DEF,
    GENERATOR_DEF,
    IMPORTED,
    LAZY_CALL,
    METHOD_CALLS_SIGNAL,
    RESOLVER_CALLS_SIGNAL,
    SESSION_DEF,
    specific,
)
from mentorbot.rules._held_objects import imported_class, instance_classes
from mentorbot.rules._implementations import single_implementations
from mentorbot.rules._kept_sessions import runtime_kind
from mentorbot.rules._loop_resolvers import BLOCKING_IN_RESOLVER, render, served_on_loop
from mentorbot.rules._names import module_matches
from mentorbot.rules._provided_classes import class_aliases
from mentorbot.rules._sessions import SYNC
from mentorbot.rules.base import ProjectHit
from mentorbot.rules.project import ProjectView

BlockingDefs = dict[str, list[tuple[str, str]]]
"""Function or ``Cls.method`` name -> (path, what it blocks on) of each definition."""


def _blocking_defs(
    project: ProjectView,
    known: BlockingDefs | None = None,
    *,
    only: Callable[[Signal], bool] | None = None,
) -> BlockingDefs:
    """Each definition that blocks: directly, through a blocking method of an object it holds,
    or as ``known`` says (a request through another module's LLM client, ``_llm_imports``);
    with ``only``, those whose own blocking call it accepts."""
    blocking: BlockingDefs = {name: list(found) for name, found in (known or {}).items()}
    for path, signal in project.signals(BLOCKING_DEF_SIGNAL):
        if only is not None and not only(signal):
            continue
        declared = signal.data.get(SESSION_DEF) or SYNC
        if runtime_kind(project, declared) == SYNC:
            blocking.setdefault(signal.name, []).append((path, signal.detail))
    edges = [
        (path, signal.name, signal.detail, signal.data.get(IMPORTED, "").rpartition(".")[0])
        for path, signal in project.signals(METHOD_CALLS_SIGNAL)
    ]
    implemented = single_implementations(project)
    grew = bool(blocking)
    while grew:
        grew = _through_interfaces(blocking, implemented)
        for path, caller, callee, module in edges:
            if callee not in blocking or any(d[0] == path for d in blocking.get(caller, ())):
                continue
            # An imported function blocks when its definition is in the module imported; a
            # function of the same name elsewhere (two modules' ``extract_text``) is another.
            found = [d for d in blocking[callee] if not module or module_matches(module, d[0])]
            if found:
                blocking.setdefault(caller, []).append((path, f"{callee} → {found[0][1]}"))
                grew = True
    return blocking


def _through_interfaces(blocking: BlockingDefs, implemented: dict[str, tuple[str, str]]) -> bool:
    """Give an abstract base's method the blocking of its one implementation's method (see
    ``_implementations``); whether any was new."""
    grew = False
    for name, found in list(blocking.items()):
        cls, _, method = name.partition(".")
        if not method or cls not in implemented:
            continue
        base, where = implemented[cls]
        if f"{base}.{method}" not in blocking:
            blocking[f"{base}.{method}"] = [(where, f"{name} → {found[0][1]}")]
            grew = True
    return grew


def _paired(
    project: ProjectView, blocking: BlockingDefs, calls: Iterable[tuple[str, Signal]]
) -> Iterator[tuple[str, Signal, str, list[tuple[str, str]]]]:
    """``(path, call signal, callee, its definitions)`` of each async function's call whose
    callee is in ``blocking``: by name, through the class of an imported instance, or through
    the class a dependency alias provides. A generator function blocks only a call that
    consumes it on the spot."""
    if not blocking:
        return
    classes_of = instance_classes(project)
    aliases = class_aliases(project)
    generators = {
        (path, signal.name)
        for kind in (BLOCKING_DEF_SIGNAL, METHOD_CALLS_SIGNAL)  # blocking itself or through a call
        for path, signal in project.signals(kind)
        if signal.data.get(GENERATOR_DEF)
    }
    own_defs: set[tuple[str, str]] | None = None
    for path, signal in calls:
        name = signal.name
        through = str(signal.data.get("through") or "")
        if through:
            made = imported_class(through, classes_of)
            if made:
                name = f"{made}.{name}"
            elif not specific(name):
                continue
        defined = blocking.get(name)
        if not defined and "." in name:
            held, _, method = name.partition(".")
            if held in aliases:
                name = f"{aliases[held]}.{method}"
                defined = blocking.get(name)
            else:
                # ``from utils import EconomyManager`` then ``EconomyManager.add_coins(...)``:
                # read as a class by its capital, it is the module of that name.
                defined = [
                    (where, call)
                    for where, call in blocking.get(method, ())
                    if PurePosixPath(where).stem == held
                ]
        imported = signal.data.get("imported", "")
        if defined and imported:
            module = imported.rpartition(".")[0]
            # A name too common to pair is the imported module's function or none at all.
            guess = specific(name.rpartition(".")[2])
            defined = _imported_definitions(defined, module, path, project.paths, guess=guess)
        elif defined and not through and "." not in name:
            # A bare name the caller's module defines itself is that module's function, not
            # another module's of the same name (two bots' ``load_prompt``, blind check
            # corpus 72).
            own_defs = _module_functions(project) if own_defs is None else own_defs
            if (path, name) in own_defs or not specific(name):
                defined = [(where, call) for where, call in defined if where == path]
        if defined and generators and signal.data.get(LAZY_CALL):
            defined = [(where, call) for where, call in defined if (where, name) not in generators]
        if defined:
            yield path, signal, name, defined


def _module_functions(project: ProjectView) -> set[tuple[str, str]]:
    """(path, name) of every module-level function of the project, sync or async."""
    return {
        (path, signal.name)
        for kind in ("sync-def", "async-def")
        for path, signal in project.signals(kind)
        if not signal.data.get("class")
    }


def pair_helper_signals(
    project: ProjectView, known: BlockingDefs | None = None
) -> Iterator[ProjectHit]:
    """Calls from async functions to a project function or method that blocks (``known``:
    definitions other checks found blocking), and from sync Strawberry resolvers where the
    project serves the schema on the loop, said as such."""
    blocking = _blocking_defs(project, known)
    calls = list(project.targets(ASYNC_CALLS_SIGNAL))
    resolver_calls = project.targets(RESOLVER_CALLS_SIGNAL)
    if resolver_calls and served_on_loop(project):
        calls.extend(resolver_calls)
    resolvers = {id(signal) for _, signal in resolver_calls}
    for path, signal, name, defined in _paired(project, blocking, calls):
        inner = next((call for where, call in defined if where == path), defined[0][1])
        args = {"call": f"{name} → {inner}", "function": signal.detail}
        message = render(BLOCKING_IN_RESOLVER, args) if id(signal) in resolvers else None
        yield ProjectHit(path, signal.line, args, message=message)


def session_helper_users(project: ProjectView) -> dict[str, str]:
    """Path of a project function or method querying a sync session -> an async function that
    calls it (through any chain of held objects)."""
    return _helper_users(project, lambda signal: signal.data.get(SESSION_DEF) is not None)


def client_helper_callers(project: ProjectView, kind: str) -> dict[tuple[str, str], str]:
    """(path, name) of a project function or method making a request through a sync client of
    ``kind`` (a psycopg2 cursor's ``execute``) -> an async function that calls it. A connection
    a helper makes for its own queries blocks only the async callers of that helper, not every
    async function beside it; ``by_path`` gives the first of each file."""
    return _helper_callers(project, lambda signal: signal.data.get(CLIENT_DEF) == kind)


def by_path(callers: dict[tuple[str, str], str]) -> dict[str, str]:
    """Path -> the first async caller of any of its helpers in ``callers``."""
    users: dict[str, str] = {}
    for (where, _), user in callers.items():
        users.setdefault(where, user)
    return users


def _helper_users(project: ProjectView, only: Callable[[Signal], bool]) -> dict[str, str]:
    return by_path(_helper_callers(project, only))


def _helper_callers(
    project: ProjectView, only: Callable[[Signal], bool]
) -> dict[tuple[str, str], str]:
    blocking = _blocking_defs(project, only=only)
    users: dict[tuple[str, str], str] = {}
    for _, signal, name, defined in _paired(project, blocking, project.signals(ASYNC_CALLS_SIGNAL)):
        for where, _ in defined:
            users.setdefault((where, name.rpartition(".")[2]), signal.detail)
    return users


def _imported_definitions(
    defined: list[tuple[str, str]],
    module: str,
    caller: str,
    paths: Sequence[str],
    *,
    guess: bool = True,
) -> list[tuple[str, str]]:
    """The definitions of a helper imported from ``module`` that the import can mean: in that
    module, under the caller's own source root (``services.db_service`` from
    ``backend/services/eth_service.py`` is ``backend/services/db_service.py``, not another
    app's ``backend/ethereum-api/services/db_service.py``). When none fits, all of them, unless
    the module is a file of the project: then the helper imported is that file's, which does
    not block (an API's ``tasks.ingest_documents`` that only sends a Celery message, beside
    the worker's function of the same name that does the work). A package's ``__init__``
    re-exports its modules' helpers (``from app.tasks import send_email`` of
    ``app/tasks/send_email.py``): the definitions inside that package. Without ``guess``, an
    import that fits no definition means none of them."""
    fitting = [(where, call) for where, call in defined if _import_means(module, where, caller)]
    if fitting:
        return fitting
    resolved = [
        other for other in paths if other.endswith(".py") and _import_means(module, other, caller)
    ]
    if not resolved:
        return defined if guess else []
    packages = [
        path.removesuffix("__init__.py") for path in resolved if path.endswith("/__init__.py")
    ]
    return [(where, call) for where, call in defined if where.startswith(tuple(packages))]


def _import_means(module: str, where: str, caller: str) -> bool:
    """Whether an import of ``module`` in ``caller`` means the file ``where``: the module's
    file, under the caller's own source root."""
    tail = module.replace(".", "/")
    root = where.removesuffix(".py").removesuffix("/__init__")[: -len(tail)]
    return module_matches(module, where) and caller.startswith(root)
