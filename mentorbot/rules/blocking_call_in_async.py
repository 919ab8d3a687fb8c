"""MB101: a blocking call made directly inside ``async def`` stalls every request on the loop.

Tests are left out: an async test serves no requests, so its blocking calls starve nobody.

A sync session blocks where it does I/O: its own methods, and any function it is passed to
(``crud.create_book(db, book)`` queries on the loop's thread). A session whose type another module
knows is matched across files: an imported alias (``SessionDep = Annotated[Session,
Depends(get_session)]``, as FastAPI's SQLModel tutorial writes it) or an unannotated
``db=Depends(get_db)`` whose ``get_db`` yields a sync session. Each file reports its aliases, its
session-yielding dependencies and the calls made on such parameters; the project check pairs them.
A session a repository keeps on ``self`` is followed into its base class in another module, and
one typed ``AsyncSession`` in a project whose only engine is sync is a sync session
(``_kept_sessions``).
A call to a project function that itself blocks (``get_weather_data`` wrapping ``requests.get``)
is paired the same way (``_blocking``). Requests through a synchronous LLM client or a LangChain
object block for a whole completion (``_llm_clients``), whichever module builds it
(``_llm_imports``); those through a sync Redis or MongoDB
client for a round trip to the server, whichever module binds the client (``_sync_clients``).
A SQLAlchemy Core connection taken from a sync engine (``with engine.connect() as conn:``) logs
in and runs its statements on the loop's thread too (``_core_connections``).
The bad and good cases are assembled in ``_blocking_case_sets`` and ``_blocking_good_cases``
from the case modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from mentorbot.analysis.python_facts_bots import BOT_LIBRARIES
from mentorbot.domain import Severity, Signal, Text
from mentorbot.rules import _blocking_case_sets as case_sets
from mentorbot.rules import _blocking_good_cases as good_cases
from mentorbot.rules._app_clients import collect_app_client_signals, pair_app_client_signals
from mentorbot.rules._app_hooks import in_a_hook
from mentorbot.rules._blocking import collect_helper_signals
from mentorbot.rules._blocking_calls import blocking_name, fixed_small_reads, wrapped_in_thread
from mentorbot.rules._blocking_pairs import pair_helper_signals
from mentorbot.rules._client_helpers import (
    collect_client_helper_signals,
    pair_client_helper_signals,
)
from mentorbot.rules._client_imports import (
    client_blocking_helpers,
    collect_client_signals,
    pair_client_signals,
)
from mentorbot.rules._core_connections import core_connect_hits, core_connect_signals
from mentorbot.rules._kept_sessions import kept_sessions, sessions_by_method
from mentorbot.rules._llm_clients import collect_llm_signals
from mentorbot.rules._llm_imports import (
    collect_llm_call_signals,
    llm_blocking_helpers,
    pair_llm_call_signals,
)
from mentorbot.rules._loop_resolvers import (
    BLOCKING_IN_RESOLVER,
    render,
    served_on_loop,
)
from mentorbot.rules._names import (
    FunctionNode,
    functions,
    local_names,
    own_nodes_of,
    qualified,
)
from mentorbot.rules._routes import LOOP_RUNNERS, route_handlers
from mentorbot.rules._served_apps import starts_a_server
from mentorbot.rules._session_io import blocking_session_calls, collect_session_signals
from mentorbot.rules._session_pairs import pair_session_signals
from mentorbot.rules._sessions import SYNC, module_sync_sessions, session_aliases, session_vars
from mentorbot.rules.base import FileContext, FixHints, Hit, ProjectHit, RuffReport, Rule
from mentorbot.rules.project import ProjectView

RESOLVER_CALL_SIGNAL = "rule:resolver-blocking-call"
"""A blocking call (``detail``) a sync Strawberry resolver (``name``) makes itself."""


def _standalone_script(ctx: FileContext) -> bool:
    """A script that runs its own loop (``if __name__ == "__main__": asyncio.run(main())``)
    and serves nothing: a seed or an import job. It blocks no one but itself. A chat bot runs
    its loop the same way, and so does a module that starts a server in it (a websockets
    server): a blocking handler makes every user wait."""
    runs_loop = False
    for node in ctx.tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            runs_loop = runs_loop or any(
                isinstance(call, ast.Call) and qualified(call.func, ctx.imports) in LOOP_RUNNERS
                for call in ast.walk(node)
            )
    if not runs_loop or route_handlers(ctx.tree, ctx.imports) or starts_a_server(ctx):
        return False
    return not any(target.split(".")[0] in BOT_LIBRARIES for target in ctx.imports.values())


def _check(ctx: FileContext) -> Iterator[Hit]:
    if ctx.in_tests:
        return  # a test serves no requests: its blocking calls starve nobody
    severity: Severity | None = "low" if _standalone_script(ctx) else None
    hooks = ctx.start_and_stop_hooks
    running = [
        function
        for function in functions(ctx.tree)
        if isinstance(function, ast.AsyncFunctionDef) and function.name not in hooks
    ]
    for line, call, function in _blocking_calls(ctx, running):
        yield Hit(line, {"call": call, "function": function}, severity)


def _blocking_calls(
    ctx: FileContext, running: Sequence[FunctionNode]
) -> Iterator[tuple[int, str, str]]:
    """(line, call, function) of each blocking call the functions that run on the loop make
    themselves: through a blocking API or a sync session."""
    if not running:
        return
    aliases = session_aliases(ctx.tree, ctx.imports)
    kept = sessions_by_method(ctx.tree, kept_sessions(ctx.tree, ctx.imports, aliases))
    shared = module_sync_sessions(ctx.tree, ctx.imports)
    for function in running:
        own = session_vars(function, ctx.imports, aliases)
        sync_sessions = {var.name for var in own.values() if var.kind == SYNC}
        sync_sessions |= {name for name, kind in kept.get(id(function), {}).items() if kind == SYNC}
        if shared:
            sync_sessions |= shared - set(own) - local_names(function)
        for node in own_nodes_of(function, ast.Call):
            name = blocking_name(node, ctx, function)
            if name is not None and not wrapped_in_thread(node, ctx, function):
                yield node.lineno, name, function.name
        for call, _, described in blocking_session_calls(function, ctx, sync_sessions):
            yield call.lineno, described, function.name


def _resolver_signals(ctx: FileContext) -> Iterator[Signal]:
    """The blocking calls of the file's sync Strawberry resolvers, for the project check to
    report where the schema is served on the loop (``_loop_resolvers``)."""
    if ctx.in_tests:
        return
    for line, call, function in _blocking_calls(ctx, ctx.sync_resolvers):
        yield Signal(kind=RESOLVER_CALL_SIGNAL, line=line, name=function, detail=call)


def _resolver_hits(project: ProjectView) -> Iterator[ProjectHit]:
    calls = project.targets(RESOLVER_CALL_SIGNAL)
    if not calls or not served_on_loop(project):
        return
    for path, signal in calls:
        args = {"call": signal.detail, "function": signal.name}
        yield ProjectHit(path, signal.line, args, message=render(BLOCKING_IN_RESOLVER, args))


def _collect(ctx: FileContext) -> Iterator[Signal]:
    yield from collect_session_signals(ctx)
    yield from collect_helper_signals(ctx)
    yield from collect_client_signals(ctx)
    yield from collect_client_helper_signals(ctx)
    yield from collect_app_client_signals(ctx)
    yield from collect_llm_signals(ctx)
    yield from collect_llm_call_signals(ctx)
    yield from core_connect_signals(ctx)
    yield from fixed_small_reads(ctx)
    yield from _resolver_signals(ctx)


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    yield from pair_session_signals(project)
    known = llm_blocking_helpers(project)
    for name, found in client_blocking_helpers(project).items():
        known.setdefault(name, []).extend(found)
    yield from pair_helper_signals(project, known)
    yield from pair_client_signals(project)
    yield from pair_client_helper_signals(project)
    yield from pair_app_client_signals(project)
    yield from pair_llm_call_signals(project)
    yield from core_connect_hits(project)
    yield from _resolver_hits(project)


def _keep_ruff(report: RuffReport) -> bool:
    return not report.in_tests and not in_a_hook(report)


FIX_HINTS = FixHints(
    removed=(
        r"\btime\.sleep\(|(?<![.\w])sleep\(",
        r"\brequests\.\w+\(|\bhttpx\.(?!Async)\w+\(|\burlopen\(",
        r"\bsubprocess\.\w+\(|\bos\.(?:system|popen)\(",
        r"\bsmtplib\.|\bSMTP(?:_SSL)?\(",
        r"\bopen\(|\.(?:read|write)_(?:text|bytes)\(",
        r"^(?!.*\bawait\b).*\.(?:query|commit|refresh|exec|scalars)\(",
        r"\.(?:completions|messages|responses|embeddings)\.create\(",
        r"\.(?:invoke|generate_content)\(",
    ),
    awaited=True,
    made_sync=True,
)
"""Its fixes remove the blocking call, await an async one instead, or make the function sync."""

_HTTP = Text(
    zh="async 函数里发出了阻塞的 HTTP 请求，会卡住事件循环",
    en="a blocking HTTP request inside an async function stalls the event loop",
)
_PROCESS = Text(
    zh="async 函数里用阻塞的方式运行子进程，会卡住事件循环",
    en="a subprocess run the blocking way inside an async function stalls the event loop",
)
RUFF_TEXTS = {
    "ASYNC210": _HTTP,
    "ASYNC212": _HTTP,
    "ASYNC220": _PROCESS,
    "ASYNC221": _PROCESS,
    "ASYNC222": _PROCESS,
    "ASYNC230": Text(
        zh="async 函数里用阻塞的 open 读写文件，会卡住事件循环",
        en="a file opened with blocking `open` inside an async function stalls the event loop",
    ),
    "ASYNC251": Text(
        zh="async 函数里调用了 `time.sleep`，整个事件循环都会停下来",
        en="`time.sleep` inside an async function stops the whole event loop",
    ),
}
"""Our words for ruff's blocking-call codes, in both languages (ruff's own are English)."""

RULE = Rule(
    id="MB101",
    name="blocking-call-in-async",
    category="blocking-call-in-async",
    severity="high",
    area="async",
    title=Text(zh="在 async 函数里调用了阻塞操作", en="Blocking call inside an async function"),
    explanation=Text(
        zh="async 函数都跑在同一个事件循环上。`time.sleep`、`requests`、"
        "同步的文件读写、同步数据库会话或连接（sqlite3、psycopg2）、"
        "同步的 Redis / MongoDB / S3 / 向量库客户端或同步的 LLM 调用"
        "这类调用会把整个循环卡住，等待期间其他请求一个都处理不了，服务看起来就像挂了。",
        en="Every async function shares one event loop. A call such as `time.sleep`, `requests`, "
        "synchronous file I/O, a synchronous database session or connection (sqlite3, psycopg2), "
        "a synchronous Redis, MongoDB, S3 or vector-store client or a synchronous LLM call "
        "holds that loop, and while it waits no other request is served — the whole service "
        "appears frozen.",
    ),
    fix=Text(
        zh="换成异步版本（`asyncio.sleep`、`httpx.AsyncClient`、`AsyncSession`、aiosqlite、asyncpg、aiofiles、"
        "`redis.asyncio`、motor、`AsyncOpenAI`，LangChain / LangGraph 的 `ainvoke`、`astream`），"
        "或者用 `await asyncio.to_thread(...)` / `run_in_threadpool` 把它放到线程里跑；"
        "如果函数里全是同步代码，直接把它写成普通的 `def`，FastAPI 会自动放进线程池。"
        "Celery 任务的结果不要在请求里等：返回任务 id，让客户端稍后再查询状态。",
        en="Use the async counterpart (`asyncio.sleep`, `httpx.AsyncClient`, `AsyncSession`, "
        "aiosqlite, asyncpg, aiofiles, `redis.asyncio`, motor, `AsyncOpenAI`, LangChain's and "
        "LangGraph's `ainvoke` and `astream`), or move the work to a thread with "
        "`await asyncio.to_thread(...)` / `run_in_threadpool`. If the handler is all "
        "synchronous code, make it a plain `def`: FastAPI then runs it in its thread pool for "
        "you. Do not wait for a Celery task's result inside a request: return the task id and "
        "let the client ask for its state later.",
    ),
    lesson=Text(
        zh="async 不会自动让代码变快：只有在 await 的地方才会让出控制权。写 async def 时，"
        "每一个 I/O 调用都要问一句——它能被 await 吗？",
        en="async does not make code faster by itself: control is only given back at an await. "
        "In an async def, ask of every I/O call: can this be awaited?",
    ),
    message=Text(
        zh="`{function}` 是 async 函数，但直接调用了阻塞的 `{call}`，会卡住事件循环",
        en="`{call}` blocks the event loop inside async function `{function}`",
    ),
    ruff_codes=tuple(RUFF_TEXTS),
    ruff_texts=RUFF_TEXTS,
    check_file=_check,
    check_project=_check_project,
    collect_signals=_collect,
    keep_ruff=_keep_ruff,
    bad=case_sets.BAD,
    good=good_cases.GOOD,
    fix_hints=FIX_HINTS,
)
