"""MB111's bad and good cases, assembled from the case modules: each a small project whose sync
engines used from async code the rule must report at exactly these lines, or not at all."""

from __future__ import annotations

from mentorbot.rules import _drawn_session_cases as drawn
from mentorbot.rules import _driver_cases as drivers
from mentorbot.rules import _entered_session_cases as entered_cases
from mentorbot.rules import _factory_annotation_cases as factory_cases
from mentorbot.rules import _kept_session_cases as kept
from mentorbot.rules import _module_session_cases as module_cases
from mentorbot.rules import _service_cases as service_cases
from mentorbot.rules import _star_session_cases as star_cases
from mentorbot.rules import _strawberry_cases as strawberry_cases
from mentorbot.rules import _sync_engine_cases as engine_cases
from mentorbot.rules.base import Case

BAD: tuple[Case, ...] = (
    Case(
        files={"app/database.py": engine_cases.DATABASE, "app/main.py": engine_cases.BAD_MAIN},
        hits=(("app/database.py", 6),),
    ),
    Case(
        files={
            "src/settings.py": engine_cases.REEXPORTING_SETTINGS,
            "src/api.py": engine_cases.REEXPORTED_SESSION_ROUTES,
        },
        hits=(("src/settings.py", 4),),
        note="the engine handed to SQLAlchemy's Session, both taken from the settings module",
    ),
    Case(
        files={"app/db.py": drawn.SHARED_DB, "app/routes.py": drawn.SHARED_ROUTES},
        hits=(("app/db.py", 4),),
        note="the engine of a session another module made at import, used by an async route",
    ),
    Case(
        files={"app/database.py": engine_cases.DATABASE, "app/routes.py": engine_cases.HINTED},
        hits=(("app/database.py", 6),),
        note="a sync engine's session annotated AsyncSession in the async route it is given to",
    ),
    Case(
        files=kept.project(kept.ASYNC_BASE, kept.REPOSITORY, kept.SYNC_DATABASE),
        hits=(("app/database.py", kept.SYNC_DATABASE_ENGINE_LINE),),
        note="a repository's session, typed AsyncSession in its base class but made by the "
        "only engine, a sync one",
    ),
    Case(
        files=service_cases.project(service_cases.ROUTES),
        hits=(("models.py", service_cases.MODELS_ENGINE_LINE),),
        note="async routes calling a service whose methods query the sync session",
    ),
    Case(
        files={"app/db.py": drivers.PG_DB, "app/routes.py": drivers.PG_ROUTES},
        hits=(("app/db.py", drivers.PG_DB_LINE),),
        note="a psycopg2 connection made at import, queried by another module's routes",
    ),
    Case(
        files={
            "app/services/database.py": drivers.SQL_SERVICE,
            "app/routes/loans.py": drivers.SQL_ROUTES,
        },
        hits=(("app/services/database.py", drivers.SQL_SERVICE_LINE),),
        note="a factory that returns a new pymysql connection, called by an async route",
    ),
    Case(
        files={"app/main.py": drivers.MONGO_APP},
        hits=(("app/main.py", drivers.MONGO_APP_LINE),),
        note="a PyMongo client queried by its own module's async routes",
    ),
    Case(
        files={
            "db/client.py": drivers.MONGO_CLIENT_MODULE,
            "routes/users.py": drivers.MONGO_USERS_ROUTER,
        },
        hits=(("db/client.py", 3),),
        note="a database of a PyMongo client made on the spot (``MongoClient().local``)",
    ),
    Case(
        files={"app/main.py": drivers.SQLITE_APP},
        hits=(("app/main.py", 5),),
        note="sqlite3 is a sync driver too: each query waits on the disk (blind checks)",
    ),
    Case(
        files={"app/store.py": drivers.CHAT_STORE, "app/chat.py": drivers.CHAT_ROUTES},
        hits=(("app/store.py", drivers.CHAT_STORE_LINE),),
        note="a store that connects in __init__ and queries in its methods",
    ),
    Case(
        files={
            "main.py": module_cases.OWN_FACTORY_APP,
            "db/session.py": module_cases.LEFTOVER_SESSION_MODULE,
        },
        hits=(("main.py", module_cases.OWN_FACTORY_ENGINE_LINE),),
        note="only the engine the app uses, not one of a module nothing imports (corpus 80)",
    ),
    Case(
        files=module_cases.exercises(module_cases.BOOKS_APP),
        hits=(("project-1/main.py", module_cases.BOOKS_ENGINE_LINE),),
        note="two exercise apps: only the engine of the one whose async route queries it",
    ),
    Case(
        files=engine_cases.services(engine_cases.BAD_MAIN, engine_cases.GOOD_SYNC_MAIN),
        hits=(("backend/orders/database.py", 6),),
        note="two services in one folder, each with its own database module: only the engine "
        "of the one whose async route queries it",
    ),
    Case(
        files=module_cases.scoped_project(),
        hits=(("utils/database.py", module_cases.SCOPED_ENGINE_LINE),),
        note="the engine of a scoped_session registry an async route queries",
    ),
    Case(
        files=factory_cases.project(),
        hits=(("model/__init__.py", factory_cases.MODEL_ENGINE_LINE),),
        note="the engine of a sessionmaker that async routes annotate their session with",
    ),
    *entered_cases.DRIVER_BAD,
    Case(
        files={"app/main.py": drivers.SQLITE_ROUTES},
        hits=(("app/main.py", drivers.SQLITE_ROUTES_ASYNC_LINE),),
        note="two routes each connecting for their own queries: only the async one's",
    ),
    Case(
        files={"app/main.py": drivers.SQLITE_HELPER},
        hits=(("app/main.py", drivers.SQLITE_HELPER_LINE),),
        note="the connection of the helper an async route calls, not another helper's",
    ),
    Case(
        files={
            "app/database.py": engine_cases.DATABASE,
            "app/db_utils.py": engine_cases.LEFTOVER_ENGINE,
            "app/main.py": engine_cases.BAD_MAIN,
        },
        hits=(("app/database.py", 6),),
        note="not the engine of a factory nothing calls",
    ),
    *strawberry_cases.DRIVER_BAD,
    *star_cases.DRIVER_BAD,
)

GOOD: tuple[Case, ...] = (
    Case(files=factory_cases.project(factory_cases.ROUTES.replace("async def", "def"))),
    Case(
        files={
            "app/database.py": engine_cases.DATABASE,
            "app/main.py": engine_cases.GOOD_SYNC_MAIN,
        }
    ),
    Case(
        files={
            "app/database.py": engine_cases.DATABASE,
            "app/main.py": engine_cases.SYNC_APP_ASYNC_USER,
        },
        note="plain def routes; only a dependency is async (MB101 tells it)",
    ),
    Case(
        files={
            "app/database.py": engine_cases.DATABASE,
            "app/main.py": engine_cases.GOOD_STARTUP_CHECK_MAIN,
        },
        note="the sync engine used once in the lifespan, the routes plain def",
    ),
    Case(
        files={
            "app/database.py": engine_cases.DATABASE,
            "app/main.py": engine_cases.GOOD_THREADPOOL_MAIN,
        },
        note="an async route doing its sync session's work in the threadpool",
    ),
    Case(
        files={
            "app/database.py": engine_cases.GOOD_ASYNC_DATABASE,
            "app/main.py": engine_cases.GOOD_ASYNC_MAIN,
        }
    ),
    Case(files=service_cases.project(service_cases.PLAIN_ROUTES)),
    Case(files={"app/db.py": drivers.PG_DB, "app/routes.py": drivers.plain(drivers.PG_ROUTES)}),
    Case(files={"app/main.py": drivers.plain(drivers.MONGO_APP)}),
    Case(files={"app/main.py": drivers.plain(drivers.SQLITE_APP)}),
    Case(
        files={"app/main.py": drivers.SQLITE_LIFESPAN},
        note="a table made at start-up, the routes plain def",
    ),
    Case(files=module_cases.exercises(module_cases.BOOKS_APP.replace("async def", "def"))),
    *strawberry_cases.DRIVER_GOOD,
    *star_cases.GOOD,
)
