"""Passwords handed to HTTP basic auth: the second element of ``auth=("admin", "...")``
(requests, httpx, aiohttp) or of ``HTTPBasicAuth("admin", "...")``, a password named by where
it stands rather than by a variable's name (blind check k2: a RabbitMQ management password
written into ``requests.get(..., auth=(...))`` was neither reported nor hidden)."""

from __future__ import annotations

import ast
import re

from mentorbot.rules._names import last_part
from mentorbot.rules.secret_patterns import MARK
from mentorbot.rules.secret_values import is_secret_value

AUTH_PASSWORD = "password"
"""What a basic-auth pair's second element is named by, in findings and checks."""
AUTH_CLASSES = frozenset(
    {"HTTPBasicAuth", "HTTPDigestAuth", "HTTPProxyAuth", "BasicAuth", "DigestAuth"}
)
"""requests' (``requests.auth``), httpx's and aiohttp's classes taking a user, then a password."""
AUTH_PAIR = re.compile(
    r"(?P<lead>(?:\bauth[ \t]*=[ \t]*[(\[]|\b(?:HTTP)?(?:Basic|Digest|Proxy)Auth[ \t]*\()"
    r"[ \t]*[^,()\n]*,[ \t]*[rbuRBU]?)(?P<quote>[\"'])(?P<value>[^\"'\n]*)(?P=quote)"
)
"""``auth=("admin", "value")``, ``auth=[user, "value"]``, ``HTTPBasicAuth("admin", "value")``
on one line: the user (a literal or a name), then the password quoted."""


def auth_password(node: ast.Call, keyword: ast.keyword | None = None) -> ast.expr | None:
    """The password of a basic-auth pair in a call: ``auth=`` given as a two-element tuple or
    list (``keyword``), else the second positional argument of one of ``AUTH_CLASSES``."""
    if keyword is not None:
        pair = keyword.value
        if keyword.arg == "auth" and isinstance(pair, ast.Tuple | ast.List) and len(pair.elts) == 2:
            return pair.elts[1]
        return None
    name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
    name = name or (node.func.id if isinstance(node.func, ast.Name) else "")
    if last_part(name) in AUTH_CLASSES and len(node.args) >= 2:
        return node.args[1]
    return None


def hide_auth_passwords(text: str) -> str:
    """``text`` with the password of every basic-auth pair ``is_secret_value`` takes hidden."""
    if "Auth" not in text and "auth" not in text:
        return text

    def hide(match: re.Match[str]) -> str:
        if not is_secret_value(match["value"], AUTH_PASSWORD):
            return match[0]
        return f"{match['lead']}{match['quote']}{MARK}{match['quote']}"

    return AUTH_PAIR.sub(hide, text)
