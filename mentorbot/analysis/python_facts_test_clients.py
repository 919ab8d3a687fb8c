"""Call facts about test clients: what a test drives the app through instead of a server
(FastAPI's ``TestClient``, DRF's ``APIClient``, httpx on an ASGI app, Flask's
``app.test_client()``, Django's ``self.client``, Click's and Typer's ``CliRunner``)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_auth import from_library
from mentorbot.analysis.python_facts_support import (
    FileState,
    dotted,
    keyword,
    last_name,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite

TEST_CLIENT_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
CLI_RUNNER_LIBRARIES = ("click", "typer")


def app_test_client(site: CallSite) -> None:
    """httpx's AsyncClient is also a production HTTP client: only count it in tests or on an app."""
    transport = keyword(site.call, "transport")
    on_app = keyword(site.call, "app") is not None or (
        isinstance(transport, ast.Call) and last_name(transport.func) == "ASGITransport"
    )
    if site.callee == "AsyncClient" and not (site.state.in_tests or on_app):
        return
    site.sink.emit("test-client", site.line, site.callee)


def flask_test_client(site: CallSite) -> None:
    """Flask's ``app.test_client()`` in a test: the Flask counterpart of ``TestClient(app)``."""
    if isinstance(site.call.func, ast.Attribute) and site.state.in_tests:
        site.sink.emit("test-client", site.line, site.callee)


def cli_runner(site: CallSite) -> None:
    """Click's or Typer's ``CliRunner()``, whose ``runner.invoke(app, ["add", "milk"])`` runs a
    command-line app in the test as ``TestClient`` does a web app: a Typer CLI's tests through it
    had "no test client" (blind check p1). A ``CliRunner`` of the learner's own is not one."""
    if any(from_library(site, library) for library in CLI_RUNNER_LIBRARIES):
        site.sink.emit("test-client", site.line, site.callee)


def self_client(func: ast.expr, state: FileState) -> bool:
    """``self.client.get("/notes/")`` in a test: the client Django's and DRF's test cases
    hand every test."""
    return (
        isinstance(func, ast.Attribute) and dotted(func.value) == "self.client" and state.in_tests
    )
