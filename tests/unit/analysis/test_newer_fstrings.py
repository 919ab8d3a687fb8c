"""Python 3.12's f-strings rewritten for an older parser: inner strings in the f-string's own
quote swapped to the other quote, nothing else touched, every column kept."""

from __future__ import annotations

import ast

import pytest

from mentorbot.analysis.newer_fstrings import older_fstrings

REWRITTEN = [
    ("x = f'{data['name']}\\n'\n", "x = f'{data[\"name\"]}\\n'\n"),
    (
        'msg = f"Hi {user["first"]} {d.get("k", "v")}!"\n',
        "msg = f\"Hi {user['first']} {d.get('k', 'v')}!\"\n",
    ),
    ("s = f'{f'{x}'}'\n", "s = f'{f\"{x}\"}'\n"),
    ("r = rf'{p['a']}\\d'\n", "r = rf'{p[\"a\"]}\\d'\n"),
]
UNTOUCHED = [
    "ok = f'{a}' + 'b'  # it's fine\n",
    "t = f'''{d['k']}'''\n",
    "n = f'{x!r:>{width}} {y}'\n",
    "q = f'{d[\"k\"]}'\n",
]


@pytest.mark.parametrize(("source", "expected"), REWRITTEN)
def test_inner_strings_in_the_outer_quote_take_the_other_quote(source: str, expected: str) -> None:
    rewritten = older_fstrings(source)

    assert rewritten == expected
    assert len(rewritten) == len(source)
    ast.parse(rewritten)


@pytest.mark.parametrize("source", UNTOUCHED)
def test_code_an_older_python_reads_already_is_left_alone(source: str) -> None:
    assert older_fstrings(source) is None


def test_an_inner_string_holding_the_other_quote_cannot_be_swapped() -> None:
    assert older_fstrings("""s = f"{d.get("it's")}"\n""") is None
