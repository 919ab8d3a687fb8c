"""MB106: ``except:`` / ``except Exception`` that hides errors instead of handling them.

Ours: a bare ``except:`` that does not re-raise; a broad handler whose body only swallows
(``pass``, ``continue``, ``...``, a bare ``return``); and in a route handler any broad handler
that does not raise — it turns every bug into a normal-looking 200 response — unless it
logs the traceback and goes on with a fallback (an optional part of the answer left out). A
broad handler that raises (``raise HTTPException(...)``, ``raise``), exits with a failure
(``sys.exit(1)``) or answers with an explicit 4xx/5xx ``status_code`` is translation, not
hiding: ruff's BLE001 on it is suppressed. So is one that shows the caught error to the user:
a Streamlit page's ``st.error(f"... {e}")`` (or an element's, ``placeholder.error(...)``),
Flask's ``flash``, a Tk message box, an error event a stream yields with it, or a command-line
script's ``print(f"error: {e}")`` (also at the top level of a module that serves no routes, or
through the script's own printing function) — the user sees the failure, which is what a UI's
last handler is for.
So is a handler in a batch's loop that adds the failed item to the answer as failed
(``results.append({"status": "error", ...})``): the client learns which items failed.
And so is one that logs the traceback (``logger.exception``, loguru's too) or records the
failure as a warning or worse (``logging.warning(f"... {e}")``), or keeps the error to raise it
after its retries (``last_error = e``, then ``raise ... from last_error``).

Also ours: a broad handler that catches the ``HTTPException`` its own ``try`` raises (``raise
HTTPException(404)`` for a missing row, then ``except Exception: raise HTTPException(500)``):
the client gets the handler's answer instead of the 404, unless an earlier handler of the same
``try`` catches ``HTTPException`` and lets it through, or the broad one re-raises it as it is
or answers the same (``_http_errors``). And one that answers with a bare 5xx
``HTTPException`` while the caught error goes nowhere (not logged, not in the answer, not
chained with ``from e``): FastAPI logs no ``HTTPException``, so the cause leaves no trace. So
does a bare 4xx where the ``try`` queries the database or awaits a call: a server failure is
then also told to the client as its own fault.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorbot.analysis.python_facts_support import safe_unparse
from mentorbot.domain import Signal, Text
from mentorbot.rules import _blamed_client_cases as blamed_cases
from mentorbot.rules import _console_except_cases as console_cases
from mentorbot.rules import _except_cases as cases
from mentorbot.rules import _http_error_cases as http_cases
from mentorbot.rules import _logged_except_cases as logged_cases
from mentorbot.rules import _suppressed_cases as suppressed
from mentorbot.rules._error_reports import (
    closes_with_error,
    console_reporters,
    degrades_in_the_open,
    error_carriers,
    exits_failing,
    fails_the_test,
    kept_on_a_row,
    logs_the_error,
    mentions,
    prints_the_error,
    records_the_error,
    reports_the_item,
    reports_to_user,
    returned_exception,
    returns_the_error,
    streamlit_widgets,
)
from mentorbot.rules._except_messages import catches_own, catches_raised, hidden, swallowed
from mentorbot.rules._http_errors import hidden_error_status, own_http_error
from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    own_nodes,
    own_nodes_of,
    qualified,
    walk_of,
)
from mentorbot.rules._raised_elsewhere import raised_elsewhere_hits, raised_elsewhere_signals
from mentorbot.rules._routes import route_handlers
from mentorbot.rules._served_apps import command_line_script
from mentorbot.rules._suppressed_errors import BROAD, broad_suppressions, swallows_error
from mentorbot.rules.base import Case, FileContext, FixHints, Hit, ProjectHit, Rule
from mentorbot.rules.project import RUFF_OK_SIGNAL, ProjectView


def _is_broad(handler: ast.ExceptHandler, imports: dict[str, str]) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(kind is not None and qualified(kind, imports) in BROAD for kind in kinds)


def _raises(handler: ast.ExceptHandler) -> bool:
    """Re-raises, or answers with an explicit 4xx/5xx status: both translate the error. An
    exception built with a status and returned (``return HTTPException(status_code=503)``)
    translates nothing: the client gets a 200 with the exception object as its body."""
    for node in own_nodes(handler):
        if isinstance(node, ast.Raise) or exits_failing(node) or fails_the_test(node):
            return True
        if (
            isinstance(node, ast.Call)
            and any(
                keyword.arg == "status_code" and _is_error_status(keyword.value)
                for keyword in node.keywords
            )
            and not returned_exception(node, handler)
        ):
            return True
    return False


def _raised_later(handler: ast.ExceptHandler, function: FunctionNode | None) -> bool:
    """The handler keeps the error (``last_error = e``) and the function raises it, or an error
    made from it, later (after its retries): the failure is not hidden, only put off."""
    kept = error_carriers(handler) - {handler.name}
    if not kept or function is None:
        return False
    return any(
        mentions(node.exc, kept) or (node.cause is not None and mentions(node.cause, kept))
        for node in own_nodes_of(function, ast.Raise)
        if node.exc is not None
    )


def _is_error_status(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value >= 400
    name = dotted(node)
    return bool(re.search(r"HTTP_[45]\d\d", name))


def _handlers(
    ctx: FileContext,
) -> Iterator[tuple[ast.ExceptHandler, FunctionNode | None, bool]]:
    """Every except handler, the function it sits in (None at module level), and whether that
    is a route handler."""
    handlers = walk_of(ctx.tree, ast.ExceptHandler)
    if not handlers:
        return
    routes = {id(route) for route in route_handlers(ctx.tree, ctx.imports)}
    owners: dict[int, tuple[FunctionNode | None, bool]] = {}
    for function in functions(ctx.tree):
        for node in own_nodes_of(function, ast.ExceptHandler):
            owners[id(node)] = (function, id(function) in routes)
    for node in handlers:
        yield node, *owners.get(id(node), (None, False))


def _check(ctx: FileContext) -> Iterator[Hit]:
    widgets = streamlit_widgets(ctx)
    for handler, function, in_route in _handlers(ctx):
        bare = handler.type is None
        if not (bare or _is_broad(handler, ctx.imports)):
            continue
        owner = function.name if function is not None else None
        caught = "except:" if bare else f"except {safe_unparse(handler.type)}"
        own = own_http_error(handler, function, ctx) if function is not None else None
        if own is not None:
            yield Hit(handler.lineno, catches_own(caught, owner, own), severity="high")
            continue
        status = hidden_error_status(handler, function, ctx)
        if status:
            yield Hit(handler.lineno, hidden(caught, owner, status))
            continue
        if (
            _raises(handler)
            or reports_to_user(handler, ctx.imports, widgets)
            or kept_on_a_row(handler)
            or reports_the_item(handler, ctx)
        ):
            continue
        args = swallowed(caught, owner)
        if in_route and not degrades_in_the_open(handler):
            yield Hit(handler.lineno, args, severity="high")
        elif bare or swallows_error(handler):
            yield Hit(handler.lineno, args)
    routes: set[int] | None = None
    for statement, caught, function in broad_suppressions(ctx.tree, ctx.imports):
        owner = function.name if function is not None else None
        if routes is None:
            routes = {id(route) for route in route_handlers(ctx.tree, ctx.imports)}
        if function is not None and id(function) in routes:
            yield Hit(statement.lineno, swallowed(caught, owner), severity="high")
        else:
            yield Hit(statement.lineno, swallowed(caught, owner))


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    for path, handler, callee, status in raised_elsewhere_hits(project):
        owner = handler.data.get("function") or None
        args = catches_raised(handler.data.get("caught", ""), owner, callee, status)
        yield ProjectHit(path, handler.line, args, severity="high")


def _collect(ctx: FileContext) -> Iterator[Signal]:
    """``except Exception`` that re-raises, shows the error to the user, logs it (its traceback,
    or a warning or worse), records it in a job's status, keeps it to raise after its retries,
    or, outside a route, returns it to the caller: ruff's blind-except warning there is a false
    alarm.

    A bare ``except:`` keeps ruff's E722 even when it raises: it also catches ``SystemExit``.
    """
    widgets = streamlit_widgets(ctx)
    console = command_line_script(ctx)
    # Top-level code of a module that serves no routes runs as a script: what it prints, its
    # user reads.
    script = console or not route_handlers(ctx.tree, ctx.imports)
    reporters = console_reporters(ctx) if script else frozenset()
    broad: list[tuple[ast.ExceptHandler, str, str]] = []
    for handler, function, in_route in _handlers(ctx):
        on_console = console or (script and function is None)
        if function is not None and (handler.type is None or _is_broad(handler, ctx.imports)):
            caught = "except:" if handler.type is None else f"except {safe_unparse(handler.type)}"
            broad.append((handler, caught, function.name))
        handled = (
            _raises(handler)
            or reports_to_user(
                handler, ctx.imports, widgets, console=on_console, reporters=reporters
            )
            or degrades_in_the_open(handler)
            or reports_the_item(handler, ctx)
            or logs_the_error(handler)
            or records_the_error(handler)
            or closes_with_error(handler)
            or _raised_later(handler, function)
            or (not in_route and returns_the_error(handler))
            or (not in_route and prints_the_error(handler, function))
        )
        if handled and _is_broad(handler, ctx.imports):
            yield Signal(kind=RUFF_OK_SIGNAL, line=handler.lineno, name="bare-or-broad-except")
    yield from raised_elsewhere_signals(ctx, broad)


RUFF_TEXTS = {
    "BLE001": Text(
        zh="`except` 捕获了 {names}，连 bug 在内的所有错误都被当成预期中的失败处理，"
        "且没有重新抛出；请只捕获这里预料到的异常",
        en="`except` catches {names}, bugs included, and carries on without re-raising; "
        "catch the exceptions you expect here",
    ),
    "E722": Text(
        zh="裸 `except:` 连 KeyboardInterrupt 和 SystemExit 也会捕获；请写明预料到的异常",
        en="a bare `except:` also catches KeyboardInterrupt and SystemExit; name the exceptions "
        "you expect",
    ),
    "S110": Text(
        zh="异常被 `pass` 直接丢掉，连日志都没有留下",
        en="the error is dropped by `pass`, not even logged",
    ),
    "S112": Text(
        zh="异常被 `continue` 直接跳过，连日志都没有留下",
        en="the error is skipped by `continue`, not even logged",
    ),
}
"""Our words for ruff's codes, in both languages (ruff's own text is English only)."""

FIX_HINTS = FixHints(
    removed=(
        r"^except\s*(?::|\(?\s*(?:Exception|BaseException)\b)",
        r"\bsuppress\(\s*(?:builtins\.)?(?:Exception|BaseException)\s*\)",
    )
)
"""Its fixes narrow the ``except`` line, or the error a ``suppress`` takes."""

RULE = Rule(
    id="MB106",
    name="bare-or-broad-except",
    category="bare-or-broad-except",
    severity="medium",
    test_severity="low",
    area="error-handling",
    title=Text(zh="过宽的异常捕获吞掉了错误", en="Bare or broad except hides errors"),
    explanation=Text(
        zh="`except:` 或 `except Exception` 会把所有错误一网打尽——包括拼写错误、"
        "空指针这类真正的 bug。"
        "如果之后既不重新抛出也不认真处理，问题就被悄悄吞掉；在路由里，"
        "返回普通结果的处理会让失败的请求照样返回 200，调用方和日志都以为一切正常；"
        "统一改抛 500 的处理则会把路由自己抛出的 404、400 也变成 500；"
        "只抛一个 500 而不记日志的处理让出错的原因无处可查（FastAPI 不会记录 HTTPException）；"
        "把查询失败一律答成 404 或 400 的处理还会让客户端以为是自己的错。",
        en="`except:` or `except Exception` catches everything, including real bugs such as typos "
        "and None errors. If the handler neither re-raises nor really handles it, the problem "
        "vanishes silently. In a route, a handler that returns a normal result turns a failed "
        "request into a 200 response, so both the caller and your logs believe all went well; "
        "one that answers everything with a 500 turns the route's own 404 or 400 into a 500, "
        "and one that answers with a bare 500 and logs nothing leaves no trace of what failed "
        "(FastAPI logs no HTTPException); one that answers a failed query with a bare 404 or "
        "400 also tells the client the fault was theirs.",
    ),
    fix=Text(
        zh="只捕获你知道怎么处理的具体异常（如 `ValueError`、`IntegrityError`）；需要兜底时，"
        "用 `logger.exception(...)` 记下完整堆栈后 `raise`，"
        "或者转换成带正确状态码的 `HTTPException`。",
        en="Catch only the specific exceptions you know how to handle (`ValueError`, "
        "`IntegrityError`, ...). Where you need a catch-all, log it with `logger.exception(...)` "
        "and `raise`, or translate it into an `HTTPException` with the right status code.",
    ),
    lesson=Text(
        zh="好的错误处理不是让程序“不报错”，而是让错误在正确的地方、以正确的方式被看见。",
        en="Good error handling does not make errors disappear; it makes them visible in the "
        "right place, in the right form.",
    ),
    message=Text(
        zh="{where_zh}的 `{caught}` {problem_zh}", en="`{caught}` {where_en} {problem_en}"
    ),
    ruff_codes=("E722", "BLE001", "S110", "S112"),
    ruff_texts=RUFF_TEXTS,
    check_file=_check,
    check_project=_check_project,
    collect_signals=_collect,
    bad=(
        Case(
            files={"app/routes/payments.py": cases.BAD},
            hits=(
                ("app/routes/payments.py", 16),
                ("app/routes/payments.py", 25),
                ("app/routes/payments.py", 33),
                ("app/routes/payments.py", 41),
                ("app/routes/payments.py", 50),
            ),
        ),
        Case(
            files={"app/routes/books.py": http_cases.OWN_HTTP_ERRORS},
            hits=tuple(("app/routes/books.py", line) for line in http_cases.OWN_HTTP_ERRORS_HITS),
            note="a route's 404 caught by its own except Exception and answered as a 500",
        ),
        Case(
            files={"app/todos.py": http_cases.HIDDEN_SERVER_ERRORS},
            hits=tuple(("app/todos.py", line) for line in http_cases.HIDDEN_SERVER_ERRORS_HITS),
            note="every error answered with a bare 500, nothing logged",
        ),
        *http_cases.RAISED_ELSEWHERE,
        *blamed_cases.BLAMED_CLIENT_CASES,
        *console_cases.BAD,
        *logged_cases.BAD,
        *suppressed.BAD,
    ),
    good=(
        *console_cases.GOOD,
        Case(files={"app/routes/payments.py": cases.GOOD}),
        Case(files={"app/page.py": cases.GOOD_UI, "app/stream.py": cases.GOOD_STREAM}),
        Case(
            files={
                "app/answers.py": cases.GOOD_LOGGED_STREAM,
                "frontend/chat.py": cases.GOOD_PLACEHOLDER_UI,
                "app/loaders.py": cases.GOOD_RETRIED_LOADER,
            },
            note="a stream that logs the traceback with loguru, a Streamlit placeholder showing "
            "the error, and retries that raise the last error after the loop",
        ),
        *logged_cases.GOOD,
        *blamed_cases.TOLD_CLIENT_CASES,
        *suppressed.GOOD,
        Case(
            files={"tests/test_live.py": cases.GOOD_FAILED_TEST},
            note="tests that fail with the error in the message (assert False, pytest.fail)",
        ),
    ),
    fix_hints=FIX_HINTS,
)
