"""Which files are dependency manifests, by their names: what ``detect_stack`` reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import PurePosixPath

from mentorbot.analysis.languages import language_of

_REQUIREMENTS_STEM = re.compile(
    r"(?:^|[-_.])(?:reqs?|requirements?|requeriments?|requerimientos|requisitos)(?:[-_.\d]|$)"
)
"""``requirements``, ``requirement`` (misspelt), ``requeriments`` (a Spanish speaker's spelling),
``req``, ``dev-requirements``, ``requirements_test``: the names learners give pip's files (not
``prerequisites``)."""


def is_requirements(rel: str) -> bool:
    path = PurePosixPath(rel.lower())
    if path.suffix not in {".txt", ".in"}:
        return False
    return _REQUIREMENTS_STEM.search(path.stem) is not None or path.parent.name == "requirements"


def is_bare_requirements(rel: str) -> bool:
    """A file named like pip's with no suffix at all (``requirements``): a manifest only when its
    lines read as requirements, which ``detect_stack`` checks."""
    name = PurePosixPath(rel.lower()).name
    return "." not in name and _REQUIREMENTS_STEM.search(name) is not None


def is_conda_environment(name: str) -> bool:
    """conda's ``environment.yml``, ``environment.yaml``, ``environment-dev.yml`` (lower case)."""
    return name.startswith("environment") and name.endswith((".yml", ".yaml"))


def is_compose(name: str) -> bool:
    patterns = ("docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml")
    return any(fnmatch(name, pattern) for pattern in patterns)


_READ_BY_NAME = frozenset(
    {"pyproject.toml", "setup.cfg", "setup.py", "pipfile", "package.json"}
    | {"poetry.lock", "uv.lock", "pdm.lock", "pipfile.lock", "package-lock.json"}
)


def manifest_paths(paths: Sequence[str]) -> list[str]:
    """The files among ``paths`` whose content ``detect_stack`` reads (the others it uses by
    name alone, like ``alembic.ini``)."""
    found = []
    for rel in paths:
        name = PurePosixPath(rel).name.lower()
        if (
            name in _READ_BY_NAME
            or is_requirements(rel)
            or is_bare_requirements(rel)
            or is_conda_environment(name)
            or language_of(rel) == "dockerfile"
            or is_compose(name)
        ):
            found.append(rel)
    return found
