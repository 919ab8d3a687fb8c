"""Which routers an app serves: a router module no ``include_router`` names answers nothing, so
its routes are no endpoints of the API (a learner's router left out of ``main.py``, or its
include commented out)."""

from __future__ import annotations

from mentorbot.fact_values import is_test_path
from mentorbot.rules._names import module_matches, module_of
from mentorbot.skills_facts import Facts


def unmounted_router_files(facts: Facts) -> list[str]:
    """Files declaring one ``APIRouter`` (and no app) that no include names, in an app whose
    every include could be read; none where any could not (a loop over routers, a router
    imported relatively by its own name, one included by an alias) or where no FastAPI app is
    made."""
    includes = facts.signals("include-router")
    if any(not include.flag("resolved") for include in includes):
        return []
    apps = facts.signals("app", where=lambda item: not is_test_path(item.path))
    app_files = {app.path for app in apps if app.get("type") == "FastAPI"}
    if not app_files:
        return []
    routers: dict[str, list[str]] = {}
    for app in apps:
        if app.get("type") == "APIRouter":
            routers.setdefault(app.path, []).append(app.name)
    declared = {name for names in routers.values() for name in names}
    if any(include.name not in declared for include in includes):
        # An include by a name no router has: an alias, often one a package's ``__init__``
        # re-exports (``from .images import router as images_router``), not followed here.
        return []
    unmounted = []
    for path, names in routers.items():
        if len(names) != 1 or path in app_files:
            continue
        stem = module_of(path).rsplit(".", 1)[-1]  # ``routes/users/__init__.py``: ``users``
        included = any(
            include.name == names[0]
            and (
                _from_module_or_its_package(include.get("module"), path)
                if include.get("module")
                else include.get("stem") == stem
            )
            for include in includes
        )
        if not included:
            unmounted.append(path)
    return sorted(unmounted)


def _from_module_or_its_package(module: str, path: str) -> bool:
    """The include's router comes from this file, or by the same name from the package that
    holds it (``from app.modules.todo import todo_router``, which the package's ``__init__``
    takes from ``routes.py``)."""
    if module_matches(module, path):
        return True
    package = module_of(path).rpartition(".")[0]
    return bool(package) and (package == module or package.endswith("." + module))
