"""Property-based requests generated from the OpenAPI schema never make the server fail.

The schema is read from an app built at import (building one opens nothing: resources belong to
the lifespan); the requests go to a real server started by a fixture. Schemathesis's lazy,
fixture-based loader does not work with the pytest in use, the eager one does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from mentorbot.settings import load_settings
from tests.integration.server import running_server

TOKEN = "schema-token"
schema = schemathesis.openapi.from_dict(create_app().openapi())


@pytest.fixture(scope="module")
def schema_url(
    tmp_path_factory: pytest.TempPathFactory, database_url: str, mentor_home: Path
) -> Iterator[str]:
    settings = load_settings(
        database_url=database_url,
        mentor_home=mentor_home,
        mentor_api_token=TOKEN,
        mentor_repo_roots=(tmp_path_factory.mktemp("empty-root"),),
    )
    with running_server(create_app(settings, connect_on_startup=True)) as url:
        yield url


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_no_generated_request_makes_the_server_fail(
    case: schemathesis.Case, schema_url: str
) -> None:
    if case.path == "/reviews" and case.method == "POST":
        # A streamed review would hold the connection for the whole run; the outcome of the
        # request itself (validation, auth, roots) is the same without streaming.
        case.query = {**(case.query or {}), "stream": "false"}
    case.call_and_validate(
        base_url=schema_url,
        headers={"Authorization": f"Bearer {TOKEN}"},
        checks=[not_a_server_error],
        timeout=30,
    )


def test_the_schema_documents_every_route(schema_url: str) -> None:
    paths = httpx.get(f"{schema_url}/openapi.json").json()["paths"]
    documented = {path: sorted(item) for path, item in paths.items()}
    expected = {
        "/health": ["get"],
        "/ready": ["get"],
        "/reviews": ["get", "post"],
        "/reviews/{review_id}": ["get"],
        "/reviews/{review_id}/log": ["get"],
        "/reviews/{review_id}/events": ["get"],
        "/documents": ["post"],
        "/search": ["get"],
    }
    assert {path: documented.get(path) for path in expected} == expected
    for path, methods in paths.items():
        for method, operation in methods.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
