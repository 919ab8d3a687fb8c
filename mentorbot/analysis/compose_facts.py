"""What a compose file already does for the habits the best practices advise: an ``env_file``,
a service's ``volumes``, a ``healthcheck`` and a dependency that waits for it; and a Dockerfile:
a non-root ``USER``, a ``HEALTHCHECK``, more than one stage. Advice that the file follows already
("point env_file at a .env", "run as a non-root user") is left out of the log (blind checks c2,
e1)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorbot.analysis.languages import language_of
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


_INSTRUCTION = re.compile(r"^\s*(FROM|USER|HEALTHCHECK)\s+(\S+)", re.IGNORECASE)
_ROOT = frozenset({"root", "0", "0:0", "root:root"})


def dockerfile_signals(path: str, lines: Sequence[str]) -> tuple[Signal, ...]:
    """The first line of each image habit a Dockerfile follows: ``user`` (the last ``USER``
    names someone other than root), ``image_healthcheck`` and ``multi_stage`` (a second
    ``FROM``); none for any other file."""
    if language_of(path.rsplit("/", 1)[-1]) != "dockerfile":
        return ()
    found: dict[str, int] = {}
    stages = 0
    user: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=1):
        instruction = _INSTRUCTION.match(line)
        if instruction is None:
            continue
        keyword, argument = instruction[1].upper(), instruction[2]
        if keyword == "FROM":
            stages += 1
            if stages == 2:
                found["multi_stage"] = number
        elif keyword == "USER":
            user = (number, argument)
        elif argument.upper() != "NONE":
            found.setdefault("image_healthcheck", number)
    if user is not None and user[1].lower() not in _ROOT:
        found["user"] = user[0]
    return tuple(Signal(kind=COMPOSE_SIGNAL, line=line, name=name) for name, line in found.items())
