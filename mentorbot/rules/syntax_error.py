"""MB001: a Python file that does not parse. The engine raises it; no detector runs here.

Syntax only a newer Python than the review's reads (``NEWER_FEATURES``) is no syntax error: the
engine gives such a file no finding, and the scan names it in a note (blind check p1)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from mentorbot.domain import Finding, Text
from mentorbot.rules.base import Case, Rule


@dataclass(frozen=True)
class NewerFeature:
    """Syntax a later Python added, told by the older parser's error and the line's text."""

    zh: str
    en: str
    needs: tuple[int, int]
    errors: tuple[str, ...]
    """How the error message starts when an older parser meets it."""
    line: re.Pattern[str]


NEWER_FEATURES = (
    NewerFeature(
        zh="这个 f-string ",
        en="this f-string",
        needs=(3, 12),
        errors=("f-string",),
        # An f-string with its own quote inside a replacement field: f"{d.get("k")}".
        line=re.compile(
            r"""(?<![A-Za-z0-9_])[rR]?[fF][rR]?"""
            r"""(?:"[^"]*\{[^}"]*"[^"]*"[^}]*\}|'[^']*\{[^}']*'[^']*'[^}]*\})"""
        ),
    ),
    NewerFeature(
        zh="这条 `type` 别名语句",
        en="this `type` alias statement",
        needs=(3, 12),
        errors=("invalid syntax",),
        line=re.compile(r"^\s*type\s+[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*="),
    ),
    NewerFeature(
        zh="这种类型参数写法",
        en="this type-parameter list",
        needs=(3, 12),
        errors=("expected '('", "invalid syntax"),
        line=re.compile(r"^\s*(?:(?:async\s+)?def|class)\s+[A-Za-z_]\w*\s*\["),
    ),
    NewerFeature(
        zh="这种不带括号的多异常写法",
        en="this `except` of several types without brackets",
        needs=(3, 14),
        errors=("multiple exception types must be parenthesized",),
        line=re.compile(r"^\s*except\s+(?![^:]*\bas\b)[^:()]+,[^:]*:"),
    ),
)


def newer_syntax(detail: str, code: str) -> NewerFeature | None:
    """The feature of a newer Python than the one running the review that its parser refused:
    ``detail`` is the parser's error, ``code`` the text of the line it names. Such a file is
    valid code where the learner runs it, so the engine notes it instead of reporting MB001."""
    for feature in NEWER_FEATURES:
        if sys.version_info >= feature.needs or not detail.startswith(feature.errors):
            continue
        if feature.line.search(code):
            return feature
    return None


NOT_UTF8 = Text(
    zh="文件没有按 UTF-8 保存，开头也没有声明编码：Python 读到第 {line} 行的字节 {byte} 就拒绝了"
    "整个文件",
    en="The file is not saved as UTF-8 and declares no encoding: Python refuses it at byte "
    "{byte} on line {line}",
)
NOT_UTF8_EXPLANATION = Text(
    zh="Python 3 默认按 UTF-8 读取源文件。这个文件是用别的编码保存的（Windows 上常见的是 GBK，"
    "也就是编辑器里的“ANSI”；PowerShell 的 `>` 会写出 UTF-16），开头又没有声明编码，所以 Python "
    "一导入就报错，里面的代码一行都不会运行。代码本身未必写错了：在编辑器里把文件另存为 UTF-8 "
    "就好；如果它是 GBK，也可以在第一行写上 `# -*- coding: gbk -*-`。",
    en="Python 3 reads source files as UTF-8. This one was saved in another encoding (on Windows "
    "usually GBK, the editor's \"ANSI\"; PowerShell's `>` writes UTF-16) and declares none, so "
    "Python refuses to import it and none of its code runs. The code itself may be fine: save "
    "the file as UTF-8 in your editor, or, if it is GBK, declare that on its first line with "
    "`# -*- coding: gbk -*-`.",
)
"""Why a file Python refuses for its bytes does not parse: a missing colon or a merge marker,
the causes of a syntax error, have nothing to do with it (blind check c1)."""
_NOT_UTF8_START = NOT_UTF8.en.partition("{")[0]


def not_utf8(line: int, byte: str) -> Text:
    """The message of a file whose ``byte`` on ``line`` is not UTF-8 and that declares no
    encoding: Python's own error, untranslated, had stood in the Chinese log."""
    return Text(
        zh=NOT_UTF8.zh.format(line=line, byte=byte), en=NOT_UTF8.en.format(line=line, byte=byte)
    )


def _explain(finding: Finding) -> Text | None:
    """That the file is not UTF-8, where that is why it does not parse."""
    return NOT_UTF8_EXPLANATION if finding.message.en.startswith(_NOT_UTF8_START) else None


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
    explain=_explain,
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
