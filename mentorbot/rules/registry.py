"""The rule catalogue: every rule module listed once, looked up by id or by ruff code."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from mentorbot.rules import (
    bare_or_broad_except,
    blocking_call_in_async,
    hardcoded_secret,
    missing_await,
    missing_tests,
    no_migrations,
    orm_as_response_model,
    pydantic_v1_api,
    ruff_general,
    session_per_function,
    sql_string_formatting,
    sync_db_driver,
    syntax_error,
)
from mentorbot.rules.base import Rule

_MODULES = (
    syntax_error,
    blocking_call_in_async,
    orm_as_response_model,
    session_per_function,
    pydantic_v1_api,
    missing_tests,
    bare_or_broad_except,
    hardcoded_secret,
    sql_string_formatting,
    missing_await,
    no_migrations,
    sync_db_driver,
    ruff_general,
)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in id order."""
    return tuple(sorted((module.RULE for module in _MODULES), key=lambda rule: rule.id))


@cache
def _by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in all_rules()}


@cache
def _by_ruff_code() -> dict[str, Rule]:
    return {code: rule for rule in all_rules() for code in rule.ruff_codes}


def get_rule(rule_id: str) -> Rule:
    """The rule with this id; ``KeyError`` names the unknown id."""
    return _by_id()[rule_id]


def find_rule(rule_id: str) -> Rule | None:
    """The rule with this id, or None for an id no rule has (a finding from an older version)."""
    return _by_id().get(rule_id)


def rule_for_ruff_code(code: str) -> Rule | None:
    """The rule a ruff code is reported under, or None for codes we do not select."""
    return _by_ruff_code().get(code)


def ruff_codes() -> tuple[str, ...]:
    """Every ruff code the review selects, sorted."""
    return tuple(sorted(_by_ruff_code()))


_MENTORBOT_IMPORT = re.compile(rb"from (mentorbot(?:\.\w+)+) import")


_PACKAGE = Path(__file__).resolve().parent


@cache
def _analyzer_files() -> dict[Path, bytes]:
    """The rules, the Python facts extractor, and every module of ours they import, each read
    once (every review's cache key needs them: walking them twice was 30 ms of a re-review)."""
    return _with_imports(
        sorted(_PACKAGE.glob("*.py"))
        + sorted(_PACKAGE.parent.joinpath("analysis").glob("python_facts*.py"))
    )


def _with_imports(pending: list[Path]) -> dict[Path, bytes]:
    """The sources of ``pending`` and of every module of ours they import, by path."""
    root = _PACKAGE.parent.parent
    found: dict[Path, bytes] = {}
    while pending:
        source = pending.pop()
        if source in found:
            continue
        found[source] = source.read_bytes()
        for module in _MENTORBOT_IMPORT.findall(found[source]):
            stem = root.joinpath(*module.decode().split("."))
            for candidate in (stem.with_suffix(".py"), stem / "__init__.py"):
                if candidate.is_file():
                    pending.append(candidate)
    return found


def analyzer_sources() -> list[Path]:
    """The rules, the Python facts extractor, and every module of ours they import."""
    return sorted(_analyzer_files())


@cache
def analyzer_fingerprint() -> str:
    """Changes whenever a detector or the signal extraction changes: part of a cache key.

    A cached ``FileAnalysis`` is only valid for the code that produced it; hashing the sources
    of the rules, of the Python facts extractor and of the modules they import saves
    remembering to bump a version.
    """
    return _digest(_analyzer_files())


@cache
def screen_fingerprint() -> str:
    """Changes whenever the screen of quiet fixes (``quiet_fixes``) or a rule's fix hints it
    reads change: the key of its remembered verdicts, which the analyses' key did not cover (a
    screen taught a renamed ``async def`` still read old verdicts, blind check g1)."""
    return _digest({**_analyzer_files(), **_with_imports([_PACKAGE.parent / "quiet_fixes.py"])})


def _digest(files: dict[Path, bytes]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for source in sorted(files):
        digest.update(source.name.encode() + b"\0" + files[source])
    return digest.hexdigest()[:16]
