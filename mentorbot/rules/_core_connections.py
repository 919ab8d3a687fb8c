"""SQLAlchemy Core connections of a sync engine, taken inside ``async def`` code (MB101).

Learners who write their queries as ``text("SELECT ...")`` skip the session and ask the engine
for a connection: ``with engine.connect() as conn:`` or ``with engine.begin() as conn:``. On a
sync engine (``create_engine``) that checks a connection out of the pool, logging in when the
pool has none free, and every statement then runs on the loop's thread. The call is reported
where the connection is taken, once per connection, as a driver's ``psycopg2.connect`` is.

Whether the engine is sync is the project's to say: it is usually made in a ``database.py``
the routes import. Each file reports where its coroutines take a connection from a name
(``data.target``: that name qualified through the imports, "" for one of the file's own); the
project check pairs them with the sync engines the project makes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking_calls import wrapped_in_thread
from mentorbot.rules._names import (
    dotted,
    functions,
    module_matches,
    own_nodes_of,
    qualified,
    truthy,
)
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import ProjectView

CORE_CONNECT_SIGNAL = "rule:core-connect"
"""A coroutine takes a connection from an engine-like name (``name``: the coroutine,
``detail``: the call as written, ``data.target``: the name qualified, "" when the file binds it)."""
CONNECTING_METHODS = frozenset({"connect", "begin"})
ENGINE_SIGNAL = "engine"


def core_connect_signals(ctx: FileContext) -> Iterator[Signal]:
    """``engine.connect()`` / ``engine.begin()`` calls in the file's coroutines, on the loop's
    thread: not awaited and not entered by ``async with`` (an ``AsyncEngine``'s are), not
    handed to a thread."""
    if ctx.in_tests:
        return
    for function in functions(ctx.tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        asynchronous = {id(node.value) for node in own_nodes_of(function, ast.Await)}
        for node in own_nodes_of(function, ast.AsyncWith):
            asynchronous.update(id(item.context_expr) for item in node.items)
        for call in own_nodes_of(function, ast.Call):
            func = call.func
            if (
                id(call) in asynchronous
                or call.args
                or call.keywords
                or not isinstance(func, ast.Attribute)
                or func.attr not in CONNECTING_METHODS
            ):
                continue
            holder = dotted(func.value)
            if not holder or holder.split(".", 1)[0] in {"self", "cls"}:
                continue
            if wrapped_in_thread(call, ctx, function):
                continue
            head = holder.split(".", 1)[0]
            target = qualified(func.value, ctx.imports) if head in ctx.imports else ""
            yield Signal(
                kind=CORE_CONNECT_SIGNAL,
                line=call.lineno,
                name=function.name,
                detail=f"{holder}.{func.attr}",
                data={"target": target} if target else {},
            )


def core_connect_hits(project: ProjectView) -> Iterator[ProjectHit]:
    """Each connection a coroutine takes from an engine the project makes with
    ``create_engine`` (and never with ``create_async_engine`` under the same name there)."""
    engines: dict[tuple[str, str], bool] = {}
    for path, signal in project.signals(ENGINE_SIGNAL):
        key = (path, signal.name)
        engines[key] = engines.get(key, True) and not truthy(signal.data.get("async"))
    sync_engines = [key for key, sync in engines.items() if sync]
    if not sync_engines:
        return
    for path, use in project.signals(CORE_CONNECT_SIGNAL):
        holder = use.detail.rsplit(".", 1)[0]
        target = use.data.get("target", "")
        if target:
            module, _, name = target.rpartition(".")
            found = any(
                engine == name and module and module_matches(module, where)
                for where, engine in sync_engines
            )
        else:
            found = (path, holder) in sync_engines
        if found:
            yield ProjectHit(path, use.line, {"call": use.detail, "function": use.name})
