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
    """Router file -> the literal prefix every include of its router gives it; a file included
    twice with different prefixes, or once without one, gets none."""
    by_file: dict[str, set[str]] = {}
    for _, include in includes:
        module, stem = include.data.get("module", ""), include.data.get("stem", "")
        for path, router in routers:
            if router.name != include.name:
                continue
            if module_matches(module, path) if module else stem == _stem(path):
                by_file.setdefault(path, set()).add(include.data.get("prefix", ""))
    return {
        path: next(iter(found))
        for path, found in by_file.items()
        if len(found) == 1 and "" not in found
    }


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
