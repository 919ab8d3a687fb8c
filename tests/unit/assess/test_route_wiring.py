"""How an app wires its routes, read as the app serves them: controller methods registered with
``add_api_route`` are endpoints, and routers included with a prefix serve their routes behind
it."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from mentorbot.rules.review import analyze_sources
from mentorbot.skills_facts import Facts
from tests.unit.assess.scenarios import plan_files

SHORTENER = {
    "requirements.txt": b"fastapi==0.115.12\nmotor==3.7.0\n",
    "app/controllers/links.py": (
        b"from fastapi import HTTPException, Request\n\nfrom app.services import LinkService\n\n\n"
        b"class LinkController:\n    def __init__(self, service: LinkService) -> None:\n"
        b"        self.service = service\n\n"
        b"    async def shorten(self, request: Request, url: str) -> dict[str, str]:\n"
        b'        code = await self.service.create(url)\n        return {"short": code}\n\n'
        b"    async def resolve(self, code: str) -> str:\n"
        b"        found = await self.service.find(code)\n        if found is None:\n"
        b'            raise HTTPException(status_code=404, detail="unknown code")\n'
        b"        return found\n"
    ),
    "app/services.py": (
        b"from motor.motor_asyncio import AsyncIOMotorClient\n\n"
        b'links = AsyncIOMotorClient("mongodb://localhost:27017").shortener.links\n\n\n'
        b"class LinkService:\n    async def create(self, url: str) -> str:\n"
        b'        await links.insert_one({"url": url})\n        return url[-6:]\n\n'
        b"    async def find(self, code: str) -> str | None:\n"
        b'        doc = await links.find_one({"code": code})\n'
        b'        return doc["url"] if doc else None\n'
    ),
    "app/routes.py": (
        b"from fastapi import APIRouter\n\nfrom app.controllers.links import LinkController\n"
        b"from app.services import LinkService\n\n"
        b"controller = LinkController(LinkService())\nrouter = APIRouter()\n"
        b'router.add_api_route("/shorten", controller.shorten, methods=["POST"])\n'
        b'router.add_api_route("/{code}", controller.resolve, methods=["GET"])\n'
        b'router.add_api_route("/{code}/stats", controller.resolve)\n'
    ),
    "app/main.py": (
        b"from fastapi import FastAPI\n\nfrom app.routes import router\n\n"
        b"app = FastAPI()\napp.include_router(router)\n"
    ),
}


def test_routes_wired_with_add_api_route_are_endpoints_and_need_tests(tmp_path: Path) -> None:
    planned = plan_files(tmp_path, SHORTENER)

    [missing] = [f for f in planned.findings if f.rule == "MB105"]
    assert missing.message.en == "no tests found, while the project has 3 routes"
    found = {a.kind: a for a in find_achievements(planned.analyses, planned.stack, [], [])}
    assert found["endpoints"].title.en == "3 API endpoints across 1 file"
    assert [e.cite() for e in found["endpoints"].evidence] == [
        "app/routes.py:8",
        "app/routes.py:9",
        "app/routes.py:10",
    ]
    fastapi = {a.key: a for a in planned.skills.areas}["fastapi"]
    assert fastapi.understanding.rubric != "fastapi.understanding.unseen"
    assert [e.cite() for e in fastapi.practice.evidence][:1] == ["app/routes.py:8"]
    [tests_task] = [t for t in planned.plan.tasks if t.text.en.startswith("Add tests")]
    assert tests_task.text.en.startswith("Add tests for the 3 routes in app/routes.py")


def _router(name: str) -> bytes:
    return (
        f'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/v1")\n\n\n'
        f'@router.post("/demo1")\nasync def {name}_demo() -> dict[str, str]:\n'
        f'    return {{"from": "{name}"}}\n'
    ).encode()


def test_routes_of_a_router_included_with_a_prefix_are_served_behind_it() -> None:
    """Four routers' ``POST /demo1`` were listed as the same route four times (blind check
    corpus 47); each is served behind its include's prefix, after its router's own."""
    analyses = analyze_sources(
        {
            "app/chain.py": _router("chain"),
            "app/prompt.py": _router("prompt"),
            "app/twice.py": _router("twice"),
            "app/main.py": (
                b"from fastapi import FastAPI\n\nfrom app import twice\n"
                b"from app.chain import router as chain_router\n"
                b"from app.prompt import router\n\napp = FastAPI()\n"
                b'app.include_router(chain_router, prefix="/chain")\n'
                b"app.include_router(router)\n"
                b'app.include_router(twice.router, prefix="/a")\n'
                b'app.include_router(twice.router, prefix="/b")\n'
            ),
        }
    )

    served = {route.path: route.get("path") for route in Facts(analyses).signals("route")}
    assert served == {
        "app/chain.py": "/chain/v1/demo1",
        "app/prompt.py": "/v1/demo1",
        "app/twice.py": "/v1/demo1",
    }


def test_a_router_included_into_another_router_is_served_behind_both_prefixes() -> None:
    """A likes router included into the news router, itself included with ``/news``, was shown
    at ``/likes/{news_id}``: only the inner prefix was applied (blind check corpus 55). Where
    the outer prefix cannot be read (``settings.API_V1_STR``), no prefix is claimed."""
    likes = (
        b'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.delete("/{news_id}")\n'
        b"async def unlike(news_id: int) -> None:\n    return None\n"
    )
    analyses = analyze_sources(
        {
            "app/news/likes.py": likes,
            "app/news/views.py": (
                b"from fastapi import APIRouter\n\nfrom app.news import likes\n\n"
                b'router = APIRouter()\nrouter.include_router(likes.router, prefix="/likes")\n'
            ),
            "app/users/views.py": likes.replace(b"unlike", b"remove"),
            "app/api.py": (
                b"from fastapi import APIRouter\n\nfrom app.users import views\n\n"
                b"api_router = APIRouter()\napi_router.include_router(views.router)\n"
            ),
            "app/main.py": (
                b"from fastapi import FastAPI\n\nfrom app.api import api_router\n"
                b"from app.config import settings\nfrom app.news import views\n\napp = FastAPI()\n"
                b'app.include_router(views.router, prefix="/news")\n'
                b"app.include_router(api_router, prefix=settings.API_V1_STR)\n"
            ),
        }
    )

    served = {route.path: route.get("path") for route in Facts(analyses).signals("route")}
    assert served == {
        "app/news/likes.py": "/news/likes/{news_id}",
        "app/users/views.py": "/{news_id}",
    }
