"""Where an engine of MB111 belongs: the app of a repo of several whose folder holds it, and
whether any module of the project imports its file (an engine nothing imports serves no one);
and which async users of a sync engine leave the app a sync one."""

from __future__ import annotations

from mentorbot.rules._names import module_matches
from mentorbot.rules._reexports import MODULES_KEY, project_imports
from mentorbot.rules.project import ProjectView


def app_folders(project: ProjectView) -> list[str]:
    """The folders of a repo's FastAPI apps, deepest first; none when it has one app."""
    folders = {
        path.rpartition("/")[0]
        for path, app in project.signals("app")
        if app.data.get("type") == "FastAPI" and not project.in_tests(path)
    }
    return sorted(folders, key=len, reverse=True) if len(folders) > 1 else []


def app_of(path: str, folders: list[str]) -> str | None:
    """The folder of the app a file belongs to (the deepest that holds it); None for a file of
    no app's folder, such as a package they share."""
    return next((folder for folder in folders if not folder or path.startswith(folder + "/")), None)


def imported_paths(project: ProjectView, paths: set[str]) -> set[str]:
    """Those of ``paths`` whose module another file imports, whole or a name of it."""
    names = project_imports(project) | project_imports(project, MODULES_KEY)
    modules = names | {name.rpartition(".")[0] for name in names}
    return {path for path in paths if any(module_matches(module, path) for module in modules)}


def async_dependencies_of_sync_routes(project: ProjectView) -> set[str]:
    """The async dependencies of an app whose FastAPI routes are all plain ``def``: such an app
    is no async app on a sync driver; its one ``async def get_current_user`` querying the sync
    session is MB101's (make it a ``def``), and "switch to asyncpg" would be the wrong advice."""
    routes = {(path, signal.name) for path, signal in project.signals("route")}
    if not routes:
        return set()
    coroutines = {(path, signal.name) for path, signal in project.signals("async-def")}
    if routes & coroutines:
        return set()
    depended = {signal.name.rpartition(".")[2] for _, signal in project.signals("depends")}
    return {name for _, name in coroutines if name in depended}
