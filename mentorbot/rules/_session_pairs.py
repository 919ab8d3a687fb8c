"""The project side of MB101's and MB111's session checks: whether a session another module
defines is sync at run time (an alias, a generator dependency, a factory, one a class keeps),
which decides the blocking calls ``_session_io`` recorded on it."""

from __future__ import annotations

from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._kept_sessions import inherited_session_kind, runtime_kind
from mentorbot.rules._names import module_matches
from mentorbot.rules._session_io import (
    FOREIGN_SESSION_CALL_SIGNAL,
    KEPT_SESSION_CALL_SIGNAL,
    MODULE_SESSION_SIGNAL,
    SESSION_DEPENDENCY_SIGNAL,
)
from mentorbot.rules._sessions import (
    FACTORY_PREFIX,
    SESSION_ALIAS_SIGNAL,
    SYNC,
    async_session_factories,
    sync_session_factories,
)
from mentorbot.rules.base import ProjectHit
from mentorbot.rules.project import PathsByName, PathsIndex, ProjectView


def _sync_aliases(project: ProjectView) -> PathsIndex:
    found: PathsIndex = {}
    for path, signal in project.signals(SESSION_ALIAS_SIGNAL):
        if signal.data.get("kind") == SYNC:
            found.setdefault(signal.name, []).append(path)
    return found


def yields_sync_session(project: ProjectView, dependency: str, path: str) -> bool:
    """Whether ``dependency`` (qualified as imported in ``path``, e.g. ``app.db.get_db``) is a
    generator dependency of the project that yields a sync session."""
    return _listed(project.lookup(_sync_dependencies), dependency, path)


def _listed(index: PathsByName, reference: str, path: str) -> bool:
    """Whether ``reference`` (a name as ``path`` imports it, or a bare name of ``path`` itself)
    names an entry of ``index`` in the module it names."""
    module, _, name = reference.rpartition(".")
    defined = index.get(name, [])
    return any(module_matches(module, where) if module else where == path for where in defined)


def _sync_dependencies(project: ProjectView) -> PathsIndex:
    """Generator dependencies that yield a sync session: a sync session class, or a factory the
    project defines with ``sessionmaker`` (not ``async_sessionmaker``)."""
    sync_factories = project.lookup(sync_session_factories)
    async_factories = project.lookup(async_session_factories)
    found: PathsIndex = {}
    for path, signal in project.signals(SESSION_DEPENDENCY_SIGNAL):
        kind = signal.data.get("kind")
        factory = signal.data.get("factory", "")
        # A factory of that name made async in the dependency's own file is the one it uses.
        made_sync = factory in sync_factories and path not in async_factories.get(factory, [])
        if kind == SYNC or (not kind and made_sync):
            found.setdefault(signal.name, []).append(path)
    return found


def kept_session_call_kind(project: ProjectView, signal: Signal) -> str:
    """sync/async of the session a ``KEPT_SESSION_CALL_SIGNAL`` call is made on at run time,
    "" when the project does not tell."""
    declared = signal.data.get("kind") or inherited_session_kind(
        project, signal.data.get("bases", ""), signal.detail
    )
    return runtime_kind(project, declared)


def pair_session_signals(project: ProjectView) -> Iterator[ProjectHit]:
    for path, signal in project.targets(KEPT_SESSION_CALL_SIGNAL):
        if kept_session_call_kind(project, signal) == SYNC:
            call = signal.data.get("call", "")
            yield ProjectHit(path, signal.line, {"call": call, "function": signal.name})
    for path, signal in project.targets(FOREIGN_SESSION_CALL_SIGNAL):
        if _on_sync_session(project, path, signal):
            call = signal.data.get("call", "")
            yield ProjectHit(path, signal.line, {"call": call, "function": signal.detail})


def imported_session_users(project: ProjectView) -> Iterator[tuple[str, str]]:
    """(path, async function) of the calls made on a sync session another module provides (one
    made at import, a dependency's, an alias's, its factory's): MB111's uses of a sync engine."""
    for path, signal in project.signals(FOREIGN_SESSION_CALL_SIGNAL):
        if _on_sync_session(project, path, signal):
            yield path, signal.detail


def _on_sync_session(project: ProjectView, path: str, signal: Signal) -> bool:
    """Whether a ``FOREIGN_SESSION_CALL_SIGNAL``'s session is sync: made by a sync factory, or
    the module session, dependency or alias it names is a sync one."""
    via = signal.data.get("via")
    if via == "factory":
        return runtime_kind(project, FACTORY_PREFIX + signal.name) == SYNC
    sessions = {"module": _module_sessions, "depends": _sync_dependencies}.get(via or "")
    return _listed(project.lookup(sessions or _sync_aliases), signal.name, path)


def _module_sessions(project: ProjectView) -> PathsIndex:
    found: PathsIndex = {}
    for path, signal in project.signals(MODULE_SESSION_SIGNAL):
        found.setdefault(signal.name, []).append(path)
    return found
