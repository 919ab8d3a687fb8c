"""Whether a name says it holds a credential and whether its value is one: the vocabulary the
secret detector (``redact``) and MB107 share. A placeholder, a label standing in for the value
or a local default is no secret; a long random value is one even in an example file.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from itertools import pairwise

_PASSWORD_OPTIONS = frozenset({"requirepass", "masterauth"})  # Redis's: they mean "password"
_SECRET_WORDS = frozenset(
    {"password", "passwd", "passphrase", "pwd", "pass", "secret", "token", "apikey", "credential"}
    | {"credentials", "privatekey", "secretkey", "accesskey", "authkey", "pw", "psw"}
    | {"authorization", "sessionid"}
    | _PASSWORD_OPTIONS
)
_COOKIE_WORDS = frozenset({"cookie", "cookies"})
"""Last words of a name holding a browser's cookie: a scraper's logged-in session, pasted in
(``"Cookie": "sessionid=...; csrftoken=..."``, blind check p1); ``COOKIE_NAME`` or
``SESSION_COOKIE_SAMESITE`` end in another word."""
_SECRET_PAIRS = frozenset(
    {("api", "key"), ("private", "key"), ("access", "key"), ("auth", "key"), ("admin", "key")}
    | {("master", "key"), ("signing", "key"), ("encryption", "key"), ("app", "key")}
)
_NOT_SECRET_WORDS = frozenset(
    {"url", "uri", "path", "file", "type", "name", "env", "var", "length", "len", "min", "max"}
    | {"field", "fields", "header", "prefix", "endpoint", "algorithm", "alg", "expire", "expires"}
    | {"expiry", "minutes", "seconds", "hours", "days", "ttl", "hash", "hashed", "pattern", "regex"}
    | {"label", "description", "placeholder", "example", "scheme", "location", "id", "count"}
    | {"limit", "policy", "reset", "confirm", "validator", "strength", "error", "message", "hint"}
    | {"required", "rounds", "salt", "context", "schema", "model", "form", "bearer", "usage"}
)
_DURATION_WORDS = frozenset(
    {"expire", "expires", "expiry", "expiration", "lifetime", "ttl", "timeout", "minutes"}
    | {"seconds", "hours", "days", "expiracao", "expiracion", "minutos", "segundos", "horas"}
    | {"dias", "duracao", "duracion", "validade", "ablauf", "minuten", "sekunden", "stunden"}
)
"""Words of a duration: a name holding one (``MINUTOS_EXPIRACAO_TOKEN``) holds a number of
minutes, not the token, whatever comes last."""
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
    "troque",
    "altere",
    "gere-",
    "gerar",
    "genera",
    "coloque",
    "insira",
    "ingrese",
    "remplac",
    "ersetz",
    "ändern",
    "修改",
    "替换",
    "変更",
    "비밀번호",  # "password", written where the value goes: ``mysql://계정:비밀번호@host``
    "암호",
    "密码",
    "密碼",
    "パスワード",
    "пароль",
    "your",
    "example",
    "placeholder",
    "xxx",
    "replace",
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
NOT_SECRET_VALUES = frozenset(
    {"bearer", "basic", "hs256", "hs384", "hs512", "rs256", "es256", "bcrypt", "argon2", "sha256"}
    | {"none", "null", "true", "false", "string", "str", "required", "optional", "auto"}
    | {"postgres", "root", "mysql", "guest", "sa", "..."}
    | {"access_token", "refresh_token", "id_token", "access", "refresh"}  # a token's type
    | {"read", "write", "read-all", "write-all"}  # an access level: ``id-token: write``
)
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passcode"})
DEFAULT_PASSWORDS = frozenset({"postgres", "root", "mysql", "guest"})
"""Database users' names that are also their images' default passwords: no secret as a user
name, a committed credential as a password."""


def name_words(name: str) -> list[str]:
    """``apiKey`` / ``API_KEY`` / ``api-key`` -> ["api", "key"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [word for word in re.split(r"[\s_.\-]+", spaced.lower()) if word]


def is_secret_name(name: str) -> bool:
    """Whether a variable, key or parameter name says it holds a credential."""
    words = name_words(name.split(".")[-1])
    if not words or words[-1] in _NOT_SECRET_WORDS or any(w in {"hash", "hashed"} for w in words):
        return False
    if any(word in _DURATION_WORDS for word in words):
        return False  # MINUTOS_EXPIRACAO_TOKEN: how long a token lives, in any word order
    if len(words) > 2 and words[0] in _ACTION_WORDS and words[-1] not in _SECRET_WORDS:
        return False
    if words[-1] in _COOKIE_WORDS:
        return True
    if any(word in _SECRET_WORDS or _misspelt_secret_word(word) for word in words):
        return True
    return any(pair in _SECRET_PAIRS or _named_api_key(pair) for pair in pairwise(words))


def _named_api_key(pair: tuple[str, str]) -> bool:
    """``SERPAPI_KEY``, ``RAPIDAPI_KEY``: the key of an API named in one word."""
    first, second = pair
    return second == "key" and first.endswith("api") and len(first) > len("api")


_LONG_SECRET_WORDS = ("secret", "password", "passphrase", "credential")


def _misspelt_secret_word(word: str) -> bool:
    """``SECRTE_KEY``, ``PASWORD``: a long secret word with two letters swapped or one missing,
    added or changed (a typo the learner's code then uses everywhere)."""
    return any(_one_edit_apart(word, known) for known in _LONG_SECRET_WORDS)


def _one_edit_apart(word: str, known: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped."""
    if word == known or abs(len(word) - len(known)) > 1:
        return False
    if len(word) == len(known):
        diffs = [i for i, (a, b) in enumerate(zip(word, known, strict=True)) if a != b]
        swapped = (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and word[diffs[0]] == known[diffs[1]]
            and word[diffs[1]] == known[diffs[0]]
        )
        return len(diffs) == 1 or swapped
    short, long = (word, known) if len(word) < len(known) else (known, word)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_LABEL_SLOT = re.compile(r"<[^<>\d%#@!?&]*>|(?:^|[\s:=/@])<[a-z_ -]*$")
"""``<password>``, ``<your key>``: a label in brackets, left to be filled in (its ``>`` maybe cut
off with the line). Brackets around digits and symbols are Atlas's template filled in with a
real password (``<Magic%40#123>``), and a ``<`` inside a value is one of its characters."""
_MARKER = re.compile(r"\[[a-z][a-z _-]*\]")
"""``[HIDDEN]``, ``[redacted]``: a word in square brackets that a form sends back for "left as it
was" (``if password == "[HIDDEN]":``), no password anyone chose."""
_CHANGE_ME = re.compile(
    r"(?:^|[^a-z])change[-_ .]*(?:me|this|it|before|in)(?![a-z])|^change(?!d)"
    r"|(?:should|must|to)[-_ .]*be[-_ .]*changed"
)
"""``change-me``, ``please_change_this``, ``key_that_should_be_changed``; not
``a_key_that_will_not_change``."""


def _changed_by_hand(lowered: str) -> bool:
    """A value asking to be changed: ``change-me``, ``changeme123``, ``please-change-this``."""
    return "changeme" in lowered or bool(_CHANGE_ME.search(lowered))


_REPEATED_DIGIT = re.compile(r"(\d)\1{3,}")


def is_placeholder(value: str) -> bool:
    """Values that ask to be filled in rather than hold a real secret."""
    lowered = value.strip().lower()
    if not lowered or (len(set(lowered)) == 1 and not _REPEATED_DIGIT.fullmatch(lowered)):
        return True  # xxxx, ****: a slot; but 1111 is a (weak) password someone chose
    if lowered.startswith("$") or _LABEL_SLOT.search(lowered) or _changed_by_hand(lowered):
        return True
    if _MARKER.fullmatch(lowered):
        return True
    if any(part in lowered for part in _PLACEHOLDER_PARTS):
        return True
    return _TODO.search(lowered) is not None and not any(char.isdigit() for char in lowered)


_TODO = re.compile(r"todo(?![a-z])")
"""A note to fill it in (``TODO``, ``todo-set-me``), not a todo app's name (``todos_2025``)
nor a todo app's password with digits in it (``Todo#2021secure``, blind check d2)."""

_WORDS_ONLY = re.compile(r"[a-z]+(?:[-_][a-z]+)*")


def placeholder_token(token: str) -> bool:
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


_DIGIT_RUN = re.compile(r"123456|234567|345678|456789|987654|876543|765432|654321")
"""Six digits in a row, up or down: typed by a person (``SUPERSECRETO987654321``), never in a
generated key."""


RANDOM_ENTROPY = 3.5
"""Bits per character a generated value shows at least, in most alphabets."""
HEX_KEY_MIN = 32
HEX_ENTROPY = 3.0
"""Sixteen letters hold fewer bits: a fifth of random 32-digit hex keys (Kaggle's, an
OpenWeatherMap key) fall under 3.5, one in ten thousand under 3.0 (blind check a1)."""
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")


def looks_random(value: str, *, least: int = 20) -> bool:
    """Long, varied values (generated keys) are secrets even in an example file."""
    if len(value) < least or " " in value or _DIGIT_RUN.search(value) is not None:
        return False
    hex_key = (
        len(value) >= HEX_KEY_MIN
        and _HEX.fullmatch(value) is not None
        and any(char.isdigit() for char in value)
        and any(char.isalpha() for char in value)
    )
    return _entropy(value) >= (HEX_ENTROPY if hex_key else RANDOM_ENTROPY)


def random_key(name: str, value: str) -> bool:
    """``OPENWEATHERMAP_KEY = "ad0ad2ac..."``: a name ending in KEY that holds a generated
    value is a key, whatever service names it (history 52), in code as in a notebook or a
    ``kaggle.json`` (``"key": "..."``, blind check a1); so is OpenWeatherMap's ``appid``
    (blind check u1). ``CACHE_KEY = "users"`` is not."""
    last = name_words(name)[-1:]
    if last == ["session"]:
        return session_cookie(value)
    return last in (["key"], ["appid"]) and looks_random(value) and value.isalnum()


def session_cookie(value: str) -> bool:
    """``SESSION = "53616c74..."``: a site's login cookie, kept to fetch pages as the learner
    (Advent of Code's 128 hex digits, blind check x1); as long as an unnamed key, letters and
    digits both. ``SESSION_TYPE = "filesystem"`` or a short ``"abc123"`` holds none."""
    return unnamed_key("session", value)


_APP_PASSWORD = re.compile(r"[a-z]{4}(?: [a-z]{4}){3}")
"""Google's app passwords (Gmail over SMTP): four groups of four letters, spaces and all."""
_LABEL = re.compile(r"[A-Z][A-Z_]+(?:_[A-Z0-9]+)*")
"""A constant's name standing in for the value (``DB_PASSWORD``, ``API_KEY_2``), not letters run
into digits (``SV1212`` is a password)."""
_LABEL_WORD = re.compile(
    r"(?:SECRET|PASSWORD|PASSWD|PASS|PWD|KEY|TOKEN|API|JWT|AUTH|ACCESS|PRIVATE|CLIENT|APP|DB"
    r"|DATABASE|USER|NAME|YOUR|MY|HERE|ID)+"
)
"""A constant's name of one word, made of the words such names are made of (``APIKEY``,
``SECRETKEY``): a ``SECRETWAY`` signing tokens is a word of the learner's, a value."""


def _is_label(value: str) -> bool:
    return bool(_LABEL.fullmatch(value)) and ("_" in value or bool(_LABEL_WORD.fullmatch(value)))


LABEL_PASSWORD = re.compile(r"[a-z]+[_-](?:password|passwd|pass|pwd)")
"""A value that is a label for the password it stands in for (``db_password``)."""


def is_app_password(value: str) -> bool:
    """A Google app password's shape: no placeholder looks like one, even in an example file."""
    return bool(_APP_PASSWORD.fullmatch(value.strip()))


_SNAKE_WORDS = re.compile(r"[a-z]+(?:_[a-z]+){2,}")
"""Three or more lower-case words joined by underscores: an identifier, not a password."""


_FILE_NAME = re.compile(
    r"(?:[\w.-]+/)*[\w-]+(?:\.[\w-]+)*\.(?:json|pem|key|p12|pfx|crt|cer|ya?ml|toml|ini|cfg|txt"
    r"|db|sqlite3?)"
)
"""A file's name or relative path by its extension: a credentials file named, not its content."""


def _phrase(value: str) -> bool:
    """Words, not a key: "you will never guess", "change this in production". A value whose
    every part mixes letters and digits ("Zx81 kq0PLmn2vB7"), or that holds control characters
    (``'q\\xe9J\\xf1\\x8e K\\x9dw'``, random bytes written as a string), is a key with a
    space in it (blind check f1)."""
    parts = value.split()
    if len(parts) < 2 or any(unicodedata.category(char) == "Cc" for char in value):
        return False  # control characters: bytes from os.urandom() pasted as a string
    mixed = all(any(c.isalpha() for c in part) and any(c.isdigit() for c in part) for part in parts)
    return not mixed


_KEY_CHARACTERS = re.compile(r"[A-Za-z0-9]+")
_NOT_KEY_WORDS = _NOT_SECRET_WORDS | {"sha", "commit", "checksum", "digest", "rev", "revision"}
_NOT_KEY_WORDS |= {"uuid", "guid", "version", "user", "username", "login", "email", "host"}
MIN_UNNAMED_KEY = 32
"""Letters and digits a value needs to be a key under a name that does not say so: as long as
an MD5-sized hex key, the shortest most services hand out."""


def unnamed_key(name: str, value: str) -> bool:
    """A generated key bound to a name that does not say it holds one: ``SITE_API=7f3c...``,
    ``OPENWEATHER=...`` in a committed ``.env`` (blind check t1). A name ending in ``api``
    says enough for a shorter key; an identifier's or a user's name never holds one."""
    words = name_words(name.split(".")[-1])
    if not words or words[-1] in _NOT_KEY_WORDS or not _KEY_CHARACTERS.fullmatch(value):
        return False
    least = MIN_UNNAMED_KEY if not words[-1].endswith("api") else 16
    has_both = any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
    return len(value) >= least and has_both and looks_random(value, least=least)


def _holds_session(cookie: str) -> bool:
    """A cookie holds a session when one of its values is generated (``sessionid=7d1f...``);
    ``lang=en; theme=dark`` or a cookie's name (``remember_token``) holds none."""
    parts = re.split(r"[;=,\s]+", cookie)
    return any(len(part) >= 16 and looks_random(part, least=16) for part in parts)


PUBLIC_KEY_PREFIXES = ("pk.eyJ", "pk_live_", "pk_test_")
"""Keys made to be public: Mapbox's public tokens, Stripe's publishable keys (blind check m1);
their secret twins start ``sk.`` and ``sk_``."""
_AUTH_SCHEME = re.compile(r"(?i:bearer|basic|token|bot|jwt)(?:\s+(?P<credential>\S*))?")
"""An ``Authorization`` header's value: the scheme, then the credential it sends."""


def sent_credential(value: str) -> str | None:
    """The credential of an ``Authorization`` value, ``""`` when it sends none of its own
    (``"Bearer "`` before a ``+ token``, ``f"Bearer {token}"``); None for any other value."""
    scheme = _AUTH_SCHEME.fullmatch(value.strip())
    if scheme is None:
        return None
    credential = scheme["credential"] or ""
    return "" if any(mark in credential for mark in "{}<>$%") else credential


def is_secret_value(value: str, name: str = "") -> bool:
    """A literal assigned to a secret-ish name that a mentor would call a real credential."""
    stripped = value.strip()
    credential = sent_credential(stripped)
    if credential is not None:
        stripped = credential  # "Bearer 9f8e...": the key is the secret, not "Bearer"
    if name_words(name.split(".")[-1])[-1:] in (["cookie"], ["cookies"]):
        return _holds_session(stripped)
    lowered = stripped.lower()
    if lowered in DEFAULT_PASSWORDS and _PASSWORD_WORDS.intersection(name_words(name)):
        return True  # POSTGRES_PASSWORD=postgres, password="root": a default, committed
    if is_placeholder(stripped) or lowered in NOT_SECRET_VALUES:
        return False
    if stripped.startswith(PUBLIC_KEY_PREFIXES):
        return False  # a Mapbox or Stripe publishable key: made to be sent to the browser
    if len(stripped) < 4 and not (
        # ``connect(..., password="123")``: three digits are a password all the same.
        len(stripped) == 3 and stripped.isdigit() and _PASSWORD_WORDS.intersection(name_words(name))
    ):
        return False
    if is_app_password(stripped):
        return True
    if _phrase(stripped) or stripped.startswith(("/", "./", "http://", "https://")):
        return False
    if _is_label(stripped) or lowered == name.lower():
        return False  # DB_PASSWORD=db_password only names what belongs there
    if LABEL_PASSWORD.fullmatch(lowered):
        return False  # so does PSQL_PASS=psql_password
    words = name_words(name)
    if _PASSWORD_OPTIONS.intersection(words):
        words.append("password")  # ``--requirepass password`` names what goes there
    if lowered.removesuffix("s") in {word.removesuffix("s") for word in words}:
        return False  # a label naming what it is for: upgrade_token = "upgrades"
    if words == ["pass"] and _SNAKE_WORDS.fullmatch(stripped):
        return False  # {"pass": "div_player_offense"}: a football pass's stats, an HTML id
    if _FILE_NAME.fullmatch(stripped):
        return False  # GOOGLE_APPLICATION_CREDENTIALS="google_cred.json": where the key lies
    if re.fullmatch(r"\d+(\.\d+)?", stripped):
        # A number is a port or a timeout, unless the name says password ("12345678" is one)
        # or secret (a Flask ``secret_key`` of six digits or more signs sessions all the same),
        # or it is as long as a key: no port or timeout has 16 digits.
        secret = "secret" in words and stripped.isdigit() and len(stripped) >= 6
        return bool(_PASSWORD_WORDS.intersection(words)) or secret or len(stripped) >= 16
    return True
