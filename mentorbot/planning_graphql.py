"""The test task of a GraphQL API: its operations are what a test sends, all to the one URL
that serves the schema (a graphene-django API was told to test its ``models.py``, blind check
g1)."""

from __future__ import annotations

from mentorbot.domain import PlanTask, Text
from mentorbot.planning_tasks import MAX_FILES, join_paths, more_signals_check
from mentorbot.skills_facts import Facts, Located
from mentorbot.wording import count as count_words

TEST_CLIENTS: tuple[tuple[str, str, str], ...] = (
    ("strawberry.django", "Django 的测试客户端 Client", "Django's test Client"),
    ("strawberry.flask", "Flask 的 app.test_client()", "Flask's app.test_client()"),
    ("strawberry", "TestClient 或 httpx.AsyncClient", "TestClient or httpx.AsyncClient"),
    ("graphene_django", "Django 的测试客户端 Client", "Django's test Client"),
    ("ariadne.contrib.django", "Django 的测试客户端 Client", "Django's test Client"),
    ("flask_graphql", "Flask 的 app.test_client()", "Flask's app.test_client()"),
    ("graphql_server.flask", "Flask 的 app.test_client()", "Flask's app.test_client()"),
    ("starlette_graphene3", "TestClient 或 httpx.AsyncClient", "TestClient or httpx.AsyncClient"),
    ("ariadne.asgi", "TestClient 或 httpx.AsyncClient", "TestClient or httpx.AsyncClient"),
)
"""The test client of the framework an endpoint's view belongs to, by the view's module."""
NO_CLIENT = ("schema.execute", "`schema.execute`")
"""Where the endpoint (or its framework) is not known: the schema runs an operation itself."""


def graphql_tests_task(facts: Facts) -> PlanTask | None:
    """Tests for the GraphQL operations, sent to the endpoint with its framework's client."""

    def built(item: Located) -> bool:
        return not facts.in_tests(item.path)

    operations = facts.signals("graphql-operation", where=built)
    if not operations:
        return None
    endpoints = facts.signals("graphql-endpoint", where=built)
    view = endpoints[0].signal.detail if endpoints else ""
    client_zh, client_en = next(
        ((zh, en) for module, zh, en in TEST_CLIENTS if view.startswith(module)), NO_CLIENT
    )
    path = next((item.get("path") for item in endpoints if item.get("path")), "")
    to_zh = f"向 {path} " if path else ""
    to_en = f" to {path}" if path else ""
    located = tuple(dict.fromkeys(item.path for item in operations))
    return PlanTask(
        text=Text(
            zh=(
                f"为 {join_paths(located, '、')} 中的 {len(operations)} 个 GraphQL 操作补上测试："
                f"用 {client_zh} {to_zh}发送查询和变更，成功和出错的情况各测一个"
            ),
            en=(
                f"Add tests for the {count_words(len(operations), 'GraphQL operation')} in "
                f"{join_paths(located)}: send each query and mutation{to_en} with {client_en}, "
                "one success case and one error case each"
            ),
        ),
        files=located[:MAX_FILES],
        horizon="short",
        check=more_signals_check(facts, "test-function", more=len(operations)),
    )
