"""AWS secret access keys: 40 characters of base64 with no prefix of their own, so a key only by
where it stands: under an ``aws_secret_access_key``-like name (code, config, a notebook's
printed output) or beside the ``AKIA`` key id it pairs with. A lesson showed one in full while
its key id beside it was hidden (blind check s2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mentorbot.rules.secret_patterns import MARK
from mentorbot.rules.secret_values import is_placeholder, looks_random
from mentorbot.rules.signed_urls import named_signing_key

KEY_LENGTH = 40
_VALUE = r"(?<![A-Za-z0-9/+=])(?P<value>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
NAMED_SECRET = re.compile(
    r"(?P<lead>(?i:aws[_-]?secret(?:[_-]?access)?(?:[_-]?key)?|secret[_-]?access[_-]?key)"
    r"\w*(?:\\?[\"'])?\]?[ \t]*(?::=|=>|[:=,])?[ \t]*(?:[rbuf]?\\?[\"'])?)" + _VALUE
)
"""``aws_secret_access_key = ...``, ``"AWS_SECRET_KEY: ..."`` printed in a cell's output,
``SecretAccessKey": "...`` of the CLI's JSON, ``aws_secret_access_key="..."`` of
``boto3.client``; quotes escaped or not (a notebook's JSON)."""
PAIRED_SECRET = re.compile(r"(?P<lead>\b(?:AKIA|ASIA)[0-9A-Z]{16}\b[^\n]*?(?:\n[^\n]*?)?)" + _VALUE)
"""A key written after its key id, on its line or the next (a credentials CSV, two values
printed one under the other)."""
_HINT = re.compile(r"(?i:aws[_-]?secret|secret[_-]?access)|AKIA|ASIA")


def _is_key(value: str) -> bool:
    """Generated base64: upper and lower case and digits, varied; not the documentation's
    ``wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`` nor a git commit's hex."""
    return (
        any(char.isupper() for char in value)
        and any(char.islower() for char in value)
        and any(char.isdigit() for char in value)
        and looks_random(value, least=40)
        and not is_placeholder(value)
    )


def _keys(text: str) -> Iterator[re.Match[str]]:
    """Each key's match; not one beside the key id of a URL a server signed for its pages'
    visitors (a scraped image's link): that id is the server's, no key of the learner's."""
    if not _hinted(text):
        return
    yield from (match for match in NAMED_SECRET.finditer(text) if _is_key(match["value"]))
    for match in PAIRED_SECRET.finditer(text):
        if _is_key(match["value"]) and not named_signing_key(text, match.start()):
            yield match


def _hinted(text: str) -> bool:
    """Whether ``text`` may hold a key: a key id, or a name with "secret" in it. Plain
    substring tests first, as redaction asks this of every value it sees."""
    return (
        "AKIA" in text
        or "ASIA" in text
        or (("ecret" in text or "ECRET" in text) and _HINT.search(text) is not None)
    )


def holds_aws_secret(text: str) -> bool:
    """Whether ``text`` holds an AWS secret access key by a name or a key id beside it."""
    return len(text) >= KEY_LENGTH and next(_keys(text), None) is not None


def paired_secret_lines(text: str) -> set[int]:
    """Lines (from 1) holding a key whose key id stands on the line before: the key's own line
    names nothing."""
    return {
        text.count("\n", 0, match.start("value")) + 1
        for match in _keys(text)
        if "\n" in match["lead"]
    }


def hide_aws_secrets(text: str) -> str:
    """``text`` with every AWS secret access key replaced by the marker."""
    spans = sorted({match.span("value") for match in _keys(text)}, reverse=True)
    for start, end in spans:
        text = f"{text[:start]}{MARK}{text[end:]}"
    return text
