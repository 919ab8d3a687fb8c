"""Secret detection and redaction: a secret found in a repository never leaves the scan.

``redact_text`` is applied to every snippet and message a finding carries, so it errs on the
side of hiding too much. ``find_secrets`` is the detector side and errs the other way: it only
reports values a mentor would call a real secret (placeholders and local defaults are not).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    pass

MARK = "«redacted»"
URL_MARK = "***"

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
)
_TOKEN_HINTS: dict[str, tuple[str, ...]] = {
    "anthropic-key": ("sk-ant-",),
    "openai-key": ("sk-",),
    "stripe-key": ("k_live_", "k_test_", "whsec_"),
    "aws-access-key": ("AKIA", "ASIA"),
    "github-token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "slack-token": ("xox",),
    "google-api-key": ("AIza",),
    "jwt": ("eyJ",),
}
"""Text every match of a token pattern contains: most lines hold none, and a substring test
is far cheaper than running the pattern (redaction sees every cited line of a review)."""
_ANY_HINT = re.compile(
    "|".join(re.escape(hint) for hints in _TOKEN_HINTS.values() for hint in hints) + "|-----BEGIN"
)
"""One search for all the hints: most strings a review sees (every string literal of every
file) hold none of them."""
PRIVATE_KEY_BLOCK = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----.*?"
    r"(?:-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\Z)",
    re.DOTALL,
)
PRIVATE_KEY_WITH_BODY = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:\\[nr]|\s)*[A-Za-z0-9+/=]{40,}"
)
URL_CREDENTIALS = re.compile(
    r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^\s:/@'\"]*):(?P<password>[^\s@/'\"]+)@"
)

_NAME = r"[A-Za-z_][\w.\-]*"
QUOTED_ASSIGNMENT = re.compile(
    rf"(?P<name>{_NAME})(?P<sep>[\"']?\]?[ \t]*(?::[ \t]*[\w\[\]|., ]+?[ \t]*=|:=|==|!=|=|:)"
    r"[ \t]*(?:\(\s*)?[rbuRBUf]?)(?P<quote>[\"'])(?P<value>[^\"'\n]*)(?P=quote)"
)
"""``NAME = "value"`` and its kin: a keyword argument, an annotated default, a dict entry, a
comparison, an item (``app.config["SECRET_KEY"] = "value"``), a value in parentheses. Only a
parenthesis lets it span lines: a comment ending in ``:`` above an assignment is no name."""
QUOTED_DEFAULT = re.compile(
    rf"(?P<name>{_NAME})(?P<sep>[\"']\s*,\s*(?:default\s*=\s*)?[rbuRBUf]?)"
    r"(?P<quote>[\"'])(?P<value>[^\"'\n]*)(?P=quote)"
)
"""A quoted name followed by a value: the fallback of ``os.getenv("SECRET_KEY", "value")``,
``config("API_KEY", default="value")`` or ``environ.setdefault("TOKEN", "value")``."""
BARE_ASSIGNMENT = re.compile(
    rf"^(?P<lead>\s*(?:-\s+)?(?:(?:export|ENV|ARG)\s+)?[\"']?)(?P<name>{_NAME})"
    r"(?P<sep>[\"']?\s*[:=]\s*)"
    r"(?P<value>[^\"'\s#][^#\n\"']*?)(?=[ \t]*(?:#|$))",
    re.MULTILINE,
)
"""``NAME=value`` of .env files, YAML and INI, shell ``export`` and a Dockerfile's ``ENV`` and
``ARG`` lines, and the list items of a compose file's ``environment:`` (``- NAME=value``)."""
INLINE_ASSIGNMENT = re.compile(rf"(?P<name>{_NAME})=(?P<value>[^\s\"'=][^\s\"']*)")
"""``NAME=value`` inside a sentence ("set DB_PASSWORD=hunter2 in prod")."""
SPACED_DOCKER_ENV = re.compile(
    rf"^(?P<lead>\s*ENV\s+)(?P<name>{_NAME})(?P<sep>\s+)(?P<value>[^\"'\s#=][^#\n\"']*?)\s*$",
    re.MULTILINE,
)
"""A Dockerfile's older ``ENV NAME value`` form."""

_SECRET_WORDS = frozenset(
    {"password", "passwd", "passphrase", "pwd", "pass", "secret", "token", "apikey", "credential"}
    | {"credentials", "privatekey", "secretkey", "accesskey", "authkey", "pw", "psw"}
)
_SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key"), ("auth", "key")})
_NOT_SECRET_WORDS = frozenset(
    {"url", "uri", "path", "file", "type", "name", "env", "var", "length", "len", "min", "max"}
    | {"field", "fields", "header", "prefix", "endpoint", "algorithm", "alg", "expire", "expires"}
    | {"expiry", "minutes", "seconds", "hours", "days", "ttl", "hash", "hashed", "pattern", "regex"}
    | {"label", "description", "placeholder", "example", "scheme", "location", "id", "count"}
    | {"limit", "policy", "reset", "confirm", "validator", "strength", "error", "message", "hint"}
    | {"required", "rounds", "salt", "context", "schema", "model", "form", "bearer", "usage"}
)
_ACTION_WORDS = frozenset(
    {"convert", "get", "set", "load", "read", "fetch", "make", "create", "generate", "validate"}
    | {"verify", "check", "is", "has", "encode", "decode", "encrypt", "decrypt", "parse", "build"}
    | {"mask", "redact", "print", "show", "save", "store", "rotate"}
)
"""First words of names that do something with a secret rather than hold one
(``convert_to_secret_str``, ``get_secret_value``); a name that still ends in a secret word
(``verify_token``, a webhook's shared secret) holds one."""
_PLACEHOLDER_PARTS = (
    "cambi",
    "mudar",
    "ändern",
    "修改",
    "替换",
    "変更",
    "your",
    "example",
    "placeholder",
    "xxx",
    "replace",
    "todo",
    "fixme",
    "insert",
    "sample",
    "redacted",
    "***",
    "here",
    "dummy",
    "fake",
    "mock",
    "{{",
    "${",
    "%(",
)
_NOT_SECRET_VALUES = frozenset(
    {"bearer", "basic", "hs256", "hs384", "hs512", "rs256", "es256", "bcrypt", "argon2", "sha256"}
    | {"none", "null", "true", "false", "string", "str", "required", "optional", "auto"}
    | {"postgres", "root", "mysql", "guest", "sa", "..."}
)
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passcode"})
_CODE_WORDS = frozenset(
    {"None", "True", "False", "null", "str", "bytes", "SecretStr", "SecretBytes"}
)


def name_words(name: str) -> list[str]:
    """``apiKey`` / ``API_KEY`` / ``api-key`` -> ["api", "key"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [word for word in re.split(r"[\s_.\-]+", spaced.lower()) if word]


def is_secret_name(name: str) -> bool:
    """Whether a variable, key or parameter name says it holds a credential."""
    words = name_words(name.split(".")[-1])
    if not words or words[-1] in _NOT_SECRET_WORDS or any(w in {"hash", "hashed"} for w in words):
        return False
    if len(words) > 2 and words[0] in _ACTION_WORDS and words[-1] not in _SECRET_WORDS:
        return False
    if any(word in _SECRET_WORDS for word in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in pairwise(words))


_LABEL_SLOT = re.compile(r"<[^<>\d%#@!?&]*>|<[a-z_ -]*$")
_CHANGE_ME = re.compile(
    r"(?:^|[^a-z])change[-_ .]*(?:me|this|it|before|in)(?![a-z])|^change(?!d)"
    r"|(?:should|must|to)[-_ .]*be[-_ .]*changed"
)
"""``change-me``, ``please_change_this``, ``key_that_should_be_changed``; not
``a_key_that_will_not_change``."""
"""``<password>``, ``<your key>``: a label in brackets, left to be filled in. Brackets around
digits and symbols are Atlas's template filled in with a real password (``<Magic%40#123>``)."""


def _changed_by_hand(lowered: str) -> bool:
    """A value asking to be changed: ``change-me``, ``changeme123``, ``please-change-this``."""
    return "changeme" in lowered or bool(_CHANGE_ME.search(lowered))


def is_placeholder(value: str) -> bool:
    """Values that ask to be filled in rather than hold a real secret."""
    lowered = value.strip().lower()
    if not lowered or len(set(lowered)) == 1:
        return True
    if lowered.startswith("$") or _LABEL_SLOT.search(lowered) or _changed_by_hand(lowered):
        return True
    return any(part in lowered for part in _PLACEHOLDER_PARTS)


_WORDS_ONLY = re.compile(r"[a-z]+(?:[-_][a-z]+)*")


def _placeholder_token(token: str) -> bool:
    """A key-shaped value that is a stand-in: ``sk-xxxxxxxx``, ``sk-your-openai-api-key-here``,
    ``sk-test-key-for-testing``. A real key is random characters, never words alone."""
    body = token.split("-", 1)[-1] if token.startswith("sk-") else token
    body = body.removeprefix("proj-").removeprefix("svcacct-").removeprefix("admin-")
    lowered = token.lower()
    stand_in = any(part in lowered for part in ("xxx", "your", "here", "<", "{{", "${"))
    return stand_in or bool(_WORDS_ONLY.fullmatch(body))


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_random(value: str) -> bool:
    """Long, varied values (generated keys) are secrets even in an example file."""
    return len(value) >= 20 and " " not in value and _entropy(value) >= 3.5


_APP_PASSWORD = re.compile(r"[a-z]{4}(?: [a-z]{4}){3}")
"""Google's app passwords (Gmail over SMTP): four groups of four letters, spaces and all."""
_LABEL_PASSWORD = re.compile(r"[a-z]+[_-](?:password|passwd|pass|pwd)")
"""A value that is a label for the password it stands in for (``db_password``)."""


def is_secret_value(value: str, name: str = "") -> bool:
    """A literal assigned to a secret-ish name that a mentor would call a real credential."""
    stripped = value.strip()
    lowered = stripped.lower()
    if is_placeholder(stripped) or len(stripped) < 4 or lowered in _NOT_SECRET_VALUES:
        return False
    if _APP_PASSWORD.fullmatch(stripped):
        return True
    if len(stripped.split()) > 1 or stripped.startswith(("/", "./", "http://", "https://")):
        return False
    if re.fullmatch(r"[A-Z][A-Z0-9_]+", stripped) or lowered == name.lower():
        return False  # DB_PASSWORD=db_password only names what belongs there
    if _LABEL_PASSWORD.fullmatch(lowered):
        return False  # so does PSQL_PASS=psql_password
    words = name_words(name)
    if lowered.removesuffix("s") in {word.removesuffix("s") for word in words}:
        return False  # a label naming what it is for: upgrade_token = "upgrades"
    if re.fullmatch(r"\d+(\.\d+)?", stripped):
        # A number is a port or a timeout, unless the name says password ("12345678" is one)
        # or it is as long as a key: no port or timeout has 16 digits.
        return bool(_PASSWORD_WORDS.intersection(words)) or len(stripped) >= 16
    return True


def _token_kind(text: str) -> str | None:
    if _ANY_HINT.search(text) is None:
        return None
    for kind, pattern in TOKEN_PATTERNS:
        if any(hint in text for hint in _TOKEN_HINTS[kind]) and any(
            not _placeholder_token(match.group(0)) for match in pattern.finditer(text)
        ):
            return kind
    if "-----BEGIN" in text and PRIVATE_KEY_WITH_BODY.search(text):
        return "private-key"
    return None


def _url_password_is_secret(match: re.Match[str]) -> bool:
    password = match.group("password")
    if password == match.group("user") or password.lower() in _NOT_SECRET_VALUES:
        return False
    if len(unquote(password).split()) > 1:
        return False  # words, as in a documented example: "https://jo:a%20secret@host"
    if _LABEL_PASSWORD.fullmatch(password.lower()):
        return False  # db_user:db_password@ names what belongs there
    if _FILL_IN.fullmatch(password):
        return False
    return not is_placeholder(password) and password.lower() not in {"password", "pass", "secret"}


def value_secret(value: str, *, template: bool = False) -> str | None:
    """The kind of secret a string holds by its own shape (a key format, URL credentials)."""
    kind = _token_kind(value)
    if kind is not None:
        return kind
    for match in URL_CREDENTIALS.finditer(value) if "://" in value else ():
        if _url_password_is_secret(match) and (not template or looks_random(match["password"])):
            return "url-password"
    return None


def named_secret(line: str, *, template: bool = False) -> tuple[str, str] | None:
    """``(kind, name)`` of the secret a single line holds, or None.

    In template files (``.env.example``) only real token formats and random-looking values
    count: everything else there is a placeholder by intent.
    """
    kind = value_secret(line, template=template)
    if kind is not None:
        return kind, kind
    patterns = [QUOTED_ASSIGNMENT] if "'" in line or '"' in line else []
    if "=" in line or ":" in line:
        patterns.append(BARE_ASSIGNMENT)
    if "ENV" in line:
        patterns.append(SPACED_DOCKER_ENV)
    for pattern in patterns:
        for match in pattern.finditer(line):
            name, value = match.group("name"), match.group("value")
            if pattern is not QUOTED_ASSIGNMENT and _looks_like_code(value):
                continue
            if not is_secret_name(name) or not is_secret_value(value, name):
                continue
            if not template or looks_random(value):
                return "assignment", name
    return None


def find_secrets(text: str, *, template: bool = False, named: bool = True) -> list[tuple[int, str]]:
    """``(line, kind)`` of every line holding a secret; a private key block counts at its header.

    ``named=False``: only values that are secrets by their shape (key formats, URL passwords),
    for files whose ``name=value`` lines are no assignments (pip's ``fastapi==0.115.0``).
    """
    found: dict[int, str] = {}
    for block in PRIVATE_KEY_WITH_BODY.finditer(text):
        found[text.count("\n", 0, block.start()) + 1] = "private-key"
    for number, line in enumerate(text.splitlines(), start=1):
        if named:
            secret = named_secret(line, template=template)
            kind = secret[0] if secret is not None else None
        else:
            kind = value_secret(line, template=template)
        if kind is not None:
            found.setdefault(number, kind)
    return sorted(found.items())


def _looks_like_code(value: str) -> bool:
    """Unquoted right-hand sides that are expressions (``settings.key``, ``get()``, a keyword
    argument's ``password=db_password,``), not values."""
    stripped = value.strip()
    if any(char in stripped for char in "([{|") or stripped in _CODE_WORDS:
        return True
    if re.fullmatch(r"[A-Za-z_]\w*,", stripped):
        return True
    return bool(re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+,?", stripped))


def _redact_quoted(match: re.Match[str]) -> str:
    if not is_secret_name(match["name"]) or not match["value"]:
        return match.group(0)
    return f"{match['name']}{match['sep']}{match['quote']}{MARK}{match['quote']}"


_FILL_IN = re.compile(r"<[^<>\d%#@!?&]*>|\{\{?[^{}]*\}\}?|\$\{[^{}]*\}|%\([^()]*\)s|[xX*]+")
"""A URL password that is only a slot to fill in: ``<password>``, ``{password}`` of an
f-string or ``str.format``, ``${DB_PASSWORD}``, ``%(password)s``, ``xxxx``."""


def _redact_url(match: re.Match[str]) -> str:
    if _FILL_IN.fullmatch(match["password"]):
        return match.group(0)
    return f"{match['scheme']}{match['user']}:{URL_MARK}@"


def _redact_bare(match: re.Match[str]) -> str:
    if not is_secret_name(match["name"]) or _looks_like_code(match["value"]):
        return match.group(0)
    return f"{match['lead']}{match['name']}{match['sep']}{MARK}"


def redact_text(text: str, *, prose: bool = False) -> str:
    """Replace every secret value in ``text`` with a marker, keeping the names around it.

    Each pattern runs only on text holding what all its matches hold (a substring test first).
    ``prose`` (a commit message): ``password: hash it`` names a topic, not a value, so only
    ``NAME=value`` pairs count there, besides key formats, URL passwords and quoted values.
    """
    if "-----BEGIN" in text:
        text = PRIVATE_KEY_BLOCK.sub(f"-----BEGIN PRIVATE KEY----- {MARK}", text)
    for kind, pattern in TOKEN_PATTERNS:
        if any(hint in text for hint in _TOKEN_HINTS[kind]):
            text = pattern.sub(MARK, text)
    if "://" in text:
        text = URL_CREDENTIALS.sub(_redact_url, text)
    if "'" in text or '"' in text:
        text = QUOTED_ASSIGNMENT.sub(_redact_quoted, text)
        if "," in text:
            text = QUOTED_DEFAULT.sub(_redact_quoted, text)
    if prose:
        return INLINE_ASSIGNMENT.sub(_redact_inline, text) if "=" in text else text
    if "=" in text or ":" in text:
        text = BARE_ASSIGNMENT.sub(_redact_bare, text)
    if "ENV" in text:
        text = SPACED_DOCKER_ENV.sub(_redact_bare, text)
    return text


def _redact_inline(match: re.Match[str]) -> str:
    if not is_secret_name(match["name"]) or not is_secret_value(match["value"], match["name"]):
        return match.group(0)
    return f"{match['name']}={MARK}"
