"""Where a text file holds a secret, line by line: the detector side of ``redact``, which only
reports values a mentor would call a real secret (placeholders and local defaults are not)."""

from __future__ import annotations

import re

from mentorbot.rules.redact import looks_like_code, value_secret
from mentorbot.rules.secret_aws import paired_secret_lines
from mentorbot.rules.secret_patterns import (
    BARE_ASSIGNMENT,
    CLI_OPTION,
    INI_ASSIGNMENT,
    PRIVATE_KEY_WITH_BODY,
    QUOTED_ASSIGNMENT,
    QUOTED_CLI_OPTION,
    SHELL_DEFAULT,
    SPACED_DOCKER_ENV,
)
from mentorbot.rules.secret_values import (
    is_app_password,
    is_placeholder,
    is_secret_name,
    is_secret_value,
    looks_random,
    random_key,
    unnamed_key,
)


def named_secret(
    line: str, *, template: bool = False, dotenv: bool = False, ini: bool = False
) -> tuple[str, str] | None:
    """``(kind, name)`` of the secret a single line holds, or None.

    In template files (``.env.example``) only real token formats and random-looking values
    count: everything else there is a placeholder by intent. In a dotenv file every setting is
    configuration, so a generated key counts under any name (``SITE_API=7f3c...``). In an INI
    file a value runs to the end of its line, `` #`` and all (configparser's reading).
    """
    kind = value_secret(line, template=template)
    patterns = [QUOTED_ASSIGNMENT] if "'" in line or '"' in line else []
    if "=" in line or ":" in line:
        patterns.append(BARE_ASSIGNMENT)
        if ini:
            patterns.append(INI_ASSIGNMENT)
    if "ENV" in line:
        patterns.append(SPACED_DOCKER_ENV)
    if "--" in line:
        patterns.append(CLI_OPTION)
        if "'" in line or '"' in line:
            patterns.append(QUOTED_CLI_OPTION)
    if "${" in line:
        patterns.append(SHELL_DEFAULT)
    if kind is not None:
        # A key of a known shape: named by what it is assigned to (``OPENAI_API_KEY=sk-...``).
        named = (m.group("name") for pattern in patterns for m in pattern.finditer(line))
        return kind, next(named, kind)
    for pattern in patterns:
        for match in pattern.finditer(line):
            name, value = match.group("name"), match.group("value")
            if pattern is not QUOTED_ASSIGNMENT and looks_like_code(value):
                continue
            if dotenv and pattern is BARE_ASSIGNMENT and unnamed_key(name, value.strip()):
                return "assignment", name
            if random_key(name, value):
                return "assignment", name
            if not is_secret_name(name) or not is_secret_value(value, name):
                continue
            if not template or looks_random(value) or is_app_password(value):
                return "assignment", name
    return None


_DISABLED_SETTING = re.compile(r"^\s*#+\s*(?P<setting>[A-Za-z_]\w*=\S+)\s*$")
"""``# JWT_SECRET=29d2...`` in a dotenv file: a setting switched off, its value still there."""


def uncommented(line: str) -> str:
    """A dotenv line's setting, whether or not a ``#`` switched it off."""
    disabled = _DISABLED_SETTING.match(line)
    return disabled["setting"] if disabled else line


def find_secrets(
    text: str,
    *,
    template: bool = False,
    named: bool = True,
    dotenv: bool = False,
    ini: bool = False,
) -> list[tuple[int, str]]:
    """``(line, kind)`` of every line holding a secret; a private key block counts at its header.

    ``named=False``: only values that are secrets by their shape (key formats, URL passwords,
    a generated key under a name ending in KEY), for files whose ``name=value`` lines are no
    assignments (pip's ``fastapi==0.115.0``) or are prose (a README's ``export
    NYT_API_KEY=...`` is a key all the same, blind check r2).
    ``dotenv``: settings commented out count as the settings they were. A Google API key in a
    file that speaks of Firebase is a web app's config key, public by design (blind check m1).
    ``ini``: values run to the end of their lines (``named_secret``).
    """
    found: dict[int, str] = {}
    firebase = "firebase" in text.lower()
    for block in PRIVATE_KEY_WITH_BODY.finditer(text):
        found[text.count("\n", 0, block.start()) + 1] = "private-key"
    for number in paired_secret_lines(text):
        found.setdefault(number, "aws-secret-key")  # under its key id's line, naming nothing
    for number, line in enumerate(text.splitlines(), start=1):
        if dotenv:
            line = uncommented(line)
        if named:
            secret = named_secret(line, template=template, dotenv=dotenv, ini=ini)
            kind = secret[0] if secret is not None else None
        else:
            kind = value_secret(line, template=template) or _generated_key(line)
        if kind == "google-api-key" and firebase:
            continue  # a Firebase web app's apiKey: public by design, its rules guard the data
        if kind is not None:
            found.setdefault(number, kind)
    return sorted(found.items())


_KEY_NAME = re.compile(r"key|appid", re.IGNORECASE)
"""What a name ending in KEY (or OpenWeatherMap's ``appid``) holds: most lines of prose do not,
and a README's hundreds of lines each cost two patterns otherwise."""


def _generated_key(line: str) -> str | None:
    """ "assignment" when ``line`` binds a generated value to a name ending in KEY."""
    if _KEY_NAME.search(line) is None:
        return None
    for pattern in (QUOTED_ASSIGNMENT, BARE_ASSIGNMENT):
        for match in pattern.finditer(line):
            if random_key(match.group("name"), match.group("value").strip().strip("\"'")):
                return "assignment"
    return None


_BARE_VALUE = re.compile(r"[A-Za-z0-9_\-.+/=]{16,}")
"""A value alone on its line, of the characters generated keys are written in (base64 and hex,
a Fernet key's ``=``), no space, no ``:`` of a URL or a label."""
MOST_SECRET_FILE_LINES = 20
"""Lines a file named for a secret (``token.txt``) holds at most to be read as one: a longer
file is a list or notes, whatever its name."""


def bare_secret(text: str) -> tuple[int, str] | None:
    """``(line, kind)`` of the secret a file named for one holds as its only line: a key of a
    known shape, or a generated value (``token.txt`` holding a bot's token, ``key.txt`` a
    Fernet key). A file of several values (a generator's ``passwords.txt``) holds no single
    secret of the learner's."""
    values = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(values) != 1:
        return None
    number, value = values[0]
    if not _BARE_VALUE.fullmatch(value) or is_placeholder(value):
        return None
    mixed = any(char.isdigit() for char in value) and any(char.isalpha() for char in value)
    return (number, "token") if mixed and looks_random(value, least=16) else None
