"""What a commit's message says about a secret: that it left the repository, or only that it is
about one. Neither files a fix under secrets; both make the lesson miner check that the values
the commit took out are gone from every committed file."""

from __future__ import annotations

import re

_SAYS_SECRETS_LEFT = re.compile(
    r"(?:stop|don'?t|do not|no longer)\s+(?:commit|track|push)"
    r"|\b(?:move|take|get|keep|remove)\w*\b.*\b(?:out of|from)\s+(?:the\s+)?"
    r"(?:code|source|repo|repository|git)\b",
    re.I,
)
"""A message saying something left the repository: "stop committing .env", "move NYT key out
of the code", "remove the token from the repo"."""


def says_secrets_left(subject: str) -> bool:
    return _SAYS_SECRETS_LEFT.search(subject) is not None


_MENTIONS_SECRETS = re.compile(
    r"secret|passw|token|credential|creds\b|(?<![a-z])(?:api[ _-]?)?keys?(?![a-z])|\.env\b"
    r"|cookies?(?![a-z])"
    r"|(?<![a-z])hid(?:e|es|den|ing)(?![a-z])|密钥|密鑰|密码|密碼|令牌|凭证|凭据|憑證|隐藏|隱藏",
    re.I,
)
"""Words that may be about a secret, too loose to file a fix under secrets ("fix token
expiry"), but enough to check whether the values a commit took out are still committed: "fix:
hide token" and "load instagram credentials from .env" moved them into a committed file (blind
checks t1, s1), as "don't keep the session cookie in the code" moved a login cookie (x1)."""


def mentions_secrets(subject: str) -> bool:
    return _MENTIONS_SECRETS.search(subject) is not None
