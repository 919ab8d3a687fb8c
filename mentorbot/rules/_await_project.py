"""MB109's project check: which recorded unawaited calls are coroutines, judged with what the
whole project defines (its coroutine functions and methods, its async session factories)."""

from __future__ import annotations

from collections.abc import Iterator

from mentorbot.rules._held_objects import imported_class, instance_classes
from mentorbot.rules._kept_sessions import inherited_session_kind, runtime_kind
from mentorbot.rules._names import last_part, module_matches
from mentorbot.rules._provided_classes import class_aliases
from mentorbot.rules._sessions import ASYNC, async_session_factories, module_session_kind
from mentorbot.rules.base import ProjectHit
from mentorbot.rules.project import PathsIndex, ProjectView, names_by_kind

UNAWAITED_SIGNAL = "rule:unawaited-call"
ASYNC_GENERATOR_SIGNAL = "rule:async-generator"


def _async_methods(project: ProjectView) -> PathsIndex:
    """``Class.method`` of every coroutine method (not async generators) -> defining paths."""
    generators = {(path, signal.name) for path, signal in project.signals(ASYNC_GENERATOR_SIGNAL)}
    methods: PathsIndex = {}
    for path, signal in project.signals("async-def"):
        owner = signal.data.get("class")
        if owner and (path, signal.name) not in generators:
            methods.setdefault(f"{owner}.{signal.name}", []).append(path)
    return methods


_SYNC_DEFS = names_by_kind("sync-def")


def _coroutines(project: ProjectView) -> PathsIndex:
    """Coroutine function name -> defining paths (methods, async generators and names that
    the same file also defines synchronously are left out)."""
    generators = {(path, signal.name) for path, signal in project.signals(ASYNC_GENERATOR_SIGNAL)}
    sync_defs = {(path, signal.name) for path, signal in project.signals("sync-def")}
    coroutines: PathsIndex = {}
    for path, signal in project.signals("async-def"):
        key = (path, signal.name)
        if signal.data.get("class") or key in generators or key in sync_defs:
            continue
        coroutines.setdefault(signal.name, []).append(path)
    return coroutines


def check_project(project: ProjectView) -> Iterator[ProjectHit]:
    coroutines = project.lookup(_coroutines)
    async_factories = project.lookup(async_session_factories)
    sync_defs = project.lookup(_SYNC_DEFS)
    aliases, instances = class_aliases(project), instance_classes(project)
    for path, signal in project.targets(UNAWAITED_SIGNAL):
        if signal.data.get("a_method") in sync_defs:
            continue  # the project's own ``def arun``: no coroutine
        if signal.data.get("via") in ("awaited-elsewhere", "own-method", "library", "top-level"):
            yield ProjectHit(path, signal.line, {"call": signal.name, "function": signal.detail})
            continue
        if signal.data.get("via") == "instance":
            # A parameter annotated with a module's ``Annotated[...]`` alias: the class it gives.
            held = signal.data.get("cls", "")
            held = aliases.get(held, held)
            method = f"{held}.{last_part(signal.name)}"
            if method in project.lookup(_async_methods):
                yield ProjectHit(
                    path, signal.line, {"call": signal.name, "function": signal.detail}
                )
            continue
        if signal.data.get("via") == "base":
            kind = inherited_session_kind(
                project, signal.data.get("bases", ""), signal.data.get("holder", "")
            )
            if runtime_kind(project, kind) == ASYNC:
                yield ProjectHit(
                    path, signal.line, {"call": signal.name, "function": signal.detail}
                )
            continue
        if signal.data.get("via") == "module-session":
            kind = module_session_kind(project, signal.data.get("ref", ""), async_factories)
            if runtime_kind(project, kind) == ASYNC:
                yield ProjectHit(
                    path, signal.line, {"call": signal.name, "function": signal.detail}
                )
            continue
        if signal.data.get("via") == "session":
            kind = signal.data.get("kind") or (
                ASYNC if signal.data.get("factory") in async_factories else ""
            )
            if runtime_kind(project, kind) == ASYNC:
                yield ProjectHit(
                    path, signal.line, {"call": signal.name, "function": signal.detail}
                )
            continue
        module = signal.data.get("ref", "").rsplit(".", 1)[0]
        if any(module_matches(module, defined) for defined in coroutines.get(signal.name)) and (
            not any(module_matches(module, defined) for defined in sync_defs.get(signal.name))
        ):
            # Not where another file the import may mean defines it with a plain ``def``: two
            # apps in one repo (``flask-app/services/storage.py`` beside the FastAPI port's).
            yield ProjectHit(path, signal.line, {"call": signal.name, "function": signal.detail})
        elif cls := imported_class(module, instances):
            # ``utils_repository.delete_year(...)`` of an instance another module makes.
            if f"{cls}.{signal.name}" in project.lookup(_async_methods):
                call = f"{module.rpartition('.')[2]}.{signal.name}"
                yield ProjectHit(path, signal.line, {"call": call, "function": signal.detail})
