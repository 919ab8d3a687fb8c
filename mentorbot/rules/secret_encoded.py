"""Secrets written encoded: a key in base64 or hex (``base64.b64decode('c2st...').decode()``)
is in the repository as much as the key itself, one decode away from anyone who reads it. A
"fix" that only encodes a key hides nothing (blind check h1).

This module only decodes; whether the text decoded is a secret is ``redact``'s judgement.
"""

from __future__ import annotations

import base64
import binascii
import re

MIN_ENCODED = 16
"""Characters an encoded secret has at least: twelve bytes, shorter than any key format."""
MIN_DECODED_LITERAL = 8
"""Characters of a literal handed to a decoder that may hide a password (six bytes and more)."""
ENCODED_RUN = re.compile(r"(?<![\w+/-])[A-Za-z0-9+/_-]{16,}={0,2}(?![\w+/=-])")
"""A run of base64 (standard or URL-safe) or hex characters standing on its own."""
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
DECODERS = frozenset(
    {"b64decode", "urlsafe_b64decode", "standard_b64decode", "a2b_base64"}
    | {"fromhex", "unhexlify", "a2b_hex"}
)
"""Calls that turn a base64 or hex literal back into the value it encodes (``base64``'s,
``binascii``'s, ``bytes.fromhex``)."""
DECODED_LITERAL = re.compile(
    r"(?P<lead>(?<![\w.])(?:[\w.]+\.)?(?:\w*b64decode|a2b_base64|fromhex|unhexlify|a2b_hex)"
    r"\(\s*[rbuRBU]{0,2})(?P<quote>['\"])(?P<value>[^'\"\n]+)(?P=quote)"
)
"""A literal handed to one of ``DECODERS`` in code: the value the program runs with is what it
decodes to."""
DECODER_HINT = re.compile(r"decode|hex|a2b_")
"""What every ``DECODED_LITERAL`` holds: most lines shown hold none."""


def decoded_text(value: str, *, least: int = MIN_ENCODED) -> str | None:
    """The text ``value`` decodes to when all of it is hex or padded base64 and its bytes are
    printable UTF-8; None for anything else (a hash, an image, a word). ``least``: a shorter
    value is left alone."""
    if len(value) < least:
        return None
    raw = _from_hex(value) if _HEX.fullmatch(value) else None
    text = _printable(raw) if raw is not None else None
    if text is None:
        text = _printable(_from_base64(value))
    return text


def encoded_texts(text: str) -> list[str]:
    """The texts the base64 or hex runs in ``text`` decode to."""
    if len(text) < MIN_ENCODED:
        return []
    found = (decoded_text(run[0]) for run in ENCODED_RUN.finditer(text))
    return [decoded for decoded in found if decoded is not None]


def _from_hex(value: str) -> bytes | None:
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def _from_base64(value: str) -> bytes | None:
    """Padded base64 of one alphabet: the standard one or the URL-safe one, never both."""
    if len(value) % 4:
        return None
    urlsafe = "-" in value or "_" in value
    if urlsafe and ("+" in value or "/" in value):
        return None
    try:
        if urlsafe:
            return base64.urlsafe_b64decode(value)
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def _printable(raw: bytes | None) -> str | None:
    if not raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = all(char.isprintable() or char in "\r\n\t" for char in text)
    return text if printable and text.strip() else None
