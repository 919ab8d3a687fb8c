"""Where a caught error goes besides a raise (MB106): in front of the user of a UI or of a
command-line script, into the logs, into the values a handler builds from it (a job's status, the
value a helper returns), to a websocket's client as an error close code, or out of the program
with a failing exit. A handler that shows the error is a UI's last line, and one that logs it as
a warning or worse leaves it in the logs: neither hides it."""

from __future__ import annotations

import ast
import re

from mentorbot.rules._names import dotted, own_nodes, own_nodes_of, qualified, walk_of
from mentorbot.rules.base import FileContext

USER_REPORTS = frozenset(
    {"streamlit.error", "streamlit.exception", "streamlit.warning", "flask.flash"}
    | {"tkinter.messagebox.showerror", "gradio.Warning", "gradio.Info"}
)
"""Calls that put a message in front of the user of a UI."""
_WIDGET_REPORTS = frozenset({"error", "exception", "warning"})
"""The same calls on a Streamlit element (``placeholder.error(...)``)."""


_LOGGED_LEVELS = frozenset({"warning", "warn", "error", "exception", "critical", "fatal"})
"""A logger's methods that record a failure (not ``info`` or ``debug``, read as routine, unless
the message carries the caught error)."""


TRACEBACK_PRINTERS = frozenset({"traceback.print_exc", "print_exc"})
"""Calls that print the current exception's traceback to stderr: the error is in the logs."""
TRACEBACK_WRITERS = TRACEBACK_PRINTERS | {
    "traceback.print_exception",
    "print_exception",
    "traceback.format_exc",
    "format_exc",
}
"""Calls that write the traceback out, or make its text for a print or a log line."""


def _returns_none(node: ast.Return) -> bool:
    return node.value is None or (isinstance(node.value, ast.Constant) and node.value.value is None)


def prints_the_error(handler: ast.ExceptHandler, function: ast.AST | None = None) -> bool:
    """``print(f"... {e}")`` of the caught error, or its traceback printed, by a handler that
    then returns nothing (or None): outside a route the failure is on the console, reported,
    not swallowed. One that goes on to return a normal-looking value (``{}``, ``[]``) still
    hides the failure from its caller, and so does None from a ``function`` whose other paths
    return a value or None: there None means "not found", and a failing database reads as a
    user who does not exist (blind check corpus 98)."""
    caught = {handler.name} if handler.name else set()
    for node in own_nodes(handler):
        if isinstance(node, ast.Return) and not _returns_none(node):
            return False
    if function is not None and _none_is_a_result(function, handler):
        return False
    for call in own_nodes_of(handler, ast.Call):
        if dotted(call.func) in TRACEBACK_WRITERS:
            return True
        if dotted(call.func) == "print" and mentions(call, caught):
            return True
    return False


def _none_is_a_result(function: ast.AST, handler: ast.ExceptHandler) -> bool:
    """Whether ``function``, outside ``handler``, returns both a value and None."""
    inside = {id(node) for node in own_nodes_of(handler, ast.Return)}
    returns = [node for node in own_nodes_of(function, ast.Return) if id(node) not in inside]
    return any(_returns_none(node) for node in returns) and any(
        not _returns_none(node) for node in returns
    )


def logs_the_error(handler: ast.ExceptHandler) -> bool:
    """The handler writes a warning or worse to a logger (``logging.warning(f"... {e}")``,
    ``self.logger.error(...)``, loguru's ``logger.error``), or the caught error itself at
    ``info`` (``logger.info(f"not found - {e}")``) or into a file it opens (a log of its own,
    corpus 83): the failure is in the logs."""
    caught = {handler.name} if handler.name else set()
    calls = own_nodes_of(handler, ast.Call)
    opens_a_file = any(dotted(call.func) == "open" for call in calls)
    for call in calls:
        func = call.func
        if dotted(func) in TRACEBACK_PRINTERS:
            return True
        if not isinstance(func, ast.Attribute):
            continue
        if opens_a_file and func.attr == "write" and mentions(call, caught):
            return True  # ``with open("utils.log", "a") as log: log.write(f"{e}")``
        level = func.attr
        if level in _LOGGED_LEVELS or (level == "info" and mentions(call, caught)):
            receiver = dotted(func.value).rsplit(".", 1)[-1].lower()
            if receiver in {"logging", "log", "_log"} or receiver.endswith("logger"):
                return True
    return False


_EXITS = frozenset({"sys.exit", "exit", "quit", "os._exit"})


def exits_failing(node: ast.AST) -> bool:
    """``sys.exit(1)``, ``sys.exit("cannot connect")``: the program stops with a failure, as a
    re-raised error would stop it (``sys.exit()`` or ``sys.exit(0)`` reports success)."""
    if not (isinstance(node, ast.Call) and dotted(node.func) in _EXITS and node.args):
        return False
    status = node.args[0]
    return not (isinstance(status, ast.Constant) and status.value in (0, None, False))


_TEST_FAILURES = frozenset({"pytest.fail", "self.fail"})


def fails_the_test(node: ast.AST) -> bool:
    """``assert False, f"health check failed: {e}"``, ``pytest.fail(...)``, ``self.fail(...)``:
    a test's handler that raises the failure, with the error in its message."""
    if isinstance(node, ast.Assert):
        return isinstance(node.test, ast.Constant) and not node.test.value
    return isinstance(node, ast.Call) and dotted(node.func) in _TEST_FAILURES


def closes_with_error(handler: ast.ExceptHandler) -> bool:
    """The handler closes a websocket with an error code (``await websocket.close(code=
    status.WS_1011_INTERNAL_ERROR)``): the client learns the connection failed, as an HTTP
    client does from a 5xx. 1000 (normal) and 1001 (going away) say nothing failed."""
    for call in own_nodes_of(handler, ast.Call):
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "close"):
            continue
        if not _SOCKET.search(dotted(func.value).rsplit(".", 1)[-1]):
            continue
        codes = [keyword.value for keyword in call.keywords if keyword.arg == "code"]
        for code in codes or call.args[:1]:
            if isinstance(code, ast.Constant) and isinstance(code.value, int):
                if code.value >= 1002:
                    return True
            elif _ERROR_CLOSE.search(dotted(code)):
                return True
    return False


_SOCKET = re.compile(r"(?i)socket|^ws$|^conn(ection)?$|^client$")
_ERROR_CLOSE = re.compile(r"WS_10(0[2-9]|1\d)")
"""Starlette's close codes past 1001: protocol, data, policy, size and server errors."""


_RECORDERS = re.compile(r"fail|error|status|record|mark|save|store")
"""What a call that keeps a failure where the app reads it back is named after."""


def records_the_error(handler: ast.ExceptHandler) -> bool:
    """The handler hands the caught error to a call that keeps it (``jobs.fail_job(job_id,
    str(exc))``, ``task.mark_failed(error=exc)``) or writes it on an object's error field
    (``job.error_message = str(exc)``): a background job's failure is in its status, which the
    app shows. Building an exception from it (``ValueError(str(exc))``) keeps
    nothing."""
    carriers = error_carriers(handler)
    for call in own_nodes_of(handler, ast.Call):
        name = dotted(call.func).rsplit(".", 1)[-1]
        if not name or name[0].isupper() or not _RECORDERS.search(name.lower()):
            continue
        values = [*call.args, *(keyword.value for keyword in call.keywords)]
        if any(mentions(value, carriers) for value in values):
            return True
    return kept_on_a_row(handler)


def kept_on_a_row(handler: ast.ExceptHandler) -> bool:
    """The handler writes the caught error on an object's error field (``job.error_message =
    f"{type(exc).__name__}: {exc}"``): kept on the row the app reads back and shows."""
    carriers = error_carriers(handler)
    return any(
        isinstance(target, ast.Attribute)
        and _RECORDERS.search(target.attr.lower())
        and mentions(assign.value, carriers)
        for assign in own_nodes_of(handler, ast.Assign)
        for target in assign.targets
    )


def error_carriers(handler: ast.ExceptHandler) -> set[str]:
    """The caught error's name and the names the handler binds to values made from it."""
    if handler.name is None:
        return set()
    carriers = {handler.name}
    for assign in own_nodes_of(handler, ast.Assign):
        if mentions(assign.value, carriers):
            carriers.update(target.id for target in assign.targets if isinstance(target, ast.Name))
    return carriers


CONSOLE_REPORTS = frozenset({"print", "typer.echo", "typer.secho", "click.echo", "click.secho"})
"""What a command-line script shows its user with (and a rich ``console.print``)."""
TRACEBACK_PRINTS = frozenset({"traceback.print_exc", "traceback.print_exception"})
"""What prints the error being handled, and where it came from, without naming it."""


def reports_to_user(
    handler: ast.ExceptHandler,
    imports: dict[str, str],
    widgets: frozenset[str] = frozenset(),
    *,
    console: bool = False,
    reporters: frozenset[str] = frozenset(),
) -> bool:
    """The caught error (``as e``) goes to the user: shown by a UI call (also on a Streamlit
    element the file keeps, ``placeholder = st.empty()``: ``widgets``), printed by a
    command-line script (``console``), also through its own printing functions (``reporters``),
    or yielded by a stream, itself or in a value the handler
    builds from it (``data = json.dumps({"error": str(e)})``)."""
    if console and any(
        qualified(call.func, imports) in TRACEBACK_PRINTS
        for call in own_nodes_of(handler, ast.Call)
    ):
        return True  # the error and where it came from, on the script's console
    carriers = error_carriers(handler)
    if not carriers:
        return False
    for node in own_nodes_of(handler, ast.Call, ast.Yield):
        if isinstance(node, ast.Call):
            if not (
                _is_user_report(node, imports, widgets)
                or (console and _prints(node, imports, reporters))
            ):
                continue
            shown: list[ast.expr] = [*node.args, *(keyword.value for keyword in node.keywords)]
        elif isinstance(node, ast.Yield) and node.value is not None:
            shown = [node.value]
        else:
            continue
        if any(mentions(value, carriers) for value in shown):
            return True
    return False


def _is_user_report(call: ast.Call, imports: dict[str, str], widgets: frozenset[str]) -> bool:
    if qualified(call.func, imports) in USER_REPORTS:
        return True
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in _WIDGET_REPORTS
        and (
            dotted(func.value).split(".", 1)[0] in widgets
            or qualified(func.value, imports).startswith("streamlit.")
        )
    )


def _prints(call: ast.Call, imports: dict[str, str], reporters: frozenset[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "print":
        return True  # rich's ``console.print``
    if isinstance(func, ast.Name) and func.id not in imports:
        if func.id.endswith("_print") or func.id in reporters:
            return True  # the script's own wrapper: ``safe_print(f"... {e}")``
    return qualified(func, imports) in CONSOLE_REPORTS


def console_reporters(ctx: FileContext) -> frozenset[str]:
    """The module's own functions that print (``format_result(name, ok, str(e))`` in a check
    script): handing them the error shows it on the console."""
    return frozenset(
        node.name
        for node in ctx.tree.body
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(call.func, ast.Name) and call.func.id == "print"
            for call in own_nodes_of(node, ast.Call)
        )
    )


def streamlit_widgets(ctx: FileContext) -> frozenset[str]:
    """Names the file binds to a Streamlit element (``placeholder = st.empty()``, a column of
    ``st.columns(2)``), whose ``.error(...)`` shows a message like ``st.error``."""
    if not any(target.split(".", 1)[0] == "streamlit" for target in ctx.imports.values()):
        return frozenset()
    names: set[str] = set()
    for node in walk_of(ctx.tree, ast.Assign):
        value = node.value
        if isinstance(value, ast.Call) and qualified(value.func, ctx.imports).startswith(
            "streamlit."
        ):
            for target in node.targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names.update(item.id for item in elements if isinstance(item, ast.Name))
    return frozenset(names)


def mentions(value: ast.expr, names: set[str]) -> bool:
    return any(isinstance(node, ast.Name) and node.id in names for node in ast.walk(value))


def degrades_in_the_open(handler: ast.ExceptHandler) -> bool:
    """Logs the traceback (``logger.exception(...)``, ``exc_info=True``) and goes on with a
    fallback: a route answering without an optional part, its failure in the logs. So does one
    that logs a warning or worse and returns nothing itself: the route carries on past a side
    step that failed (a cache, an audit log). Returning an exception object instead of raising
    it is no fallback (the client gets a 200)."""
    logged = False
    for node in own_nodes_of(handler, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "exception":
            logged = True
        if dotted(node.func) in TRACEBACK_WRITERS:
            logged = True
        if any(
            keyword.arg == "exc_info"
            and not (isinstance(keyword.value, ast.Constant) and not keyword.value.value)
            for keyword in node.keywords
        ):
            logged = True
        if returned_exception(node, handler):
            return False
    if logged:
        return True
    returns = any(isinstance(node, ast.Return) for node in own_nodes(handler))
    return not returns and logs_the_error(handler)


def returns_the_error(handler: ast.ExceptHandler) -> bool:
    """A helper that answers its caller with the error (``return {"status": "degraded",
    "message": str(e)}``): the caller gets the failure, not a normal-looking result. A route
    doing the same turns it into a 200, which is the route's own problem (``_check``)."""
    carriers = error_carriers(handler)
    return bool(carriers) and any(
        isinstance(node, ast.Return) and node.value is not None and mentions(node.value, carriers)
        for node in own_nodes(handler)
    )


def returned_exception(call: ast.Call, handler: ast.ExceptHandler) -> bool:
    name = dotted(call.func).rsplit(".", 1)[-1]
    if not name.endswith(("Exception", "Error")):
        return False
    return any(isinstance(node, ast.Return) and node.value is call for node in own_nodes(handler))


_ITEM_FAILURES = frozenset({"error", "failed", "failure", "fail"})


def reports_the_item(handler: ast.ExceptHandler, ctx: FileContext) -> bool:
    """A handler in a loop that adds the failed item to the results as one
    (``results.append({"status": "error", "filename": name})``, then ``continue``): a batch
    answer says which items failed, and the others still go through."""
    if not _in_a_loop(handler, ctx):
        return False
    for call in own_nodes_of(handler, ast.Call):
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "append" and call.args):
            continue
        item = call.args[0]
        if isinstance(item, ast.Dict) and any(
            _marks_failure(key, value) for key, value in zip(item.keys, item.values, strict=False)
        ):
            return True
    return False


def _marks_failure(key: ast.expr | None, value: ast.expr) -> bool:
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return False
    if key.value == "error":
        return True
    if key.value == "success":
        return isinstance(value, ast.Constant) and value.value is False
    return (
        key.value == "status"
        and isinstance(value, ast.Constant)
        and str(value.value).lower() in _ITEM_FAILURES
    )


def _in_a_loop(node: ast.AST, ctx: FileContext) -> bool:
    parent = ctx.parents.get(id(node))
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(parent, ast.For | ast.AsyncFor | ast.While):
            return True
        parent = ctx.parents.get(id(parent))
    return False
