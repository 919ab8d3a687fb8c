"""The words of a blocking call's task: what to use instead of the call that leads, filled in
for the project's database (its async driver, or a thread outside a route), and, where the
other calls need another fix (a sync Redis client beside a blocking HTTP request, blind check
h3), that fix too."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorbot.blocking_order import blocking_advice, blocking_call
from mentorbot.domain import Finding
from mentorbot.finding_places import in_a_route
from mentorbot.planning_blocking_advice import (
    DB_CALL_VALUES,
    DRIVER_ASYNC_DB,
    ENGINE_ASYNC_DB,
    OUTSIDE_ROUTE_INSTEAD,
    RUFF_BLOCKING_CALLS,
)
from mentorbot.planning_task_texts import ANY_ASYNC_DRIVER, ASYNC_DRIVERS, ENGINE_DRIVERS
from mentorbot.rules.ruff import ruff_code_of
from mentorbot.skills_facts import Facts

Words = tuple[dict[str, str], dict[str, str]]
"""Values to fill a task's text with, in Chinese and English."""


def blocking_values(findings: Sequence[Finding], facts: Facts) -> Words:
    """``what`` (the leading call and its place) and ``advice`` for the findings' task; when
    a later call needs another fix than the first, the advice names it and its place."""
    database = _database_values(facts)
    first = findings[0]
    advice_zh, advice_en = _advice(first, facts, database)
    what_zh, what_en = _what(first)
    zh = {"advice": advice_zh, "what": what_zh}
    en = {"advice": advice_en, "what": what_en}
    for other in findings[1:]:
        other_zh, other_en = _advice(other, facts, database)
        if other_en != advice_en:
            named_zh, named_en = _what(other)
            zh["advice"] += f"；{named_zh} 要换一种改法：{other_zh}"
            en["advice"] += f"; {named_en} needs another fix: {other_en}"
            break
    return zh, en


def _what(finding: Finding) -> tuple[str, str]:
    """The call a finding names and where it is, in each language (its place alone for ruff's
    reports, which name no call)."""
    call = blocking_call(finding)
    where = f"{finding.path}:{finding.line}"
    return (f"{where} 的 `{call}`", f"`{call}` at {where}") if call else (where, where)


def _advice(finding: Finding, facts: Facts, database: Words) -> tuple[str, str]:
    """What to use instead of ``finding``'s call, in each language, filled in for the project's
    database (``database``) and for where the call is."""
    call = blocking_call(finding)
    kind = call or RUFF_BLOCKING_CALLS.get(ruff_code_of(finding.message.en), "")
    advice_zh, advice_en, _ = blocking_advice(kind)
    db_zh, db_en = dict(database[0]), dict(database[1])
    if not in_a_route(finding, facts):
        db_zh["instead"], db_en["instead"] = OUTSIDE_ROUTE_INSTEAD
    return advice_zh.format(**db_zh), advice_en.format(**db_en)


def _database_values(facts: Facts) -> Words:
    """The words a blocking database call's advice is filled with (zh, en): the async driver
    for the one sync driver the project connects with (``sqlite3`` -> aiosqlite) where no
    SQLAlchemy engine is made. ``_advice`` adds a thread where the call is not in a route."""
    zh = {key: words[0] for key, words in DB_CALL_VALUES.items()}
    en = {key: words[1] for key, words in DB_CALL_VALUES.items()}
    drivers = {
        item.get("library")
        for item in facts.database_wiring()
        if item.kind == "db-client" and not item.flag("async")
    }
    engines = facts.signals("engine", where=lambda s: not facts.in_tests(s.path))
    if len(drivers) == 1 and not engines and (driver := drivers.pop()):
        if driver in ASYNC_DRIVERS:
            zh["async_db"] = DRIVER_ASYNC_DB[0].format(driver=ASYNC_DRIVERS[driver][0])
            en["async_db"] = DRIVER_ASYNC_DB[1].format(driver=ASYNC_DRIVERS[driver][1])
    elif engines and not any(engine.flag("async") for engine in engines):
        schemes = [engine.get("url_scheme") for engine in engines]
        if (found := _async_driver_for(facts, schemes)) is not None:
            zh["async_db"] = ENGINE_ASYNC_DB[0].format(driver=found[0])
            en["async_db"] = ENGINE_ASYNC_DB[1].format(driver=found[1])
    return zh, en


def engine_driver(finding: Finding, facts: Facts) -> tuple[str, str]:
    """The async driver (zh, en) for the sync engine ``finding`` reports."""
    schemes = [
        item.get("url_scheme")
        for item in facts.signals("engine")
        if item.path == finding.path and item.signal.line == finding.line
    ]
    return _async_driver_for(facts, schemes) or ANY_ASYNC_DRIVER


def _async_driver_for(facts: Facts, schemes: Sequence[str]) -> tuple[str, str] | None:
    """The async driver (zh, en) for engines of these URL schemes: by the driver the project
    declares for that database, else by the schemes; None when neither tells. A PostgreSQL
    driver in the requirements says nothing of an engine on SQLite."""
    families = {scheme.split("+", 1)[0] for scheme in schemes if scheme}
    declared = (
        (zh, en)
        for packages, prefixes, zh, en in ENGINE_DRIVERS
        if facts.has_stack(*packages)
        and (not families or any(prefix.split("+", 1)[0] in families for prefix in prefixes))
    )
    by_scheme = (
        (zh, en)
        for _, prefixes, zh, en in ENGINE_DRIVERS
        for scheme in schemes
        if any(scheme == prefix or scheme.startswith(f"{prefix}+") for prefix in prefixes)
    )
    return next(declared, None) or next(by_scheme, None)


_USED_FROM = re.compile(r"used from async function `(\w+)`")


def lone_async_route(finding: Finding, facts: Facts) -> str:
    """The async route an MB111 finding names, when the project's other routes are plain
    ``def``: then making it one too is the fix that fits (FastAPI runs those in its thread
    pool); "" otherwise."""
    named = _USED_FROM.search(finding.message.en)
    if named is None:
        return ""
    routes = facts.signals("route", where=lambda r: not facts.in_tests(r.path))
    asynchronous = [route for route in routes if route.flag("async")]
    if not any(route.name == named.group(1) for route in asynchronous):
        return ""
    return named.group(1) if len(routes) - len(asynchronous) > len(asynchronous) else ""
