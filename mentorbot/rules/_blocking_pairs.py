"""The project check of ``_blocking``: each async function's call paired with the project
function or method it calls, where that one blocks (directly, through a method of an object it
holds, or as another check found). MB111 asks the same question about helpers that query a
sync database session: an async route calling ``service.get_all()`` whose method runs
``self.db.query(...)`` uses the sync engine on the loop."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking import (
    ASYNC_CALLS_SIGNAL,
    BLOCKING_DEF_SIGNAL,
    INSTANCE_SIGNAL,
    METHOD_CALLS_SIGNAL,
    SESSION_DEF,
    specific,
)
from mentorbot.rules._kept_sessions import runtime_kind
from mentorbot.rules._names import module_matches
from mentorbot.rules._provided_classes import class_aliases
from mentorbot.rules._sessions import SYNC
from mentorbot.rules.base import ProjectHit
from mentorbot.rules.project import ProjectView

BlockingDefs = dict[str, list[tuple[str, str]]]
"""Function or ``Cls.method`` name -> (path, what it blocks on) of each definition."""


def _blocking_defs(
    project: ProjectView, known: BlockingDefs | None = None, *, sessions_only: bool = False
) -> BlockingDefs:
    """Each definition that blocks: directly, through a blocking method of an object it holds,
    or as ``known`` says (a request through another module's LLM client, ``_llm_imports``);
    with ``sessions_only``, those whose blocking call is a sync session's query."""
    blocking: BlockingDefs = {name: list(found) for name, found in (known or {}).items()}
    for path, signal in project.signals(BLOCKING_DEF_SIGNAL):
        if sessions_only and signal.data.get(SESSION_DEF) is None:
            continue
        declared = signal.data.get(SESSION_DEF) or SYNC
        if runtime_kind(project, declared) == SYNC:
            blocking.setdefault(signal.name, []).append((path, signal.detail))
    edges = [
        (path, signal.name, signal.detail) for path, signal in project.signals(METHOD_CALLS_SIGNAL)
    ]
    grew = bool(blocking)
    while grew:
        grew = False
        for path, caller, callee in edges:
            if caller not in blocking and callee in blocking:
                blocking[caller] = [(path, f"{callee} → {blocking[callee][0][1]}")]
                grew = True
    return blocking


def _paired(
    project: ProjectView, blocking: BlockingDefs, calls: Iterable[tuple[str, Signal]]
) -> Iterator[tuple[str, Signal, str, str]]:
    """``(path, call signal, callee, what it blocks on)`` of each async function's call whose
    callee is in ``blocking``: by name, through the class of an imported instance, or through
    the class a dependency alias provides."""
    if not blocking:
        return
    classes_of = _instance_classes(project)
    aliases = class_aliases(project)
    for path, signal in calls:
        name = signal.name
        through = str(signal.data.get("through") or "")
        if through:
            made = _imported_class(through, classes_of)
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
        if defined:
            inner = next((call for where, call in defined if where == path), defined[0][1])
            yield path, signal, name, inner


def pair_helper_signals(
    project: ProjectView, known: BlockingDefs | None = None
) -> Iterator[ProjectHit]:
    """Calls from async functions to a project function or method that blocks (``known``:
    definitions other checks found blocking)."""
    blocking = _blocking_defs(project, known)
    for path, signal, name, inner in _paired(
        project, blocking, project.targets(ASYNC_CALLS_SIGNAL)
    ):
        yield ProjectHit(
            path, signal.line, {"call": f"{name} → {inner}", "function": signal.detail}
        )


def session_helper_user(project: ProjectView) -> str:
    """An async function that calls a project function or method querying a sync session
    (through any chain of held objects), or "" when none does."""
    blocking = _blocking_defs(project, sessions_only=True)
    calls = project.signals(ASYNC_CALLS_SIGNAL)
    return next((signal.detail for _, signal, _, _ in _paired(project, blocking, calls)), "")


def _instance_classes(project: ProjectView) -> dict[str, list[tuple[str, str]]]:
    """Module-level instance name -> (path, class) of each file that makes one."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path, signal in project.signals(INSTANCE_SIGNAL):
        found.setdefault(signal.name, []).append((path, signal.detail))
    return found


def _imported_class(through: str, instances: dict[str, list[tuple[str, str]]]) -> str:
    """The class of the instance an import target (``app.db.db``; or the first of the
    space-separated targets a star import may give) names; "" for anything else (a module, a
    function)."""
    for target in through.split():
        module, _, name = target.rpartition(".")
        for path, made in instances.get(name, ()):
            if module_matches(module, path):
                return made
    return ""
