"""Sanic and aiohttp learners' apps: their routes are credited and tested for in their own
framework's words, and an aiohttp session login is authentication (blind check l1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from tests.unit.assess.scenarios import Planned, cites, plan_files

SANIC_CITIES = {
    "requirements.txt": b"sanic==23.6.0\n",
    "blueprints/cities.py": (
        b"from sanic import Blueprint\nfrom sanic.response import json\n\n"
        b'bp = Blueprint("cities", url_prefix="/cities")\n\n\n'
        b'@bp.route("/zipcodes/<zipcode:str>")\nasync def zipcode_page(request, zipcode: str):\n'
        b'    return json({"zipcode": zipcode})\n\n\n'
        b'@bp.get("/states/<state:str>")\nasync def state_code(request, state: str):\n'
        b'    return json({"state": state.upper()})\n'
    ),
    "server.py": (
        b"from sanic import Sanic\nfrom sanic.response import json\n\n"
        b'from blueprints.cities import bp\n\napp = Sanic("CityData")\n'
        b"app.blueprint(bp)\n\n\n"
        b'@app.post("/cities")\nasync def add_city(request):\n    return json(request.json)\n'
    ),
}
AIOHTTP_ADMIN = {
    "requirements.txt": b"aiohttp==3.9.5\naiohttp-session==2.12.0\n",
    "admin.py": (
        b"from aiohttp import web\nfrom aiohttp_session import get_session, new_session\n\n"
        b"routes = web.RouteTableDef()\n\n\n"
        b'@routes.post("/login")\nasync def login(request: web.Request) -> web.Response:\n'
        b"    session = await new_session(request)\n"
        b'    session["username"] = "alice"\n'
        b'    return web.json_response({"status": "logged in"})\n\n\n'
        b'@routes.get("/panel")\nasync def panel(request: web.Request) -> web.Response:\n'
        b"    session = await get_session(request)\n"
        b'    return web.json_response({"hello": session.get("username")})\n\n\n'
        b"async def health(request: web.Request) -> web.Response:\n"
        b'    return web.json_response({"ok": True})\n\n\n'
        b"def make_app() -> web.Application:\n    app = web.Application()\n"
        b"    app.add_routes(routes)\n"
        b'    app.router.add_get("/health", health)\n    return app\n'
    ),
}


def _achievements(planned: Planned, sources: dict[str, bytes]) -> dict[str, list[str]]:
    found = find_achievements(planned.analyses, planned.stack, list(sources), [])
    return {a.kind: [a.title.en, *(e.cite() for e in a.evidence)] for a in found}


def _tests_task(planned: Planned) -> str:
    [task] = [t for t in planned.plan.tasks if t.text.en.startswith("Add tests")]
    return task.text.en


def test_a_sanic_app_is_credited_with_sanic_routes_and_told_to_test_them_with_sanic(
    tmp_path: Path,
) -> None:
    """Its blueprint's ``@bp.get`` had gone uncounted, its ``@bp.route`` called a Flask route,
    and the plan named Flask's test client."""
    planned = plan_files(tmp_path, SANIC_CITIES)

    achievements = _achievements(planned, SANIC_CITIES)
    assert achievements["sanic-routes"] == [
        "3 Sanic routes across 2 files",
        "blueprints/cities.py:8",
        "blueprints/cities.py:13",
        "server.py:11",
    ]
    assert "flask-routes" not in achievements and "endpoints" not in achievements
    assert _tests_task(planned) == (
        "Add tests for the 3 routes in blueprints/cities.py, server.py: use Sanic's "
        "app.test_client (sanic-testing) or app.asgi_client, one success case and one error "
        "case each"
    )
    assert all("Flask" not in task.text.en for task in planned.plan.tasks)
    [missing] = [f for f in planned.findings if f.rule == "MB105"]
    assert missing.message.en == "no tests found, while the project has 3 routes"


def test_an_aiohttp_app_is_credited_with_its_routes_and_its_session_login(
    tmp_path: Path,
) -> None:
    """Its routes had been invisible (no achievement, no missing-tests finding) and its login
    "no authentication"."""
    planned = plan_files(tmp_path, AIOHTTP_ADMIN)

    achievements = _achievements(planned, AIOHTTP_ADMIN)
    assert achievements["aiohttp-routes"] == [
        "3 aiohttp routes across 1 file",
        "admin.py:8",
        "admin.py:15",
        "admin.py:27",
    ]
    assert _tests_task(planned) == (
        "Add tests for the 3 routes in admin.py: use pytest-aiohttp's aiohttp_client fixture "
        "(aiohttp.test_utils.TestClient), one success case and one error case each"
    )
    [missing] = [f for f in planned.findings if f.rule == "MB105"]
    assert (missing.path, missing.line, missing.message.en) == (
        "admin.py",
        8,
        "no tests found, while the project has 3 routes",
    )
    security = {area.key: area for area in planned.skills.areas}["security"]
    # One login, nothing that makes the panel require it: partly there, not enforced.
    assert security.practice.rubric == "security.practice.partial"
    assert cites(security.practice) == ["admin.py:9"]
    assert security.best_practice.rubric == "security.best_practice.partial"


def test_an_aiohttp_session_only_read_is_no_authentication(tmp_path: Path) -> None:
    """``get_session`` reads a session a cart keeps as well: no login is claimed for it."""
    sources = {
        **AIOHTTP_ADMIN,
        "admin.py": AIOHTTP_ADMIN["admin.py"].replace(b"new_session(request)", b"get_session(x)"),
    }
    planned = plan_files(tmp_path, sources)

    security = {area.key: area for area in planned.skills.areas}["security"]
    assert security.practice.rubric == "security.practice.unseen"
