"""MB001: a Python file that does not parse. The engine raises it; no detector runs here."""

from __future__ import annotations

import re
import sys

from mentorbot.domain import Severity, Text
from mentorbot.rules.base import Case, Rule

NEWER_FSTRING = Text(
    zh="这个 f-string 要 Python 3.12 及以上才能解析（{error}）；运行回顾的 Python {version} "
    "读不了这个文件，所以没有分析它",
    en="this f-string needs Python 3.12 or newer ({error}); the Python running the review "
    "({version}) cannot read the file, so it was not analysed",
)
"""Python 3.12 lets an f-string reuse its quotes inside (``f"{d.get("k")}"``): to an older
interpreter that is an error in the learner's code, while their own Python may run it fine."""


_REUSED_QUOTES = re.compile(
    r"""(?<![A-Za-z0-9_])[rR]?[fF][rR]?(?:"[^"]*\{[^}"]*"[^"]*"[^}]*\}|'[^']*\{[^}']*'[^']*'[^}]*\})"""
)
"""An f-string with its own quote inside a replacement field: ``f"{d.get("k")}"``."""


def newer_syntax(detail: str, code: str) -> tuple[Text, Severity] | None:
    """The message and severity for an error only an interpreter older than 3.12 makes: an
    f-string error on a line (``code``) whose f-string reuses its quotes inside its braces."""
    if sys.version_info >= (3, 12) or not detail.startswith("f-string"):
        return None
    if not _REUSED_QUOTES.search(code):
        return None
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return (
        Text(
            zh=NEWER_FSTRING.zh.format(error=detail, version=version),
            en=NEWER_FSTRING.en.format(error=detail, version=version),
        ),
        "low",
    )


RULE = Rule(
    id="MB001",
    name="syntax-error",
    category="other",
    severity="high",
    area="code-quality",
    title=Text(zh="文件无法解析（语法错误）", en="File does not parse (syntax error)"),
    explanation=Text(
        zh="Python 在导入这个文件时就会报错，它里面的代码一行都不会运行，其他检查也看不到它。"
        "常见原因是漏了冒号或括号、缩进混乱，或者合并冲突的标记留在了文件里。",
        en="Python refuses to import this file, so none of its code ever runs and no other check "
        "can look inside it. Typical causes are a missing colon or bracket, mixed indentation, "
        "or merge-conflict markers left in the file.",
    ),
    fix=Text(
        zh="打开报错的那一行，对照错误信息修好；"
        "之后运行 `python -m py_compile 文件名` 确认能通过。",
        en="Open the reported line, fix what the error names, then run "
        "`python -m py_compile <file>` to confirm it compiles.",
    ),
    lesson=Text(
        zh="让编辑器在保存时就做语法检查（比如装上 ruff 插件），这类错误在提交前就会暴露出来。",
        en="Let your editor check syntax on save (a ruff plugin does it), so such errors show up "
        "before they reach a commit.",
    ),
    message=Text(zh="语法错误：{error}", en="Syntax error: {error}"),
    bad=(
        Case(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/health')\ndef health()\n    return {'ok': True}\n"
            },
            hits=(("app/main.py", 7),),
        ),
    ),
    good=(
        Case(
            files={
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                "@app.get('/health')\ndef health() -> dict[str, bool]:\n    return {'ok': True}\n"
            }
        ),
    ),
)
