"""Which routers an app serves: a router module no ``include_router`` names answers nothing, so
its routes are no endpoints of the API (a learner's router left out of ``main.py``, or its
include commented out)."""

from __future__ import annotations

from mentorbot.rules._names import module_matches, module_of
from mentorbot.skills_facts import Facts, Located


def unmounted_routers(facts: Facts) -> set[tuple[str, str]]:
    """``(path, name)`` of each ``APIRouter`` outside an app's own file that no include names,
    in an app whose every include could be read; none where any could not (a loop over
    routers, a router imported relatively by its own name, one included by an alias) or where
    no FastAPI app is made. A file may declare several: ``login_route`` left out of
    ``main.py`` beside ``user_route`` included serves nothing (blind check c3)."""
    includes = facts.signals("include-router")
    if any(not include.flag("resolved") for include in includes):
        return set()
    apps = facts.signals("app", where=lambda item: not facts.in_tests(item.path))
    app_files = {app.path for app in apps if app.get("type") == "FastAPI"}
    if not app_files:
        return set()
    routers: dict[str, list[str]] = {}
    for app in apps:
        if app.get("type") == "APIRouter":
            routers.setdefault(app.path, []).append(app.name)
    declared = {name for names in routers.values() for name in names}
    if any(include.name not in declared for include in includes):
        # An include by a name no router has: an alias, often one a package's ``__init__``
        # re-exports (``from .images import router as images_router``), not followed here.
        return set()
    unmounted: set[tuple[str, str]] = set()
    for path, names in routers.items():
        if path in app_files:
            continue
        stem = module_of(path).rsplit(".", 1)[-1]  # ``routes/users/__init__.py``: ``users``
        for name in names:
            included = any(
                include.name == name
                and (
                    _from_module_or_its_package(include.get("module"), path)
                    if include.get("module")
                    else include.get("stem") == stem
                )
                for include in includes
            )
            if not included:
                unmounted.add((path, name))
    return unmounted


def served(item: Located, unmounted: set[tuple[str, str]]) -> bool:
    """Whether a route's router is mounted (an app's own routes always are)."""
    return (item.path, item.get("router")) not in unmounted


def _from_module_or_its_package(module: str, path: str) -> bool:
    """The include's router comes from this file, or by the same name from the package that
    holds it (``from app.modules.todo import todo_router``, which the package's ``__init__``
    takes from ``routes.py``)."""
    if module_matches(module, path):
        return True
    package = module_of(path).rpartition(".")[0]
    return bool(package) and (package == module or package.endswith("." + module))
