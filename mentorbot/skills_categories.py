"""Which skill area each finding category belongs to, and the categories an area's code
quality is judged by."""

from __future__ import annotations

CATEGORY_AREA: dict[str, str] = {
    "blocking-call-in-async": "async",
    "missing-await": "async",
    "orm-as-response-model": "fastapi",
    "session-per-function": "dependency-injection",
    "pydantic-v1-api-in-v2": "validation",
    "missing-tests": "testing",
    "bare-or-broad-except": "error-handling",
    "hardcoded-secret": "security",
    "sql-string-formatting": "security",
    "no-migrations": "migrations",
    "sync-db-driver-in-async-app": "database",
    "other": "code-quality",
}

ALSO_JUDGED_IN: dict[str, tuple[str, ...]] = {"database": ("sql-string-formatting",)}
"""Categories an area's code quality counts beside its own: a query built from strings is the
database code's flaw as much as a security hole (a contact book whose two queries were both
injections had "ORM and data model design: code quality ✅", blind check b1)."""


def area_categories(area: str) -> list[str]:
    """The finding categories that decide ``area``'s code quality, in name order."""
    own = [category for category, owner in CATEGORY_AREA.items() if owner == area]
    return sorted({*own, *ALSO_JUDGED_IN.get(area, ())})


PROJECT_CATEGORIES = frozenset({"missing-tests", "no-migrations"})
"""Findings about the whole project, each cited at one file."""


SHARED_FILE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "config-containers": ("hardcoded-secret",),
    "llm-agents": ("blocking-call-in-async", "missing-await", "bare-or-broad-except"),
}
"""What an area with no category of its own counts in a module where its code sits beside other
areas' code: a single-file Flask app reads ``os.environ`` beside its routes, and an f-string
query in a route had turned "Config, containers and CI" code quality to ❌ (blind check m1).
A secret written there is still config's flaw: it belongs in the environment. The LLM area's
shared files are those that call a model another module builds (a route's ``llm.invoke``): a
blocking, unawaited or swallowed call there is the LLM code's flaw (blind check h2)."""
