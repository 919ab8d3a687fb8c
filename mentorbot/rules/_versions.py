"""Which major version of a library the learner's manifests pin, for version-aware rules."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorbot.analysis.stack import normalize_name
from mentorbot.domain import StackItem

_VERSION = re.compile(r"(===|==|~=|\^|~|>=|<=|>|<|!=)?\s*v?(\d+(?:\.\d+)*)")


def _numbers(text: str) -> tuple[int, ...]:
    """``2.0`` -> (2, 0, 0, 0): padded so that 2.0 and 2 compare equal."""
    parts = [int(part) for part in text.split(".")][:4]
    return tuple(parts + [0] * (4 - len(parts)))


def pinned_below(spec: str, limit: tuple[int, ...]) -> bool | None:
    """Whether a version spec keeps the library below ``limit`` (None when the spec is empty).

    ``1.10.13``, ``==1.10``, ``^1.10``, ``<2`` and ``>=1.8,<2`` are below (2,); ``>=1.10`` with
    no upper bound is not, because an installer would pick the newest release.
    """
    clauses = [clause for clause in re.split(r"[,;\s]+", spec.strip()) if clause]
    if not clauses:
        return None
    bound = _numbers(".".join(map(str, limit)))
    for clause in clauses:
        match = _VERSION.match(clause)
        if match is None:
            continue
        operator, version = match.group(1) or "==", _numbers(match.group(2))
        if operator == "<" and version <= bound:
            return True
        if operator in {"<=", "==", "===", "~=", "^", "~"} and version < bound:
            return True
    return False


def _specs(stack: Sequence[StackItem], name: str) -> list[str]:
    wanted = normalize_name(name)
    return [item.version for item in stack if normalize_name(item.name) == wanted and item.version]


def pinned_below_major(stack: Sequence[StackItem], name: str, major: int) -> bool:
    """Whether the manifests keep ``name`` below version ``major`` (SQLAlchemy 1.3 pinned)."""
    return any(pinned_below(spec, (major,)) for spec in _specs(stack, name))


def pydantic_major(stack: Sequence[StackItem]) -> int:
    """1 when the manifests pin pydantic 1 (directly or via an old FastAPI/SQLModel), else 2;
    pydantic-settings, which exists for pydantic 2 only, says 2 whatever else a file pins."""
    if any(normalize_name(item.name) == "pydantic-settings" for item in stack):
        return 2
    pydantic_specs = _specs(stack, "pydantic")
    if pydantic_specs:
        return 1 if any(pinned_below(spec, (2,)) for spec in pydantic_specs) else 2
    if any(pinned_below(spec, (0, 100)) for spec in _specs(stack, "fastapi")):
        return 1
    if any(pinned_below(spec, (0, 0, 14)) for spec in _specs(stack, "sqlmodel")):
        return 1
    return 2


PYDANTIC_DECIDERS = frozenset({"pydantic", "pydantic-settings", "fastapi", "sqlmodel"})
"""Packages whose declaration decides which pydantic an install gets."""


def declares_pydantic(stack: Sequence[StackItem]) -> bool:
    """Whether a manifest names pydantic or a package that decides its major version; without
    one, only the code says which pydantic it was written for."""
    return any(
        not item.from_imports and normalize_name(item.name) in PYDANTIC_DECIDERS for item in stack
    )
