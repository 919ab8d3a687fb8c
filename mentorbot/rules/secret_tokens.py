"""The formats of service keys and tokens: each one's pattern and the text every match holds.

A key in one of these formats is a secret whatever name it is bound to, so redaction hides it
everywhere and the secret rule reports it.
"""

from __future__ import annotations

import re

TOKEN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("anthropic-key", re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{20,}")),
    ("openai-key", re.compile(r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}")),
    (
        "stripe-key",
        re.compile(r"\b(?:[rs]k_(?:live|test)_[0-9A-Za-z]{16,}|whsec_[0-9A-Za-z]{24,})"),
    ),
    ("aws-access-key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("github-token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})")),
    ("slack-token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("google-api-key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    (
        "telegram-token",
        # No word boundary before the bot's id: Telegram's URLs write ``/bot<id>:<key>/``.
        re.compile(
            r"(?<!\d)\d{8,10}:AA[A-Za-z0-9_-]{33}\b|(?<!\d)\d{6,12}:(?:TEST|LIVE):[A-Za-z0-9_-]{8,}"
        ),
    ),
    (
        "discord-token",
        re.compile(
            r"\b(?:M[Tjz]|N[DTjz]|O[DT])[A-Za-z0-9_-]{21,25}"
            r"\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b"
        ),
    ),
    ("sendgrid-key", re.compile(r"\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{32,64}\b")),
    ("discord-webhook", re.compile(r"(?<=/api/webhooks/)\d{15,22}/[A-Za-z0-9_-]{50,}")),
    ("slack-webhook", re.compile(r"(?<=hooks\.slack\.com/services/)T\w+/B\w+/[A-Za-z0-9]{20,}")),
    ("docker-hub-token", re.compile(r"\bdckr_pat_[A-Za-z0-9_-]{20,}")),
    ("huggingface-token", re.compile(r"\bhf_[A-Za-z0-9]{30,}\b")),
    # A macaroon whose first bytes encode its location (``pypi.org``, ``test.pypi.org``).
    ("pypi-token", re.compile(r"\bpypi-AgE[A-Za-z0-9_-]{50,}")),
    (
        "zhipu-key",
        # Zhipu AI's (智谱) ``<id>.<secret>``: 32 hex digits, a dot, 16 letters and digits of
        # both cases (a hash's hex or a file's extension after a dot has no capital letter).
        re.compile(
            r"(?<![\w.])[0-9a-f]{32}\.(?=[A-Za-z0-9]{0,15}[A-Z])(?=[A-Za-z0-9]{0,15}[a-z])"
            r"[A-Za-z0-9]{16}(?!\w|\.\w)"
        ),
    ),
    (
        "dropbox-token",
        # A long run of mixed letters and digits: ``sl.`` alone opens many a name.
        re.compile(
            r"\bsl\.(?:u\.)?(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])"
            r"[A-Za-z0-9_-]{100,}"
        ),
    ),
)
TOKEN_HINTS: dict[str, tuple[str, ...]] = {
    "anthropic-key": ("sk-ant-",),
    "openai-key": ("sk-",),
    "stripe-key": ("k_live_", "k_test_", "whsec_"),
    "aws-access-key": ("AKIA", "ASIA"),
    "github-token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "slack-token": ("xox",),
    "google-api-key": ("AIza",),
    "jwt": ("eyJ",),
    "telegram-token": (":AA", ":TEST:", ":LIVE:"),
    "discord-token": ("MT", "Mj", "Mz", "ND", "NT", "Nj", "Nz", "OD", "OT"),
    "sendgrid-key": ("SG.",),
    "discord-webhook": ("/api/webhooks/",),
    "slack-webhook": ("hooks.slack.com/services/",),
    "docker-hub-token": ("dckr_pat_",),
    "huggingface-token": ("hf_",),
    "pypi-token": ("pypi-AgE",),
    "dropbox-token": ("sl.",),
    "zhipu-key": (),
}
"""Text every match of a token pattern contains: most lines hold none, and a substring test
is far cheaper than running the pattern (redaction sees every cited line of a review). A
Discord bot token opens with its bot's id, a number of 17 to 20 digits, in base64: ``MT`` for
one starting with 1, ``Nz`` with 7 and so on."""
SHAPED_HINTS: dict[str, re.Pattern[str]] = {"zhipu-key": re.compile(r"\.(?<=[0-9a-f]{32}\.)")}
"""Hints too common as text, looked for with the shape around them: a Zhipu key's dot after 32
hex digits, the dot found first (the digits first cost four times all the other hints)."""
ANY_HINT = re.compile(
    "|".join(re.escape(hint) for hints in TOKEN_HINTS.values() for hint in hints) + "|-----BEGIN"
)
"""One search for all the hints: most strings a review sees (every string literal of every
file) hold none of them."""


def holds_hint(text: str) -> bool:
    """Whether ``text`` holds what some token format's matches all hold."""
    return ANY_HINT.search(text) is not None or any(
        hint.search(text) is not None for hint in SHAPED_HINTS.values()
    )


def hinted(kind: str, text: str) -> bool:
    """Whether ``text`` holds what every match of ``kind``'s pattern holds."""
    shaped = SHAPED_HINTS.get(kind)
    if shaped is not None:
        return shaped.search(text) is not None
    return any(hint in text for hint in TOKEN_HINTS[kind])
