"""Cases of a sync session made at import in ``db.py`` and taken by aiohttp handlers with ``from
db import *`` (blind check l1): the star import brings ``admin_db`` as ``from db import
admin_db`` would, so its queries block the loop (MB101) and its engine is a sync one used from
async code (MB111). Beside the same handlers over an ``AsyncSession``, every call awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

SYNC_DB = """\
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

engine = create_engine("sqlite:///admin.db")
Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    login = Column(String, nullable=False)


Database_Session = sessionmaker()
Database_Session.configure(bind=engine)
admin_db = Database_Session()
"""
ENGINE_LINE = 4

ROUTES = """\
from aiohttp import web

from db import *

routes = web.RouteTableDef()


@routes.get("/users/{login}")
async def get_user(request: web.Request) -> web.Response:
    user = admin_db.query(User).filter_by(login=request.match_info["login"]).first()
    if user is None:
        raise web.HTTPNotFound()
    return web.json_response({"login": user.login})


@routes.post("/users")
async def create_user(request: web.Request) -> web.Response:
    data = await request.json()
    admin_db.add(User(login=data["login"]))
    admin_db.commit()
    return web.json_response({"status": "created"}, status=201)
"""
ROUTES_HITS = (10, 20)

ASYNC_DB = (
    SYNC_DB.replace(
        "from sqlalchemy import Column, Integer, String, create_engine\n"
        "from sqlalchemy.orm import declarative_base, sessionmaker\n",
        "from sqlalchemy import Column, Integer, String\n"
        "from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine\n"
        "from sqlalchemy.orm import declarative_base\n",
    )
    .replace('create_engine("sqlite:///', 'create_async_engine("sqlite+aiosqlite:///')
    .replace("Database_Session = sessionmaker()", "Database_Session = async_sessionmaker()")
)
ASYNC_ROUTES = (
    ROUTES.replace(
        '    user = admin_db.query(User).filter_by(login=request.match_info["login"]).first()\n',
        "    found = await admin_db.execute(\n"
        '        select(User).filter_by(login=request.match_info["login"])\n'
        "    )\n"
        "    user = found.scalars().first()\n",
    )
    .replace("    admin_db.commit()", "    await admin_db.commit()")
    .replace("from db import *\n", "from sqlalchemy import select\n\nfrom db import *\n")
)

BLOCKING_BAD = (
    Case(
        files={"db.py": SYNC_DB, "routes.py": ROUTES},
        hits=tuple(("routes.py", line) for line in ROUTES_HITS),
        note="a sync session another module makes, taken by a star import, queried and "
        "committed in async handlers",
    ),
)
DRIVER_BAD = (
    Case(
        files={"db.py": SYNC_DB, "routes.py": ROUTES},
        hits=(("db.py", ENGINE_LINE),),
        note="the sync engine of a session async handlers take by a star import",
    ),
)
GOOD = (
    Case(
        files={"db.py": ASYNC_DB, "routes.py": ASYNC_ROUTES},
        note="the same handlers over an AsyncSession the star import brings, every call awaited",
    ),
)
