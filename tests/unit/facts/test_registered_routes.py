"""Routes registered by a call rather than a decorator: class-based controllers wired with
``router.add_api_route``, and Flask views wired with ``add_url_rule``."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of

CONTROLLER_ROUTES = """
from fastapi import APIRouter, Depends

from app.controllers.url import URLController
from app.security import current_user


async def health():
    return {"ok": True}


class Pages:
    def about(self):
        return {}


url_controller = URLController()
pages = Pages()
router = APIRouter(prefix="/links")

router.add_api_route("/shorten", url_controller.shorten_url, methods=["POST"])
router.add_api_route(
    "/{code}", endpoint=url_controller.get_url, response_model=list[LinkOut],
    dependencies=[Depends(current_user)],
)
router.add_api_route("/health", health)
router.add_api_route("/about", pages.about, methods=["GET", "HEAD"])
router.add_api_websocket_route("/live", url_controller.live)
"""


def test_add_api_route_registers_a_route_at_the_call_named_by_its_handler() -> None:
    signals = signals_of(CONTROLLER_ROUTES, "app/routes/url.py")

    routes = [(line, name, data) for line, name, data in of_kind(signals, "route")]
    assert [(line, name) for line, name, _ in routes] == [
        (21, "shorten_url"),
        (22, "get_url"),
        (26, "health"),
        (27, "about"),
        (28, "live"),
    ]
    by_name = {name: data for _, name, data in routes}
    assert by_name["shorten_url"] == {
        "method": "POST",
        "path": "/links/shorten",
        "async": "0",
        "response_model": "",
        "returns": "",
        "depends": "0",
        "end": "21",
        "router": "router",
    }
    assert by_name["get_url"]["method"] == "GET"
    assert by_name["get_url"]["response_model"] == "LinkOut"
    assert by_name["get_url"]["response_many"] == "1"
    assert (by_name["get_url"]["depends"], by_name["get_url"]["end"]) == ("1", "25")
    # Handlers this module defines say whether they are async; others are left to their file.
    assert by_name["health"]["async"] == "1"
    assert (by_name["about"]["method"], by_name["about"]["async"]) == ("GET,HEAD", "0")
    assert by_name["live"]["method"] == "WS"
    assert [name for _, name, _ in of_kind(signals, "websocket")] == ["live"]


def test_a_registration_call_on_something_that_is_no_router_is_no_route() -> None:
    signals = signals_of(
        """
        from fastapi import FastAPI

        app = FastAPI()
        registry.add_route("users", handler)
        menu.add_route(title, handler)
        """
    )

    assert of_kind(signals, "route") == []


def test_add_url_rule_on_a_flask_app_registers_a_flask_route() -> None:
    signals = signals_of(
        """
        from flask import Blueprint

        from app.views import ItemList, create_item

        items = Blueprint("items", __name__, url_prefix="/items")
        items.add_url_rule("/", view_func=ItemList.as_view("item_list"))
        items.add_url_rule("/new", "create", create_item, methods=["POST"])
        other.add_url_rule("/x", view_func=create_item)
        """,
        "app/items.py",
    )

    assert of_kind(signals, "flask-route") == [
        (7, "ItemList", {"method": "GET", "path": "/items/"}),
        (8, "create_item", {"method": "POST", "path": "/items/new"}),
    ]
    assert of_kind(signals, "route") == []


def test_flask_errors_answered_with_a_status_are_error_responses() -> None:
    """A Flask shop whose every view returned ``jsonify(error=...), 500`` was told its errors
    were never mapped to HTTP responses (blind check corpus 50)."""
    signals = signals_of(
        """
        from flask import Blueprint, abort, jsonify

        items = Blueprint("items", __name__)


        @items.get("/items/<int:item_id>")
        def get_item(item_id):
            try:
                row = find(item_id)
            except LookupError as error:
                return jsonify(error=str(error)), 500
            if row is None:
                abort(404)
            return jsonify(row), 200


        @items.app_errorhandler(404)
        def not_found(error):
            return {"error": "not found"}, 404
        """,
        "app/items.py",
    )

    assert of_kind(signals, "error-response") == [
        (12, "jsonify", {"status": "500"}),
        (20, "dict", {"status": "404"}),
    ]
    assert of_kind(signals, "http-exception") == [(14, "", {"status": "404"})]
    assert [(line, name) for line, name, _ in of_kind(signals, "exception-handler")] == [
        (19, "404")
    ]


def test_an_error_status_of_a_view_whose_module_imports_flask_by_a_star_is_an_error_response() -> (
    None
):
    """``from app.routes.utils import *`` brought Blueprint and jsonify: the log said errors were
    never mapped to HTTP responses (blind check corpus 67)."""
    signals = signals_of(
        """
        from app.routes.utils import *

        bp = Blueprint("teachers", __name__)


        @bp.route("/teachers/<id>", methods=["DELETE"])
        def delete_teacher(id):
            try:
                remove(id)
            except Exception as error:
                return jsonify({"error": str(error)}), 500
            return "", 204
        """,
        "app/routes/teachers.py",
    )

    assert of_kind(signals, "error-response") == [(12, "jsonify", {"status": "500"})]


def test_a_tuple_returned_outside_flask_is_no_error_response() -> None:
    signals = signals_of(
        """
        def divide(a, b):
            return a // b, 404
        """,
        "app/maths.py",
    )

    assert of_kind(signals, "error-response") == []


RESOURCES = """
from flask import request
from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_restful import Resource


class Students(Resource):
    @jwt_required
    def get(self):
        return []

    def post(self):
        return request.get_json(), 201

    def _load(self):
        return None


class Profile(Resource):
    method_decorators = [jwt_required()]

    def put(self, user_id):
        return {}


class Health(MethodView):
    def get(self):
        return {"ok": True}


class Helper:
    def get(self):
        return None
"""


def test_a_flask_restful_resource_serves_a_request_from_each_http_method() -> None:
    """Seven ``api.add_resource(...)`` endpoints were no routes: the log found no tests missing,
    no endpoint to credit and no authentication (blind check corpus 94)."""
    routes = of_kind(signals_of(RESOURCES, "app/controller/students.py"), "flask-route")

    assert routes == [
        (10, "Students.get", {"method": "GET", "path": "", "guard": "jwt_required"}),
        (13, "Students.post", {"method": "POST", "path": ""}),
        (23, "Profile.put", {"method": "PUT", "path": "", "guard": "jwt_required"}),
        (28, "Health.get", {"method": "GET", "path": ""}),
    ]


def test_a_resource_on_flask_restful_s_class_relayed_by_its_package_serves_requests() -> None:
    """``from . import Resource`` where the package's ``__init__`` imports flask-restful's:
    the resource's methods were no routes, and an unguarded ``delete`` went unseen (blind check
    f1). A ``Resource`` the module imports from elsewhere by name stays unknown."""
    relayed = signals_of(
        """\
        from . import Resource, jwt_required


        class AllNotes(Resource):
            def get(self):
                return []

            def delete(self):
                return {"deleted": True}
        """,
        "project/resources/all_notes.py",
    )
    other = signals_of(
        "from app.models import Resource\n\n\nclass Disk(Resource):\n    def get(self):\n"
        "        return 1\n",
        "app/disk.py",
    )

    assert [name for _, name, _ in of_kind(relayed, "flask-route")] == [
        "AllNotes.get",
        "AllNotes.delete",
    ]
    assert of_kind(other, "flask-route") == []
