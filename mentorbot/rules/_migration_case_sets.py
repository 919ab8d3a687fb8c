"""MB110's cases: projects whose tables no migration makes, and projects whose migrations do."""

from __future__ import annotations

from mentorbot.rules import _migration_cases as cases
from mentorbot.rules.base import Case

BAD: tuple[Case, ...] = (
    Case(
        files={"app/models.py": cases.MODELS, "app/main.py": cases.MAIN_PLAIN},
        hits=(("app/models.py", 9),),
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_CREATE_ALL,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
        },
        hits=(("app/main.py", 14),),
    ),
    Case(
        files={"app/models/tortoise.py": cases.TORTOISE_MODELS},
        hits=(("app/models/tortoise.py", 4),),
    ),
    Case(
        files={"app/models.py": cases.PEEWEE_MODELS},
        hits=(("app/models.py", 6),),
        note="peewee models: the tool named is peewee-migrate",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_SEVERAL_BASES,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
        },
        hits=(("app/main.py", 6),),
        note="one finding per file, however many create_all calls it makes",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/database.py": cases.DATABASE_TABLE_MAKER,
            "app/main.py": cases.MAIN_CALLS_TABLE_MAKER,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
        },
        hits=(("app/database.py", 9),),
        note="the start-up hook calls the table maker through its module",
    ),
    Case(
        files={
            "db.py": cases.FLASK_DB,
            "app.py": cases.FLASK_FACTORY,
            "migrations/versions/22fa0acda953_.py": cases.MIGRATION,
        },
        hits=(("app.py", cases.FLASK_FACTORY_LINE),),
        note="a Flask app factory, called by the framework's command line",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/database.py": cases.DATABASE_TABLE_MAKER,
            "app/main.py": cases.MAIN_CALLS_TABLE_MAKER.replace(
                "from app import database", "import app.database"
            ).replace("    database.", "    app.database."),
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
        },
        hits=(("app/database.py", 9),),
        note="called through the module imported whole (import app.database)",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_CREATE_ALL,
            "app/db/migrations/add_rating.sql": "ALTER TABLE authors ADD COLUMN rating int;\n",
        },
        hits=(("app/main.py", 14),),
        note="a hand-run SQL file in a migrations/ folder is no migration tool; shown at the "
        "create_all that makes the schema",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_CREATE_ALL,
            "app/force_reset.py": "from app.db import engine\nfrom app.models import Base\n\n"
            "Base.metadata.drop_all(bind=engine)\nBase.metadata.create_all(bind=engine)\n",
        },
        hits=(("app/main.py", 14),),
        note="shown at the app's create_all, not at a reset script's",
    ),
    Case(
        files={"app/models.py": cases.MODELS, "tests/conftest.py": cases.CONFTEST},
        hits=(("app/models.py", 9),),
        note="only the tests make the tables: shown at the first model",
    ),
    Case(
        files={"employees/init_db.py": cases.CORE_TABLES},
        hits=(("employees/init_db.py", cases.CORE_TABLES_LINE),),
        note="Core tables made by create_all, no ORM model",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_PLAIN,
            "alembic.ini": "[alembic]\nscript_location = alembic\n",
            "alembic/env.py": cases.ALEMBIC_ENV,
            "alembic/versions/0001_init.py": cases.EMPTY_REVISION,
        },
        hits=(("alembic/versions/0001_init.py", cases.EMPTY_REVISION_LINE),),
        note="the only revision's upgrade() passes: no migration makes the tables",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_PLAIN,
            "alembic.ini": "[alembic]\nscript_location = alembic\n",
            "alembic/env.py": cases.ALEMBIC_ENV,
        },
        hits=(("app/models.py", 9),),
        note="Alembic set up, no revision written: shown at the first model",
    ),
    Case(
        files=cases.session_manager_project(cases.LIFESPAN_CREATES_TABLES, "app/main.py"),
        hits=(
            ("app/database.py", cases.SESSION_MANAGER_LINE),
            ("app/main.py", cases.LIFESPAN_CREATES_TABLES_LINE),
        ),
        note="a session manager's create_all method, called at start-up",
    ),
    Case(
        files={"database/models.py": cases.PEEWEE_PROJECT_BASE},
        hits=(("database/models.py", cases.PEEWEE_PROJECT_BASE_LINE),),
        note="peewee models on the project's ModelBase: shown at create_tables",
    ),
)
GOOD: tuple[Case, ...] = (
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_PLAIN,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
            "tests/conftest.py": cases.CONFTEST,
        }
    ),
    Case(files={"app/models.py": cases.PEEWEE_MODELS, "app/migrate.py": cases.PEEWEE_ROUTER}),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_PLAIN,
            "db_migrations/001_create_authors.sql": "CREATE TABLE authors (id serial);\n",
        },
        note="numbered SQL migrations in a db_migrations/ folder",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/database.py": cases.DATABASE_TABLE_MAKER,
            "app/main.py": cases.MAIN_PLAIN,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
        },
        note="a table maker left behind once Alembic took over: nothing calls it",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/database.py": cases.DATABASE_TABLE_MAKER,
            "app/main.py": cases.MAIN_TABLE_MAKER_LEFT_IMPORTED,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
        },
        note="still imported by name, its call commented out: it calls nothing either",
    ),
    Case(
        files={
            "app/models.py": cases.MODELS,
            "app/main.py": cases.MAIN_PLAIN,
            "alembic.ini": "[alembic]\nscript_location = migrations\n",
            "migrations/versions/0001_authors.py": cases.MIGRATION,
            "migrations/versions/0003_merge.py": cases.MERGE_REVISION,
        },
        note="an empty merge revision beside one that creates the tables",
    ),
    Case(
        files=cases.session_manager_project(cases.TABLES_FIXTURE, "tests/conftest.py"),
        note="a session manager's create_all method only the tests' fixture calls",
    ),
)
