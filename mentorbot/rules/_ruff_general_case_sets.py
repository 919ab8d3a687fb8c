"""MB201's cases: the unused imports, names and leftovers ruff reports that the rule keeps,
and the imports another module or the framework uses that it drops."""

from __future__ import annotations

from mentorbot.rules import _ruff_general_cases as cases
from mentorbot.rules import _test_named_cases as named
from mentorbot.rules.base import Case

BAD: tuple[Case, ...] = (
    Case(
        files={
            "library/app/admin.py": cases.DJANGO_ADMIN_STARTED,
            "library/app/views.py": cases.DJANGO_VIEWS_WITHOUT_RENDER,
            "library/app/models.py": "from django.db import models\n\n\n"
            "class Book(models.Model):\n    title = models.CharField(max_length=64)\n",
        },
        hits=(
            ("library/app/admin.py", 1),
            ("library/app/admin.py", 3),
            ("library/app/views.py", 2),
        ),
        note="startapp's admin.py and views.py the learner began: their unused imports are theirs",
    ),
    Case(
        files={"db.py": named.QUIZ_DATABASE, "handlers/theory_test.py": named.THEORY_TEST},
        hits=(("handlers/theory_test.py", named.THEORY_TEST_UNUSED),),
        note="an unused import of a quiz bot's theory_test.py, which holds no test (blind check "
        "t2)",
    ),
    Case(
        files={
            "main.py": cases.TELEBOT_MAIN,
            "loader.py": cases.TELEBOT_LOADER,
            "handlers/__init__.py": cases.TELEBOT_HANDLERS,
            "handlers/default_handlers/__init__.py": cases.TELEBOT_DEFAULT_HANDLERS,
            "handlers/default_handlers/start.py": cases.TELEBOT_START,
            "handlers/default_handlers/help.py": cases.TELEBOT_START.replace(
                "start", "help"
            ).replace("say_hello", "bot_help"),
        },
        hits=(("main.py", 1),),
        note="a bot's main imports the package of packages that import its handlers (blind "
        "check t1); "
        "`os` it never uses",
    ),
    Case(
        files={"handlers.py": cases.REUSED_HANDLER_NAMES},
        hits=cases.REUSED_HANDLER_HITS,
        note="a helper redefined; not handlers that reuse a name under other decorators",
    ),
    Case(
        files={
            "app/models/base.py": "from sqlalchemy.orm import declarative_base\n\n"
            "Base = declarative_base()\n",
            "app/models/user.py": cases.USER_WITH_POSTS.replace(
                "from .post import Post", "from unicodedata import category"
            ).replace('back_populates="owner"', 'back_populates="category"'),
            "app/models/post.py": cases.POST_OF_USER,
        },
        hits=(("app/models/user.py", 5),),
        note="an import a relationship's back_populates only happens to spell",
    ),
    Case(
        files={"scraper/rates.py": cases.BAD_SCRAPER},
        hits=(("scraper/rates.py", 7),),
        note="a request that can wait forever",
    ),
    Case(
        files={"app/users.py": cases.BAD_LOGIN},
        hits=(("app/users.py", 7),),
        note="a login query that matches every user",
    ),
    Case(
        files={
            "app/routers/auth.py": "from fastapi import APIRouter, Depends\n"
            "from sqlalchemy.orm import Session\n\nfrom app import models\n",
            "app/models.py": "from sqlalchemy.orm import DeclarativeBase\n\n\n"
            "class Base(DeclarativeBase):\n    pass\n",
        },
        hits=(
            ("app/routers/auth.py", 1),
            ("app/routers/auth.py", 2),
            ("app/routers/auth.py", 4),
        ),
        note="a router begun with its imports only: a stub, not a registry of the project's "
        "modules",
    ),
    Case(
        files={
            "app/__init__.py": "from fastapi import Body, FastAPI\nimport psycopg\n\n"
            "from .models import Post\n\napp = FastAPI()\n",
            "app/models.py": "from pydantic import BaseModel\n\n\n"
            "class Post(BaseModel):\n    title: str\n",
        },
        hits=(("app/__init__.py", 1), ("app/__init__.py", 2)),
        note="a package's __init__ that holds the app: its unused libraries are no "
        "re-exports (its own model may be one)",
    ),
    Case(
        files={
            "bot/main.py": cases.BOT_MAIN,
            "bot/loader.py": cases.BOT_LOADER,
            "bot/filters.py": cases.BOT_FILTERS,
            "bot/handlers/__init__.py": cases.BOT_HANDLERS,
            "bot/handlers/start.py": cases.BOT_START,
            "bot/settings.py": cases.BOT_SETTINGS,
        },
        hits=(("bot/main.py", 5),),
        note="a bot's main imports its handlers and filters to register them, and a "
        "settings module it never uses (logging set up is nothing of the bot's)",
    ),
    Case(
        files={
            "app/rest/__init__.py": cases.STARRED_PACKAGE,
            "app/rest/api.py": cases.STARRING_ROUTES,
        },
        hits=(("app/rest/api.py", 1),),
        note="a package whose names a module takes with import *: its libraries are used "
        "there, the module's own unused import is not",
    ),
    Case(
        files={"app/main.py": cases.BAD, "app/schemas.py": cases.BAD_SCHEMAS},
        hits=(
            ("app/main.py", 2),
            ("app/main.py", 10),
            ("app/main.py", 17),
            ("app/main.py", 18),
            ("app/main.py", 19),
            ("app/schemas.py", 6),
        ),
    ),
)
GOOD: tuple[Case, ...] = (
    Case(
        files=cases.DJANGO_STARTAPP,
        note="the admin.py, models.py, tests.py and views.py startapp writes, untouched (blind "
        "check c1)",
    ),
    Case(
        files={
            "db.py": named.QUIZ_DATABASE,
            "test_quiz.py": named.QUIZ_TEST,
            "quiz_test.py": named.QUIZ_UNITTEST,
        },
        note="unused imports of tests named like tests, defining one or importing unittest",
    ),
    Case(
        files={
            "windows/dashboard.py": "from PyQt5 import QtWidgets\n\nimport dashboard_rc\n"
            "from . import icons_rc\n\n\nclass Dashboard(QtWidgets.QMainWindow):\n"
            "    def __init__(self) -> None:\n        super().__init__()\n"
            '        self.setStyleSheet("QLabel#status { image: url(:/green); }")\n',
        },
        note="Qt resource modules imported for the images they register (blind check u1)",
    ),
    Case(
        files={
            "app/models/base.py": "from sqlmodel import Field, SQLModel\n",
            "app/models/users.py": "from .base import Field, SQLModel\n\n\n"
            "class User(SQLModel, table=True):\n"
            "    id: int | None = Field(default=None, primary_key=True)\n",
        },
        note="a base module gathering the names its siblings import from it",
    ),
    Case(
        files={
            "app/db/all_models.py": '"""Every model, for Alembic to see."""\n'
            "from app.models.post import Post\nfrom app.models.user import User\n",
            "app/models/post.py": cases.GOOD_MODELS.replace("Customer", "Post"),
            "app/models/user.py": cases.GOOD_MODELS.replace("Customer", "User"),
        },
        note="a module of imports only, that registers every model's table",
    ),
    Case(
        files={
            "app/models/base.py": "from sqlalchemy.orm import declarative_base\n\n"
            "Base = declarative_base()\n",
            "app/models/user.py": cases.USER_WITH_POSTS,
            "app/models/post.py": cases.POST_OF_USER,
        },
        note="a model imported for the relationship that names it in a string",
    ),
    Case(
        files={
            "app/blueprints.py": cases.FLASK_BLUEPRINT,
            "app/routes.py": cases.FLASK_VIEWS,
            "app/models.py": cases.FLASK_MODELS,
        },
        note="a blueprint importing the modules that register its views and its tables "
        "(blind check f1)",
    ),
    Case(
        files={
            "app/main.py": cases.GOOD,
            "app/models/customer.py": cases.GOOD_MODELS,
            "app/models/user.py": cases.GOOD_TORTOISE_MODELS,
            "main.py": cases.GOOD_ENTRY,
            "migrations/env.py": cases.GOOD_MIGRATION_ENV,
            "app/db.py": cases.GOOD_CREATE_TABLES,
            "migrations/versions/2b7f1c0e9a44_add_nothing_yet.py": cases.GOOD_EMPTY_REVISION,
        }
    ),
)
