"""Secret redaction, and the shapes of secret values: a secret found in a repository never
leaves the scan.

``redact_text`` is applied to every snippet and message a finding carries, so it errs on the
side of hiding too much. ``secret_find.find_secrets`` is the detector side and errs the other
way: it only reports values a mentor would call a real secret (placeholders and local defaults
are not).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from mentorbot.rules.redact_hidden import ESCAPED_QUOTE, hidden_values, unescape_quotes
from mentorbot.rules.redact_named import (
    redact_inline,
    redact_noted_password,
    redact_option,
    redact_quoted_option,
    redact_shell_default,
)
from mentorbot.rules.secret_auth import hide_auth_passwords
from mentorbot.rules.secret_aws import hide_aws_secrets, holds_aws_secret
from mentorbot.rules.secret_encoded import (
    DECODED_LITERAL,
    DECODER_HINT,
    ENCODED_RUN,
    MIN_DECODED_LITERAL,
    MIN_ENCODED,
    decoded_text,
    encoded_texts,
)
from mentorbot.rules.secret_patterns import (
    BARE_ASSIGNMENT,
    CLI_OPTION,
    COMMENT_PASSWORD,
    COMMENT_VALUE,
    DSN_KEYS,
    DSN_PASSWORD,
    INLINE_ASSIGNMENT,
    MARK,
    MIN_QUERY_KEY,
    PRIVATE_KEY_BLOCK,
    PRIVATE_KEY_WITH_BODY,
    QUOTED_ASSIGNMENT,
    QUOTED_CLI_OPTION,
    QUOTED_DEFAULT,
    QUOTED_WITH_OTHER_QUOTE,
    RANDOM_LITERAL,
    SHELL_DEFAULT,
    SPACED_DOCKER_ENV,
    URL_CREDENTIALS,
    URL_MARK,
    URL_PATH_KEY,
    URL_QUERY_KEY,
)
from mentorbot.rules.secret_tokens import TOKEN_PATTERNS, hinted, holds_hint
from mentorbot.rules.secret_values import (
    DEFAULT_PASSWORDS,
    LABEL_PASSWORD,
    NOT_SECRET_VALUES,
    is_placeholder,
    is_secret_name,
    is_secret_value,
    looks_random,
    placeholder_token,
    sent_credential,
    unnamed_key,
)
from mentorbot.rules.signed_urls import hide_signatures, named_signing_key, signed_for_visitors


def _redact_comment_value(match: re.Match[str]) -> str:
    value = match["value"]
    parts = re.split(r"[-_.:]", value)
    # A long run of letters and digits mixed; ``gpt-4o-mini-2024-07-18`` names a model.
    generated = looks_random(value) and any(
        len(part) >= 10 and _letters_and_digits(part) for part in parts
    )
    return f"{match['lead']}{MARK}" if generated else match[0]


_CODE_WORDS = frozenset(
    {"None", "True", "False", "null", "str", "bytes", "SecretStr", "SecretBytes"}
)


def _token_kind(text: str) -> str | None:
    if not holds_hint(text):
        return None
    for kind, pattern in TOKEN_PATTERNS:
        if hinted(kind, text) and any(
            not placeholder_token(match.group(0))
            and not (kind == "aws-access-key" and named_signing_key(text, match.start()))
            for match in pattern.finditer(text)
        ):
            return kind
    if "-----BEGIN" in text and PRIVATE_KEY_WITH_BODY.search(text):
        return "private-key"
    return None


def _url_password_is_secret(match: re.Match[str]) -> bool:
    """A password a URL logs in with is one, a weak local default (``postgres:postgres@``)
    too: a committed credential all the same (blind checks counted each as one); only a
    stand-in that asks to be filled in is none."""
    password = match.group("password")
    if password.lower() in NOT_SECRET_VALUES - DEFAULT_PASSWORDS:
        return False
    if len(unquote(password).split()) > 1:
        return False  # words, as in a documented example: "https://jo:a%20secret@host"
    if LABEL_PASSWORD.fullmatch(password.lower()):
        return False  # db_user:db_password@ names what belongs there
    if _FILL_IN.fullmatch(password):
        return False
    return not is_placeholder(password) and password.lower() not in {"password", "pass", "secret"}


@lru_cache(maxsize=1 << 16)
def value_secret(value: str, *, template: bool = False) -> str | None:
    """The kind of secret a string holds by its own shape (a key format, URL credentials).
    Remembered per string: a history's versions of a file share most of their lines."""
    kind = _token_kind(value)
    if kind is not None:
        return kind
    if holds_aws_secret(value):
        return "aws-secret-key"
    for match in URL_CREDENTIALS.finditer(value) if "://" in value else ():
        if _url_password_is_secret(match) and (not template or looks_random(match["password"])):
            return "url-password"
    if _has_query(value) and any(
        _reported_query_key(value, m) for m in URL_QUERY_KEY.finditer(value)
    ):
        return "url-key"
    if "password" in value and _dsn_password(value):
        return "dsn-password"
    return _encoded_secret(value, template=template)


def _encoded_secret(value: str, *, template: bool) -> str | None:
    """The kind of secret a base64 or hex run in ``value`` decodes to: a key written encoded
    is committed all the same (blind check h1)."""
    for decoded in encoded_texts(value):
        kind = value_secret(decoded, template=template)
        if kind is not None:
            return kind
    return None


def _dsn_password(text: str) -> bool:
    """A connection string of ``key=value`` pairs whose password is a real one."""
    return DSN_KEYS.search(text) is not None and any(
        _dsn_secret(match["value"]) for match in DSN_PASSWORD.finditer(text)
    )


def _dsn_secret(value: str) -> bool:
    """A connection string's password, not code beside keyword arguments of the same names
    (``psycopg.connect(host=..., password=app.config['DB_PASSWORD'])``, corpus 82)."""
    return not _slot(value) and not looks_like_code(value) and is_secret_value(value, "password")


SLOT_MARKS = re.compile(r"[{}<>$%]")
"""Characters of a slot to fill in rather than a value: ``{secret}``, ``<key>``, ``${KEY}``."""


def _slot(value: str) -> bool:
    """A value that only marks where one goes: ``{secret}``, ``<key>``, ``${KEY}``, ``xxxx``."""
    return _FILL_IN.fullmatch(value) is not None or SLOT_MARKS.search(value) is not None


def _letters_and_digits(value: str) -> bool:
    """Both letters and digits in it, as in every generated key."""
    return any(char.isdigit() for char in value) and any(char.isalpha() for char in value)


def query_key_name(text: str) -> str | None:
    """The parameter a URL's query string gives a key under (``appid``), if it gives one."""
    if not _has_query(text):
        return None
    found = next((m for m in URL_QUERY_KEY.finditer(text) if _reported_query_key(text, m)), None)
    return found["lead"].strip("?&=") if found is not None else None


def _has_query(text: str) -> bool:
    return "=" in text and ("?" in text or "&" in text)


def _reported_query_key(text: str, match: re.Match[str]) -> bool:
    """A query key the learner wrote in: not the signature of a URL a server signed for the
    visitors of its pages (a scraped image's link, blind check s1), hidden all the same."""
    signature = match["lead"].strip("?&=").lower() == "signature"
    return _query_key(match) and not (signature and signed_for_visitors(text, match.start()))


def _query_key(match: re.Match[str]) -> bool:
    """A query parameter's value that is a key: long, of letters and digits, no slot
    (``{api_key}``, ``YOUR_API_KEY``, ``<key>``)."""
    value = match["value"]
    return (
        len(value) >= MIN_QUERY_KEY
        and _letters_and_digits(value)
        and not _slot(value)
        and not is_placeholder(value)
    )


def looks_like_code(value: str) -> bool:
    """Unquoted right-hand sides that are expressions (``settings.key``, ``get()``, a keyword
    argument's ``password=db_password,``), not values."""
    stripped = value.strip()
    if any(char in stripped for char in "([{|") or stripped in _CODE_WORDS:
        return True
    if re.fullmatch(r"[A-Za-z_]\w*[,)]+", stripped):
        return True  # a keyword argument's name: ``password=PASSWORD)``
    # ``settings.db_password`` is an attribute; a part of 16 or more mixed letters and digits
    # is generated (a key written in dotted parts, blind check h3), no name.
    return bool(re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+,?", stripped)) and not any(
        _random_token(part) and len(part) >= MIN_QUERY_KEY for part in stripped.split(".")
    )


def _redact_quoted(match: re.Match[str]) -> str:
    if not is_secret_name(match["name"]) or not match["value"]:
        return match.group(0)
    if match["value"].startswith("{") or sent_credential(match["value"]) == "":
        return match.group(0)  # an f-string's slot: ``password = '{hash_password(form[...])}'``
    hidden = _hidden(match["value"])
    return f"{match['name']}{match['sep']}{match['quote']}{hidden}{match['quote']}"


_FILL_IN = re.compile(r"<[^<>\d%#@!?&]*>|\{\{?[^{}]*\}\}?|\$\{[^{}]*\}|%\([^()]*\)s|[xX*]+")
"""A URL password that is only a slot to fill in: ``<password>``, ``{password}`` of an
f-string or ``str.format``, ``${DB_PASSWORD}``, ``%(password)s``, ``xxxx``."""


def _redact_url(match: re.Match[str]) -> str:
    if _FILL_IN.fullmatch(match["password"]):
        return match.group(0)
    return f"{match['scheme']}{match['user']}:{URL_MARK}@"


def _random_token(token: str) -> bool:
    return looks_random(token) and _letters_and_digits(token)


def _redact_path_key(match: re.Match[str]) -> str:
    return MARK if _random_token(match["token"]) else match.group(0)


def _redact_random_literal(match: re.Match[str]) -> str:
    quote = match["quote"]
    return f"{quote}{MARK}{quote}" if _random_token(match["token"]) else match.group(0)


def _redact_dsn_password(match: re.Match[str]) -> str:
    return f"{match['lead']}{MARK}" if _dsn_secret(match["value"]) else match.group(0)


def _redact_query_key(match: re.Match[str]) -> str:
    return f"{match['lead']}{MARK}" if _query_key(match) else match.group(0)


def _redact_bare(match: re.Match[str]) -> str:
    if unnamed_key(match["name"], match["value"].strip()):
        return f"{match['lead']}{match['name']}{match['sep']}{MARK}"
    if not is_secret_name(match["name"]) or looks_like_code(match["value"]):
        return match.group(0)
    if match["value"].strip() == match["name"].rsplit(".", 1)[-1]:
        return match.group(0)  # a parameter kept under its own name: ``self.api_key = api_key``
    return f"{match['lead']}{match['name']}{match['sep']}{_hidden(match['value'])}"


def _hidden(value: str) -> str:
    """What stands for a value: an ``Authorization`` header keeps its scheme (``Bearer``)."""
    credential = sent_credential(value)
    return value.strip()[: -len(credential)] + MARK if credential else MARK


def redact_text(text: str, *, prose: bool = False) -> str:
    """Replace every secret value in ``text`` with a marker, keeping the names around it.

    Each pattern runs only on text holding what all its matches hold (a substring test first).
    Random-looking keys no rule can name (a URL path segment, a quoted 32-character hex string
    under a neutral name) are hidden too, though not reported.
    ``prose`` (a commit message): ``password: hash it`` names a topic, not a value, so only
    ``NAME=value`` pairs count there, besides key formats, URL passwords and quoted values.
    """
    redacted = _redact(text, prose=prose)
    if ESCAPED_QUOTE not in redacted:
        return redacted
    # A notebook's JSON writes a cell's ``KEY = "value"`` as ``KEY = \"value\"``: what the
    # cell's own quotes hide is hidden where it stands escaped (blind check x1).
    unescaped = unescape_quotes(redacted)
    hidden = hidden_values(unescaped, _redact(unescaped, prose=prose))
    for value in sorted(hidden, key=len, reverse=True):
        escaped = re.escape(value.replace('"', ESCAPED_QUOTE))
        redacted = re.sub(rf"(?<!\w){escaped}(?!\w)", MARK, redacted)
    return redacted


def _redact(text: str, *, prose: bool) -> str:
    if "-----BEGIN" in text:
        text = PRIVATE_KEY_BLOCK.sub(f"-----BEGIN PRIVATE KEY----- {MARK}", text)
    text = hide_aws_secrets(text)  # before the key id beside a key is hidden
    for kind, pattern in TOKEN_PATTERNS if holds_hint(text) else ():
        if hinted(kind, text):
            text = pattern.sub(MARK, text)
    if len(text) >= MIN_ENCODED:
        text = ENCODED_RUN.sub(_redact_encoded, text)
    if "(" in text and DECODER_HINT.search(text) is not None:
        text = DECODED_LITERAL.sub(_redact_decoded_literal, text)
    if "://" in text:
        text = URL_CREDENTIALS.sub(_redact_url, text)
        # Shown, never reported: a random path segment may be a key no rule can name.
        text = URL_PATH_KEY.sub(_redact_path_key, text)
    if _has_query(text):
        text = hide_signatures(text)
        text = URL_QUERY_KEY.sub(_redact_query_key, text)
    text = hide_auth_passwords(text)
    if "password" in text and DSN_KEYS.search(text):
        text = DSN_PASSWORD.sub(_redact_dsn_password, text)
    if "'" in text or '"' in text:
        text = RANDOM_LITERAL.sub(_redact_random_literal, text)
        text = QUOTED_ASSIGNMENT.sub(_redact_quoted, text)
        if "'" in text and '"' in text:
            text = QUOTED_WITH_OTHER_QUOTE.sub(_redact_quoted, text)
        if "," in text or " or " in text:
            text = QUOTED_DEFAULT.sub(_redact_quoted, text)
    if prose:
        return INLINE_ASSIGNMENT.sub(redact_inline, text) if "=" in text else text
    if "${" in text:
        text = SHELL_DEFAULT.sub(redact_shell_default, text)
    if "=" in text or ":" in text:
        text = BARE_ASSIGNMENT.sub(_redact_bare, text)
    if "ENV" in text:
        text = SPACED_DOCKER_ENV.sub(_redact_bare, text)
    if "--" in text:
        text = CLI_OPTION.sub(redact_option, text)
        if "'" in text or '"' in text:
            text = QUOTED_CLI_OPTION.sub(redact_quoted_option, text)
    if "#" in text:
        text = COMMENT_PASSWORD.sub(redact_noted_password, text)
        text = COMMENT_VALUE.sub(_redact_comment_value, text)
    return text


def _redact_encoded(match: re.Match[str]) -> str:
    """A base64 or hex run that decodes to a secret."""
    decoded = decoded_text(match[0])
    return MARK if decoded is not None and value_secret(decoded) is not None else match[0]


def _redact_decoded_literal(match: re.Match[str]) -> str:
    """A literal the code decodes (``b64decode("...")``): written encoded to hide it, so hidden
    here too unless it decodes to a placeholder."""
    decoded = decoded_text(match["value"], least=MIN_DECODED_LITERAL)
    if decoded is None or is_placeholder(decoded):
        return match[0]
    return f"{match['lead']}{match['quote']}{MARK}{match['quote']}"
