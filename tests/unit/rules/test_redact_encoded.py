"""A key written in base64 or hex is hidden wherever it is shown, as the key itself would be,
and so is a literal the code decodes: the lesson of a "fix" that only encoded a DashScope key
printed the encoding, one decode away from the key (blind check h1)."""

from __future__ import annotations

import base64

from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_find import find_secrets
from mentorbot.rules.secret_patterns import MARK

KEY = "sk-4e7b2c9a1f8d46e0b3a5c7d9e2f1a684"
IN_BASE64 = base64.b64encode(KEY.encode()).decode()
IN_URLSAFE_BASE64 = base64.urlsafe_b64encode(f"{KEY}?>".encode()).decode()
IN_HEX = KEY.encode().hex()


def test_a_key_encoded_in_base64_or_hex_is_hidden_and_found_under_any_name() -> None:
    for encoded in (IN_BASE64, IN_URLSAFE_BASE64, IN_HEX):
        line = f'blob = "{encoded}"'
        assert redact_text(line) == f'blob = "{MARK}"', encoded
        assert find_secrets(line) == [(1, "openai-key")], encoded
    assert redact_text(f"SETTING={IN_HEX}") == f"SETTING={MARK}"


def test_a_literal_the_code_decodes_is_hidden_unless_it_decodes_to_a_placeholder() -> None:
    password = base64.b64encode(b"S3cret-Pass-99").decode()
    placeholder = base64.b64encode(b"your-password-here").decode()

    assert (
        redact_text(f'pw = base64.b64decode("{password}").decode()')
        == f'pw = base64.b64decode("{MARK}").decode()'
    )
    assert redact_text(f'pw = b64decode(b"{password}")') == f'pw = b64decode(b"{MARK}")'
    shown = f'pw = base64.b64decode("{placeholder}").decode()'
    assert redact_text(shown) == shown


def test_base64_and_hex_that_decode_to_no_secret_are_shown() -> None:
    text = base64.b64encode(b"Hello, world from Qwen!").decode()
    commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"
    image = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
        "rkJggg=="
    )
    for line in (f'GREETING = "{text}"', f"rev {commit}", f'PIXEL = "{image}"'):
        assert redact_text(line) == line
        assert find_secrets(line) == []
