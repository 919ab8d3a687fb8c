"""Signals of a ``raise``: an ``HTTPException`` with its status, or the project's own exception
class, which the signal index resolves to an HTTP error when it subclasses ``HTTPException``."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import (
    FileState,
    SignalSink,
    dotted,
    first_arg,
    last_name,
    literal_or_text,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


def classify_raise(node: ast.Raise, state: FileState, sink: SignalSink) -> None:
    """``raise HTTPException(404)`` -> http-exception with the status as written.

    ``http.client.HTTPException`` shares the name but is a client-side error, not a response.
    """
    raised = node.exc
    exception = raised.func if isinstance(raised, ast.Call) else raised
    if dotted(exception).startswith("http.client") or state.imported_from(
        "HTTPException"
    ).startswith("http"):
        return
    if isinstance(raised, ast.Call) and last_name(raised.func) == "HTTPException":
        status = literal_or_text(first_arg(raised, "status_code"))
        sink.emit("http-exception", node.lineno, detail=status, data={"status": status})
    elif last_name(raised) == "HTTPException":
        sink.emit("http-exception", node.lineno, data={"status": ""})
    elif _answers_with_status(exception, state):
        name = last_name(exception)
        sink.emit("http-exception", node.lineno, name, name, {"status": "", "framework": DJANGO})
    elif isinstance(raised, ast.Name) and raised.id in state.http_exceptions:
        status = state.http_exceptions[raised.id]
        sink.emit("http-exception", node.lineno, detail=status, data={"status": status})
    elif isinstance(exception, ast.Name) and (
        exception.id in state.imports or exception.id in state.exception_classes
    ):
        # The project's own exception class: an HTTPException subclass answers the client too
        # (``raise PostNotFoundException()``); the index resolves the class across files.
        sink.emit("custom-raise", node.lineno, exception.id)


DJANGO = "django"
"""The ``framework`` of an HTTP error Django or its REST framework answers: named in its own
words (``get_object_or_404``, ``Http404``), not as FastAPI's ``HTTPException``."""
FRAMEWORK_HTTP_ERRORS = ("rest_framework.exceptions", "django.http", "django.core.exceptions")
"""Where Django and its REST framework keep the exceptions they answer with a status:
``Http404``, ``NotFound``, ``PermissionDenied``, ``ValidationError`` (blind check d1 had
"errors never mapped to HTTP responses" of views raising them)."""


def _answers_with_status(exception: ast.expr | None, state: FileState) -> bool:
    name = last_name(exception)
    if not name or not isinstance(exception, ast.Name | ast.Attribute):
        return False
    origin = state.imported_from(dotted(exception).split(".")[0])
    return origin.startswith(FRAMEWORK_HTTP_ERRORS) or (
        isinstance(exception, ast.Attribute) and origin == "rest_framework" and name[:1].isupper()
    )


def django_not_found(site: CallSite) -> None:
    """``get_object_or_404(Post, pk=pk)``: a missing row answered with 404."""
    if site.state.imported_from(site.callee).startswith(("django.shortcuts", "rest_framework")):
        data = {"status": "404", "framework": DJANGO}
        site.sink.emit("http-exception", site.line, site.callee, "404", data)
