"""Sanic's and aiohttp's routes, each their own kind, and the look-alikes that are none."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of

ROUTE_KINDS = ("route", "flask-route", "sanic-route", "aiohttp-route")


def _routes(source: str, path: str = "app/main.py") -> dict[str, list[tuple[int, str, str]]]:
    signals = signals_of(source, path)
    return {
        kind: [(line, name, f"{data['method']} {data['path']}") for line, name, data in found]
        for kind in ROUTE_KINDS
        if (found := of_kind(signals, kind))
    }


def test_a_sanic_blueprints_routes_of_every_verb_are_sanic_routes() -> None:
    """``@bp.route`` had been a Flask route and ``@bp.get`` no route at all (blind check l1)."""
    routes = _routes(
        """\
        from sanic import Blueprint
        from sanic.response import json

        bp = Blueprint("cities", url_prefix="/cities")


        @bp.route("/zipcodes/<zipcode:str>")
        async def zipcode_page(request, zipcode):
            return json({})


        @bp.get("/states/<state:str>")
        async def state_code(request, state):
            return json({})


        @bp.route("/", methods=["POST", "PUT"])
        async def save(request):
            return json({})


        @bp.websocket("/feed")
        async def feed(request, ws):
            await ws.send("hi")


        async def remove(request, name):
            return json({})


        bp.add_route(remove, "/<name>", methods=["DELETE"])
        """
    )

    assert routes == {
        "sanic-route": [
            (8, "zipcode_page", "GET /cities/zipcodes/<zipcode:str>"),
            (13, "state_code", "GET /cities/states/<state:str>"),
            (18, "save", "POST,PUT /cities/"),
            (23, "feed", "WS /cities/feed"),
            (31, "remove", "DELETE /cities/<name>"),
        ]
    }


def test_a_route_module_of_a_sanic_app_made_elsewhere_serves_sanic_routes() -> None:
    routes = _routes(
        """\
        from sanic.response import text

        from server import app


        @app.patch("/notes/<id:int>")
        async def edit(request, id):
            return text("ok")
        """
    )

    assert routes == {"sanic-route": [(7, "edit", "PATCH /notes/<id:int>")]}


def test_an_aiohttp_apps_route_table_router_and_route_list_are_aiohttp_routes() -> None:
    """An app of twelve ``@routes.get`` had shown no endpoint at all (blind check l1)."""
    routes = _routes(
        """\
        from aiohttp import web

        routes = web.RouteTableDef()


        @routes.get("/")
        async def index(request):
            return web.Response(text="hi")


        @routes.route("PUT", "/items/{id}")
        async def replace(request):
            return web.json_response({})


        async def remove(request):
            return web.json_response({})


        def make_app():
            app = web.Application()
            app.router.add_delete("/items/{id}", remove)
            app.router.add_route("POST", "/items", remove)
            app.add_routes(
                [
                    web.get("/health", index),
                    web.patch("/items/{id}", remove),
                ]
            )
            return app
        """
    )

    assert routes == {
        "aiohttp-route": [
            (7, "index", "GET /"),
            (12, "replace", "PUT /items/{id}"),
            (22, "remove", "DELETE /items/{id}"),
            (23, "remove", "POST /items"),
            (26, "index", "GET /health"),
            (27, "remove", "PATCH /items/{id}"),
        ]
    }


def test_an_aiohttp_routes_module_of_the_tutorial_without_imports_of_aiohttp() -> None:
    """aiohttp's tutorial's ``routes.py``: ``app.router.add_get`` is its router's own call."""
    routes = _routes(
        """\
        from views import index


        def setup_routes(app):
            app.router.add_get("/", index)
        """
    )

    assert routes == {"aiohttp-route": [(5, "index", "GET /")]}


def test_look_alikes_of_sanic_and_aiohttp_routes_are_none_of_theirs() -> None:
    """aiohttp's client, ``os.environ.get``, Starlette's ``add_route`` and the other
    frameworks' decorators keep what they were."""
    client = signals_of(
        """\
        import os

        import aiohttp


        async def fetch(session: aiohttp.ClientSession):
            async with session.get("/api/items") as response:
                return await response.json()


        TOKEN = os.environ.get("TOKEN")
        """
    )
    starlette = _routes(
        """\
        from starlette.applications import Starlette

        from .views import homepage

        app = Starlette()
        app.add_route("/", homepage)
        """
    )
    fastapi = _routes(
        """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/items")
        async def items():
            return []
        """
    )
    flask = _routes(
        """\
        from flask import Blueprint

        bp = Blueprint("posts", __name__)


        @bp.get("/posts")
        def posts():
            return []
        """
    )
    client_routes = [s for s in client if s.kind in ROUTE_KINDS]
    assert (client_routes, of_kind(client, "env-config")) == ([], [(11, "TOKEN", {})])
    assert "aiohttp-route" not in starlette and "sanic-route" not in starlette
    assert list(fastapi) == ["route"]
    assert flask == {"flask-route": [(7, "posts", "GET /posts")]}
