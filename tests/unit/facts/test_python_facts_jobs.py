"""Python facts on tests, workers, agents, odd code and a large generated module."""

from __future__ import annotations

import ast
import textwrap

from mentorbot.analysis.python_facts import extract_signals
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


CELERY_MODULE = """\
import logging

from celery import Celery, shared_task

logger = logging.getLogger(__name__)
celery_app = Celery("worker", broker="redis://localhost:6379/0")


@celery_app.task(bind=True, max_retries=3)
def send_welcome_email(self, user_id: int) -> None:
    try:
        deliver(user_id)
    except ConnectionError as exc:
        raise self.retry(exc=exc)


@shared_task
def cleanup() -> None:
    logger.info("cleanup")


@celery_app.on_after_configure.connect
def setup_periodic_tasks(sender, **kwargs):
    sender.add_periodic_task(60.0, cleanup.s())
"""


def test_celery_tasks() -> None:
    signals = signals_of(CELERY_MODULE, "app/worker.py")

    assert of_kind(signals, "background-task") == [
        (10, "send_welcome_email", {"via": "celery"}),
        (18, "cleanup", {"via": "celery"}),
    ]
    assert of_kind(signals, "try-except") == [
        (11, "", {"handlers": "ConnectionError", "bare": "0"})
    ]
    assert [(s.line, s.detail) for s in signals if s.kind == "logging"] == [(5, "logging")]


def test_procrastinate_and_arq_workers() -> None:
    procrastinate_signals = signals_of(
        """\
        import procrastinate

        app = procrastinate.App(connector=procrastinate.PsycopgConnector())


        @app.task(queue="emails")
        async def send(to: str) -> None:
            await mailer.send(to)
        """
    )
    arq_signals = signals_of(
        """\
        from arq.connections import RedisSettings


        async def download(ctx, url: str) -> int:
            return 1


        class WorkerSettings:
            functions = [download]
            redis_settings = RedisSettings()
        """
    )

    assert of_kind(procrastinate_signals, "background-task") == [
        (7, "send", {"via": "procrastinate"})
    ]
    assert of_kind(arq_signals, "background-task") == [(8, "WorkerSettings", {"via": "arq"})]


def test_a_task_registered_by_calling_the_apps_task_method_counts_like_a_decorated_one() -> None:
    """An app made at run time registers its functions with ``app.task(...)(function)``; an
    object with a ``task`` method in a file that names no queue is no task queue."""
    registered = signals_of(
        """\
        from procrastinate import App

        from worker.jobs import send_digest


        def bind(app: App) -> None:
            app.task(name="digest", queue="mail")(send_digest)
            app.periodic(cron="0 8 * * *")(send_digest)
        """
    )
    unrelated = signals_of(
        """\
        def schedule(board, job):
            board.task(priority=1)(job)
        """
    )

    assert of_kind(registered, "background-task") == [(7, "send_digest", {"via": "procrastinate"})]
    assert of_kind(unrelated, "background-task") == []


AGENT_MODULE = """\
import os
from typing import TypedDict

import structlog
from langchain.chat_models import init_chat_model
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_postgres import PGVector
from langgraph.graph import END, START, StateGraph
from langgraph.prebuilt import create_react_agent
from openai import AsyncOpenAI

log = structlog.get_logger()
OPENAI_KEY = os.getenv("OPENAI_API_KEY")
MODEL = os.environ.get("MODEL_NAME", "gpt-4o-mini")


class State(TypedDict):
    question: str
    answer: str


llm = ChatOpenAI(model=MODEL, temperature=0)
fallback = init_chat_model("anthropic:claude-3-5-sonnet-latest")
store = PGVector(embeddings=OpenAIEmbeddings(), connection=os.environ["DATABASE_URL"])
client = AsyncOpenAI()


async def answer(state: State) -> dict[str, str]:
    reply = await client.chat.completions.create(model=MODEL, messages=[])
    return {"answer": reply.choices[0].message.content}


builder = StateGraph(State)
builder.add_node("answer", answer)
builder.add_edge(START, "answer")
builder.add_edge("answer", END)
graph = builder.compile()
researcher = create_react_agent(llm, tools=[])
os.environ["LANGSMITH_TRACING"] = "true"
"""


def test_langgraph_agent_module() -> None:
    signals = signals_of(AGENT_MODULE, "agent/graph.py")

    assert of_kind(signals, "llm-call") == [
        (22, "ChatOpenAI", {"library": "langchain"}),
        (23, "init_chat_model", {"library": "langchain"}),
        (25, "AsyncOpenAI", {"library": "openai"}),
        (29, "chat.completions.create", {"library": "openai"}),
    ]
    assert of_kind(signals, "agent-graph") == [
        (33, "builder", {"library": "langgraph"}),
        (38, "researcher", {"library": "langgraph"}),
    ]
    assert of_kind(signals, "vector-store") == [(24, "PGVector", {"library": "langchain"})]
    assert names(signals, "env-config") == ["OPENAI_API_KEY", "MODEL_NAME", "DATABASE_URL"]
    assert [(s.line, s.detail) for s in signals if s.kind == "logging"] == [(12, "structlog")]
    assert of_kind(signals, "pydantic-model") == []


def test_try_statements_record_their_handlers() -> None:
    signals = signals_of(
        """\
        try:
            run()
        except (KeyError, errors.Missing):
            pass
        except:
            pass

        try:
            run()
        finally:
            stop()

        try:
            run()
        except* ValueError:
            pass
        """
    )

    # try/finally (line 8) catches nothing: cleanup, not error handling.
    assert of_kind(signals, "try-except") == [
        (1, "", {"handlers": "KeyError,errors.Missing,", "bare": "1"}),
        (13, "", {"handlers": "ValueError", "bare": "0"}),
    ]


def test_odd_code_does_not_break_the_walk() -> None:
    deep_sum = " + ".join(["1"] * 1500)
    signals = signals_of(
        f"""\
        import a.b.c as abc

        handler = lambda request: request
        value = {deep_sum}


        @registry.plugins["x"].register
        @(lambda f: f)
        class Outer(Generic[T]):
            class Inner(Base):
                __tablename__ = "inner"

            @staticmethod
            def method(x: int, /, *args: int, key: int = 0, **kw: int) -> int:
                def nested():
                    return 1
                return x

            async def process(self, items):
                result = [await item async for item in items]
                if (n := len(result)) > 3:
                    match n:
                        case 4:
                            return "four"
                        case _:
                            return "many"
        """
    )

    assert of_kind(signals, "import") == [(1, "a", {"from": "0"})]
    assert of_kind(signals, "orm-model") == [(10, "Inner", {"base": "Base", "table": "inner"})]
    assert of_kind(signals, "sync-def") == [
        (14, "method", {"class": "Outer"}),
        (15, "nested", {"class": ""}),
    ]
    assert of_kind(signals, "async-def") == [(19, "process", {"awaits": "2", "class": "Outer"})]
    assert signals[0].data == {
        "functions": "3",
        "annotated_functions": "1",
        "classes": "2",
        "docstring": "0",
    }


def test_large_generated_module() -> None:
    blocks = [
        textwrap.dedent(
            f"""\
            class Item{index}(Base):
                __tablename__ = "items_{index}"
                id: Mapped[int] = mapped_column(primary_key=True)


            class Item{index}Out(BaseModel):
                id: int


            @router.get("/items/{index}", response_model=Item{index}Out)
            async def read_item_{index}(db: AsyncSession = Depends(get_db)) -> Item{index}Out:
                return await db.get(Item{index}, {index})


            def test_read_item_{index}() -> None:
                assert read_item_{index}
            """
        )
        for index in range(300)
    ]
    header = "import pytest\nfrom fastapi import APIRouter, Depends\n\nrouter = APIRouter()\n\n\n"
    source = header + "\n\n".join(blocks)
    assert source.count("\n") >= 5000

    signals = extract_signals(ast.parse(source), "app/generated.py")

    counts: dict[str, int] = {}
    for signal in signals:
        counts[signal.kind] = counts.get(signal.kind, 0) + 1
    assert counts == {
        "module": 1,
        "import": 2,
        "app": 1,
        "orm-model": 300,
        "pydantic-model": 300,
        "route": 300,
        "depends": 300,
        "async-def": 300,
        "sync-def": 300,
        "test-function": 300,
    }
    last_route = [signal for signal in signals if signal.kind == "route"][-1]
    assert last_route.name == "read_item_299"
    assert last_route.detail == "GET /items/299"
    assert (
        last_route.line
        == source.splitlines().index(
            "async def read_item_299(db: AsyncSession = Depends(get_db)) -> Item299Out:"
        )
        + 1
    )
    assert signals[0].data["functions"] == "600"
    assert signals[0].data["annotated_functions"] == "600"


def test_vector_stores_need_their_library() -> None:
    signals = signals_of(
        """\
        from langchain_community.vectorstores import FAISS, Chroma
        from qdrant_client import QdrantClient
        from geometry import Vector

        index = FAISS.from_documents(docs, embeddings)
        chroma = Chroma(collection_name="notes", embedding_function=embeddings)
        qdrant = QdrantClient(url="http://localhost:6333")
        arrow = Vector(1, 2)
        """
    )

    assert of_kind(signals, "vector-store") == [
        (5, "FAISS", {"library": "langchain"}),
        (6, "Chroma", {"library": "langchain"}),
        (7, "QdrantClient", {"library": "qdrant"}),
    ]


def test_loguru_logger_import_counts_as_logging_once() -> None:
    signals = signals_of(
        """\
        import sys

        from loguru import logger

        logger.add(sys.stderr, level="INFO")
        log = logger.bind(component="api")
        """
    )

    assert [(s.line, s.kind, s.detail) for s in signals if s.kind == "logging"] == [
        (3, "logging", "loguru")
    ]


def test_flask_routes_written_like_fastapis_are_not_fastapi_routes() -> None:
    """Flask 2's ``@app.get("/todos")`` reads like FastAPI's; counting it would credit a Flask
    learner with FastAPI skill the log then claims."""
    flask_app = signals_of(
        """\
        from flask import Blueprint, Flask, jsonify

        app = Flask(__name__)
        bp = Blueprint("todos", __name__)


        @app.get("/health")
        def health():
            return jsonify(ok=True)


        @bp.post("/todos")
        def add_todo():
            return jsonify(ok=True), 201
        """
    )
    blueprint_elsewhere = signals_of(
        """\
        from flask import jsonify

        from .blueprints import api


        @api.get("/items")
        def items():
            return jsonify([])
        """
    )
    fastapi_app = signals_of(
        """\
        from fastapi import APIRouter

        from .deps import router


        @router.get("/items")
        async def items() -> list[str]:
            return []
        """
    )

    assert of_kind(flask_app, "route") == []
    assert of_kind(blueprint_elsewhere, "route") == []
    assert [name for _, name, _ in of_kind(fastapi_app, "route")] == ["items"]


def test_flask_routes_are_flask_routes_with_their_methods_and_blueprint_prefix() -> None:
    """The achievements and the missing-tests rule count a Flask app's routes (a Flask blog
    listed no endpoint at all), as their own kind so no FastAPI judgement applies to them."""
    flask_app = signals_of(
        """\
        from flask import Blueprint, Flask, render_template

        app = Flask(__name__)
        posts = Blueprint("posts", __name__, url_prefix="/posts/")


        @app.route("/")
        def index():
            return render_template("index.html")


        @posts.route("/new", methods=["GET", "POST"])
        def create_post():
            return render_template("create-post.html")


        @posts.get("/<int:post_id>")
        def view_post(post_id):
            return render_template("post.html")
        """
    )
    blueprint_elsewhere = signals_of(
        """\
        from flask import render_template

        from app.users import blueprint


        @blueprint.route("/login", methods=["POST"])
        def login():
            return render_template("login.html")
        """
    )

    assert of_kind(flask_app, "flask-route") == [
        (8, "index", {"method": "GET", "path": "/"}),
        (13, "create_post", {"method": "GET,POST", "path": "/posts/new"}),
        (18, "view_post", {"method": "GET", "path": "/posts/<int:post_id>"}),
    ]
    assert of_kind(blueprint_elsewhere, "flask-route") == [
        (7, "login", {"method": "POST", "path": "/login"})
    ]
    assert of_kind(flask_app, "route") == of_kind(blueprint_elsewhere, "route") == []


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


def test_rag_apps_on_other_providers_show_their_llm_and_vector_store() -> None:
    """A Streamlit RAG app on Groq with a Chroma collection showed a vector store and no LLM."""
    signals = signals_of(
        """\
        import chromadb
        from langchain.agents import create_tool_calling_agent
        from langchain_groq import ChatGroq
        from langchain_ollama import ChatOllama

        llm = ChatGroq(model_name="llama-3.1-8b-instant")
        local = ChatOllama(model="llama3.2")
        collection = chromadb.PersistentClient(path="db").get_or_create_collection("docs")
        agent = create_tool_calling_agent(llm, tools=[], prompt=None)
        """
    )

    assert of_kind(signals, "llm-call") == [
        (6, "ChatGroq", {"library": "langchain"}),
        (7, "ChatOllama", {"library": "langchain"}),
    ]
    assert of_kind(signals, "vector-store") == [(8, "PersistentClient", {"library": "chromadb"})]
    assert of_kind(signals, "agent-graph") == [(9, "agent", {"library": "langchain"})]


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


def test_an_alembic_revision_s_docstring_is_alembic_s_not_the_learner_s() -> None:
    revision = signals_of(
        '''\
        """add books table

        Revision ID: 3f2a1b9c8d7e
        Revises:
        """
        from alembic import op

        revision = "3f2a1b9c8d7e"
        down_revision = None
        ''',
        "alembic/versions/3f2a1b9c8d7e_add_books_table.py",
    )
    module = signals_of('"""Books API: routes for the catalogue."""\n')

    assert [s.data["docstring"] for s in revision if s.kind == "module"] == ["0"]
    assert [s.data["docstring"] for s in module if s.kind == "module"] == ["1"]


def test_llm_calls_through_the_old_openai_module_api_or_plain_http_count() -> None:
    """A RAG app calling ``openai.ChatCompletion.create`` and OpenRouter through
    ``requests.post`` was told "[ ] An LLM is called"."""
    old_api = signals_of(
        """
        import openai

        answer = openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[])
        """
    )
    over_http = signals_of(
        """
        import requests

        URL = "https://example.com/search"
        reply = requests.post("https://openrouter.ai/api/v1/completions", json={})
        other = requests.post(URL, json={})
        """
    )

    assert of_kind(old_api, "llm-call") == [(4, "ChatCompletion.create", {"library": "openai"})]
    assert of_kind(over_http, "llm-call") == [(5, "POST openrouter.ai/api", {"library": "http"})]


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
