"""MB110 where Alembic is set up but no revision makes anything: the models' tables come from
somewhere the migrations do not record (a script, a command run by hand).

``alembic revision -m "init"`` without ``--autogenerate`` writes an ``upgrade()`` that only
passes, and so does autogenerate when it finds no change; a learner who stops there has
migrations in name only.
"""

from __future__ import annotations

import re

from mentorbot.rules._migration_messages import empty_revisions, no_revision
from mentorbot.rules._names import truthy
from mentorbot.rules.base import ProjectHit
from mentorbot.rules.project import ProjectView

ALEMBIC_TOOLS = frozenset({"Alembic", "Flask-Migrate"})
SETUP_FILES = re.compile(r"(^|/)(alembic\.ini|env\.py|__init__\.py)$")
"""A migrations folder's configuration, which records no schema change."""


def unmade_schema(
    project: ProjectView, tool: str, migration_paths: re.Pattern[str]
) -> ProjectHit | None:
    """The hit when every Alembic revision is empty, or there is none, and the app has models:
    shown at the first revision's ``upgrade``, or at the first model where there is none.

    Any other file of the migration folders (SQL, a script of another tool) may be what makes
    the tables, and keeps the rule quiet."""
    if tool not in ALEMBIC_TOOLS or project.has("alembic-op"):
        return None
    revisions = project.signals("alembic-revision")
    if any(not truthy(signal.data.get("empty")) for _, signal in revisions):
        return None
    revision_paths = {path for path, _ in revisions}
    if any(
        migration_paths.search(path) and not SETUP_FILES.search(path)
        for path in project.paths
        if path not in revision_paths
    ):
        return None
    models = [
        (path, model)
        for path, model in project.signals("orm-model")
        if not project.in_tests(path) and not migration_paths.search(path)
    ]
    if not models:
        return None
    if revisions:
        path, first = revisions[0]
        return ProjectHit(path, first.line, empty_revisions(len(revisions), tool))
    path, model = models[0]
    return ProjectHit(path, model.line, no_revision(tool))
