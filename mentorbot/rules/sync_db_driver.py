"""MB111: an async app whose async code talks to the database through a sync engine.

Reported at the ``create_engine`` line, and only when some ``async def`` outside the tests
actually uses the sync side on the loop's thread: queries through a parameter typed as a sync
``Session`` or a session made by a sync factory or ``Session(engine)`` (or hands it to a function
that may), or ``with engine.connect()`` on that engine. A sync engine in an app whose handlers
are plain ``def`` is fine — FastAPI runs those in a thread pool — and so is an async route that
does its session's work in ``run_in_threadpool`` or ``asyncio.to_thread``. A sync driver used
without SQLAlchemy (psycopg2, pymysql, PyMongo) is reported where its connection or client is
made (``_sync_drivers``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal, Text
from mentorbot.rules import _sync_engine_case_sets as case_sets
from mentorbot.rules._blocking_pairs import session_helper_users
from mentorbot.rules._engine_places import (
    app_folders,
    app_of,
    async_dependencies_of_sync_routes,
    imported_paths,
)
from mentorbot.rules._kept_sessions import kept_sessions, sessions_by_method
from mentorbot.rules._names import (
    dotted,
    functions,
    own_nodes,
    own_nodes_of,
    param_defaults,
    positional_params,
    qualified,
    truthy,
)
from mentorbot.rules._provided_classes import depends_target
from mentorbot.rules._session_io import KEPT_SESSION_CALL_SIGNAL, blocking_session_calls
from mentorbot.rules._session_pairs import (
    imported_session_users,
    kept_session_call_kind,
    yields_sync_session,
)
from mentorbot.rules._sessions import (
    ASYNC,
    SYNC,
    SessionVar,
    module_sync_sessions,
    session_aliases,
    session_kind,
    session_vars,
    sync_session_factories,
)
from mentorbot.rules._sync_drivers import driver_hits, driver_signals
from mentorbot.rules._table_makers import in_spans, uncalled_spans
from mentorbot.rules.base import FileContext, FixHints, ProjectHit, Rule
from mentorbot.rules.project import ProjectView

USES_SIGNAL = "rule:async-db-use"


def _collect(ctx: FileContext) -> Iterator[Signal]:
    yield from driver_signals(ctx)
    if ctx.in_tests:
        return
    aliases = session_aliases(ctx.tree, ctx.imports)
    kept = sessions_by_method(ctx.tree, kept_sessions(ctx.tree, ctx.imports, aliases))
    shared = module_sync_sessions(ctx.tree, ctx.imports)
    for function in functions(ctx.tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        sessions = session_vars(function, ctx.imports, aliases)
        for name, kind in kept.get(id(function), {}).items():
            if kind == SYNC:
                sessions[name] = SessionVar(name, kind, line=function.lineno)
        for name in shared - set(sessions):
            sessions[name] = SessionVar(name, SYNC, line=function.lineno)
        for var in sessions.values():
            if var.kind != ASYNC and next(blocking_session_calls(function, ctx, {var.name}), None):
                yield Signal(
                    kind=USES_SIGNAL,
                    line=var.line or function.lineno,
                    name=function.name,
                    data={"kind": var.kind, "factory": var.factory},
                )
        yield from _hinted_sessions(function, ctx, aliases)
        for node in own_nodes(function):
            if isinstance(node, ast.With):
                for item in node.items:
                    call = item.context_expr
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr in {"connect", "begin"}
                        and dotted(call.func.value)
                    ):
                        yield Signal(
                            kind=USES_SIGNAL,
                            line=node.lineno,
                            name=function.name,
                            data={"engine": dotted(call.func.value).rsplit(".", 1)[-1]},
                        )


def _hinted_sessions(
    function: ast.AsyncFunctionDef, ctx: FileContext, aliases: dict[str, str]
) -> Iterator[Signal]:
    """``session: AsyncSession = Depends(get_db)``, the session then used: the annotation says
    async, but the session is what ``get_db`` yields; the project check asks whether that is a
    sync one (``SessionLocal()`` of a sync engine, which cannot be awaited)."""
    hinted = [
        param
        for param in positional_params(function)
        if param.annotation is not None
        and session_kind(param.annotation, ctx.imports, aliases) == ASYNC
    ]
    if not hinted:
        return
    defaults = param_defaults(function.args)
    used = {node.id for node in own_nodes_of(function, ast.Name)}
    for param in hinted:
        dependency = depends_target(defaults.get(param.arg))
        if param.arg in used and dependency is not None and dotted(dependency):
            yield Signal(
                kind=USES_SIGNAL,
                line=param.lineno,
                name=function.name,
                data={"dependency": qualified(dependency, ctx.imports)},
            )


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    yield from driver_hits(project)
    yield from _engine_hits(project)


def _engine_hits(project: ProjectView) -> Iterator[ProjectHit]:
    uncalled = uncalled_spans(project)
    engines = [
        (path, signal)
        for path, signal in project.signals("engine")
        if not truthy(signal.data.get("async"))
        and not project.in_tests(path)
        and not in_spans(uncalled, path, signal.line)
    ]
    if not engines:
        return
    engine_names = {signal.name for _, signal in engines}
    sync_factories = project.lookup(sync_session_factories)
    uses: list[tuple[str, str]] = [
        (path, use.name)
        for path, use in project.signals(USES_SIGNAL)
        if use.data.get("kind") == "sync"
        or use.data.get("factory") in sync_factories
        or use.data.get("engine") in engine_names
        or ("dependency" in use.data and yields_sync_session(project, use.data["dependency"], path))
    ]
    uses += [
        (path, use.name)
        for path, use in project.signals(KEPT_SESSION_CALL_SIGNAL)
        if kept_session_call_kind(project, use) == SYNC
    ]
    uses += imported_session_users(project)
    # The lifespan runs once, before any request is served: its start-up check blocks no one.
    startup = {signal.name for _, signal in project.signals("lifespan")}
    startup |= async_dependencies_of_sync_routes(project)
    uses = [(path, function) for path, function in uses if function not in startup]
    if not uses:
        uses = [
            (path, function)
            for path, function in session_helper_users(project).items()
            if function not in startup
        ]
    if not uses:
        return
    # Beside an engine the users' files or their imports reach, one in a module nothing
    # imports (a leftover ``db/session.py``) is used by no one.
    used_in = {path for path, _ in uses}
    reached = imported_paths(project, {path for path, _ in engines} - used_in) | used_in
    engines = [(path, signal) for path, signal in engines if path in reached] or engines
    folders = app_folders(project)
    for path, signal in engines:
        # A repo of several apps (one per exercise folder or service): an engine counts where
        # its own app uses it.
        app = app_of(path, folders)
        used_by = next(
            (function for where, function in uses if app is None or app_of(where, folders) == app),
            "",
        )
        if not used_by:
            continue
        scheme = signal.data.get("url_scheme")
        yield ProjectHit(
            path,
            signal.line,
            {
                "engine_zh": f"同步引擎（{scheme}）" if scheme else "同步引擎",
                "engine_en": f"sync engine ({scheme})" if scheme else "sync engine",
                "function": used_by,
            },
        )


FIX_HINTS = FixHints(
    removed=(
        r"\bcreate_engine\(|\b(?:psycopg2|pymysql|sqlite3)\b",
        r"(?i:\b(?:postgres(?:ql)?|mysql|sqlite)(?:\+\w+)?://)",
    ),
)
"""Its fixes change the engine or the driver in its URL."""

RULE = Rule(
    id="MB111",
    name="sync-db-driver-in-async-app",
    category="sync-db-driver-in-async-app",
    severity="high",
    area="database",
    title=Text(zh="异步应用用了同步数据库驱动", en="Sync database driver in an async app"),
    explanation=Text(
        zh="跑在事件循环上的代码（`async def` 路由，或应用调度的协程）却通过同步引擎或驱动"
        "（psycopg2、pymysql、sqlite3、PyMongo）访问数据库。每次查询都会在事件循环上阻塞等待，"
        "并发一上来，所有请求就排队等同一条查询——async 的好处全没了，还不如同步写法。",
        en="Code that runs on the event loop (an `async def` route, or a coroutine the app "
        "schedules) reaches the database through a synchronous engine or driver (psycopg2, "
        "pymysql, sqlite3, PyMongo). Every query blocks the event loop while it waits, so under "
        "load all requests queue behind one query: you lose everything async offers and end up "
        "slower than plain sync code.",
    ),
    fix=Text(
        zh="统一成异步栈：`create_async_engine('postgresql+asyncpg://...')`（SQLite 用 aiosqlite，"
        "MySQL 用 aiomysql 或 asyncmy），"
        "`async_sessionmaker` 和 `AsyncSession`，查询都加上 `await`；不用 ORM 时换成 asyncpg"
        "（或 psycopg 3 的异步连接），MongoDB 换成 motor。如果暂时不想改，"
        "就把用到数据库的路由改回普通 `def`。",
        en="Go async end to end: `create_async_engine('postgresql+asyncpg://...')` (aiosqlite for "
        "SQLite, aiomysql or asyncmy for MySQL), `async_sessionmaker` and `AsyncSession`, with "
        "every query awaited; without an ORM, asyncpg (or psycopg 3's async connection), and "
        "motor for MongoDB. If you are not ready for that, make the database routes plain `def` "
        "for now.",
    ),
    lesson=Text(
        zh="异步是“传染”的：调用链上只要有一环是同步阻塞的，整条链就会被拖住。选型时要让驱动、ORM、框架步调一致。",
        en="Async is all-or-nothing along a call chain: one blocking link stalls the whole "
        "chain. Pick driver, ORM and framework so they all speak the same model.",
    ),
    message=Text(
        zh="{engine_zh}被异步函数 `{function}` 使用，会阻塞事件循环",
        en="{engine_en} is used from async function `{function}` and blocks the event loop",
    ),
    check_project=_check_project,
    collect_signals=_collect,
    bad=case_sets.BAD,
    good=case_sets.GOOD,
    fix_hints=FIX_HINTS,
)
