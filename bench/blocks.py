"""The pieces generated code is made of: a block, its variants, the imports each one needs."""

from __future__ import annotations

from dataclasses import dataclass

Import = tuple[str, str | None]
"""``("sqlalchemy", "select")``: ``from sqlalchemy import select``; ``("time", None)``."""

BugKind = str


@dataclass(frozen=True)
class Variant:
    text: str
    imports: frozenset[Import]


@dataclass(frozen=True)
class Block:
    name: str
    ok: Variant
    bug: Variant | None = None
    bug_kind: BugKind | None = None


@dataclass(frozen=True)
class Names:
    """An entity's spellings: ``order`` / ``Order`` / ``orders``."""

    e: str
    E: str
    P: str


def imports(*items: Import) -> frozenset[Import]:
    return frozenset(items)


DB = imports(
    ("fastapi", "Depends"),
    ("sqlalchemy.ext.asyncio", "AsyncSession"),
    ("app.db", "get_db"),
)
