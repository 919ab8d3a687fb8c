"""MB103's bad and good cases, assembled from the case modules: each a small project whose
sessions and connections opened per call the rule must report at exactly these lines."""

from __future__ import annotations

from mentorbot.rules import _connection_cases as connection_cases
from mentorbot.rules import _core_connection_cases as core
from mentorbot.rules import _entered_session_cases as entered_cases
from mentorbot.rules import _handler_session_cases as handler_cases
from mentorbot.rules import _imported_session_cases as imported
from mentorbot.rules import _pool_cases as pool_cases
from mentorbot.rules import _query_cases as query_cases
from mentorbot.rules import _resource_cases as resource_cases
from mentorbot.rules import _returned_session_cases as returned_cases
from mentorbot.rules import _same_name_cases as same_name_cases
from mentorbot.rules import _session_cases as cases
from mentorbot.rules import _shared_connection_cases as shared_cases
from mentorbot.rules import _startup_cases as startup_cases
from mentorbot.rules.base import Case

BAD = (
    Case(
        files={"app/retriever.py": core.RETRIEVER, "app/main.py": core.ASK_ROUTES},
        hits=(("app/main.py", core.ASK_ROUTES_LINE),),
        note="the connection a route opens is only handed on to a helper",
    ),
    Case(
        files=same_name_cases.SCRIPT_FILES,
        hits=(("ingest.py", same_name_cases.INGEST_SCRIPT_LINE),),
        note="a route calls a script's function that opens its own session",
    ),
    Case(
        files=same_name_cases.GATHERED_FILES,
        hits=(("app/documents.py", same_name_cases.REPOSITORY_LINE),),
        note="a route imports the function from a module that imports it in turn",
    ),
    Case(files={"bot.py": handler_cases.BOT}, hits=handler_cases.BOT_HITS),
    Case(
        files={"bot.py": handler_cases.CLIENT_BOT},
        hits=handler_cases.CLIENT_BOT_HITS,
        note="the on_message event of a discord.Client subclass",
    ),
    Case(
        files={"bot.py": handler_cases.BUTTON_BOT},
        hits=handler_cases.BUTTON_BOT_HITS,
        note="the callback of a python-telegram-bot CallbackQueryHandler",
    ),
    Case(
        files={"handlers/start.py": handler_cases.REGISTERED_BOT},
        hits=handler_cases.REGISTERED_BOT_HITS,
        note="a handler aiogram 2 registers by a call",
    ),
    Case(
        files={
            "database/sql_commands.py": handler_cases.DATABASE_CLASS,
            "handlers/users.py": handler_cases.MADE_ON_THE_SPOT,
        },
        hits=handler_cases.MADE_ON_THE_SPOT_HITS,
        note="a class that connects when made, made on the spot",
    ),
    Case(
        files={
            "app/database.py": cases.DATABASE,
            "app/views.py": handler_cases.FLASK_VIEWS,
        },
        hits=handler_cases.FLASK_HITS,
        note="a Flask view serves a request as a FastAPI route does",
    ),
    Case(
        files={"app/user.py": handler_cases.USER_LOADER},
        hits=handler_cases.USER_LOADER_HITS,
        note="Flask-Login's user loader runs on every request",
    ),
    Case(
        files={"app/main.py": connection_cases.SQLITE_NOTES},
        hits=(("app/main.py", connection_cases.SQLITE_NOTES_LINE),),
        note="a sqlite3 connection opened by the route through the module's factory",
    ),
    Case(
        files={
            "app/database.py": cases.DATABASE,
            "app/auth.py": cases.LEAKING_AUTH,
            "app/routes.py": cases.LEAKING_AUTH_ROUTES,
        },
        hits=cases.LEAKING_AUTH_HITS,
        note="dependencies that are no generators open a session for their own query",
    ),
    Case(
        files={"app/database.py": cases.DATABASE, "app/main.py": cases.BAD_MAIN},
        hits=(("app/main.py", 10), ("app/main.py", 26)),
    ),
    Case(
        files={"app/crud.py": cases.BAD_ASYNC_CRUD},
        hits=(("app/crud.py", 11), ("app/crud.py", 17)),
    ),
    Case(files={"src/db.py": cases.SHARED_SESSION}, hits=(("src/db.py", 5),)),
    Case(
        files={
            "app/auth_utils.py": query_cases.OWN_SESSION_HELPERS,
            "app/routes.py": query_cases.LOGIN_ROUTES,
        },
        hits=(("app/auth_utils.py", 8),),
        note="a helper two calls below the route, in the module of the one it calls",
    ),
    Case(
        files={
            "app/stats.py": query_cases.ASYNC_OWN_SESSION_HELPERS,
            "app/routes.py": query_cases.STATS_ROUTES,
        },
        hits=(("app/stats.py", 8),),
        note="the same with async helpers",
    ),
    Case(
        files={"app/database.py": cases.DATABASE, "app/main.py": cases.BAD_BY_HAND},
        hits=(("app/main.py", 11),),
    ),
    *cases.SOCKET_BAD,
    *cases.BEGIN_BAD,
    *entered_cases.SESSION_BAD,
    Case(
        files={
            "app/db.py": cases.SCOPED_DATABASE,
            "app/product/model.py": cases.SCOPED_MODEL,
            "app/product/routes.py": cases.SCOPED_ROUTES,
        },
        hits=cases.SCOPED_HITS,
    ),
    Case(
        files={
            "app/db.py": connection_cases.FLIGHT_DB,
            "app/main.py": connection_cases.FLIGHT_ROUTES,
        },
        hits=connection_cases.FLIGHT_HITS,
    ),
    Case(
        files={
            "main.py": connection_cases.SHOP_MAIN,
            "routes.py": connection_cases.SHOP_ROUTES,
        },
        hits=connection_cases.SHOP_HITS,
    ),
    *shared_cases.BAD,
    *pool_cases.BAD,
    *returned_cases.SESSION_BAD,
    Case(
        files={"database.py": imported.ASYNC_DATABASE, "main.py": imported.SHOP_MAIN},
        hits=(("database.py", imported.DATABASE_SESSION_LINE),),
        note="one session made at import, imported by the routes of another module",
    ),
    Case(
        files={"database.py": imported.SYNC_DATABASE, "main.py": imported.SHOP_MAIN_AWAITED},
        hits=(("database.py", imported.DATABASE_SESSION_LINE),),
    ),
    Case(
        files={"app/db.py": imported.PACKAGE_DB, "app/crud.py": imported.PACKAGE_CRUD},
        hits=(("app/db.py", imported.PACKAGE_DB_SESSION_LINE),),
        note="read off the imported module (db.session) by a CRUD module's functions",
    ),
    Case(
        files={
            "app/database.py": imported.SYNC_DATABASE_PACKAGE,
            "app/deps.py": imported.DEPENDENCY,
            "app/main.py": imported.DEPENDENCY_ROUTES,
        },
        hits=(("app/database.py", imported.DATABASE_SESSION_LINE),),
        note="handed out by a dependency of another module that yields it",
    ),
    Case(files={"api.py": connection_cases.AIRPORT_API}, hits=connection_cases.AIRPORT_HITS),
    Case(files={"main.py": connection_cases.FORECAST_API}, hits=connection_cases.FORECAST_HITS),
    *connection_cases.DEPENDENCY_BAD,
    *connection_cases.ODBC_BAD,
    Case(
        files={"app/crud.py": connection_cases.BOOKINGS_CRUD},
        hits=connection_cases.BOOKINGS_HITS,
    ),
    *resource_cases.BAD,
    *startup_cases.BAD,
)

GOOD = (
    Case(
        files=same_name_cases.SAME_NAME_FILES,
        note="the route imports its function from another module than the script's",
    ),
    Case(files={"bot.py": handler_cases.SHARED_BOT}),
    Case(files={"app.py": handler_cases.FLASK_G_DB}, note="a connection kept on Flask's g"),
    Case(files={"app/database.py": cases.DATABASE, "app/main.py": cases.GOOD_MAIN}),
    Case(files={"app/worker.py": cases.GOOD_WORKER}),
    Case(
        files={
            "app/database.py": cases.DATABASE,
            "app/services/video_jobs.py": cases.VIDEO_JOBS,
            "app/routes.py": cases.VIDEO_ROUTES,
        },
        note="a service function handed to add_task runs after the response",
    ),
    Case(
        files={
            "app/db.py": connection_cases.POOLED_DB,
            "app/main.py": connection_cases.POOLED_ROUTES,
        }
    ),
    Case(files={"app/main.py": connection_cases.SQLITE_SHARED_NOTES}),
    Case(files={"main.py": shared_cases.STARTUP_ONLY_MAIN}),
    *pool_cases.GOOD,
    Case(files={"database.py": imported.ASYNC_DATABASE, "main.py": imported.STARTUP_MAIN}),
    Case(
        files={"database.py": imported.ASYNC_DATABASE, "main.py": imported.OWN_SESSIONS_MAIN},
        note="the routes' own session shadows the imported one, used only at shutdown",
    ),
    Case(files={"main.py": connection_cases.DEPENDENCY_API}),
    *startup_cases.GOOD,
    Case(
        files={
            "app/db.py": connection_cases.FLIGHT_DB,
            "app/admin_tools.py": connection_cases.SEED_SCRIPT,
        }
    ),
)
