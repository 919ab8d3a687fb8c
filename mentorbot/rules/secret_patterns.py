"""The patterns secret redaction looks for: where a value sits that may be a secret (an
assignment, a URL's credentials or query key, a connection string, a command line's option, a
comment). Whether the value found there is one is ``redact``'s judgement.
"""

from __future__ import annotations

import re

MARK = "«redacted»"
URL_MARK = "***"

PRIVATE_KEY_BLOCK = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----.*?"
    r"(?:-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\Z)",
    re.DOTALL,
)
PRIVATE_KEY_WITH_BODY = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:\\[nr]|\s)*[A-Za-z0-9+/=]{40,}"
)
URL_CREDENTIALS = re.compile(
    r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^\s:/@'\"]*):(?P<password>[^\s/'\"]+)@"
)
"""``scheme://user:password@``, the password up to the last ``@`` before the host: a password
written with an ``@`` in it (unencoded) is still one password, all of it hidden."""
URL_QUERY_KEY = re.compile(
    r"(?P<lead>[?&](?i:api[_-]?key|apikey|app[_-]?id|appid|access[_-]?token|auth[_-]?token"
    r"|token|key|secret|client[_-]?secret|password|passwd|pwd|signature|sig)=)"
    r"(?P<value>[^&#\s'\"]+)"
)
"""A key in a URL's query string (``...weather?q=Paris&appid=82ce53...``), as weather and map
APIs take theirs."""
MIN_QUERY_KEY = 16
DSN_PASSWORD = re.compile(r"(?P<lead>(?:^|\s)password\s*=\s*)(?P<value>[^\s'\"]+)")
"""A libpq connection string's password (``"dbname=shop user=app password=... host=db"``)."""
DSN_KEYS = re.compile(r"(?:^|\s)(?:dbname|host|user|port)\s*=")
URL_PATH_KEY = re.compile(r"(?<=/)(?P<token>[A-Za-z0-9_-]{20,})(?=[/?#'\"\s]|$)")
"""A key written as a segment of a URL's path (``.../v6/<key>/latest/USD``)."""
RANDOM_LITERAL = re.compile(r"(?P<quote>['\"])(?P<token>[A-Za-z0-9]{32,})(?P=quote)")
"""A quoted run of 32 or more letters and digits (a hex API key under any name)."""

_NAME = r"[A-Za-z_][\w.\-]*"
_NAME_AND_SEPARATOR = (
    rf"(?P<name>{_NAME})(?P<sep>[\"']?\]?[ \t]*(?::[ \t]*[\w\[\]|., ]+?[ \t]*=|:=|==|!=|=|:)"
    r"[ \t]*(?:(?:Field|SecretStr)?\(\s*(?:default\s*=\s*)?)?[rbuRBUf]?)"
)
QUOTED_ASSIGNMENT = re.compile(
    _NAME_AND_SEPARATOR + r"(?P<quote>[\"'])(?P<value>[^\"'\n]*)(?P=quote)"
)
"""``NAME = "value"`` and its kin: a keyword argument, an annotated default, a dict entry, a
comparison, an item (``app.config["SECRET_KEY"] = "value"``), a value in parentheses or a
settings field's default (``Field("value")``, blind check history 58). Only a parenthesis lets
it span lines: a comment ending in ``:`` above an assignment is no name."""
_UNLIKE_QUOTE = r"(?:(?!(?P=quote))[^\n])*"
QUOTED_WITH_OTHER_QUOTE = re.compile(
    _NAME_AND_SEPARATOR
    + rf"(?P<quote>[\"'])(?P<value>{_UNLIKE_QUOTE}[\"']{_UNLIKE_QUOTE})(?P=quote)"
)
"""The same, with the other quote inside the value: ``secret_key = b'_5#y2L"F4Q8z\\n\\xec]/'``,
Flask's quickstart key (blind check f1). Run after ``QUOTED_ASSIGNMENT``, which finds
``password = 'x'`` inside a query string first."""
QUOTED_DEFAULT = re.compile(
    rf"(?<=[\"'])(?P<name>{_NAME})"
    r"(?P<sep>[\"'](?:\s*,\s*(?:default\s*=\s*)?|\s*\)\s*or\s+)[rbuRBUf]?)"
    r"(?P<quote>[\"'])(?P<value>[^\"'\n]*)(?P=quote)"
)
"""A quoted name followed by a value: the fallback of ``os.getenv("SECRET_KEY", "value")``,
``config("API_KEY", default="value")``, ``environ.setdefault("TOKEN", "value")`` or
``os.environ.get("SECRET_KEY") or "value"``. The name is the whole string: a message ending in
a word (``"Invalid email or password", "code"``) is none."""
BARE_ASSIGNMENT = re.compile(
    rf"^(?P<lead>\s*(?:-\s+)?(?:(?:export|ENV|ARG)\s+)?[\"']?)(?P<name>{_NAME})"
    r"(?P<sep>[\"']?[ \t]*[:=][ \t]*)"
    r"(?P<value>[^\"'\s#](?:[^#\n\"']|(?<![ \t])#)*?)"
    r"(?:(?P<tail>[ \t]+#[^\s#][^\n]*?)(?=[ \t]*$)|(?=[ \t]+#|[ \t]*$))",
    re.MULTILINE,
)
"""``NAME=value`` of .env files, YAML and INI, shell ``export`` and a Dockerfile's ``ENV`` and
``ARG`` lines, and the list items of a compose file's ``environment:`` (``- NAME=value``).

A ``#`` starts a comment only after a space, in all of them (python-dotenv, compose, YAML, a
shell's words); INI keeps even that one (configparser reads no inline comments): a password
``Warehouse2024#Zq9LmTx`` is one value (blind check s2). ``tail``: a `` #`` with no space
after it (``Kx9 #mQ2vLp7Rt4Zw``) is seldom a comment and may be the rest of an INI value:
hidden with the value, as ``INI_ASSIGNMENT`` reads it; `` # prod`` stays."""
INI_ASSIGNMENT = re.compile(
    rf"^(?P<lead>[ \t]*)(?P<name>{_NAME})(?P<sep>[ \t]*[:=][ \t]*)"
    r"(?P<value>[^\"'\s#;][^\n]*?)[ \t]*$",
    re.MULTILINE,
)
"""``name = value`` of an INI file, the value to the end of its line: configparser reads no
inline comment, so ``password = Kx9 #mQ2vLp7Rt4Zw`` is all password (blind check s2)."""
INLINE_ASSIGNMENT = re.compile(rf"(?P<name>{_NAME})=(?P<value>[^\s\"'=][^\s\"']*)")
"""``NAME=value`` inside a sentence ("set DB_PASSWORD=hunter2 in prod")."""
SPACED_DOCKER_ENV = re.compile(
    rf"^(?P<lead>[ \t]*ENV[ \t]+)(?P<name>{_NAME})(?P<sep>[ \t]+)"
    r"(?P<value>[^\"'\s#=][^#\n\"']*?)[ \t]*$",
    re.MULTILINE,
)
"""A Dockerfile's older ``ENV NAME value`` form."""

SHELL_DEFAULT = re.compile(
    r"\$\{(?P<name>[A-Za-z_]\w*)(?P<sep>:?-)(?P<quote>[\"']?)(?P<value>[^}\s\"']+)(?P=quote)\}"
)
"""A compose file's or shell's fallback, ``${SECRET_KEY:-<value>}``: the value the app runs
with whenever the variable is unset, committed all the same (blind check b1)."""

CLI_OPTION = re.compile(
    r"(?P<lead>(?:^|\s)--)(?P<name>[A-Za-z][\w-]*)(?P<sep>[ \t]+|=)"
    r"(?P<value>[^\s\"'$\-][^\s\"']*)"
)
"""A command line's option and its value: ``airflow users create ... --password admin`` in a
compose file's entrypoint, ``--db-password=...`` (corpus 87)."""
QUOTED_CLI_OPTION = re.compile(
    r"(?P<lead>(?:^|[\s\[\"'])--)(?P<name>[A-Za-z][\w-]*)(?P<sep>[\"'][ \t]*,[ \t]*|[ \t]+|=)"
    r"(?P<quote>[\"'])(?P<value>[^\"'\s$][^\"'\n]*)(?P=quote)"
)
"""The same, its value quoted: a compose file's command in list form, ``["redis-server",
"--requirepass", "<value>"]``, ``--requirepass "<value>"`` (blind check k1); a variable
(``"${REDIS_PASSWORD}"``) is no value."""

COMMENT_PASSWORD = re.compile(
    r"(?P<lead>#[^\n]*?\b(?:pw|pwd|password|passwd|passwort|senha)\b[^:=\n#]{0,24}[:=][ \t]*)"
    r"(?P<value>[^\s\"'`]{6,})(?=[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
"""A password noted in a comment: ``# pw: Root1234!``, ``# Temp pw testing: <value>``; the
value alone ends the comment (``# password: hashed with bcrypt`` notes no value)."""


COMMENT_VALUE = re.compile(
    r"(?P<lead>#[ \t]*[\w .-]{1,30}?[ \t]*[:=][ \t]*)(?P<value>[^\s/\"'`]{16,})(?=[ \t]*$)",
    re.MULTILINE,
)
"""A comment noting a value under a label of its own (``#prod =<value>``): hidden, never
reported, when the value looks generated."""
