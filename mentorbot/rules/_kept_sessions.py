"""Sessions a class keeps on ``self``, also when it inherits them from a base class.

A repository is handed its session once (``def __init__(self, session: AsyncSession)``) and
uses ``self._session`` in every method. Its async methods block the loop on a sync session and
must await an async one. Often the ``__init__`` lives in a base class of another module
(``class PostRepository(BaseRepository)``): each file then reports the sessions its classes
keep and the calls its async methods make on ``self.<attr>`` that their own class never sets,
and the project check pairs a call with the base class that keeps the session.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._names import (
    assign_targets,
    dotted,
    methods_of,
    module_matches,
    own_nodes_of,
    positional_params,
    qualified,
    truthy,
)
from mentorbot.rules._sessions import (
    ALIAS_PREFIX,
    ASYNC,
    FACTORY_PREFIX,
    MODULE_PREFIX,
    MODULE_SESSION_SIGNAL,
    OPENING_METHODS,
    SESSION_ALIAS_SIGNAL,
    SESSION_LIKE_NAME,
    SYNC,
    session_construction,
    session_kind,
    sync_session_factories,
)
from mentorbot.rules.project import ProjectView

KEPT_SESSION_SIGNAL = "rule:kept-session"
"""A class (``name``) keeping a session of kind ``data.kind`` in ``self.<attr>`` (``detail``)."""


def _assignments(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[ast.Assign | ast.AnnAssign]:
    return own_nodes_of(function, ast.Assign, ast.AnnAssign)


def _bases(cls: ast.ClassDef) -> list[ast.expr]:
    """The classes ``cls`` derives from, a generic one by its name (``BaseRepository[T]``)."""
    return [base.value if isinstance(base, ast.Subscript) else base for base in cls.bases]


def _set_attributes(cls: ast.ClassDef) -> set[str]:
    """Every ``self.<attr>`` any method of ``cls`` assigns."""
    return {
        name
        for method in methods_of(cls)
        for node in _assignments(method)
        for name in map(dotted, assign_targets(node))
        if name.startswith("self.")
    }


def _alias(param: ast.arg, imports: dict[str, str]) -> str:
    """``alias:models.Db`` for a parameter annotated with an imported name that sounds like a
    session alias (``db: Db``, ``db: models.Db``, ``session: SessionDep``): the project check
    knows its kind."""
    name = dotted(param.annotation)
    if name.split(".", 1)[0] in imports and SESSION_LIKE_NAME.search(name.rsplit(".", 1)[-1]):
        target = qualified(param.annotation, imports)
        if "." in target:
            return f"{ALIAS_PREFIX}{target}"
    return ""


def _kept_by(cls: ast.ClassDef, imports: dict[str, str], aliases: dict[str, str]) -> dict[str, str]:
    """``self.<attr>`` -> sync/async for the sessions ``cls.__init__`` (or its ``__enter__``)
    keeps: a parameter typed as a session (a repository handed its session) or a session it
    makes (``self._session = SessionLocal()``)."""
    keeping = [node for node in methods_of(cls) if node.name in OPENING_METHODS]
    if not keeping:
        return {}
    typed = {
        param.arg: kind
        for method in keeping
        for param in positional_params(method)
        if (kind := session_kind(param.annotation, imports, aliases) or _alias(param, imports))
    }
    kept: dict[str, str] = {}
    for node in (node for method in keeping for node in _assignments(method)):
        value = node.value
        if isinstance(value, ast.Name) and value.id in typed:
            kind = typed[value.id]
        elif value is not None:
            kind = (session_construction(value, imports) or ("",))[0]
        else:
            kind = ""
        if kind:
            kept.update(
                (name, kind)
                for name in map(dotted, assign_targets(node))
                if name.startswith("self.")
            )
    return kept


_KEPT = "_mentor_kept_sessions"


def kept_sessions(
    tree: ast.Module, imports: dict[str, str], aliases: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Class name -> the sessions it keeps (``self.<attr>`` -> sync/async), with those of a base
    class this module defines earlier, unless the class sets the attribute itself (computed
    once per tree: three rules ask)."""
    cached: dict[str, dict[str, str]] | None = tree.__dict__.get(_KEPT)
    if cached is None:
        cached = _kept_in(tree, imports, aliases)
        setattr(tree, _KEPT, cached)
    return cached


def _kept_in(
    tree: ast.Module, imports: dict[str, str], aliases: dict[str, str]
) -> dict[str, dict[str, str]]:
    kept: dict[str, dict[str, str]] = {}
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        own = _kept_by(cls, imports, aliases)
        inherited: dict[str, str] = {}
        bases = _bases(cls)
        set_here = _set_attributes(cls) if any(dotted(base) in kept for base in bases) else ()
        for base in bases:
            for name, kind in kept.get(dotted(base), {}).items():
                if name not in set_here:
                    inherited.setdefault(name, kind)
        if own or inherited:
            kept[cls.name] = {**inherited, **own}
    return kept


def sessions_by_method(
    tree: ast.Module, kept: dict[str, dict[str, str]]
) -> dict[int, dict[str, str]]:
    """What ``kept`` means for each method (by id): ``self.<attr>`` -> sync/async."""
    return {
        id(method): kept[cls.name]
        for cls in tree.body
        if isinstance(cls, ast.ClassDef) and cls.name in kept
        for method in methods_of(cls)
    }


def kept_session_signals(tree: ast.Module, kept: dict[str, dict[str, str]]) -> Iterator[Signal]:
    """The sessions this module's classes keep, for subclasses in other modules."""
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        for name, kind in kept.get(cls.name, {}).items():
            yield Signal(
                kind=KEPT_SESSION_SIGNAL,
                line=cls.lineno,
                name=cls.name,
                detail=name,
                data={"kind": kind},
            )


LIBRARY_BASES = frozenset({"pydantic", "pydantic_settings", "sqlalchemy", "sqlmodel", "fastapi"})
LIBRARY_BASES |= {"starlette", "typing", "abc", "enum", "dataclasses", "collections", "builtins"}
"""Packages whose classes keep no session of the project: a schema's or a model's base."""
_INHERITED = "_mentor_inherited_attributes"
Inherited = list[tuple[ast.AsyncFunctionDef, tuple[str, ...], set[str]]]


def inherited_attributes(
    tree: ast.Module, imports: dict[str, str], kept: dict[str, dict[str, str]]
) -> Inherited:
    """``(method, bases, attributes)`` for each async method of a class with a base class this
    module imports from the project: the bases qualified through the imports, and the
    ``self.<attr>`` names the method calls methods on while its class neither sets nor keeps
    them (computed once per tree: two rules ask)."""
    cached: Inherited | None = tree.__dict__.get(_INHERITED)
    if cached is None:
        cached = list(_inherited(tree, imports, kept))
        setattr(tree, _INHERITED, cached)
    return cached


def _inherited(
    tree: ast.Module, imports: dict[str, str], kept: dict[str, dict[str, str]]
) -> Iterator[tuple[ast.AsyncFunctionDef, tuple[str, ...], set[str]]]:
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        async_methods = [m for m in cls.body if isinstance(m, ast.AsyncFunctionDef)]
        if not async_methods:
            continue
        bases = tuple(
            target
            for base in _bases(cls)
            if dotted(base).split(".")[0] in imports
            and (target := qualified(base, imports)).split(".")[0] not in LIBRARY_BASES
        )
        if not bases:
            continue
        set_here = _set_attributes(cls) | set(kept.get(cls.name, {}))
        for method in async_methods:
            attributes = {
                holder
                for call in own_nodes_of(method, ast.Call)
                if isinstance(call.func, ast.Attribute)
                and (holder := dotted(call.func.value)).startswith("self.")
                and holder.count(".") == 1
                and holder not in set_here
            }
            if attributes:
                yield method, bases, attributes


def inherited_session_kind(project: ProjectView, bases: str, attribute: str) -> str:
    """sync/async of the session one of ``bases`` (space-separated, qualified) keeps in
    ``attribute``, when the project defines that class where its import points; else ""."""
    for base in bases.split():
        module, _, name = base.rpartition(".")
        for path, kept in project.signals(KEPT_SESSION_SIGNAL):
            if kept.name == name and kept.detail == attribute and module_matches(module, path):
                return kept.data.get("kind", "")
    return ""


def _module_session_kind(project: ProjectView, reference: str) -> str:
    """sync/async of the session another module makes at import (``loader.session``): sync
    when made by a sync session class or a sync ``sessionmaker`` of the project; else ""."""
    module, _, name = reference.rpartition(".")
    for path, signal in project.signals(MODULE_SESSION_SIGNAL):
        if signal.name != name or not module_matches(module, path):
            continue
        if not signal.data:
            return SYNC  # one of the module's own sync sessions (``module_sync_sessions``)
        factory = signal.data.get("factory", "")
        kind = signal.data.get("kind") or (FACTORY_PREFIX + factory if factory else "")
        if kind:
            return runtime_kind(project, kind)
    return ""


def runtime_kind(project: ProjectView, declared: str) -> str:
    """The kind a session declared ``declared`` has when the app runs: an alias another module
    defines has that module's kind (``alias:models.Db``); an ``AsyncSession`` in a project
    whose every engine is sync (``create_engine``, no ``create_async_engine``) can only be a
    sync session under the wrong annotation, which blocks rather than waits for ``await``."""
    if declared.startswith(MODULE_PREFIX):
        return _module_session_kind(project, declared.removeprefix(MODULE_PREFIX))
    if declared.startswith(FACTORY_PREFIX):
        return (
            SYNC
            if declared.removeprefix(FACTORY_PREFIX) in project.lookup(sync_session_factories)
            else ""
        )
    if declared.startswith(ALIAS_PREFIX):
        module, _, name = declared.removeprefix(ALIAS_PREFIX).rpartition(".")
        declared = next(
            (
                signal.data.get("kind", "")
                for path, signal in project.signals(SESSION_ALIAS_SIGNAL)
                if signal.name == name and module_matches(module, path)
            ),
            "",
        )
    if declared != ASYNC:
        return declared
    engines = [signal for path, signal in project.signals("engine") if not project.in_tests(path)]
    if engines and not any(truthy(signal.data.get("async")) for signal in engines):
        return SYNC
    return declared
