"""Where an app serves a router's routes: ``app.include_router(chain.router, prefix="/chain")``
puts every route of ``chain.py`` behind ``/chain``. The routes' own signals only know their
router's path (``/demo1``), so four routers' ``POST /demo1`` read as one route four times."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mentorbot.domain import Signal
from mentorbot.rules._names import module_matches, module_of

Placed = tuple[str, Signal]
"""(repo path, signal)."""


def include_prefixes(includes: Iterable[Placed], routers: Sequence[Placed]) -> dict[str, str]:
    """Router file -> the literal prefix every include of its router gives it, behind the prefix
    of the router it is included into when that is another router (``api_router.include_router(
    users.router)`` with ``app.include_router(api_router, prefix="/api")``); a file included
    twice with different prefixes, or once where the prefix cannot be read, gets none."""
    into: dict[str, list[tuple[str | None, str | None]]] = {}
    for where, include in includes:
        module, stem = include.data.get("module", ""), include.data.get("stem", "")
        prefix = None if include.data.get("prefix_unknown") else include.data.get("prefix", "")
        outer = where if include.data.get("into_router") else None
        for path, router in routers:
            if router.name != include.name:
                continue
            if module_matches(module, path) if module else stem == _stem(path):
                into.setdefault(path, []).append((outer, prefix))
    resolved = {path: _served_at(path, into, frozenset()) for path in into}
    return {path: prefix for path, prefix in resolved.items() if prefix}


def _served_at(
    path: str, into: dict[str, list[tuple[str | None, str | None]]], seen: frozenset[str]
) -> str | None:
    """The one prefix every include of ``path``'s router gives it, None when they differ or one
    cannot be read (nor its outer router's)."""
    found: set[str | None] = set()
    for outer, prefix in into.get(path, []):
        if prefix is None or outer in seen or outer == path:
            return None
        if outer is None:
            found.add(prefix)
        else:
            before = _served_at(outer, into, seen | {path}) if outer in into else None
            found.add(None if before is None else before + prefix)
    return next(iter(found)) if len(found) == 1 else None


def _stem(path: str) -> str:
    """``routes/users.py`` and ``routes/users/__init__.py``: ``users``."""
    return module_of(path).rsplit(".", 1)[-1]


def served_route(route: Signal, prefix: str) -> Signal:
    """The route as the app serves it, behind its include's prefix."""
    path = route.data.get("path", "")
    if not path.startswith("/"):
        return route  # a path the facts could not read (a variable): left as written
    served = prefix + path
    method = route.data.get("method", "")
    return route.model_copy(
        update={"data": {**route.data, "path": served}, "detail": f"{method} {served}".strip()}
    )
