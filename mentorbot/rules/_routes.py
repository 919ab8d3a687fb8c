"""FastAPI's route handlers in a file: the functions an HTTP request runs."""

from __future__ import annotations

import ast

from mentorbot.rules._names import FunctionNode, functions

ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "api_route"})


def imports_fastapi(imports: dict[str, str]) -> bool:
    return any(target.split(".")[0] == "fastapi" for target in imports.values())


def route_decorator(function: FunctionNode) -> ast.Call | None:
    """The ``@app.get(...)`` / ``@router.post(...)`` decorator call of a FastAPI handler."""
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_METHODS
        ):
            return decorator
    return None


LOOP_RUNNERS = frozenset({"asyncio.run", "anyio.run", "trio.run", "uvloop.run"})
"""Calls that run an event loop of the module's own: a script, not a server's routes."""
OTHER_WEB_FRAMEWORKS = frozenset(
    {"flask", "quart", "sanic", "aiohttp", "ninja", "litestar", "bottle", "falcon", "tornado"}
)
"""Frameworks whose ``@app.get("/path")`` looks like FastAPI's but whose handlers are not."""


def route_handlers(tree: ast.Module, imports: dict[str, str]) -> list[FunctionNode]:
    """HTTP route handlers of a file that uses FastAPI (websocket handlers excluded).

    A routes module that takes its app or router from another module (``from main import
    app``) need not import FastAPI itself: there, a handler counts when its decorator names a
    URL path (``"/users"``) and the file imports no other web framework, as the scan's route
    signals count it.
    """
    if imports_fastapi(imports):
        return [function for function in functions(tree) if route_decorator(function) is not None]
    if any(target.split(".")[0] in OTHER_WEB_FRAMEWORKS for target in imports.values()):
        return []
    return [
        function
        for function in functions(tree)
        if (decorator := route_decorator(function)) is not None and _names_url_path(decorator)
    ]


def _names_url_path(decorator: ast.Call) -> bool:
    path = decorator.args[0] if decorator.args else None
    for keyword in decorator.keywords:
        if keyword.arg == "path":
            path = keyword.value
    return (
        isinstance(path, ast.Constant)
        and isinstance(path.value, str)
        and path.value.startswith("/")
    )
