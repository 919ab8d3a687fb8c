"""MB103's dependency that leaks its session: one that is no generator, opens a session and
never closes it (``def get_current_user(...): db = Session()``). FastAPI calls it on every
request; each call leaves a session, and its connection, open."""

from __future__ import annotations

import ast

from mentorbot.rules._names import FunctionNode, dotted, own_nodes_of


def closes(function: FunctionNode, name: str) -> bool:
    """Whether ``function`` closes the session in ``name``: ``with Session() as name``, ``with
    name:``, or ``name.close()``."""
    for node in own_nodes_of(function, ast.With, ast.AsyncWith, ast.Call):
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "close"
                and dotted(func.value) == name
            ):
                return True
        elif isinstance(node, ast.With | ast.AsyncWith) and any(
            dotted(item.optional_vars) == name or dotted(item.context_expr) == name
            for item in node.items
        ):
            return True
    return False


def leak_message(function: str, factory: str) -> dict[str, str]:
    """A dependency (not a generator) that opens a session and never closes it: every request
    leaves one open, until the pool runs dry."""
    return {
        "what_zh": f"依赖 `{function}` 用 `{factory}` 打开的会话从不关闭，每个请求都会留下一个",
        "what_en": f"dependency `{function}` opens a session with `{factory}` and never closes "
        "it, so every request leaves one open",
        "advice_zh": "让它从 `get_db` 这样 yield 会话、并在 finally 里关闭的依赖取会话",
        "advice_en": "take the session from a dependency that yields it and closes it in "
        "`finally` (like `get_db`)",
    }
