"""Python facts from odd and generated modules, try handlers, loguru, Flask routes, docstrings."""

from __future__ import annotations

import ast
import textwrap

from mentorbot.analysis.python_facts import extract_signals
from tests.unit.facts.facts_helpers import of_kind, signals_of


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
        (1, "", {"handlers": "KeyError,errors.Missing,", "bare": "1", "swallows": "0"}),
        (13, "", {"handlers": "ValueError", "bare": "0", "swallows": "0"}),
    ]


def test_a_try_whose_handlers_drop_every_error_swallows() -> None:
    """``except Exception: pass`` hides errors (MB106): the error-handling area takes it for no
    handling (blind check c1). A named error let go (``except ValueError: pass``) is handled,
    and so is a broad one that does something with it."""
    signals = signals_of(
        """\
        import builtins

        for line in lines:
            try:
                save(line)
            except Exception:
                pass
            try:
                save(line)
            except (OSError, builtins.BaseException) as error:
                continue
            try:
                save(line)
            except ValueError:
                pass
            try:
                save(line)
            except Exception as error:
                log.warning("not saved: %s", error)
        """
    )

    assert [(line, data["swallows"]) for line, _, data in of_kind(signals, "try-except")] == [
        (4, "1"),
        (8, "1"),
        (12, "0"),
        (16, "0"),
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


def test_sanic_and_aiohttp_routes_are_not_fastapi_routes() -> None:
    """A Sanic app's ``@app.get("/")`` had made a Sanic-only repo "FastAPI ⚠️ basic" with its
    handler as the area's evidence (blind check b1)."""
    sanic_app = signals_of(
        """\
        from sanic import Sanic
        from sanic.response import json

        app = Sanic("test")


        @app.get("/")
        async def home(request):
            return json({"ok": True})
        """
    )
    aiohttp_app = signals_of(
        """\
        from aiohttp import web

        routes = web.RouteTableDef()


        @routes.get("/")
        async def home(request):
            return web.json_response({"ok": True})
        """
    )

    assert of_kind(sanic_app, "route") == []
    assert of_kind(aiohttp_app, "route") == []


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


def test_app_route_in_a_module_importing_the_app_from_its_package_is_a_flask_route() -> None:
    """``from app import app, db`` and ``@app.route``, no Flask import in the routes module: the
    log listed no endpoint, said the tests had only models to cover and sent the learner to
    FastAPI (blind check history 43). ``.route`` is Flask's decorator; a FastAPI module keeps
    its own reading."""
    routes = signals_of(
        """\
        from app import app, db, jsonify


        @app.route("/login", methods=["POST"])
        def login():
            return jsonify(token="t")


        @app.route("/mangas/<id>")
        def get_manga(id):
            return jsonify(id=id)
        """
    )
    fastapi_routes = signals_of(
        """\
        from fastapi import FastAPI

        from app.core import app


        @app.route("/legacy")
        def legacy(request):
            return {}
        """
    )

    assert of_kind(routes, "flask-route") == [
        (5, "login", {"method": "POST", "path": "/login"}),
        (10, "get_manga", {"method": "GET", "path": "/mangas/<id>"}),
    ]
    assert of_kind(fastapi_routes, "flask-route") == []


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
