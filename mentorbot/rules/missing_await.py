"""MB109: a coroutine is called inside ``async def`` but never awaited.

Conservative on purpose. Only six kinds of call count: a function the project itself defines
with ``async def`` (not an async generator), resolved through the imports to the file that
defines it (a ``def`` later in the module rebinds an imported name: a route named like the
helper it imports calls itself); a coroutine method (``commit``, ``execute``, ...) of an
``AsyncSession``, also one a class keeps on ``self`` from its own ``__init__`` or a base
class's (``_kept_sessions``), or one made at import in this module or the one it is imported
from (``from database import session``, ``_await_targets.ModuleNames``); a
coroutine a library hands over (``file.read()`` of an ``UploadFile``, ``asyncio.sleep``, an
``AsyncOpenAI`` request: ``_library_coroutines``); a coroutine method of the caller's own class
(``self.get_article(id)`` in a repository class); one of a module-level instance
(``manager.load_and_add_doc(path)``, its class in any module); and a call the same file awaits
elsewhere, through the same chain from ``self`` (in the same class) or from a module-level name
(``await AppCtx.current.db.session.execute(...)`` in one route, the bare call in another). The
call must be a bare statement, tested or read where it is made (``if verify_user(...):``,
which is always true), or assigned to a name that is then used as a value (``user.name``, ``if
user is None``, ``jsonify({"results": results})``) or never read — a coroutine handed to
``await``, ``create_task``, ``gather``, a list or only to ``return`` is not reported, except
the project's own coroutine function a route (``def`` or ``async def``) returns: it answers
with a coroutine that never ran.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal, Text
from mentorbot.rules import _await_case_sets as case_sets
from mentorbot.rules._await_project import ASYNC_GENERATOR_SIGNAL, UNAWAITED_SIGNAL, check_project
from mentorbot.rules._await_targets import (
    ModuleNames,
    callee_reference,
    held_instance,
    own_coroutines,
    own_method,
    parameter_instance,
    shadowing_defs,
)
from mentorbot.rules._awaited import AwaitedChains
from mentorbot.rules._held_objects import instances
from mentorbot.rules._kept_sessions import (
    inherited_attributes,
    kept_sessions,
    sessions_by_method,
)
from mentorbot.rules._library_coroutines import A_METHODS, LibraryCoroutines
from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    is_generator,
    last_part,
    own_nodes_of,
)
from mentorbot.rules._routes import route_handlers
from mentorbot.rules._sessions import (
    ASYNC,
    SESSION_LIKE_NAME,
    SYNC,
    SessionVar,
    session_aliases,
    session_vars,
)
from mentorbot.rules._unawaited import unawaited_calls
from mentorbot.rules.base import FileContext, FixHints, Rule

SESSION_COROUTINES = frozenset(
    {"commit", "execute", "refresh", "flush", "scalar", "scalars", "get", "delete", "close"}
    | {"rollback", "run_sync", "merge", "stream", "stream_scalars", "get_one", "connection"}
)


def _a_method(func: ast.expr) -> str:
    """The name of a LangChain-style ``a``-method that ``func`` calls, or ""."""
    return func.attr if isinstance(func, ast.Attribute) and func.attr in A_METHODS else ""


def _unawaited(call: ast.Call, function: FunctionNode, name: str, **data: str) -> Signal:
    return Signal(
        kind=UNAWAITED_SIGNAL, line=call.lineno, name=name, detail=function.name, data=data
    )


def _collect(ctx: FileContext) -> Iterator[Signal]:
    aliases = session_aliases(ctx.tree, ctx.imports)
    owned: dict[int, frozenset[str]] | None = None
    chains: AwaitedChains | None = None
    library: LibraryCoroutines | None = None
    module_names: ModuleNames | None = None
    shadowed: frozenset[str] | None = None
    instances_here = instances(ctx.tree.body)
    kept = kept_sessions(ctx.tree, ctx.imports, aliases)
    kept_by_method = sessions_by_method(ctx.tree, kept)
    inherited = {
        id(method): (" ".join(bases), attributes)
        for method, bases, attributes in inherited_attributes(ctx.tree, ctx.imports, kept)
    }
    for function in functions(ctx.tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        if is_generator(function):
            yield Signal(kind=ASYNC_GENERATOR_SIGNAL, line=function.lineno, name=function.name)
        sessions = session_vars(function, ctx.imports, aliases)
        for name, kind in kept_by_method.get(id(function), {}).items():
            sessions[name] = SessionVar(name, kind)
        bases, attributes = inherited.get(id(function), ("", set()))
        for call in unawaited_calls(function, ctx):
            func = call.func
            library = library or LibraryCoroutines(ctx)
            if library.coroutine(call, function):
                yield _unawaited(
                    call, function, dotted(func), via="library", a_method=_a_method(func)
                )
                continue
            holder, method = (
                (dotted(func.value), func.attr) if isinstance(func, ast.Attribute) else ("", "")
            )
            if holder in attributes and method in SESSION_COROUTINES:
                name = f"{holder}.{method}"
                yield _unawaited(call, function, name, via="base", bases=bases, holder=holder)
            session = sessions.get(holder)
            # ``r = _Repo()`` may be a session factory's call by its shape alone: only one
            # known to be a session, or named like one, is taken for one.
            if session is not None and (session.kind or SESSION_LIKE_NAME.search(session.factory)):
                if method in SESSION_COROUTINES and session.kind != SYNC:
                    name = f"{holder}.{method}"
                    kind, factory = session.kind, session.factory
                    yield _unawaited(
                        call, function, name, via="session", kind=kind, factory=factory
                    )
                continue
            if holder and method in SESSION_COROUTINES:
                module_names = module_names or ModuleNames(ctx)
                if held_at := module_names.qualified(holder, function):
                    name = f"{holder}.{method}"
                    yield _unawaited(call, function, name, via="module-session", ref=held_at)
            owned = own_coroutines(ctx) if owned is None else owned
            if own := own_method(call, function, owned):
                yield _unawaited(call, function, own, via="own-method")
                continue
            held = held_instance(call, instances_here, function) or parameter_instance(
                call, function, ctx.imports
            )
            if held:
                name = dotted(func) or f"{held}().{getattr(func, 'attr', '')}"
                yield _unawaited(call, function, name, via="instance", cls=held)
                continue
            chains = chains or AwaitedChains(ctx)
            if chains.awaited_elsewhere(call, function):
                yield _unawaited(call, function, dotted(func), via="awaited-elsewhere")
                continue
            shadowed = shadowing_defs(ctx) if shadowed is None else shadowed
            reference = callee_reference(call, ctx, shadowed)
            if reference:
                yield _unawaited(call, function, last_part(reference), via="name", ref=reference)
    yield from _returned_by_routes(ctx, shadowed)
    yield from _called_from_plain_defs(ctx, shadowed, aliases)
    yield from _dropped_at_top_level(ctx)


_BLOCKS = ("body", "orelse", "finalbody", "handlers")


def _dropped_at_top_level(ctx: FileContext) -> Iterator[Signal]:
    """``main()`` of the module's own ``async def main`` as a statement of the script's top
    level (``if __name__ == "__main__": main()``): a coroutine made and dropped, the program
    does nothing. ``asyncio.run(main())`` hands it over; that is no statement of its own."""
    local = {node.name for node in ctx.tree.body if isinstance(node, ast.AsyncFunctionDef)}
    if not local:
        return
    pending: list[tuple[ast.stmt, str]] = [(node, "<module>") for node in ctx.tree.body]
    while pending:
        node, where = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Name) and func.id in local:
                yield Signal(
                    kind=UNAWAITED_SIGNAL,
                    line=node.value.lineno,
                    name=func.id,
                    detail=where,
                    data={"via": "top-level"},
                )
            continue
        if isinstance(node, ast.If) and "__name__" in ast.dump(node.test):
            where = "__main__"
        for block in _BLOCKS:
            for child in getattr(node, block, ()):
                if isinstance(child, ast.ExceptHandler):
                    pending.extend((statement, where) for statement in child.body)
                elif isinstance(child, ast.stmt):
                    pending.append((child, where))


def _called_from_plain_defs(
    ctx: FileContext, shadowed: frozenset[str] | None, aliases: dict[str, str]
) -> Iterator[Signal]:
    """A plain ``def`` cannot await: the project's coroutine function it calls and then uses
    (``target = service.find_target(...)``, ``if not target:``) or drops never runs — a route
    left sync when its services became async — nor does a library's (an asyncio Redis client's
    command), nor an ``AsyncSession``'s ``commit()`` in a plain ``def`` route handed one by
    ``Depends`` (blind check c1). Only calls through an import or to this module's own ``async
    def`` are recorded; the project check keeps those that name a coroutine."""
    local = {node.name for node in ctx.tree.body if isinstance(node, ast.AsyncFunctionDef)}
    library: LibraryCoroutines | None = None
    for function in functions(ctx.tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        sessions: dict[str, SessionVar] | None = None
        for call in unawaited_calls(function, ctx):
            library = library or LibraryCoroutines(ctx)
            if library.coroutine(call, function):
                # ``redis_client.setex(...)`` of an asyncio client in a plain def: never sent.
                name = dotted(call.func)
                yield _unawaited(call, function, name, via="library", a_method=_a_method(call.func))
                continue
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr in SESSION_COROUTINES:
                # Only a call named like a session's coroutine asks what the sessions are.
                if sessions is None:
                    sessions = session_vars(function, ctx.imports, aliases)
                holder = dotted(func.value)
                session = sessions.get(holder)
                if session is not None and session.kind == ASYNC:
                    name = f"{holder}.{func.attr}"
                    yield _unawaited(call, function, name, via="session", kind=ASYNC)
                    continue
            head = call.func.value if isinstance(call.func, ast.Attribute) else call.func
            if not isinstance(head, ast.Name) or (
                head.id not in ctx.imports and head.id not in local
            ):
                continue
            shadowed = shadowing_defs(ctx) if shadowed is None else shadowed
            if reference := callee_reference(call, ctx, shadowed):
                name = last_part(reference)
                yield _unawaited(call, function, name, via="name", ref=reference)


def _returned_by_routes(ctx: FileContext, shadowed: frozenset[str] | None) -> Iterator[Signal]:
    """A route answers with what it returns: ``return crud.create_image(db, image)`` of a
    coroutine function, even from a plain ``def`` route, answers with a coroutine that never
    ran (a helper returning one to an awaiting caller is fine, a route has none)."""
    for route in route_handlers(ctx.tree, ctx.imports):
        for node in own_nodes_of(route, ast.Return):
            if isinstance(node.value, ast.Call):
                if cls := parameter_instance(node.value, route, ctx.imports):
                    name = dotted(node.value.func)
                    yield _unawaited(node.value, route, name, via="instance", cls=cls)
                    continue
                shadowed = shadowing_defs(ctx) if shadowed is None else shadowed
                if reference := callee_reference(node.value, ctx, shadowed):
                    name = last_part(reference)
                    yield _unawaited(node.value, route, name, via="name", ref=reference)


FIX_HINTS = FixHints(awaited=True)
"""Its fixes await the call a removed line made."""

RULE = Rule(
    id="MB109",
    name="missing-await",
    category="missing-await",
    severity="high",
    area="async",
    title=Text(zh="协程调用忘了 await", en="Coroutine called without await"),
    explanation=Text(
        zh="调用 async 函数只会得到一个协程对象，不 await 它，函数体根本不会执行："
        "比如没 await 的 `session.commit()` 什么也没提交，没 await 的发送函数什么也没发出，"
        "而程序照常往下走，不报任何错（最多一条容易被忽略的 RuntimeWarning）。",
        en="Calling an async function only creates a coroutine object; unless it is awaited, its "
        "body never runs. An unawaited `session.commit()`, for example, commits nothing, and an "
        "unawaited send sends nothing, while the code carries on without an error — at most a "
        "RuntimeWarning that is easy to miss.",
    ),
    fix=Text(
        zh="在调用前加上 `await`（普通 `def` 里不能 await，调用它的路由或函数要先改成 "
        "`async def`）；如果是想让它在后台跑，"
        "用 `asyncio.create_task(...)` 并保存返回的任务，"
        "或者交给 FastAPI 的 `BackgroundTasks`。",
        en="Put `await` in front of the call (a plain `def` cannot await: the route or helper "
        "that calls it becomes an `async def` first). If it should run in the background, use "
        "`asyncio.create_task(...)` and keep a reference to the task, or hand it to FastAPI's "
        "`BackgroundTasks`.",
    ),
    lesson=Text(
        zh="在异步代码里，“调用”和“执行”是两回事。开启 asyncio 的 debug 模式或 pytest 的警告，"
        "能帮你更早发现漏掉的 await。",
        en="In async code, calling and running are two different things. asyncio's debug mode "
        "and pytest's warnings help you spot a forgotten await early.",
    ),
    message=Text(
        zh="在 `{function}` 中调用了协程 `{call}`，但没有 await，它不会执行",
        en="coroutine `{call}` is never awaited in `{function}`, so it does not run",
    ),
    check_project=check_project,
    collect_signals=_collect,
    bad=case_sets.BAD,
    good=case_sets.GOOD,
    fix_hints=FIX_HINTS,
)
