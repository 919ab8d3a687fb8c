"""MB107's stand-in signing keys: ``SECRET_KEY = "your-secret-key"`` written in the app's code.

A placeholder leaks nothing, so elsewhere MB107 leaves it alone. But a key the app signs its
sessions or tokens with is in use: with a stand-in anyone who reads the repository, or tries the
usual ones ("secret", "changeme"), can forge them. Only plain assignments and keywords count;
a settings class's default (``secret_key: str = "change-me"``) is what the environment
overrides, and a slot such as ``<secret>`` or ``${SECRET}`` is no value at all.
"""

from __future__ import annotations

import ast
import re

from mentorbot.rules.redact import SLOT_MARKS
from mentorbot.rules.secret_values import is_secret_value

SIGNING_KEY_NAME = re.compile(r"(?i)^(?:[a-z]+_)*(?:secret|secret_key|signing_key)$")
"""Names of a key the app signs with: ``SECRET_KEY``, ``JWT_SECRET``, ``app.secret_key``."""
NOT_SIGNING = re.compile(r"(?i)(?:^|_)(?:client|api|consumer|aws)(?:_|$)")
"""A third party's secret (an OAuth client's, an API's): a stand-in there only fails to log in."""
STAND_IN_KEY = {
    "advice_zh": "占位值不是密钥：读过代码的人都能用它签发令牌和会话；"
    "在环境变量里放一个随机值（`secrets.token_urlsafe(32)`），再从那里读取",
    "advice_en": "a stand-in is no key: whoever reads the code can sign tokens and sessions with "
    "it; put a random one (`secrets.token_urlsafe(32)`) in the environment and read it from "
    "there",
}


def stand_in_signing_key(binding: ast.AST, name: str, value: str) -> bool:
    """Whether ``name = value``, bound by ``binding``, signs with a placeholder."""
    if not isinstance(binding, ast.Assign | ast.Call):
        return False
    if not SIGNING_KEY_NAME.match(name) or NOT_SIGNING.search(name):
        return False
    stripped = value.strip()
    return (
        len(stripped) >= 3 and not SLOT_MARKS.search(stripped) and not is_secret_value(value, name)
    )
