"""Strawberry resolvers that run on the event loop though they are plain ``def``.

FastAPI runs a ``def`` route in its thread pool; Strawberry does not do that for a ``def``
resolver. Served by an async integration (``strawberry.fastapi``'s ``GraphQLRouter``,
``strawberry.asgi``'s ``GraphQL``, aiohttp's, Django's ``AsyncGraphQLView``...), the schema is
executed on the loop and a sync resolver is called right there (strawberry-graphql#3187): a
``requests.get`` or a ``sqlite3`` query in it holds every request (blind check g1). Served by a
sync view (``strawberry.flask``'s or ``strawberry.django``'s ``GraphQLView``) it blocks only its
own worker, and graphene executes its resolvers synchronously: neither is reported.

Whether a schema is served on the loop is known only across files (the schema in ``schema.py``,
the router in ``main.py``): each file reports its resolvers' blocking calls, and the project
check keeps them where the project serves Strawberry through an async integration. So are their
calls to the project's blocking helpers (``fetch_cover`` wrapping ``requests.get`` in another
module), paired like an async function's (``_blocking_pairs``, blind check r2).
"""

from __future__ import annotations

import ast

from mentorbot.domain import Text
from mentorbot.rules._names import dotted, functions, qualified, walk_of
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

RESOLVER_MAKERS = frozenset({"strawberry.field", "strawberry.mutation", "strawberry.subscription"})
ENDPOINT_SIGNAL = "graphql-endpoint"


def sync_resolvers(ctx: FileContext) -> list[ast.FunctionDef]:
    """The plain ``def`` Strawberry resolvers of a file: under ``@strawberry.field`` or
    ``@strawberry.mutation``, or named by a field's ``resolver=`` in this file."""
    if not any(target.split(".")[0] == "strawberry" for target in ctx.imports.values()):
        return []
    named = {
        dotted(resolver)
        for call in walk_of(ctx.tree, ast.Call)
        if qualified(call.func, ctx.imports) in RESOLVER_MAKERS
        and (resolver := _keyword(call, "resolver")) is not None
    }
    return [
        function
        for function in functions(ctx.tree)
        if isinstance(function, ast.FunctionDef)
        and (
            function.name in named
            or any(_is_maker(decorator, ctx.imports) for decorator in function.decorator_list)
        )
    ]


def _is_maker(decorator: ast.expr, imports: dict[str, str]) -> bool:
    """Whether a decorator is one of Strawberry's field makers, called or not."""
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    return qualified(called, imports) in RESOLVER_MAKERS


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((item.value for item in call.keywords if item.arg == name), None)


def served_on_loop(project: ProjectView) -> bool:
    """Whether the project serves a Strawberry schema through an async integration."""
    return any(
        signal.data.get("library") == "strawberry"
        and signal.data.get("async") == "1"
        and not project.in_tests(path)
        for path, signal in project.signals(ENDPOINT_SIGNAL)
    )


BLOCKING_IN_RESOLVER = Text(
    zh="`{function}` 是普通 def 的 Strawberry 解析函数，Strawberry 的异步集成会直接在事件循环上"
    "调用它，其中阻塞的 `{call}` 会卡住事件循环（改成 async def 并 await 异步版本，"
    "或用 `asyncio.to_thread` 调用）",
    en="`{call}` blocks the event loop inside `{function}`, a sync Strawberry resolver that "
    "Strawberry's async integration calls on the loop (make it `async def` and await an async "
    "counterpart, or run the call with `asyncio.to_thread`)",
)
"""MB101's words for a sync resolver's blocking call: "inside async function" would be false."""
DRIVER_IN_RESOLVER = Text(
    zh="{engine_zh}被普通 def 的 Strawberry 解析函数 `{function}` 使用；Strawberry 的异步集成"
    "会在事件循环上调用它，会阻塞事件循环",
    en="{engine_en} is used from `{function}`, a sync Strawberry resolver that Strawberry's "
    "async integration calls on the event loop, and blocks the loop",
)
"""MB111's words for a sync driver queried from such a resolver."""


def render(template: Text, args: dict[str, str]) -> Text:
    return Text(zh=template.zh.format_map(args), en=template.en.format_map(args))
