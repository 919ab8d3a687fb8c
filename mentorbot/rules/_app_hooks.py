"""The app's start and stop code: its lifespan, and the hooks a framework or a bot runs before
the first request or message is served and after the last. A blocking call there keeps no one
waiting, so MB101 does not report it: SQLModel's tutorial makes its tables in an ``async def
lifespan`` (blind check s1), and an aiogram bot opens its SQLite file in ``on_startup``
(blind check t1)."""

from __future__ import annotations

import ast
import re

from mentorbot.rules._names import functions, walk_of
from mentorbot.rules.base import FileContext, RuffReport

HOOK_KEYWORDS = frozenset({"lifespan", "on_startup", "on_shutdown"})
"""``FastAPI(lifespan=...)``, Starlette's and aiogram's ``on_startup=`` / ``on_shutdown=``."""
HOOK_DECORATORS = frozenset({"on_event", "startup", "shutdown"})
"""``@app.on_event("startup")``, aiogram 3's ``@dp.startup()``."""
HOOK_OBSERVERS = frozenset({"startup", "shutdown"})
"""aiogram 3's ``dp.startup.register(on_startup)``."""


def start_and_stop_hooks(ctx: FileContext) -> set[str]:
    """Names of the module's functions that run only at start-up or shut-down."""
    hooks: set[str] = set()
    for call in walk_of(ctx.tree, ast.Call):
        for keyword in call.keywords:
            if keyword.arg in HOOK_KEYWORDS:
                hooks.update(_names(keyword.value))
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "register"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr in HOOK_OBSERVERS
        ):
            hooks.update(name for arg in call.args for name in _names(arg))
    for function in functions(ctx.tree):
        for decorator in function.decorator_list:
            called = decorator.func if isinstance(decorator, ast.Call) else None
            if isinstance(called, ast.Attribute) and called.attr in HOOK_DECORATORS:
                hooks.add(function.name)
    return hooks


def _names(node: ast.expr) -> list[str]:
    """``on_startup`` or ``[on_startup, warm_cache]``: the functions named."""
    items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
    return [item.id for item in items if isinstance(item, ast.Name)]


_ASYNC_DEF = re.compile(r"^(?P<indent>\s*)async\s+def\s+(?P<name>\w+)")
_HOOK_DECORATOR = re.compile(r"^@[\w.]+\.(?:on_event|startup|shutdown)\(")


def in_a_hook(report: RuffReport) -> bool:
    """Whether ruff's line lies in a start or stop hook, read from the text: the ``async def``
    it sits in (by indent), decorated as one or named where a hook is given."""
    line = report.lines[report.line - 1]
    indent = len(line) - len(line.lstrip())
    for number in range(report.line - 1, 0, -1):
        found = _ASYNC_DEF.match(report.lines[number - 1])
        if found is None or len(found["indent"]) >= indent:
            continue
        name = re.escape(found["name"])
        above = report.lines[number - 2].strip() if number > 1 else ""
        given = re.compile(
            rf"\b(?:{'|'.join(HOOK_KEYWORDS)})\s*=\s*[\[(]?[^\])\n]*\b{name}\b"
            rf"|\.(?:startup|shutdown)\.register\(\s*{name}\b"
        )
        return bool(_HOOK_DECORATOR.match(above)) or any(
            given.search(text) for text in report.lines
        )
    return False
