"""Plain readings of signal data and repository paths shared by the assessment, the plan and
the follow-up: whether a value means yes, a count, whether a path is a test's or a migration's,
and glob matching that finds ``alembic/versions/*.py`` below a sub-folder too."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from functools import lru_cache

FALSY_VALUES = frozenset({"", "0", "false", "no", "none", "null"})
TEST_PATH = re.compile(r"(^|/)(tests?/|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)")


def truthy(value: str | None) -> bool:
    """Signal data is text; "0", "false" and "" all mean no."""
    return value is not None and value.strip().lower() not in FALSY_VALUES


def as_int(value: str | None) -> int:
    """Counts arrive as text; anything unreadable counts as zero, "true" as one."""
    if value is None:
        return 0
    try:
        return int(value.strip())
    except ValueError:
        return 1 if truthy(value) else 0


def is_test_path(path: str) -> bool:
    return TEST_PATH.search(path) is not None


MIGRATION_GLOBS = (
    "alembic/versions/*.py",
    "migrations/versions/*.py",
    "migrations/[0-9][0-9][0-9][0-9]_*.py",
    "migrations/models/[0-9]*_*.py",
)
"""Where migration scripts live: Alembic's revisions, the numbered files Django writes, and
Aerich's (``migrations/models/3_20240101_add_likes.py``)."""


DJANGO_BOILERPLATE = {
    "manage.py": ("django.core.management.execute_from_command_line", 1),
    "asgi.py": ("django.core.asgi.get_asgi_application", 0),
    "wsgi.py": ("django.core.wsgi.get_wsgi_application", 0),
    "apps.py": ("django.apps.AppConfig", 0),
}
"""The files ``django-admin startproject`` and ``startapp`` write: by name, the Django name each
imports and the functions it defines as written (``manage.py``'s ``main``)."""


def django_boilerplate(path: str, imported: str, functions: int) -> bool:
    """Whether the file at ``path``, importing the comma-separated ``imported`` names and
    defining ``functions``, is Django's generated code: ``manage.py``'s ``try: from
    django.core.management import ... except ImportError`` had been cited as the learner's
    error handling (blind check d2). An ``apps.py`` with the learner's ``ready()`` is theirs."""
    shape = DJANGO_BOILERPLATE.get(path.rpartition("/")[2])
    return shape is not None and shape[0] in imported.split(",") and functions <= shape[1]


DJANGO_STUBS = {
    "admin.py": "from django.contrib import admin",
    "models.py": "from django.db import models",
    "tests.py": "from django.test import TestCase",
    "views.py": "from django.shortcuts import render",
}
"""The modules ``django-admin startapp`` writes with an import and a comment saying what to add
(``# Register your models here.``): by name, that import."""


def django_stub(path: str, lines: Sequence[str]) -> bool:
    """Whether the file at ``path`` is one of ``startapp``'s as written, its import and comments
    only: the unused import of an ``admin.py`` nobody filled in was the learner's first task
    (blind check c1). One the learner filled (``admin.site.register``) is theirs."""
    stub = DJANGO_STUBS.get(path.rpartition("/")[2])
    code = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return stub is not None and code == [stub]


def normalise_package(name: str) -> str:
    """``SQLAlchemy[asyncio]`` and ``sqlalchemy`` are the same dependency."""
    return name.split("[", 1)[0].strip().lower().replace("_", "-")


def path_matches(path: str, pattern: str) -> bool:
    """A pattern without ``/`` matches a file name anywhere, in any case (``dockerfile``,
    ``readme.md``); one with ``/`` matches the path, also below a sub-folder (so
    ``alembic/versions/*.py`` finds ``backend/alembic/versions``)."""
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1].lower(), pattern.lower())
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, "*/" + pattern)


def beside_env(revision: str, paths: set[str]) -> bool:
    """``x/versions/0001_init.py`` of a migrations folder ``x`` that holds Alembic's ``env.py``."""
    folder = revision.rsplit("/", 2)[0] if revision.count("/") >= 2 else ""
    return f"{folder}/env.py" in paths if folder else "env.py" in paths


@lru_cache(maxsize=256)
def paths_matching(paths: tuple[str, ...], pattern: str) -> frozenset[str]:
    """The paths a pattern matches; assess, plan and the follow-up ask the same few dozen
    patterns of the same paths. The key tuple is compared by value, which is quick here: its
    strings are the same objects in each step's ``Facts``."""
    return frozenset(path for path in paths if path_matches(path, pattern))


def data_matches(actual: str | None, expected: str) -> bool:
    """``*`` means "present and not false"; any other value is a case-insensitive glob."""
    if expected == "*":
        return truthy(actual)
    return actual is not None and fnmatch.fnmatchcase(actual.lower(), expected.lower())
