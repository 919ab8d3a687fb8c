"""MB106's message arguments in both languages: what the handler catches, where it sits, and
what goes wrong there."""

from __future__ import annotations


def swallowed(caught: str, owner: str | None) -> dict[str, str]:
    return {
        "caught": caught,
        **handler_place(owner),
        "problem_zh": "没有重新抛出，错误会被吞掉",
        "problem_en": "swallows the error instead of re-raising it",
    }


def hidden(caught: str, owner: str | None, status: str) -> dict[str, str]:
    if status.startswith("4"):
        return {
            "caught": caught,
            **handler_place(owner),
            "problem_zh": f"把任何错误（包括服务器自身的故障和 bug）都变成 {status}，"
            "这里却没有记录它：客户端被告知是自己的错，真正的原因却无处可查；只捕获客户端会引起的异常，"
            "其余的让它变成 500，或者用 `logger.exception(...)` 记下它",
            "problem_en": f"turns every error, the server's own failures and bugs included, into "
            f"a {status} without recording it: the client is told the fault was theirs while "
            "the real cause is lost; catch only the errors the client can cause and let the rest "
            "become a 500, or log it with `logger.exception(...)`",
        }
    return {
        "caught": caught,
        **handler_place(owner),
        "problem_zh": "把任何错误（包括 bug）都变成 500，这里却没有记录它：除非被调用的代码已经"
        "记了日志，原因就丢了；用 `logger.exception(...)` 记下它，或者把捕获范围收窄",
        "problem_en": "turns every error, bugs included, into a 500 without recording it here: "
        "unless the code it calls logged it, the cause is lost; log it with "
        "`logger.exception(...)`, or catch narrower errors",
    }


def catches_own(caught: str, owner: str | None, line: int) -> dict[str, str]:
    return {
        "caught": caught,
        **handler_place(owner),
        "problem_zh": f"也会接住 try 里第 {line} 行抛出的 `HTTPException`，客户端收到的就不再是"
        "那个状态码了；先 `except HTTPException: raise`，或者把捕获范围收窄",
        "problem_en": f"also catches the `HTTPException` its `try` raises on line {line}, so the "
        "client never gets that status; add `except HTTPException: raise` before it, or catch "
        "narrower errors",
    }


def catches_raised(caught: str, owner: str | None, callee: str, status: str) -> dict[str, str]:
    return {
        "caught": caught,
        **handler_place(owner),
        "problem_zh": f"也会接住 try 里调用的 `{callee}` 抛出的 `HTTPException`（{status}），"
        "客户端收到的就不再是那个状态码了；先 `except HTTPException: raise`，或者把捕获范围收窄",
        "problem_en": f"also catches the `HTTPException` ({status}) that `{callee}`, called in "
        "its `try`, raises, so the client never gets that status; add `except HTTPException: "
        "raise` before it, or catch narrower errors",
    }


def handler_place(owner: str | None) -> dict[str, str]:
    """Where the handler sits, in each language: a function, or the module's top level (a
    script, a Streamlit page), which has no name a learner would know."""
    if owner is None:
        return {"where_zh": "模块顶层", "where_en": "at module level"}
    return {"where_zh": f"`{owner}` 中", "where_en": f"in `{owner}`"}
