"""Redaction of a secret given by its name outside a code assignment: a comment's password,
a shell default (``${DB_PASSWORD:-...}``), a command line's ``--password`` option and a commit
message's ``NAME=value``."""

from __future__ import annotations

import re

from mentorbot.rules.secret_patterns import MARK
from mentorbot.rules.secret_values import is_secret_name, is_secret_value


def noted_password(match: re.Match[str]) -> bool:
    """Whether a ``COMMENT_PASSWORD`` match holds a password: letters with digits or symbols,
    no placeholder (blind check corpus 98: two passwords left in a config module's comments)."""
    value = match["value"]
    mixed = any(c.isalpha() for c in value) and any(not c.isalpha() for c in value)
    return mixed and is_secret_value(value, "password")


def redact_noted_password(match: re.Match[str]) -> str:
    return f"{match['lead']}{MARK}" if noted_password(match) else match.group(0)


def _named_secret_value(match: re.Match[str]) -> bool:
    """Whether a match's ``name`` is a secret's and its ``value`` a real one."""
    return is_secret_name(match["name"]) and is_secret_value(match["value"], match["name"])


def redact_shell_default(match: re.Match[str]) -> str:
    if not _named_secret_value(match):
        return match.group(0)
    return f"${{{match['name']}{match['sep']}{match['quote']}{MARK}{match['quote']}}}"


def redact_option(match: re.Match[str]) -> str:
    if not _named_secret_value(match):
        return match.group(0)
    return f"{match['lead']}{match['name']}{match['sep']}{MARK}"


def redact_quoted_option(match: re.Match[str]) -> str:
    if not _named_secret_value(match):
        return match.group(0)
    quote = match["quote"]
    return f"{match['lead']}{match['name']}{match['sep']}{quote}{MARK}{quote}"


def redact_inline(match: re.Match[str]) -> str:
    if not _named_secret_value(match):
        return match.group(0)
    return f"{match['name']}={MARK}"
