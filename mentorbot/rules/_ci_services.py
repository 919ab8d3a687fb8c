"""The throwaway credentials of a CI job's service containers.

A GitHub Actions job that runs its tests against ``services: postgres`` gives that container a
password (``POSTGRES_PASSWORD: test``), and the job's ``env:`` the same one to connect with
(``DB_PASSWORD: test``, ``postgresql://test:test@localhost/test``). The container lives for one
job and serves no one else, as GitHub's own example does it: no secret to rotate (blind check
e1). A value typed for the tests (``JWT_SECRET_KEY: test-secret``) is throwaway as a ``.env.test``'s
is. A key of a known shape (a GitHub token) stays a secret wherever it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mentorbot.rules.secret_lines import hidden_value
from mentorbot.rules.secret_values import looks_random

_WORKFLOW = re.compile(r"(?:^|.*/)\.github/workflows/[^/]+\.ya?ml|(?:^|.*/)\.gitlab-ci\.ya?ml")
_SERVICES = re.compile(r"(?P<indent>\s*)services:\s*(?:#.*)?")
THROWAWAY_KINDS = frozenset({"assignment", "url-password"})
"""How a credential is found by its name or in a URL, not by a key's own shape."""


def is_ci_workflow(path: str) -> bool:
    return _WORKFLOW.fullmatch(path.replace("\\", "/")) is not None


def _service_lines(lines: list[str]) -> set[int]:
    """The numbers of the lines inside the file's ``services:`` blocks."""
    inside: set[int] = set()
    indent: int | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depth = len(line) - len(line.lstrip())
        if indent is not None and depth > indent:
            inside.add(number)
            continue
        started = _SERVICES.fullmatch(line)
        indent = len(started["indent"]) if started else None
    return inside


def throwaway_lines(path: str, source: str, found: Iterable[tuple[int, str]]) -> set[int]:
    """Of the ``(line, kind)`` secrets ``found`` in a CI workflow, the lines whose credential
    belongs to a service container: set in its ``services:`` block, or the same value given to
    the job to reach it."""
    if not is_ci_workflow(path):
        return set()
    lines = source.splitlines()
    services = _service_lines(lines)
    hidden = {
        number: hidden_value(lines[number - 1]) for number, kind in found if kind in THROWAWAY_KINDS
    }
    service_values = {value for number, value in hidden.items() if number in services} - {""}
    return {
        number
        for number, value in hidden.items()
        if number in services or value in service_values or _test_value(value)
    }


def _test_value(value: str) -> bool:
    """A value the job's tests run with: ``test-secret``, ``pytest_key``; typed, not generated
    (the ``.env.test`` of a workflow, blind check r2)."""
    return "test" in value.lower() and not looks_random(value)
