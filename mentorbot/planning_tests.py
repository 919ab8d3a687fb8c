"""The plan's test task: the app's routes and realtime endpoints, each with the client its
framework's tests drive it through; a GraphQL API's operations (``planning_graphql``); else a
first set of tests for the files with findings."""

from __future__ import annotations

from collections.abc import Sequence

from mentorbot.domain import Finding, PlanTask, SkillMatrix, Text
from mentorbot.planning_graphql import graphql_tests_task
from mentorbot.planning_tasks import MAX_FILES, TaskContext, join_paths, more_signals_check
from mentorbot.skills_facts import Facts, Located
from mentorbot.wording import count as count_words


def _area_score(skills: SkillMatrix, key: str) -> int:
    return next((a.score for a in skills.areas if a.key == key), 0)


ROUTE_TEST_CLIENTS = (
    ("route", "TestClient 或 httpx.AsyncClient", "TestClient or httpx.AsyncClient"),
    ("flask-route", "Flask 的 app.test_client()", "Flask's app.test_client()"),
    (
        "sanic-route",
        "Sanic 的 app.test_client（sanic-testing）或 app.asgi_client",
        "Sanic's app.test_client (sanic-testing) or app.asgi_client",
    ),
    (
        "aiohttp-route",
        "pytest-aiohttp 的 aiohttp_client 夹具（aiohttp.test_utils.TestClient）",
        "pytest-aiohttp's aiohttp_client fixture (aiohttp.test_utils.TestClient)",
    ),
)
"""Each framework's routes with the client its tests call them through: a Sanic app was told to
use Flask's (blind check l1)."""
SOCKET_TEST_CLIENTS = {
    "flask-socketio": (
        "Flask-SocketIO 的 socketio.test_client(app)",
        "Flask-SocketIO's socketio.test_client(app)",
    ),
    "python-socketio": (
        "连上测试里启动的服务的 socketio.AsyncSimpleClient",
        "a socketio.AsyncSimpleClient connected to a server the test starts",
    ),
    "websockets": (
        '连上测试里用 serve(handler, "localhost", 0) 启动的服务的 websockets connect()',
        "websockets' connect() against a server the test starts with "
        'serve(handler, "localhost", 0)',
    ),
}
"""The client a realtime endpoint's tests talk to it through, by library: a Flask-SocketIO
chat, whose event handlers are the app, was told only of Flask's app.test_client()
(blind check w1)."""


def _routes_and_client(facts: Facts) -> tuple[list[Located], str, str]:
    """The routes of the first framework in ``ROUTE_TEST_CLIENTS`` that has some, with its test
    client in Chinese and English."""
    for kind, client_zh, client_en in ROUTE_TEST_CLIENTS:
        routes = facts.views(kind, where=lambda r: not facts.in_tests(r.path))
        if routes:
            return routes, client_zh, client_en
    return [], "", ""


def _endpoints_task(
    facts: Facts, routes: list[Located], client_zh: str, client_en: str
) -> PlanTask | None:
    """Tests for the routes and the realtime endpoints (websocket and Socket.IO handlers), each
    through its own client."""
    sockets = facts.views("socket-handler", where=lambda r: not facts.in_tests(r.path))
    if not routes and not sockets:
        return None
    located = tuple(dict.fromkeys(r.path for r in (*routes, *sockets)))
    where_zh, where_en = join_paths(located, "、"), join_paths(located)
    socket_zh, socket_en = SOCKET_TEST_CLIENTS.get(
        sockets[0].get("library") if sockets else "", ("", "")
    )
    what_en = count_words(len(routes), "route") if routes else ""
    if routes and not sockets:
        zh = f"为 {where_zh} 中的 {len(routes)} 个路由补上测试：用 {client_zh}"
        en = f"Add tests for the {what_en} in {where_en}: use {client_en}"
    elif not routes:
        zh = f"为 {where_zh} 中的 {len(sockets)} 个实时端点补上测试：用 {socket_zh}"
        en = (
            f"Add tests for the {count_words(len(sockets), 'realtime endpoint')} in {where_en}: "
            f"use {socket_en}"
        )
    else:
        zh = (
            f"为 {where_zh} 中的 {len(routes)} 个路由和 {len(sockets)} 个实时端点补上测试："
            f"路由用 {client_zh}，实时端点用 {socket_zh}"
        )
        en = (
            f"Add tests for the {what_en} and the "
            f"{count_words(len(sockets), 'realtime endpoint')} in {where_en}: use {client_en} "
            f"for the routes and {socket_en} for the realtime endpoints"
        )
    return PlanTask(
        text=Text(
            zh=f"{zh}，成功和出错的情况各测一个",
            en=f"{en}, one success case and one error case each",
        ),
        files=located[:MAX_FILES],
        horizon="short",
        # A test per endpoint at least: one test of one route had ticked off "tests for the 3
        # routes" (blind check b2).
        check=more_signals_check(facts, "test-function", more=len(routes) + len(sockets)),
    )


def tests_task(context: TaskContext, findings: Sequence[Finding]) -> PlanTask | None:
    facts = context.facts
    weak = _area_score(context.skills, "testing") <= 2
    if not findings and not weak:
        return None
    task = _endpoints_task(facts, *_routes_and_client(facts))
    if task is not None:
        return task
    graphql = graphql_tests_task(facts)
    if graphql is not None:
        return graphql
    if findings:
        located = tuple(dict.fromkeys(f.path for f in findings))
        files = located[:MAX_FILES]
        return PlanTask(
            text=Text(
                zh=f"为 {join_paths(located, '、')} 写第一批 pytest 测试",
                en=f"Write a first set of pytest tests for {join_paths(located)}",
            ),
            files=files,
            horizon="short",
            check=more_signals_check(facts, "test-function"),
        )
    return None
