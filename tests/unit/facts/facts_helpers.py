"""Shared helpers: parse a dedented snippet and pick signals of one kind."""

from __future__ import annotations

import ast
import textwrap

from mentorbot.analysis.python_facts import extract_signals
from mentorbot.domain import Signal


def signals_of(source: str, path: str = "app/main.py") -> list[Signal]:
    return extract_signals(ast.parse(textwrap.dedent(source)), path)


def of_kind(signals: list[Signal], kind: str) -> list[tuple[int, str, dict[str, str]]]:
    return [(signal.line, signal.name, signal.data) for signal in signals if signal.kind == kind]


def names(signals: list[Signal], kind: str) -> list[str]:
    return [signal.name for signal in signals if signal.kind == kind]
