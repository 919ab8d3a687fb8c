"""MB103's engines made per request: ``create_engine(...)`` inside the dependency that yields a
session, or inside a route, builds a new connection pool for every request and throws it away
(blind check corpus 95). An engine is made once, at import or start-up."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    is_generator,
    own_nodes_of,
    qualified,
)
from mentorbot.rules._routes import handler_kinds
from mentorbot.rules.base import FileContext, Hit

ENGINE_FACTORIES = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlmodel.create_engine",
    }
)


def engines_per_call(ctx: FileContext) -> Iterator[Hit]:
    """Each engine a request's handler or a yielding dependency makes when it runs."""
    if ctx.in_tests:
        return
    handlers = handler_kinds(ctx.tree, ctx.imports)
    for function in functions(ctx.tree):
        if id(function) not in handlers and not (
            is_generator(function) and not _lifespan(function)
        ):
            continue
        for call in own_nodes_of(function, ast.Call):
            if qualified(call.func, ctx.imports) in ENGINE_FACTORIES:
                yield Hit(call.lineno, _engine_per_call(function.name))


def _engine_per_call(function: str) -> dict[str, str]:
    return {
        "what_zh": f"`{function}` 每次被调用都新建一个 engine，也就是一个新的连接池",
        "what_en": f"`{function}` makes a new engine, a whole connection pool, every time it runs",
        "advice_zh": "在模块加载或应用启动时只创建一次 engine，之后一直复用它",
        "advice_en": "create the engine once, at import or start-up, and reuse it",
    }


def _lifespan(function: FunctionNode) -> bool:
    """``async def lifespan(app: FastAPI): engine = create_async_engine(...); yield``: it runs
    once, at start-up."""
    params = [*function.args.posonlyargs, *function.args.args]
    first = params[0] if params else None
    return "lifespan" in function.name or (
        first is not None
        and (first.arg in {"app", "_app"} or dotted(first.annotation).endswith("FastAPI"))
    )
