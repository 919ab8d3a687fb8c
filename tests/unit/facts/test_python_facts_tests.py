"""Python facts on test code: pytest, unittest and test clients, and what is not a test."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import names, of_kind, signals_of

PYTEST_FILE = """\
import httpx
import pytest
import pytest_asyncio
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest.fixture
def sync_client():
    return TestClient(app)


@pytest_asyncio.fixture(scope="session", name="client")
async def async_client_fixture():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client


@pytest.fixture()
def payload() -> dict[str, str]:
    return {"title": "write tests"}


async def test_create_task(client: httpx.AsyncClient, payload: dict[str, str]) -> None:
    response = await client.post("/tasks/", json=payload)
    assert response.status_code == 201


def test_list_tasks(sync_client: TestClient) -> None:
    assert sync_client.get("/tasks/").status_code == 200


class TestDelete:
    async def test_delete_missing(self, client: httpx.AsyncClient) -> None:
        response = await client.delete("/tasks/999")
        assert response.status_code == 404

    def helper(self) -> None:
        pass


class Helpers:
    def test_not_collected(self) -> None:
        pass


def make_payload() -> dict[str, str]:
    return {}
"""


def test_pytest_fixtures_async_tests_and_clients() -> None:
    signals = signals_of(PYTEST_FILE, "tests/test_tasks.py")

    assert of_kind(signals, "fixture") == [
        (11, "sync_client", {"scope": "function"}),
        (16, "client", {"scope": "session"}),
        (22, "payload", {"scope": "function"}),
    ]
    assert of_kind(signals, "test-function") == [
        (26, "test_create_task", {"async": "1"}),
        (31, "test_list_tasks", {"async": "0"}),
        (36, "test_delete_missing", {"async": "1"}),
    ]
    assert of_kind(signals, "test-client") == [
        (12, "TestClient", {}),
        (17, "AsyncClient", {}),
        (17, "ASGITransport", {}),
    ]
    assert of_kind(signals, "async-def") == [
        (16, "async_client_fixture", {"awaits": "1", "class": ""}),
        (26, "test_create_task", {"awaits": "1", "class": ""}),
        (36, "test_delete_missing", {"awaits": "1", "class": "TestDelete"}),
    ]
    assert (40, "helper", {"class": "TestDelete"}) in of_kind(signals, "sync-def")


def test_unittest_and_django_test_cases_are_tests_whatever_their_class_is_called() -> None:
    signals = signals_of(
        """\
        import unittest

        from django.test import TestCase


        class ProductTests(TestCase):
            def test_str(self):
                self.assertEqual(str(Product(name="pen")), "pen")

            def make_product(self):
                return Product(name="pen")


        class PriceChecks(ProductTests):
            def test_price_is_positive(self):
                self.assertGreater(Product(price=1).price, 0)


        class MathCase(unittest.IsolatedAsyncioTestCase):
            async def test_add(self):
                self.assertEqual(1 + 1, 2)


        class Helpers:
            def test_like_name(self):
                pass
        """,
        "shop/tests.py",
    )

    assert of_kind(signals, "test-function") == [
        (7, "test_str", {"async": "0"}),
        (15, "test_price_is_positive", {"async": "0"}),
        (20, "test_add", {"async": "1"}),
    ]


def test_httpx_client_in_production_code_is_not_a_test_client() -> None:
    source = """\
    import httpx


    async def fetch_weather(city: str) -> dict:
        async with httpx.AsyncClient(timeout=5) as http:
            return (await http.get(f"https://weather.example/{city}")).json()
    """

    assert of_kind(signals_of(source, "app/weather.py"), "test-client") == []
    assert of_kind(signals_of(source, "tests/test_weather.py"), "test-client") == [
        (5, "AsyncClient", {})
    ]


def test_flask_test_client_in_a_test_is_a_test_client() -> None:
    conftest = signals_of(
        """\
        import pytest

        from app import create_app


        @pytest.fixture()
        def client():
            return create_app().test_client()
        """,
        "tests/conftest.py",
    )
    production = signals_of("from app import app\n\nclient = app.test_client()\n", "app/demo.py")

    assert [(line, name) for line, name, _ in of_kind(conftest, "test-client")] == [
        (8, "test_client")
    ]
    assert of_kind(production, "test-client") == []


def test_a_route_named_test_something_in_the_app_is_not_a_test() -> None:
    """``@router.get("/test") async def test_endpoint()`` made a project without a single test
    look tested: no "no tests" finding, and "1 test function" among its achievements."""
    route = signals_of(
        """\
        from fastapi import APIRouter

        router = APIRouter()


        @router.get("/test")
        async def test_endpoint():
            return {"ok": True}


        def test_connection() -> bool:
            return True
        """,
        "app/api/routes/chatbot.py",
    )
    module_test = signals_of(
        "import pytest\n\n\ndef test_sum():\n    assert 1 + 1 == 2\n", "checks.py"
    )
    django_tests = signals_of(
        "from django.test import TestCase\n\n\nclass NoteTests(TestCase):\n"
        "    def test_str(self):\n        self.assertTrue(True)\n",
        "notes/tests.py",
    )

    assert of_kind(route, "test-function") == []
    assert [name for _, name, _ in of_kind(route, "route")] == ["test_endpoint"]
    assert [name for _, name, _ in of_kind(module_test, "test-function")] == ["test_sum"]
    assert [name for _, name, _ in of_kind(django_tests, "test-function")] == ["test_str"]


def test_a_fixture_named_like_a_test_is_a_fixture_not_a_test() -> None:
    """pytest never collects a fixture as a test, whatever its name: the log counted
    ``test_db`` in a conftest, and ``test_image_file``, as test functions and as fixtures."""
    signals = signals_of(
        """\
import pytest
import pytest_asyncio


@pytest.fixture
def test_image_file(tmp_path):
    return tmp_path / "cat.png"


@pytest_asyncio.fixture(scope="session")
async def test_db():
    yield "db"


def test_upload(test_image_file, test_db):
    assert test_image_file.name == "cat.png"
""",
        "tests/conftest.py",
    )

    assert of_kind(signals, "fixture") == [
        (6, "test_image_file", {"scope": "function"}),
        (11, "test_db", {"scope": "session"}),
    ]
    assert of_kind(signals, "test-function") == [(15, "test_upload", {"async": "0"})]


def test_unittest_and_django_set_up_methods_are_fixtures_and_self_client_a_test_client() -> None:
    """A Django ``TestCase`` builds its state in ``setUp`` and calls ``self.client``: the log
    said "test functions without fixtures" and "no test client" (blind checks f1 and d1)."""
    signals = signals_of(
        """\
        from django.test import TestCase
        from rest_framework.test import APIClient

        from .models import Note


        class NoteViewTests(TestCase):
            @classmethod
            def setUpTestData(cls):
                cls.note = Note.objects.create(text="first")

            def setUp(self):
                self.api = APIClient()

            def test_list(self):
                self.assertEqual(self.client.get("/notes/").status_code, 200)


        class Helper:
            def setUp(self):
                pass


        def setUp():
            pass
        """,
        "notes/tests.py",
    )

    assert of_kind(signals, "fixture") == [
        (9, "setUpTestData", {"scope": "class"}),
        (12, "setUp", {"scope": "function"}),
    ]
    assert [(line, name) for line, name, _ in of_kind(signals, "test-client")] == [
        (13, "APIClient"),
        (16, "self.client"),
    ]
    assert [name for _, name, _ in of_kind(signals, "test-function")] == ["test_list"]


def test_a_test_class_on_a_base_of_the_tests_imported_from_another_module_holds_tests() -> None:
    """``class PostTests(BaseAPITest)``, its base a ``TestCase`` in ``tests/base.py``: one
    test of sixteen was counted (blind check d1). Outside the tests the same shape is no test."""
    source = """\
        from .base import BaseAPITest


        class PostTests(BaseAPITest):
            def test_list(self):
                self.assertEqual(self.client.get("/api/posts/").status_code, 200)
        """

    assert names(signals_of(source, "tests/test_posts.py"), "test-function") == ["test_list"]
    assert names(signals_of(source, "app/posts.py"), "test-function") == []


def test_a_test_under_mock_patch_is_a_test_and_no_patch_route() -> None:
    """``@mock.patch("...")`` read as a PATCH route's decorator hid every test under it: three
    Django tests calling ``self.client`` went uncounted and "no tests" stayed open (blind check
    d2). Only a decorator that routes the function makes it no test."""
    signals = signals_of(
        """\
        import unittest.mock
        from unittest import mock

        import pytest
        from django.test import TestCase
        from fastapi import APIRouter

        router = APIRouter()


        class RegisterViewTest(TestCase):
            @mock.patch("authentication.views.send_email_confirmation_task")
            @mock.patch("authentication.views.create_code", return_value="123456")
            def test_register_sends_confirmation(self, create_code, task):
                self.client.post("/register/", {"email": "a@example.com"})
                task.delay.assert_called_once_with("a@example.com", "123456")

            @unittest.mock.patch(target="authentication.views.compare_code")
            def test_wrong_code_is_rejected(self, compare):
                compare.return_value = False
                self.assertEqual(self.client.post("/verify/").status_code, 400)


        @mock.patch("app.tasks.send_mail.delay")
        def test_task_is_queued(send_mail):
            assert send_mail.call_count == 0


        @router.patch("/profile")
        async def test_profile_update():
            return {"ok": True}
        """,
        "authentication/tests.py",
    )

    assert names(signals, "test-function") == [
        "test_register_sends_confirmation",
        "test_wrong_code_is_rejected",
        "test_task_is_queued",
    ]
    assert [(signal.name, signal.detail) for signal in signals if signal.kind == "route"] == [
        ("test_profile_update", "PATCH /profile")
    ]


def test_click_and_typer_cli_runners_are_test_clients() -> None:
    """``CliRunner().invoke(cli, [...])`` drives a command-line app as ``TestClient`` drives a
    web app (blind check p1), whichever of Click's spellings the test imports."""
    imported = signals_of(
        "from click.testing import CliRunner\n\nfrom notes.cli import cli\n\n\n"
        "def test_add_note():\n    result = CliRunner().invoke(cli, ['add', 'milk'])\n"
        "    assert result.exit_code == 0\n",
        "tests/test_cli.py",
    )
    dotted_path = signals_of(
        "import click.testing\n\nfrom notes.cli import cli\n\n\n"
        "def test_list_notes():\n    runner = click.testing.CliRunner()\n"
        "    assert runner.invoke(cli, ['list']).exit_code == 0\n",
        "tests/test_cli.py",
    )

    assert of_kind(imported, "test-client") == [(7, "CliRunner", {})]
    assert of_kind(dotted_path, "test-client") == [(7, "CliRunner", {})]
