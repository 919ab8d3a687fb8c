"""A ``#`` inside a value: configparser keeps it (inline comments are off), and so do dotenv
files, YAML and the shell unless a space comes before it. A password was shown from its ``#``
on, and one too short before its ``#`` was not found at all (blind check s2)."""

from __future__ import annotations

import pytest

from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_find import find_secrets
from mentorbot.rules.secret_patterns import MARK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password = Warehouse2024#Zq9LmTx", f"password = {MARK}"),
        ("DB_PASSWORD=Kx9#mQ2vLp7Rt4Zw", f"DB_PASSWORD={MARK}"),
        ("  password: Kx9#mQ2vLp7Rt4Zw", f"  password: {MARK}"),
        ("export DB_PASSWORD=Kx9#mQ2vLp7Rt4Zw", f"export DB_PASSWORD={MARK}"),
        # INI reads all of it as the value: no space after the ``#``, hidden with it.
        ("password = Wh7 #Zq9LmTx2024", f"password = {MARK}"),
        # A comment after a space, as people write them, stays.
        ("DB_PASSWORD=Sup3r$ecret  # prod", f"DB_PASSWORD={MARK}  # prod"),
        ("PORT=8080 #dev", "PORT=8080 #dev"),
    ],
)
def test_a_value_runs_past_a_hash_that_no_space_comes_before(text: str, expected: str) -> None:
    assert redact_text(text) == expected


def test_an_ini_value_runs_to_the_end_of_its_line() -> None:
    """``Wh7`` alone is too short for a password; configparser reads ``Wh7 #Zq9LmTx2024``.
    In a dotenv file the same line holds ``Wh7`` and a comment."""
    line = "password = Wh7 #Zq9LmTx2024\n"
    assert find_secrets(line, ini=True) == [(1, "assignment")]
    assert find_secrets(line, dotenv=True) == []
