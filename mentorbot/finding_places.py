"""Where a finding sits in the code: in a route's body (which answers a request), or in a plain
``def`` that calls a coroutine (where ``await`` would not compile). The plan words its tasks by
it."""

from __future__ import annotations

import re

from mentorbot.domain import Finding
from mentorbot.fact_values import as_int
from mentorbot.skills_facts import Facts

_CALLER = re.compile(r" in `([A-Za-z_]\w*)`")


def plain_def_caller(finding: Finding, facts: Facts) -> str:
    """The plain ``def`` a missing-await finding's coroutine is called from, "" when the
    caller is async (or not known)."""
    named = _CALLER.search(finding.message.en)
    if named is None:
        return ""
    name = named.group(1)
    kinds = {
        item.signal.kind
        for item in facts.signals("async-def", "sync-def", where=lambda s: s.path == finding.path)
        if item.name == name
    }
    return name if kinds == {"sync-def"} else ""


def in_a_route(finding: Finding, facts: Facts, *, method: str = "") -> bool:
    """Whether the finding sits in a route handler's body, which answers a request (``method``:
    a route of that method only, "WS" for a websocket)."""
    return any(
        route.line is not None
        and route.line <= finding.line <= as_int(route.get("end"))
        and (not method or route.get("method") == method)
        for route in facts.signals("route", where=lambda r: r.path == finding.path)
    )
