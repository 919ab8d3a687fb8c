"""MB103: a request-path function opens its own database session instead of receiving one.

Reported: a session created (``SessionLocal()``, ``async_session()``, ``Session(engine)``) in a
route handler, in a function a route handler calls by name (or that such a function calls by
name in its own module, and so on: the login route's ``authenticate_user`` calling
``get_user``), or in a function of a CRUD / repository / service module. Not reported:
generator dependencies (``get_db`` that yields), functions used with ``Depends``, and code
outside the request path — background workers, CLI and seed scripts, start-up code, tests,
migrations — where opening a session is the right thing. Start-up code is found wherever it
is defined: a function only the app's start-up hooks or module-level code call, in a service
module too (``_startup_code``).

Also reported: a session taken by hand from a dependency, ``db = next(get_db())``: nothing
resumes the generator when the work is done, so its clean-up does not frame the work (CPython
runs it as soon as the dropped generator is collected, before the session is even used).

Also reported: one session, or one database server connection, created at module level and
used by requests, in its own module or in one that imports it: every request then shares it
(``_shared_sessions``).

Also reported, in the same places: a database server connection opened by the function itself,
``psycopg2.connect(...)`` or through the project's own ``get_conn()`` or ``with Database() as
cur:`` (``_connections``), and a ``sqlite3`` connection to a local file opened the same way.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorbot.domain import Signal, Text
from mentorbot.rules import _session_case_sets as case_sets
from mentorbot.rules._connections import FACTORY_SIGNAL, connection_signals
from mentorbot.rules._connections import OPEN_SIGNAL as CONNECTION_SIGNAL
from mentorbot.rules._driver_calls import driver_made
from mentorbot.rules._engine_per_call import engines_per_call
from mentorbot.rules._names import (
    dotted,
    functions,
    is_generator,
    last_part,
    own_nodes_of,
    truthy,
)
from mentorbot.rules._request_path import (
    HANDLER_KINDS,
    RequestPath,
    call_signals,
    method_classes,
)
from mentorbot.rules._routes import handler_kinds
from mentorbot.rules._session_leaks import closes, leak_message
from mentorbot.rules._sessions import (
    session_creations,
    session_factory_names,
    session_scopes,
)
from mentorbot.rules._shared_sessions import (
    CLIENT_ADVICE,
    CLIENT_KINDS,
    CONNECTION_ADVICE,
    FILE_CONNECTION_ADVICE,
    KNOWN_FACTORIES,
    MADE_NAMES,
    SESSION_ADVICE,
    imported_session_hits,
    pair_shared_connections,
    shared_connection_hit,
    shared_connection_signals,
    shared_session_hits,
    shared_session_signals,
)
from mentorbot.rules._startup_code import StartupCode, startup_signals
from mentorbot.rules.base import FileContext, FixHints, ProjectHit, Rule
from mentorbot.rules.project import PathsIndex, ProjectView

OPEN_SIGNAL = "rule:session-open"
BY_HAND_SIGNAL = "rule:session-by-hand"
"""``next(<name>())`` in a function (``name``: the generator called, ``detail``: the function)."""
_DATA_LAYER = re.compile(
    r"(^|/)(crud|cruds|repository|repositories|repo|repos|dao|services?)(/|\.py$)"
    r"|(^|/)(crud_\w+|\w+_(crud|repository|repo|service|dao))\.py$"
)
_OUTSIDE_REQUESTS = re.compile(r"(^|/)(alembic|migrations|scripts)/|(^|/)(seed\w*|manage)\.py$")


def _collect(ctx: FileContext) -> Iterator[Signal]:
    if ctx.in_tests or _OUTSIDE_REQUESTS.search(ctx.path):
        return
    # Handlers by kind: FastAPI's routes, other web frameworks' views, a chat bot's. Only a
    # route's module-level session is shared the way the checks know (across the threadpool); a
    # bot's handlers run one message at a time on its loop, and a session per helper from one
    # sessionmaker is how aiogram's guides work: only the connections they open count for them.
    kinds = handler_kinds(ctx.tree, ctx.imports)
    yield from call_signals(ctx, kinds)
    yield from startup_signals(ctx, set(kinds))
    data_layer = bool(_DATA_LAYER.search(ctx.path))
    route_ids = {handler for handler, kind in kinds.items() if kind == "route"}
    yield from shared_session_signals(ctx, route_ids, data_layer)
    classes = method_classes(ctx.tree)
    places = {
        id(function): {
            **{kind: "1" if kinds.get(id(function)) == kind else "0" for kind in HANDLER_KINDS},
            "data_layer": "1" if data_layer else "0",
            **({"class": classes[id(function)]} if id(function) in classes else {}),
        }
        for function in functions(ctx.tree)
    }
    yield from connection_signals(ctx, places)
    yield from shared_connection_signals(ctx, places)
    yield from session_scopes(ctx.tree, ctx.imports)
    for function in functions(ctx.tree):
        where = places[id(function)]
        for call in own_nodes_of(function, ast.Call):
            taken = _taken_by_hand(call)
            if taken:
                yield Signal(
                    kind=BY_HAND_SIGNAL,
                    line=call.lineno,
                    name=taken,
                    detail=function.name,
                    data=where,
                )
        if is_generator(function):
            continue  # a dependency that yields a session, or a stream: it opens it for itself
        for var in session_creations(function, ctx.imports):
            closed = "1" if closes(function, var.name) else "0"
            yield Signal(
                kind=OPEN_SIGNAL,
                line=var.line,
                name=var.factory or var.kind,
                detail=function.name,
                data={**where, "known": "1" if var.kind else "0", "closed": closed},
            )


def _taken_by_hand(call: ast.Call) -> str:
    """``get_db`` for ``next(get_db())`` (or ``next(deps.get_db())``); else ""."""
    if not (isinstance(call.func, ast.Name) and call.func.id == "next" and len(call.args) == 1):
        return ""
    inner = call.args[0]
    if not isinstance(inner, ast.Call) or inner.args or inner.keywords:
        return ""
    return last_part(dotted(inner.func))


def _dependencies(project: ProjectView) -> PathsIndex:
    """Last part of every name passed to ``Depends`` -> the paths that pass it."""
    dependencies: PathsIndex = {}
    for path, signal in project.signals("depends"):
        if signal.name:
            dependencies.setdefault(last_part(signal.name), []).append(path)
    return dependencies


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    factories = project.lookup(session_factory_names)
    dependencies = project.lookup(_dependencies)
    on_request_path = RequestPath(project)
    on_view_path = RequestPath(project, kinds=("route", "view"))
    on_handler_path = RequestPath(project, kinds=HANDLER_KINDS)
    at_startup = StartupCode(project)

    for path, signal in project.targets(OPEN_SIGNAL):
        function = signal.detail
        known = truthy(signal.data.get("known"))
        if not (known or signal.name in KNOWN_FACTORIES or signal.name in factories):
            continue
        if function in dependencies:
            # A dependency that is no generator: one that never closes its session leaks it;
            # one that closes it used it for its own query (``get_current_user``), on every
            # request it serves, like a route opening its own.
            closed = signal.data.get("closed") != "0"
            message = _opens_own if closed else leak_message
            yield ProjectHit(path, signal.line, message(function, _factory(signal)))
            continue
        on_path = on_view_path(signal, function, path)
        if on_path and not _starts_up(signal, function, path, at_startup):
            yield ProjectHit(path, signal.line, _opens_own(function, _factory(signal)))
    sockets = {(path, signal.name) for path, signal in project.signals("websocket")}
    for path, signal in project.targets(BY_HAND_SIGNAL):
        # next(get_db()) never runs the generator's close, in a websocket handler as in a route.
        socket = (path, signal.detail) in sockets
        if signal.name in dependencies and (socket or on_view_path(signal, signal.detail, path)):
            yield ProjectHit(path, signal.line, _takes_by_hand(signal.detail, signal.name))
    connection_factories = {s.name: s.detail for _, s in project.signals(FACTORY_SIGNAL)}
    for path, signal in project.targets(CONNECTION_SIGNAL):
        function = signal.detail
        if not (truthy(signal.data.get("direct")) or signal.name in connection_factories):
            continue
        # A dependency that connects for its own query (``get_current_user``, no generator
        # handing the connection on) connects on every request it serves.
        on_path = on_handler_path(signal, function, path)
        if function in dependencies or (
            on_path and not _starts_up(signal, function, path, at_startup)
        ):
            made = connection_factories.get(signal.name) or driver_made(signal.name)
            opens = _opens_connection(function, signal.name, made)
            yield ProjectHit(path, signal.line, opens)
    yield from shared_session_hits(project, factories)
    yield from imported_session_hits(project, factories, on_request_path)
    for path, line, name, producer in pair_shared_connections(project, on_request_path):
        yield shared_connection_hit(path, line, name, producer)


def _starts_up(signal: Signal, function: str, path: str, at_startup: StartupCode) -> bool:
    """A function that handles no request itself and runs only at start-up, wherever it is
    defined (``init_db`` of a ``services`` module, called from the startup hook)."""
    if any(truthy(signal.data.get(kind)) for kind in HANDLER_KINDS):
        return False
    return at_startup(function, path)


def _factory(signal: Signal) -> str:
    return signal.name if signal.name not in {"sync", "async"} else "Session(...)"


def _opens_own(function: str, factory: str) -> dict[str, str]:
    return {
        "what_zh": f"`{function}` 自己调用 `{factory}` 创建会话",
        "what_en": f"`{function}` creates its own session with `{factory}`",
        **SESSION_ADVICE,
    }


def _advice_for(made: str) -> dict[str, str]:
    if made == "file-connection":
        return FILE_CONNECTION_ADVICE
    return CLIENT_ADVICE if made in CLIENT_KINDS else CONNECTION_ADVICE


def _opens_connection(function: str, producer: str, made: str) -> dict[str, str]:
    made_zh, made_en = MADE_NAMES.get(made, MADE_NAMES["connection"])
    return {
        "what_zh": f"`{function}` 每次调用都用 `{producer}` 新建一个"
        f"{' ' if made_zh[:1].isascii() else ''}{made_zh}",
        "what_en": f"`{function}` opens a new {made_en} with `{producer}` on every call",
        **_advice_for(made),
    }


def _takes_by_hand(function: str, dependency: str) -> dict[str, str]:
    return {
        "what_zh": f"`{function}` 用 `next({dependency}())` 自己取会话：工作结束时没有谁去恢复"
        "这个生成器，它的清理代码也就管不到这段工作（生成器一被丢弃，清理就立刻执行，"
        "早在会话被使用之前）",
        "what_en": f"`{function}` takes a session with `next({dependency}())`: nothing resumes "
        "the generator when the work is done, so its clean-up does not frame that work (a "
        "generator dropped at once runs it right away, before the session is used)",
        **SESSION_ADVICE,
    }


FIX_HINTS = FixHints(
    removed=(
        r"\bSessionLocal\(|\bSession\(|\bAsyncSession\(",
        r"\b(?:async_)?session_?\w*\(\)",
        r"\b(?:psycopg2?|asyncpg|pymysql|MySQLdb|mysql\.connector)\.connect\(",
        r"\bcreate_(?:async_)?engine\(",
    ),
)
"""Its fixes remove the session, the driver connection or the engine a function made for
itself."""

RULE = Rule(
    id="MB103",
    name="session-per-function",
    category="session-per-function",
    severity="medium",
    area="dependency-injection",
    title=Text(
        zh="在函数内部自己创建数据库会话或连接",
        en="Function opens its own database session or connection",
    ),
    explanation=Text(
        zh="每个函数各自打开会话（`SessionLocal()`、`Session(engine)`），"
        "一个请求里就会有好几个互不相干的会话："
        "它们不在同一个事务里，出错时没法一起回滚，忘了关闭还会耗尽连接池；测试时也没法换成测试数据库。"
        "每次调用都用驱动新建连接（`psycopg2.connect`）还要多付一次网络往返和登录的开销。",
        en="When every function opens its own session (`SessionLocal()`, `Session(engine)`), one "
        "request ends up with several unrelated sessions: they do not share a transaction, cannot "
        "roll back together, leak "
        "connections when a close is missed, and tests cannot swap in a test database. A driver "
        "connection opened per call (`psycopg2.connect`) also costs a network round trip and a "
        "login every time.",
    ),
    fix=Text(
        zh="写一个用 `yield` 交出会话的依赖（`get_db` / `get_session`），路由里用 "
        "`db: Session = Depends(get_db)` 接收，再把这个会话作为参数传给 CRUD 函数。"
        "不用 ORM、直接用驱动时，在启动时建好连接池（`psycopg_pool.ConnectionPool`、"
        "`asyncpg.create_pool`），让依赖从池里借出连接。",
        en="Write one dependency that yields a session (`get_db` / `get_session`), receive it in "
        "routes with `db: Session = Depends(get_db)`, and pass that session into your CRUD "
        "functions as a parameter. With a driver and no ORM, make a pool at start-up "
        "(`psycopg_pool.ConnectionPool`, `asyncpg.create_pool`) and let the dependency yield a "
        "connection from it.",
    ),
    lesson=Text(
        zh="会话的生命周期应该跟着请求走：请求开始时创建，结束时关闭。"
        "依赖注入正是为这种“谁来创建、谁来清理”的问题准备的。",
        en="A session should live exactly as long as the request: opened when it starts, closed "
        "when it ends. Dependency injection exists for precisely this who-creates, "
        "who-cleans-up question.",
    ),
    message=Text(
        zh="{what_zh}；建议{advice_zh}",
        en="{what_en}; {advice_en}",
    ),
    check_file=engines_per_call,
    check_project=_check_project,
    collect_signals=_collect,
    bad=case_sets.BAD,
    good=case_sets.GOOD,
    fix_hints=FIX_HINTS,
)
