"""What blocks the event loop when called from ``async def``, and the helpers that do.

The calls themselves (``time.sleep``, ``requests.get``, sync file and subprocess I/O, requests
through a synchronous LLM client) are named here for MB101. A module-level sync function that
makes one is a blocking helper: the project check pairs each call an async function makes with
such a helper, by name, wherever the helper is defined (``get_weather_data()`` wrapping
``requests.get`` in a CRUD module).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._llm_clients import sync_llm_request
from mentorbot.rules._names import (
    dotted,
    functions,
    is_test_path,
    last_part,
    last_parts,
    may_resolve_to,
    own_nodes_of,
    qualified,
)
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import ProjectView

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
BLOCKING_CALLS = frozenset(
    {"time.sleep", "urllib.request.urlopen", "os.system", "os.popen", "io.open"}
    | {f"requests.{verb}" for verb in _HTTP_VERBS}
    | {f"httpx.{verb}" for verb in (*_HTTP_VERBS, "stream")}
    | {f"subprocess.{name}" for name in ("run", "call", "check_call", "check_output", "Popen")}
    | {"subprocess.getoutput", "subprocess.getstatusoutput"}
    | {"sqlite3.connect", "psycopg2.connect", "pymysql.connect", "mysql.connector.connect"}
)
PATH_IO_METHODS = frozenset({"read_text", "write_text", "read_bytes", "write_bytes"})
THREAD_WRAPPERS = frozenset({"run_in_threadpool", "to_thread", "run_in_executor", "run_sync"})
_BLOCKING_ENDINGS = last_parts(BLOCKING_CALLS)


def blocking_name(call: ast.Call, ctx: FileContext) -> str | None:
    """What ``call`` is, when it is one of the blocking calls; else None."""
    func = call.func
    name = qualified(func, ctx.imports) if may_resolve_to(func, _BLOCKING_ENDINGS) else ""
    if name in BLOCKING_CALLS:
        return name
    if isinstance(func, ast.Name) and func.id == "open" and "open" not in ctx.imports:
        return "open"
    if not isinstance(func, ast.Attribute):
        return None
    receiver = func.value
    if func.attr in PATH_IO_METHODS and isinstance(receiver, ast.Call):
        if qualified(receiver.func, ctx.imports) in {"pathlib.Path", "Path"}:
            return f"Path.{func.attr}"
    return sync_llm_request(call, ctx)


def wrapped_in_thread(node: ast.AST, ctx: FileContext, stop: ast.AST) -> bool:
    """Whether the call sits inside the arguments of ``asyncio.to_thread(...)`` and friends."""
    current = ctx.parents.get(id(node))
    while current is not None and current is not stop:
        if isinstance(current, ast.Call) and last_part(dotted(current.func)) in THREAD_WRAPPERS:
            return True
        current = ctx.parents.get(id(current))
    return False


BLOCKING_DEF_SIGNAL = "rule:blocking-def"
ASYNC_CALLS_SIGNAL = "rule:async-calls"
_GENERIC_NAMES = frozenset(
    {"get", "post", "put", "patch", "delete", "run", "main", "call", "send", "save", "load"}
    | {"create", "update", "fetch", "request", "handle", "handler", "process", "read", "write"}
)
"""Helper names too common to pair a call with a definition by name alone."""


def collect_helper_signals(ctx: FileContext) -> Iterator[Signal]:
    """Module-level sync functions that make a blocking call (at that call's line), and each
    async function's first call to a function by a name this module defines or imports."""
    if is_test_path(ctx.path):
        return
    defined: set[str] = set()
    for function in ctx.tree.body:
        if isinstance(function, ast.FunctionDef):
            defined.add(function.name)
            if function.name in _GENERIC_NAMES:
                continue
            for node in own_nodes_of(function, ast.Call):
                name = blocking_name(node, ctx)
                if name is not None and not wrapped_in_thread(node, ctx, function):
                    yield Signal(
                        kind=BLOCKING_DEF_SIGNAL, line=node.lineno, name=function.name, detail=name
                    )
                    break
    for function in functions(ctx.tree):
        if isinstance(function, ast.AsyncFunctionDef):
            for name, line in _helper_calls(function, ctx, defined).items():
                yield Signal(kind=ASYNC_CALLS_SIGNAL, line=line, name=name, detail=function.name)


def _helper_calls(
    function: ast.AsyncFunctionDef, ctx: FileContext, defined: set[str]
) -> dict[str, int]:
    """Name -> first line of each call, on the loop's thread (not awaited, not handed to a
    thread), to ``helper(...)`` or ``module.helper(...)``: a function this module defines or
    imports, not a method of a local object, a constructor or a generic name."""
    awaited = {id(node.value) for node in own_nodes_of(function, ast.Await)}
    calls: dict[str, int] = {}
    for call in own_nodes_of(function, ast.Call):
        func = call.func
        if isinstance(func, ast.Name):
            name, known = func.id, func.id in defined or func.id in ctx.imports
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            name, known = func.attr, func.value.id in ctx.imports
        else:
            continue
        if (
            known
            and name not in calls
            and name not in _GENERIC_NAMES
            and not name[:1].isupper()
            and id(call) not in awaited
            and not wrapped_in_thread(call, ctx, function)
        ):
            calls[name] = call.lineno
    return calls


def pair_helper_signals(project: ProjectView) -> Iterator[ProjectHit]:
    """Calls from async functions to a project function that blocks."""
    blocking: dict[str, list[tuple[str, str]]] = {}
    for path, signal in project.signals(BLOCKING_DEF_SIGNAL):
        blocking.setdefault(signal.name, []).append((path, signal.detail))
    if not blocking:
        return
    for path, signal in project.targets(ASYNC_CALLS_SIGNAL):
        defined = blocking.get(signal.name)
        if defined:
            inner = next((call for where, call in defined if where == path), defined[0][1])
            yield ProjectHit(
                path, signal.line, {"call": f"{signal.name} → {inner}", "function": signal.detail}
            )
