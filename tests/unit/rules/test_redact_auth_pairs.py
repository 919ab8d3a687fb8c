"""Redacting the password of an HTTP basic-auth pair wherever code is shown (blind check k2):
``auth=("admin", "...")`` named no secret by its variable, so a diff or a lesson showed it."""

from __future__ import annotations

import pytest

from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_patterns import MARK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'resp = requests.get(url, auth=("admin", "Rb7tq9xK2pLm7QzW4n"), timeout=5)',
            f'resp = requests.get(url, auth=("admin", "{MARK}"), timeout=5)',
        ),
        ('-        auth=("admin", "S3cr3t!pw"),', f'-        auth=("admin", "{MARK}"),'),
        ("httpx.get(url, auth=[user, 'S3cr3t!pw'])", f"httpx.get(url, auth=[user, '{MARK}'])"),
        (
            'auth = HTTPBasicAuth("monitor", "Xq7!vL2pZr9w")',
            f'auth = HTTPBasicAuth("monitor", "{MARK}")',
        ),
        ('aiohttp.BasicAuth("admin", "S3cr3t!pw")', f'aiohttp.BasicAuth("admin", "{MARK}")'),
    ],
)
def test_a_basic_auth_password_is_hidden(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "requests.get(url, auth=(user, pw), timeout=5)",
        'requests.get(url, auth=("admin", os.environ["RABBITMQ_PASSWORD"]))',
        'requests.get(url, auth=("admin", ""))',
        'requests.get(url, auth=("admin", "changeme"))',
    ],
)
def test_names_reads_and_placeholders_in_an_auth_pair_show(text: str) -> None:
    assert redact_text(text) == text
