"""MB109's good cases: calls that look like a coroutine left unawaited and are not (a sync
session's calls, a chain awaited whole, a coroutine handed to ``asyncio.run``, a Flask twin)."""

from __future__ import annotations

from mentorbot.rules import _await_cases as cases
from mentorbot.rules import _await_client_cases as client_cases
from mentorbot.rules import _await_value_cases as value_cases
from mentorbot.rules import _imported_session_cases as imported
from mentorbot.rules import _kept_session_cases as kept
from mentorbot.rules import _shadowed_import_cases as shadowed
from mentorbot.rules.base import Case

GOOD: tuple[Case, ...] = (
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
