"""What a commit's message says about a fix: which commits the lesson miner reads, the category
a fix no rule explains is filed under, and the title of its solved problem."""

from __future__ import annotations

import re

from mentorbot.analysis.commit_kind import suggests_fix
from mentorbot.domain import Category, Commit, Lesson, Text
from mentorbot.rules.ruff import ruff_code_of
from mentorbot.rules.ruff_general import codes_named_in

KEYWORD_CATEGORIES: tuple[tuple[re.Pattern[str], Category], ...] = (
    (re.compile(r"await|协程|協程|coroutine", re.I), "missing-await"),
    (
        re.compile(
            r"sleep|block(?:s|ed|ing)\b|event loop|阻塞|事件循环|事件循環|to_thread|threadpool",
            re.I,
        ),
        "blocking-call-in-async",
    ),
    (
        re.compile(
            r"except|异常|異常|例外|error handling|handl(?:e|es|ing)\b.{0,20}\berrors?"
            r"|swallow\w*\b.{0,20}\b(?:errors?|exceptions?)\b|错误处理|錯誤處理",
            re.I,
        ),
        "bare-or-broad-except",
    ),
    (
        re.compile(
            r"secret|password|api[ _-]?key|(?<![a-z])(?:access|auth|jwt|bearer|api)[ _-]?tokens?"
            r"(?![a-z])|密钥|密码|密鑰|密碼"
            # A service's token, or one written into the code ("remove hardcoded github
            # token", blind check a1); not "fix token expiry".
            r"|(?<![a-z])(?:github|gitlab|discord|telegram|slack|bot|hf|huggingface|openai"
            r"|hard[ -]?coded|exposed|leaked)[ _-]?tokens?(?![a-z])",
            re.I,
        ),
        "hardcoded-secret",
    ),
    (
        # SQL built from values, not SQLAlchemy, SQLModel, sqlite or PostgreSQL, nor SQL's
        # echo or a query's typo; not dependency injection.
        re.compile(
            r"(?<![a-z])sql(?![a-z]).{0,40}(?:f-?string|format|concat|\+|param|placeholder|bind"
            r"|escap|quot)|(?:param(?:eter)?i[sz]ed|prepared) (?:quer|statement)|placeholders"
            r"|(?<!dependency )injection|(?<!依赖)(?<!依賴)注入",
            re.I,
        ),
        "sql-string-formatting",
    ),
    (re.compile(r"migration|alembic|迁移|遷移", re.I), "no-migrations"),
    (
        # A database session; not a site's login: "don't keep the session cookie in the code"
        # (blind check x1).
        re.compile(
            r"session(?![ _-]?(?:cookies?|tokens?|ids?|keys?)(?![a-z]))|depends"
            r"|会话|會話|依赖注入|依賴注入",
            re.I,
        ),
        "session-per-function",
    ),
    (
        re.compile(
            r"response[_ ]models?|(?:response|read|out(?:put)?|return) schemas?|序列化"
            r"|plain (?:data|dicts?)|orm (?:objects?|rows?)",
            re.I,
        ),
        "orm-as-response-model",
    ),
    (re.compile(r"pydantic|validator|model_dump|\.dict\(", re.I), "pydantic-v1-api-in-v2"),
    (re.compile(r"asyncpg|psycopg|driver|驱动|驅動", re.I), "sync-db-driver-in-async-app"),
)


def message_category(subject: str) -> Category:
    """The category a fix's message names (the first that matches), or ``other``."""
    for pattern, category in KEYWORD_CATEGORIES:
        if pattern.search(subject):
            return category
    return "other"


_FIX_PREFIX = re.compile(r"^\s*(?:fix|bugfix|hotfix)(?:\([^)]*\))?!?\s*[:：]\s*", re.I)
_SAYS_FIX = re.compile(
    r"^(?:fix|bug|hotfix|修复|修復|修正|解决|解決|纠正|糾正|更正|改正|修bug|改bug)", re.I
)


def fix_title(subject: str) -> Text:
    """A solved problem's title from its commit's subject, which often says "fix" already:
    "fix: circular import" is "Fix: circular import", not "Fix: fix: circular import". The
    Chinese log quotes a subject written in another language as it stands: "修复：close the
    notes file" was neither the learner's words nor Chinese (blind check b1)."""
    text = _FIX_PREFIX.sub("", subject, count=1) or subject
    if _SAYS_FIX.match(text):
        titled = text[:1].upper() + text[1:]
        return Text(zh=titled if _CJK.search(text) else subject, en=titled)
    return Text(zh=f"修复：{text}" if _CJK.search(text) else subject, en=f"Fix: {text}")


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def called_a_fix(commit: Commit) -> bool:
    """Whether the message says the commit fixes something ("fix:", "修复", "replace X with Y")."""
    return commit.kind == "fix" or suggests_fix(commit.subject)


def worth_mining(commit: Commit) -> bool:
    """A fix, or a message that names a mistaken approach or a topic the rules know (also one
    of ruff's: "remove unused imports")."""
    return (
        called_a_fix(commit)
        or message_category(commit.subject) != "other"
        or bool(codes_named_in(commit.subject))
    )


def claims(commit: Commit, lesson: Lesson) -> bool:
    """Whether ``commit`` may be credited with ``lesson``: a fix with anything it solved; any
    other commit with the problems its message names. "refactor: take the session from
    Depends" solved a session problem; the unused import it dropped on the way is tidying,
    unless the message is about imports."""
    if called_a_fix(commit) or lesson.category != "other":
        return True
    found = lesson.found.en if lesson.found is not None else ""
    return ruff_code_of(found) in codes_named_in(commit.subject)
