"""Which blocking call a log and a plan name first: the one that holds the event loop longest.

An app with a sync LLM request in its chat route and a ``Path.read_text`` in an ingestion
script had its plan start with the file read, because it sorted first by path. A completion
holds the loop for seconds, a network or database round trip for milliseconds to seconds, a
local file read for less; the open problem and the plan's task now lead with the worst.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorbot.domain import Finding
from mentorbot.planning_blocking_advice import BLOCKING_ADVICE, BLOCKING_FALLBACK

_LEADING_CODE = re.compile(r"`([^`]+)`")
_SEVERITY = {"high": 0, "medium": 1, "low": 2}
FALLBACK_RANK = 2
"""A call no advice pattern knows: ranked with the round trips."""


def blocking_call(finding: Finding) -> str:
    """The blocking call our rule names (``create_jsonl → open``); "" for ruff's reports,
    whose texts name the remedy, not the call."""
    named = _LEADING_CODE.search(finding.message.en) if finding.source == "mentor" else None
    return named.group(1) if named else ""


def blocking_advice(call: str) -> tuple[str, str, int]:
    """What to use instead (zh, en) and how long such a call holds the loop (0: longest), for
    the call at the end of the chain (``open`` in ``save → open``). Advice that needs ``await``
    says to make the sync helper a chain starts with async first, or to call it in a thread."""
    head, _, rest = call.partition("→")
    last = call.rsplit("→", 1)[-1].strip()
    for pattern, zh, en, rank, needs_async in BLOCKING_ADVICE:
        if re.search(pattern, last):
            if rest and needs_async:
                helper = f"`{head.strip()}`"
                in_thread = "`await asyncio.to_thread(...)`"
                zh = f"把 {helper} 改成异步函数，{zh}；或者用 {in_thread} 调用它"
                en = f"make {helper} async and {en}, or call it with {in_thread}"
            return zh, en, rank
    return (*BLOCKING_FALLBACK, FALLBACK_RANK)


def lead_order(findings: Sequence[Finding]) -> list[Finding]:
    """Blocking calls by severity, then the longest wait first, then by place."""
    return sorted(
        findings,
        key=lambda f: (_SEVERITY[f.severity], blocking_advice(blocking_call(f))[2], f.path, f.line),
    )
