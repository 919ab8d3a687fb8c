"""What a compose file already does for the habits the best practices advise: an ``env_file``,
a service's ``volumes``, a ``healthcheck`` and a dependency that waits for it. Advice that the
file follows already ("point env_file at a .env") is left out of the log (blind check c2)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorbot.analysis.manifests import is_compose
from mentorbot.domain import Signal

COMPOSE_SIGNAL = "compose-setting"
SETTINGS: dict[str, re.Pattern[str]] = {
    "env_file": re.compile(r"^\s+env_file\s*:"),
    "volumes": re.compile(r"^\s{3,}volumes\s*:"),
    "healthcheck": re.compile(r"^\s+healthcheck\s*:"),
    "service_healthy": re.compile(r"^\s+condition\s*:\s*[\"']?service_healthy"),
}
"""Each setting as a line of a service shows it (a service's ``volumes:`` is indented under
it; the top-level one only names volumes)."""


def compose_signals(path: str, lines: Sequence[str]) -> tuple[Signal, ...]:
    """The first line of each setting a compose file uses; none for any other file."""
    if not is_compose(path.rsplit("/", 1)[-1].lower()):
        return ()
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        for name, pattern in SETTINGS.items():
            if name not in found and pattern.match(line):
                found[name] = number
    return tuple(Signal(kind=COMPOSE_SIGNAL, line=line, name=name) for name, line in found.items())
