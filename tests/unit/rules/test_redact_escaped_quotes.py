"""Redacting a notebook's JSON, which writes a cell's double quotes escaped (``\\"``)."""

from __future__ import annotations

from mentorbot.rules._secret_cases import BAD_NOTEBOOK_DOUBLE_QUOTES
from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_patterns import MARK

KEY = "5c1e9a07d3b84f62a9e0c7d15b3f8a24"


def test_a_key_in_a_cells_double_quotes_is_hidden_in_the_notebooks_json() -> None:
    """``"NEWS_API_KEY = \\"<key>\\"\\n",`` had gone unseen while the same cell in single
    quotes was hidden (blind check x1)."""
    line = f'    "NEWS_API_KEY = \\"{KEY}\\"\\n",'
    password_line = '    "conn = connect(user=\\"app\\", password=\\"Pg_2025!x\\")\\n",'

    assert redact_text(line) == f'    "NEWS_API_KEY = \\"{MARK}\\"\\n",'
    assert redact_text(password_line) == (
        f'    "conn = connect(user=\\"app\\", password=\\"{MARK}\\")\\n",'
    )
    assert KEY not in redact_text(BAD_NOTEBOOK_DOUBLE_QUOTES)


def test_escaped_quotes_around_no_secret_are_left_alone() -> None:
    line = '    "params = {\\"q\\": \\"Tesla\\", \\"apiKey\\": NEWS_API_KEY}\\n",'
    message = '"print(\\"token expired, log in again\\")"'

    assert redact_text(line) == line
    assert redact_text(message) == message
