"""MB109's good cases: calls that look like a coroutine left unawaited and are not (a sync
session's calls, a chain awaited whole, a coroutine handed to ``asyncio.run``, a Flask twin)."""

from __future__ import annotations

from mentorbot.rules import _await_cases as cases
from mentorbot.rules import _await_client_cases as client_cases
from mentorbot.rules import _await_instance_cases as instance_cases
from mentorbot.rules import _await_value_cases as value_cases
from mentorbot.rules import _imported_session_cases as imported
from mentorbot.rules import _kept_session_cases as kept
from mentorbot.rules import _session_cases as session_cases
from mentorbot.rules import _shadowed_import_cases as shadowed
from mentorbot.rules.base import Case

GOOD: tuple[Case, ...] = (
    *instance_cases.GOOD,
    Case(files={"bot/handlers.py": client_cases.BOT_HANDLERS_AWAITED}),
    Case(files={"app/bot.py": client_cases.DISCORD_AND_MIDDLEWARE_AWAITED}),
    Case(
        files=kept.project(kept.ASYNC_BASE, kept.REPOSITORY, kept.SYNC_DATABASE),
        note="a session typed AsyncSession where the only engine is sync: its calls block "
        "(MB101), they make no coroutine",
    ),
    Case(files=kept.project(kept.ASYNC_BASE, kept.GOOD_REPOSITORY, kept.ASYNC_DATABASE)),
    Case(files={"app/docs.py": cases.DOC_MANAGER, "app/routes.py": cases.KNOWLEDGE_ROUTES_GOOD}),
    Case(
        files={
            "app/crud.py": cases.CRUD,
            "app/database.py": cases.DATABASE,
            "app/routes.py": cases.GOOD_ROUTES,
        }
    ),
    Case(files={"app/notifier.py": cases.NOTIFIER_GOOD}),
    Case(
        files={
            "app/users.py": value_cases.USERS,
            "app/routes.py": value_cases.GOOD_LOGIN_ROUTES,
        }
    ),
    Case(files={"app/routes.py": cases.LIBRARY_ROUTES_GOOD}),
    Case(
        files={"blog/services.py": value_cases.TORTOISE_SERVICES},
        note="a query builder's chain awaited whole: its head call is no bare coroutine",
    ),
    Case(files={"app/agent.py": cases.OWN_AGENT, "app/routes.py": cases.OWN_AGENT_ROUTES}),
    Case(
        files={
            "app/services/target_service.py": value_cases.TARGET_SERVICE,
            "app/routers/targets.py": value_cases.ASYNC_TARGET_ROUTES,
        },
        note="the route awaits; a plain def hands its coroutine to asyncio.run",
    ),
    Case(
        files={
            "flask-app/services/storage.py": value_cases.FLASK_STORAGE,
            "flask-app/services/receipts.py": value_cases.FLASK_SERVICE,
            "fastapi-app/services/storage.py": value_cases.FASTAPI_STORAGE,
        },
        note="a Flask app and its FastAPI port in one repo: the import means the sync twin",
    ),
    Case(
        files={"database.py": imported.SYNC_DATABASE, "main.py": imported.SHOP_MAIN},
        note="a sync session made at import: its calls block (MB101), they make no coroutine",
    ),
    Case(files={"database.py": imported.ASYNC_DATABASE, "main.py": imported.SHOP_MAIN_AWAITED}),
    Case(
        files={
            "workers/services.py": shadowed.AREA_SERVICES,
            "workers/views.py": shadowed.AREA_VIEWS_RENAMED,
        }
    ),
)

BAD: tuple[Case, ...] = (
    *instance_cases.BAD,
    Case(
        files={
            "app/crud.py": cases.CRUD,
            "app/database.py": cases.DATABASE,
            "app/routes.py": cases.BAD_ROUTES,
        },
        hits=(("app/routes.py", 16), ("app/routes.py", 17), ("app/routes.py", 23)),
    ),
    Case(
        files={"app/routes.py": cases.LIBRARY_ROUTES_BAD},
        hits=tuple(("app/routes.py", line) for line in cases.LIBRARY_HITS),
    ),
    Case(
        files={
            "app/repo/user.py": client_cases.USER_REPOSITORY,
            "app/app.py": client_cases.REPOSITORY_ROUTES,
        },
        hits=tuple(("app/app.py", line) for line in client_cases.REPOSITORY_ROUTES_HITS),
        note="coroutine methods of a repository a route's parameter is annotated with",
    ),
    Case(
        files={
            "app/database.py": cases.DATABASE,
            "app/routes.py": client_cases.PLAIN_DEF_SESSION_ROUTES,
        },
        hits=tuple(("app/routes.py", line) for line in client_cases.PLAIN_DEF_SESSION_HITS),
        note="an AsyncSession's coroutines in a plain def route, which cannot await them",
    ),
    Case(
        files={"bot/handlers.py": client_cases.BOT_HANDLERS},
        hits=tuple(("bot/handlers.py", line) for line in client_cases.BOT_HANDLERS_HITS),
        note="an aiogram bot's replies, never awaited",
    ),
    Case(
        files={"app/bot.py": client_cases.DISCORD_AND_MIDDLEWARE},
        hits=tuple(("app/bot.py", line) for line in client_cases.DISCORD_AND_MIDDLEWARE_HITS),
        note="discord.py's replies and an HTTP middleware's call_next",
    ),
    Case(
        files={"bot.py": client_cases.SENT_COROUTINE},
        hits=(("bot.py", client_cases.SENT_COROUTINE_HIT),),
        note="a coroutine sent to a channel instead of its result",
    ),
    Case(
        files={"services/cache.py": client_cases.REDIS_CACHE},
        hits=tuple(("services/cache.py", line) for line in client_cases.REDIS_CACHE_HITS),
        note="an asyncio Redis client's commands never awaited, in a plain def too",
    ),
    Case(
        files={"app/notifier.py": cases.NOTIFIER_BAD},
        hits=(("app/notifier.py", 16), ("app/notifier.py", 34)),
        note="calls the same file awaits elsewhere, from self or a module-level name",
    ),
    Case(
        files={
            "app/db.py": session_cases.SCOPED_DATABASE,
            "app/product/model.py": session_cases.SCOPED_MODEL,
        },
        hits=(("app/product/model.py", 19),),
        note="an async session from the project's own session_scope()",
    ),
    Case(
        files={"app/repository.py": cases.REPOSITORY},
        hits=(("app/repository.py", 16),),
        note="a coroutine method of the caller's own class, through self",
    ),
    Case(
        files={"app/docs.py": cases.DOC_MANAGER, "app/routes.py": cases.KNOWLEDGE_ROUTES},
        hits=tuple(("app/routes.py", line) for line in cases.KNOWLEDGE_HITS),
        note="a coroutine method of a module-level instance, its class in another module",
    ),
    Case(
        files=kept.project(kept.ASYNC_BASE, kept.REPOSITORY, kept.ASYNC_DATABASE),
        hits=tuple(("app/repositories/sqlalchemy.py", line) for line in kept.REPOSITORY_UNAWAITED),
        note="the AsyncSession a base class in another module keeps on self",
    ),
    Case(
        files={
            "app/repositories.py": kept.ONE_FILE_REPOSITORY,
            "app/db.py": kept.ASYNC_DATABASE,
        },
        hits=tuple(("app/repositories.py", line) for line in kept.ONE_FILE_UNAWAITED),
        note="the same, the base class in the same module",
    ),
    Case(
        files={"app/users.py": value_cases.USERS, "app/routes.py": value_cases.LOGIN_ROUTES},
        hits=tuple(("app/routes.py", line) for line in value_cases.LOGIN_HITS),
        note="coroutines tested, compared or read where they are made",
    ),
    Case(
        files={"database.py": imported.ASYNC_DATABASE, "main.py": imported.SHOP_MAIN},
        hits=tuple(("main.py", line) for line in imported.SHOP_MAIN_HITS),
        note="a module-level AsyncSession another module makes at import",
    ),
    Case(
        files={"app/db.py": imported.PACKAGE_DB, "app/crud.py": imported.PACKAGE_CRUD},
        hits=tuple(("app/crud.py", line) for line in imported.PACKAGE_CRUD_HITS),
        note="the same, read off the imported module (db.session)",
    ),
    Case(
        files={"main.py": imported.ONE_FILE_APP},
        hits=tuple(("main.py", line) for line in imported.ONE_FILE_HITS),
        note="an AsyncSession the module itself makes at import",
    ),
    Case(
        files={
            "workers/services.py": shadowed.AREA_SERVICES,
            "workers/views.py": shadowed.AREA_VIEWS,
        },
        hits=tuple(("workers/views.py", line) for line in shadowed.AREA_VIEWS_HITS),
        note="a route that rebinds the name of the sync helper it imports calls itself",
    ),
    Case(
        files={
            "app/crud.py": value_cases.IMAGE_CRUD,
            "app/routes.py": value_cases.IMAGE_ROUTES,
        },
        hits=value_cases.IMAGE_HITS,
        note="a route answers with what it returns: the project's coroutine, never awaited",
    ),
    Case(
        files={
            "app/database.py": imported.ASYNC_DATABASE,
            "app/routes.py": value_cases.POST_COUNT_ROUTES,
        },
        hits=value_cases.POST_COUNT_HITS,
        note="a coroutine kept and put in the dict the route answers with",
    ),
    Case(
        files={
            "app/services/target_service.py": value_cases.TARGET_SERVICE,
            "app/routers/targets.py": value_cases.SYNC_TARGET_ROUTES,
        },
        hits=value_cases.SYNC_TARGET_HITS,
        note="plain def routes left sync when their services became async",
    ),
    Case(
        files={
            "app/uploader.py": value_cases.UPLOADER,
            "app/web.py": value_cases.FLASK_UPLOAD_ROUTES,
        },
        hits=value_cases.FLASK_UPLOAD_HITS,
        note="a Flask route answering with a coroutine it never ran, inside a dict",
    ),
    Case(
        files={
            "app/blog/__init__.py": "",
            "app/blog/service.py": value_cases.BLOG_SERVICE,
            "app/blog/routes.py": value_cases.BLOG_ROUTES,
        },
        hits=value_cases.BLOG_HITS,
        note="a coroutine handed to the model the route answers with",
    ),
    Case(
        files={"bot.py": value_cases.SCRIPT_MAIN},
        hits=(("bot.py", value_cases.SCRIPT_MAIN_HIT),),
        note="the script's own coroutine called as a statement at its top level",
    ),
    Case(
        files={"app/main.py": value_cases.ASK_ROUTES},
        hits=value_cases.ASK_HITS,
        note="a coroutine handed to a plain function of the module, or straight to len",
    ),
)
