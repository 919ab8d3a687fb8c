"""A file's text from its bytes: the one place the review decodes what the learner wrote.

A byte-order mark names the encoding, as it does for pip: a Windows ``pip freeze >
requirements.txt`` (PowerShell) writes UTF-16 LE with a BOM and CRLF lines, which pip installs
from, while a NUL sniff took it for a binary file and its packages were missing from the stack
(blind check s1). Without a BOM a file is UTF-8; ``decode_source`` then also honours a Python
coding cookie before falling back on GBK or latin-1. Every reader (the walk's binary sniff and line
count, the stack's manifests, the secret scan, a file's version in git's history, the snippets
the log quotes) goes through here, so a line number means the same line to all of them.
"""

from __future__ import annotations

import codecs
import re

UTF16 = "utf-16"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, UTF16),
    (codecs.BOM_UTF16_BE, UTF16),
)
"""The marks Windows tools write (PowerShell's ``>``, Notepad); the ``utf-16`` codec reads the
byte order from the mark and drops it, as ``utf-8-sig`` does."""
BINARY_SNIFF_BYTES = 8192
FALLBACK_ENCODING = "latin-1"
GBK = "gbk"
"""What a Chinese Windows editor's "ANSI" saves (code page 936), and what a file so saved
declares to be valid Python: ``# -*- coding: gbk -*-``."""
UNDECLARED = "undeclared"
"""``decode_source``'s encoding for bytes neither UTF-8 nor declared: read as GBK where they are
Chinese in GBK, else as latin-1, which decodes anything, though Python refuses such a file
either way (a ``coding: latin-1`` line is valid)."""
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names; None without one."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode_text(data: bytes, errors: str = "replace") -> str:
    """The text of a file: as its byte-order mark says, else UTF-8 (``errors`` as for
    ``bytes.decode``: ``strict`` where a parser should refuse what is not text)."""
    return data.decode(bom_encoding(data) or "utf-8", errors)


def is_binary(data: bytes) -> bool:
    """Whether a file's first bytes hold a NUL, as binary files' do, and are no UTF-16 text
    with its mark (two bytes a character, ASCII's with a NUL beside each)."""
    head = data[:BINARY_SNIFF_BYTES]
    if b"\0" not in head:
        return False
    if bom_encoding(head) != UTF16:
        return True
    try:
        text = codecs.getincrementaldecoder(UTF16)().decode(head, final=False)
    except UnicodeDecodeError:
        return True
    return "\0" in text


def decode_source(data: bytes) -> tuple[str, str | None]:
    """Text of a file and, when it was not UTF-8, the encoding that read it: its byte-order
    mark's (``UTF16``), the one its coding cookie declares, or ``UNDECLARED`` (never raises).

    UTF-8 (with or without BOM) or UTF-16 with its BOM first, then a PEP 263 coding cookie, then
    ``undeclared_encoding``'s guess: GBK, or latin-1, which decodes any byte sequence.
    """
    marked = bom_encoding(data)
    if marked is not None:
        return data.decode(marked, errors="replace"), None if marked == "utf-8-sig" else marked
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for line in data.splitlines()[:2]:
        match = _COOKIE.match(line)
        if match:
            try:
                return data.decode(match.group(1).decode("ascii")), match.group(1).decode("ascii")
            except (LookupError, UnicodeDecodeError):
                break
    return data.decode(undeclared_encoding(data), errors="replace"), UNDECLARED


def undeclared_encoding(data: bytes) -> str:
    """The encoding that reads bytes neither UTF-8 nor declared: GBK where they decode as GBK
    into words of Chinese characters, as a Chinese learner's editor saved them on Windows (read
    as latin-1, its comments were quoted as ``# Ñ§ÉúÐÅÏ¢``, blind check c1), else latin-1.

    Latin-1 text seldom decodes as GBK, and then mostly into a character between ASCII letters
    (``Größe``): at least half of the characters must stand beside another. A last character
    cut in two by a size limit is no reason to refuse GBK."""
    try:
        text = codecs.getincrementaldecoder(GBK)().decode(data, final=False)
    except UnicodeDecodeError:
        return FALLBACK_ENCODING
    runs = [len(run) for run in _NOT_ASCII.findall(text)]
    in_words = sum(length for length in runs if length > 1)
    return GBK if runs and 2 * in_words >= sum(runs) else FALLBACK_ENCODING


def first_not_utf8(data: bytes) -> tuple[int, str]:
    """The line of the first byte UTF-8 does not read, and that byte as Python's error names
    it (``'\\xc9'``); line 1 and "" when every byte reads."""
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return number, f"'\\x{raw[error.start]:02x}'"
    return 1, ""


def source_text(data: bytes) -> str:
    """A file's text as the rules read it (``decode_source``): what the log quotes of it, from
    the working tree or an older commit, so a GBK file that says ``# -*- coding: gbk -*-`` is
    quoted in Chinese where UTF-8 had made it replacement characters (blind check c1)."""
    return decode_source(data)[0]
