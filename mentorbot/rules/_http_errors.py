"""HTTP errors broad handlers get wrong (MB106): an ``HTTPException`` raised in a ``try`` whose
own broad handler catches it, and a 500 or 4xx that hides the error it answers for.

``raise HTTPException(status_code=404)`` for a missing row, then ``except Exception: raise
HTTPException(status_code=500, ...)``: the 404 never reaches the client. Learners write it when
they wrap a whole route in one ``try``. Also a broad handler's bare 500 that records the error
it caught nowhere, and its bare 4xx where the ``try`` does the server's own work (a query, an
await): a database that is down reads as the client's mistake.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from mentorbot.rules._error_reports import mentions
from mentorbot.rules._names import FunctionNode, own_nodes, own_nodes_of, qualified
from mentorbot.rules.base import FileContext

HTTP_ERRORS = frozenset(
    {"fastapi.HTTPException", "fastapi.exceptions.HTTPException"}
    | {"starlette.exceptions.HTTPException"}
)


def own_http_error(
    handler: ast.ExceptHandler, function: FunctionNode, ctx: FileContext
) -> int | None:
    """The line where the handler's ``try`` raises an ``HTTPException`` the handler then
    catches and answers in its own way; None when nothing like that happens."""
    statement = ctx.parents.get(id(handler))
    if not isinstance(statement, ast.Try | ast.TryStar):
        return None
    if catches_http_errors(statement, handler, ctx):
        return None
    raised = [node for node in own_nodes(handler) if isinstance(node, ast.Raise)]
    if any(raises_again(node, handler) for node in raised):
        return None  # ``raise`` (or ``raise e``) lets the HTTPException through as it was
    errors = _http_error_names(function, ctx)
    answers = {_answer(node.exc) for node in raised}
    for node in sorted(own_nodes_of(function, ast.Raise), key=lambda raised: raised.lineno):
        if (
            _inside(node, statement.body, ctx)
            and _is_http_error(node.exc, errors, ctx)
            and _answer(node.exc) not in answers
        ):
            return node.lineno
    return None


def raises_again(node: ast.Raise, handler: ast.ExceptHandler) -> bool:
    """``raise``, or ``raise e`` of the error the handler caught as ``e``: the same error
    goes on, an HTTPException with its status."""
    if node.exc is None:
        return True
    return isinstance(node.exc, ast.Name) and node.exc.id == handler.name and node.cause is None


def catches_http_errors(
    statement: ast.Try | ast.TryStar, handler: ast.ExceptHandler, ctx: FileContext
) -> bool:
    """Whether a handler before ``handler`` in the same ``try`` catches HTTP errors (``except
    HTTPException: raise``): they never reach ``handler``."""
    for earlier in statement.handlers:
        if earlier is handler:
            return False
        kinds = earlier.type.elts if isinstance(earlier.type, ast.Tuple) else [earlier.type]
        if any(kind is not None and qualified(kind, ctx.imports) in HTTP_ERRORS for kind in kinds):
            return True
    return False


def answer_status(node: ast.AST) -> str:
    """The status an HTTP error or a response answers with (``HTTPException(409)``,
    ``JSONResponse(status_code=500)``: "409", "500"), or, for a handler, the first such answer
    it raises or returns; "" when there is none (or ``raise`` lets the error through)."""
    if isinstance(node, ast.Call):
        status = _answer(node)
        return status if status.isdigit() else ""
    if not isinstance(node, ast.ExceptHandler):
        return ""
    answers = [n for n in own_nodes(node) if isinstance(n, ast.Raise | ast.Return)]
    if any(isinstance(n, ast.Raise) and raises_again(n, node) for n in answers):
        return ""
    for answer in sorted(answers, key=lambda n: n.lineno):
        value = answer.exc if isinstance(answer, ast.Raise) else answer.value
        status = answer_status(value) if isinstance(value, ast.Call) else ""
        if status:
            return status
    return ""


def _answer(exc: ast.expr | None) -> str:
    """What a raised exception answers: the same name (``credentials_exception`` raised in the
    ``try`` and again by the handler), or the same status, is the same answer."""
    if isinstance(exc, ast.Name):
        return exc.id
    if isinstance(exc, ast.Call):
        status = next((k.value for k in exc.keywords if k.arg == "status_code"), None)
        if status is None and exc.args:
            status = exc.args[0]
        return _status_code(status) if status is not None else ""
    return ""


_NAMED_STATUS = re.compile(r"HTTP_(\d{3})_")


def _status_code(node: ast.expr) -> str:
    """``404`` for ``404`` and for ``status.HTTP_404_NOT_FOUND``; the expression's dump else."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    named = _NAMED_STATUS.match(node.attr if isinstance(node, ast.Attribute) else "")
    if named is None and isinstance(node, ast.Name):
        named = _NAMED_STATUS.match(node.id)
    return named.group(1) if named is not None else ast.dump(node)


def _http_error_names(function: FunctionNode, ctx: FileContext) -> set[str]:
    """Names bound to an ``HTTPException`` in the function or at module level
    (``credentials_exception = HTTPException(status_code=401, ...)``)."""
    names: set[str] = set()
    assigns = [*own_nodes_of(function, ast.Assign), *ctx.tree.body]
    for node in assigns:
        if isinstance(node, ast.Assign) and _is_http_error(node.value, set(), ctx):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def _is_http_error(node: ast.expr | None, names: set[str], ctx: FileContext) -> bool:
    if isinstance(node, ast.Name):
        return node.id in names
    return isinstance(node, ast.Call) and qualified(node.func, ctx.imports) in HTTP_ERRORS


def _inside(node: ast.AST, body: list[ast.stmt], ctx: FileContext) -> bool:
    """Whether ``node`` sits in one of the statements of ``body``."""
    top = {id(statement) for statement in body}
    current: ast.AST | None = node
    while current is not None:
        if id(current) in top:
            return True
        current = ctx.parents.get(id(current))
    return False


LOGGING_CALLS = frozenset(
    {"print", "exception", "error", "warning", "warn", "critical", "info", "debug", "log"}
    | {"print_exc", "format_exc", "capture_exception", "capture_message"}
)
"""Calls that put the caught error somewhere a developer will read it."""


def hidden_error_status(
    handler: ast.ExceptHandler, function: FunctionNode | None, ctx: FileContext
) -> str:
    """The status a handler answers every error with while the caught error goes nowhere: not
    logged, not in the answer (``detail=str(e)``), not chained (``from e``); "" when it leaves
    a trace or answers otherwise. FastAPI logs no ``HTTPException`` and no response, so
    whatever failed, a typo or the database, leaves no trace. A 5xx, raised as an
    ``HTTPException`` or returned as a response (``JSONResponse(status_code=500, ...)``); a 4xx
    where the ``try`` does the server's own work, which then reads as the client's fault (blind
    check e1). Letting the route's own ``HTTPException`` through first (``if isinstance(e,
    HTTPException): raise e``) hides the rest all the same (blind check corpus 98). An answer
    built beforehand (``raise credentials_exception``) is judged as written inline (blind
    check r2)."""
    caught = {handler.name} if handler.name else set()
    passed = _passed_through(handler, caught)
    raised = [
        node
        for node in own_nodes(handler)
        if isinstance(node, ast.Raise) and id(node) not in passed
    ]
    prebuilt = prebuilt_answers(handler, function, ctx)
    statuses: list[str] = []
    for node in raised:
        exc = _resolved(node.exc, prebuilt)
        if exc is None or not _is_http_error(exc, set(), ctx):
            return ""
        if isinstance(node.cause, ast.Name) or mentions(exc, caught):
            return ""
        statuses.append(_answer(exc))
    if not raised:
        statuses = [] if passed else _returned_statuses(handler, prebuilt)
    if not _hides_with(statuses, handler, ctx):
        return ""
    for call in own_nodes_of(handler, ast.Call):
        if id(call) in passed:
            continue
        name = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        if name in LOGGING_CALLS or (isinstance(call.func, ast.Name) and call.func.id == "print"):
            return ""
        if mentions(call, caught):
            return ""
    return statuses[0]


def _hides_with(statuses: list[str], handler: ast.ExceptHandler, ctx: FileContext) -> bool:
    """Every answer is a 5xx, or every one a 4xx where the ``try`` does the server's work."""
    if not statuses:
        return False
    if all(status[:1] == "5" for status in statuses):
        return True
    statement = ctx.parents.get(id(handler))
    return (
        all(status[:1] == "4" for status in statuses)
        and isinstance(statement, ast.Try | ast.TryStar)
        and does_server_work(statement.body)
    )


REQUEST_READS = frozenset({"json", "body", "form", "read"})
"""Awaited reads of the request's own body (``await request.json()``, an upload's ``await
file.read()``): what fails there is what the client sent."""
DATABASE_CALLS = frozenset(
    {"execute", "executemany", "exec", "query", "commit", "rollback", "flush", "refresh"}
    | {"merge", "scalar", "scalars", "fetchone", "fetchall", "fetchmany"}
    | {"find_one", "insert_one", "insert_many", "update_one", "update_many", "delete_one"}
    | {"delete_many", "replace_one", "count_documents", "aggregate"}
)
"""Methods of a session, a cursor or a collection that go to the database."""
DATABASE_HANDLE = re.compile(r"(?:^|_)(?:db|session|conn|connection|cursor)$", re.IGNORECASE)
"""Names of a database handle handed to a helper (``crud.get_user(db, user_id)``)."""


def does_server_work(body: list[ast.stmt]) -> bool:
    """Whether statements await something other than the request's own body, or go to the
    database (``cursor.execute(...)``, ``crud.get_user(db, ...)``): what fails there is the
    server's. Parsing what the client sent (``jwt.decode(token, ...)``, ``UUID(raw)``) is not."""
    for node in (node for statement in body for node in ast.walk(statement)):
        if isinstance(node, ast.Await):
            awaited = node.value
            func = awaited.func if isinstance(awaited, ast.Call) else None
            if not (isinstance(func, ast.Attribute) and func.attr in REQUEST_READS):
                return True
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in DATABASE_CALLS:
            return True
        given = [*node.args, *(keyword.value for keyword in node.keywords)]
        if any(isinstance(arg, ast.Name) and DATABASE_HANDLE.search(arg.id) for arg in given):
            return True
    return False


def _passed_through(handler: ast.ExceptHandler, caught: set[str]) -> set[int]:
    """Ids of the ``isinstance(e, ...)`` tests of the handler's top-level ``if`` statements that
    only re-raise the caught error, and of those re-raises."""
    passed: set[int] = set()
    for statement in handler.body:
        test = statement.test if isinstance(statement, ast.If) else None
        if not (
            isinstance(test, ast.Call)
            and isinstance(test.func, ast.Name)
            and test.func.id == "isinstance"
            and test.args
            and isinstance(test.args[0], ast.Name)
            and test.args[0].id in caught
        ):
            continue
        assert isinstance(statement, ast.If)
        body = statement.body
        if len(body) == 1 and isinstance(body[0], ast.Raise) and not statement.orelse:
            exc = body[0].exc
            if exc is None or (isinstance(exc, ast.Name) and exc.id in caught):
                passed.update((id(test), id(body[0])))
    return passed


def _returned_statuses(handler: ast.ExceptHandler, prebuilt: dict[str, ast.Call]) -> list[str]:
    """The ``status_code`` each ``return`` of the handler answers with ("" for a return that
    makes no response with one)."""
    statuses: list[str] = []
    for node in own_nodes(handler):
        if not isinstance(node, ast.Return):
            continue
        value = _resolved(node.value, prebuilt)
        given = (
            next((k.value for k in value.keywords if k.arg == "status_code"), None)
            if isinstance(value, ast.Call)
            else None
        )
        statuses.append(_status_code(given) if given is not None else "")
    return statuses


def prebuilt_answers(
    handler: ast.ExceptHandler, function: FunctionNode | None, ctx: FileContext
) -> dict[str, ast.Call]:
    """Names bound, once, to a call before the handler in its function, or else at module level
    (``credentials_exception = HTTPException(status_code=401, ...)``, ``NOT_FOUND =
    JSONResponse(status_code=404, ...)``), and that call. A name bound twice is left out: which
    answer the handler gives is then not known."""
    module = _single_calls(node for node in ctx.tree.body if isinstance(node, ast.Assign))
    if function is None:
        return module
    bound = [node for node in own_nodes_of(function, ast.Assign) if node.lineno < handler.lineno]
    local = _single_calls(bound)
    assigned = {
        target.id
        for node in own_nodes_of(function, ast.Assign, ast.AnnAssign, ast.AugAssign)
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
        for target in _targets(node)
        if isinstance(target, ast.Name)
    }
    return {**{name: call for name, call in module.items() if name not in assigned}, **local}


def _targets(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return node.targets if isinstance(node, ast.Assign) else [node.target]


def _single_calls(assigns: Iterable[ast.Assign]) -> dict[str, ast.Call]:
    calls: dict[str, ast.Call] = {}
    seen: set[str] = set()
    for node in assigns:
        for target in node.targets:
            if not isinstance(target, ast.Name):
                continue
            if target.id in seen:
                calls.pop(target.id, None)
            elif isinstance(node.value, ast.Call):
                calls[target.id] = node.value
            seen.add(target.id)
    return calls


def _resolved(node: ast.expr | None, prebuilt: dict[str, ast.Call]) -> ast.expr | None:
    """The call a name was bound to beforehand, or the expression itself."""
    if isinstance(node, ast.Name) and node.id in prebuilt:
        return prebuilt[node.id]
    return node
