"""Endpoint and bot-handler achievements: which routes an app serves, and their citations."""

from __future__ import annotations

from mentorbot.achievements import find_achievements
from mentorbot.domain import Achievement
from mentorbot.render import render_log
from mentorbot.rules.review import analyze_sources
from tests.unit.render.conftest import RUBRIC, build_report


def test_a_test_s_stand_in_routes_are_no_api_endpoints() -> None:
    app = b'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/books")\ndef books():\n'
    app += b"    return []\n"
    stand_in = app.replace(b'"/books"', b'"/fake-books"')
    sources = {"app/main.py": app, "tests/conftest.py": stand_in}
    found = find_achievements(analyze_sources(sources), [], sorted(sources), [])
    achievements = {item.kind: item for item in found}

    assert achievements["endpoints"].title.en == "1 API endpoint across 1 file"


def test_endpoints_beyond_the_cited_ones_are_counted_in_the_log() -> None:
    """ "13 API endpoints across 13 files" cited 12 places and said nothing of the 13th."""
    sources = {
        f"app/routes/r{index:02}.py": (
            f'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/r{index}")\n'
            "def read() -> list:\n    return []\n"
        ).encode()
        for index in range(13)
    }
    endpoints = found_in(sources)["endpoints"]
    report = build_report("en", achievements=(endpoints,))

    assert endpoints.title.en == "13 API endpoints across 13 files"
    assert len(endpoints.evidence) == 12
    assert endpoints.uncited == 1
    assert "`app/routes/r11.py:7`, and 1 more)" in render_log(report, rubric=RUBRIC)
    chinese = build_report("zh", achievements=(endpoints,))
    assert "`app/routes/r11.py:7`，另有 1 处）" in render_log(chinese, rubric=RUBRIC)


def found_in(sources: dict[str, bytes]) -> dict[str, Achievement]:
    achievements = find_achievements(analyze_sources(sources), [], sorted(sources), [])
    return {item.kind: item for item in achievements}


ROUTER = (
    "from fastapi import APIRouter\n\nrouter = APIRouter(prefix='/{name}')\n\n\n"
    "@router.get('/')\ndef list_{name}() -> list:\n    return []\n\n\n"
    "@router.get('/{{item_id}}')\ndef read_{name}(item_id: int) -> dict:\n    return {{}}\n"
)


def test_routes_of_a_router_no_app_includes_are_no_endpoints() -> None:
    """ "22 API endpoints across 6 files" counted a users router whose include was commented
    out (blind check corpus 38): its routes answer nothing."""
    main = (
        "from fastapi import FastAPI\n\nfrom app.routes import items\n"
        "from .routes import orders\n\n"
        "app = FastAPI()\napp.include_router(items.router)\napp.include_router(orders.router)\n"
        "# app.include_router(users.router)\n"
    )
    sources = {
        "app/main.py": main.encode(),
        **{
            f"app/routes/{name}.py": ROUTER.format(name=name).encode()
            for name in ("items", "orders", "users")
        },
    }
    endpoints = found_in(sources)["endpoints"]

    assert endpoints.title.en == (
        "4 API endpoints across 2 files (2 more sit in a router no app includes: "
        "app/routes/users.py)"
    )
    assert endpoints.title.zh.endswith(
        "（另有 2 个在没有被任何应用 include 的路由里：app/routes/users.py）"
    )
    assert all(e.path != "app/routes/users.py" for e in endpoints.evidence)


def test_a_router_passed_by_keyword_is_included_and_one_never_passed_is_not() -> None:
    """``app.include_router(router=user_router, prefix="/user")``: the keyword form was not
    read, so the two routers no app includes were counted as served (blind check corpus 86)."""
    main = (
        "from fastapi import FastAPI\n\nfrom app.routes.items import router as items_router\n"
        "from app.routes.orders import router as orders_router\n\n"
        "app = FastAPI()\n"
        'app.include_router(router=items_router, prefix="/items")\n'
        'app.include_router(router=orders_router, prefix="/orders")\n'
    )
    sources = {
        "app/main.py": main.encode(),
        **{
            f"app/routes/{name}.py": ROUTER.format(name=name).encode()
            for name in ("items", "orders", "users")
        },
    }

    assert found_in(sources)["endpoints"].title.en == (
        "4 API endpoints across 2 files (2 more sit in a router no app includes: "
        "app/routes/users.py)"
    )


def test_routers_included_in_a_loop_are_all_counted() -> None:
    """An include the review cannot read (a loop over routers) says nothing of which are served."""
    main = (
        "from fastapi import FastAPI\n\nfrom app.routes import items, users\n\n"
        "app = FastAPI()\nfor module in (items, users):\n    app.include_router(module.router)\n"
    )
    sources = {
        "app/main.py": main.encode(),
        **{
            f"app/routes/{name}.py": ROUTER.format(name=name).encode()
            for name in ("items", "users")
        },
    }

    assert found_in(sources)["endpoints"].title.en == "4 API endpoints across 2 files"


def test_a_router_package_included_through_a_relative_import_is_served() -> None:
    """``from .routes import users`` then ``include_router(users.router)``, the router in
    ``routes/users/__init__.py``: its file is named ``__init__``, its module ``users``."""
    main = (
        "from fastapi import FastAPI\n\nfrom .routes import items, users\n\n"
        "app = FastAPI()\napp.include_router(items.router)\napp.include_router(users.router)\n"
    )
    sources = {
        "app/main.py": main.encode(),
        "app/routes/items.py": ROUTER.format(name="items").encode(),
        "app/routes/users/__init__.py": ROUTER.format(name="users").encode(),
    }

    assert found_in(sources)["endpoints"].title.en == "4 API endpoints across 2 files"


def test_routers_a_package_re_exports_under_new_names_are_served() -> None:
    """``app/routers/__init__.py`` re-exported each ``router`` as ``images_router``...; main.py
    included those, and the log said the three routers were included by no app (blind check
    corpus 46)."""
    main = (
        "from fastapi import FastAPI\n\nfrom app.routers import items_router, users_router\n\n"
        "app = FastAPI()\napp.include_router(items_router)\napp.include_router(users_router)\n"
    )
    package = (
        "from app.routers.items import router as items_router\n"
        "from app.routers.users import router as users_router\n"
    )
    sources = {
        "app/main.py": main.encode(),
        "app/routers/__init__.py": package.encode(),
        **{
            f"app/routers/{name}.py": ROUTER.format(name=name).encode()
            for name in ("items", "users")
        },
    }

    assert found_in(sources)["endpoints"].title.en == "4 API endpoints across 2 files"


def test_routers_a_package_re_exports_under_their_own_names_are_served() -> None:
    """``from app.modules.todo import todo_router``, which ``app/modules/todo/__init__.py``
    takes from ``routes.py``: the log said three included routers sat in no app (blind check
    corpus 92). A router of the same name in another package stays left out."""
    api = (
        "from fastapi import APIRouter\n\nfrom app.modules.todo import todo_router\n"
        "from app.modules.user import user_router\n\n"
        "api_router = APIRouter(prefix='/v1')\n"
        "api_router.include_router(router=todo_router, prefix='/todos')\n"
        "api_router.include_router(router=user_router)\n"
    )
    main = (
        "from fastapi import FastAPI\n\nfrom app.api.routes import api_router\n\n"
        "app = FastAPI()\napp.include_router(router=api_router, prefix='/api')\n"
    )
    sources = {
        "app/main.py": main.encode(),
        "app/api/routes.py": api.encode(),
        **{
            f"app/modules/{package}/routes.py": ROUTER.format(name=package)
            .replace("router = ", f"{router} = ")
            .replace("@router.", f"@{router}.")
            .encode()
            for package, router in (("todo", "todo_router"), ("todos", "todo_router"))
        },
        "app/modules/user/routes.py": ROUTER.format(name="user")
        .replace("router = ", "user_router = ")
        .replace("@router.", "@user_router.")
        .encode(),
        "app/modules/todo/__init__.py": b"from app.modules.todo.routes import todo_router\n",
        "app/modules/user/__init__.py": b"from app.modules.user.routes import user_router\n",
    }

    assert found_in(sources)["endpoints"].title.en == (
        "4 API endpoints across 2 files (2 more sit in a router no app includes: "
        "app/modules/todos/routes.py)"
    )


def test_a_chat_bots_handlers_are_credited() -> None:
    """A Telegram bot's 13 handlers went uncredited: the achievements knew routes only."""
    analyses = analyze_sources(
        {
            "handlers/menu.py": b"from aiogram import F, Router\nfrom aiogram.types import Message"
            b'\n\nrouter = Router()\n\n\n@router.message(F.text == "/menu")\n'
            b"async def show_menu(message: Message) -> None:\n"
            b'    await message.answer("Soup")\n\n\n@router.message(F.text == "/order")\n'
            b"async def order(message: Message) -> None:\n"
            b'    await message.answer("Ordered")\n',
        }
    )
    found = {a.kind: a for a in find_achievements(analyses, [], ["handlers/menu.py"], [])}

    assert found["bot-handlers"].title.en == "2 bot handlers across 1 file"
    assert found["bot-handlers"].title.zh == "2 个机器人处理函数，分布在 1 个文件里"
    assert [e.cite() for e in found["bot-handlers"].evidence] == [
        "handlers/menu.py:8",
        "handlers/menu.py:13",
    ]


def test_a_router_left_out_beside_one_included_from_the_same_file_serves_nothing() -> None:
    """``login_route`` declared beside ``user_route`` in one file, and only ``user_route``
    included: its login counted among the endpoints, and the tests to write (blind check c3)."""
    routes = (
        "from fastapi import APIRouter\n\n"
        "user_route = APIRouter(prefix='/api/v1')\nlogin_route = APIRouter(prefix='/api')\n\n\n"
        "@user_route.get('/user/{user_id}')\ndef get_user(user_id: int) -> dict:\n"
        "    return {}\n\n\n"
        "@user_route.delete('/user/{user_id}')\ndef delete_user(user_id: int) -> dict:\n"
        "    return {}\n\n\n"
        "@login_route.post('/login')\ndef login(username: str) -> dict:\n    return {}\n"
    )
    main = (
        "from fastapi import FastAPI\n\nfrom app.routes import user_route\n\n"
        "app = FastAPI()\napp.include_router(user_route)\n"
    )
    sources = {"main.py": main.encode(), "app/routes.py": routes.encode()}

    endpoints = found_in(sources)["endpoints"]

    assert endpoints.title.en == (
        "2 API endpoints across 1 file (1 more sits in a router no app includes: app/routes.py)"
    )
