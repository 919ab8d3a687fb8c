"""MB001: a Python file that does not parse. The engine raises it; no detector runs here."""

from __future__ import annotations

from mentorbot.domain import Text
from mentorbot.rules.base import Case, Rule

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
