"""Every rule's own examples, run through the real pipeline (our rules, cross-file rules, ruff)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.rules import (
    _migration_cases,
    _sync_engine_cases,
    bare_or_broad_except,
    missing_tests,
    no_migrations,
    sync_db_driver,
)
from mentorbot.rules.base import Case, Rule
from tests.unit.rules import BAD_CASES, GOOD_CASES, review_files


@pytest.mark.parametrize(("rule", "case"), BAD_CASES)
def test_bad_case_reports_exactly_the_expected_lines(
    rule: Rule, case: Case, tmp_path: Path
) -> None:
    findings = review_files(tmp_path, case.files)
    found = sorted((finding.path, finding.line) for finding in findings if finding.rule == rule.id)
    assert found == sorted(case.hits)


@pytest.mark.parametrize(("rule", "case"), GOOD_CASES)
def test_good_case_reports_nothing(rule: Rule, case: Case, tmp_path: Path) -> None:
    findings = review_files(tmp_path, case.files)
    assert [f"{f.path}:{f.line} {f.message.en}" for f in findings if f.rule == rule.id] == []


@pytest.mark.parametrize(("rule", "case"), BAD_CASES)
def test_bad_case_findings_carry_the_rule_metadata(rule: Rule, case: Case, tmp_path: Path) -> None:
    findings = [f for f in review_files(tmp_path, case.files) if f.rule == rule.id]
    assert {finding.category for finding in findings} == {rule.category}
    for finding in findings:
        assert finding.snippet, f"{finding.path}:{finding.line} has no snippet"
        assert finding.message.zh and finding.message.en
        assert len(finding.fingerprint) == 40


def test_no_migrations_names_the_tool_of_the_orm_in_use(tmp_path: Path) -> None:
    """Alembic only knows SQLAlchemy; a Tortoise ORM project is told about Aerich."""
    found = review_files(tmp_path / "tortoise", no_migrations.RULE.bad[2].files)
    assert [f.message.en for f in found if f.rule == "MB110"] == [
        "the project has Tortoise ORM models but no database migrations (no Aerich); "
        "let Aerich migrations manage the schema"
    ]
    sqlalchemy = review_files(tmp_path / "sqlalchemy", no_migrations.RULE.bad[0].files)
    assert [f.message.en for f in sqlalchemy if f.rule == "MB110"] == [
        "the project has ORM models but no database migrations (no Alembic); "
        "let Alembic migrations manage the schema"
    ]


def test_no_migrations_tells_a_django_project_of_its_own_migrations(tmp_path: Path) -> None:
    """Django models with no ``migrations/`` folder were sent to Alembic (blind check d1)."""
    models = (
        "from django.db import models\n\n\nclass Note(models.Model):\n"
        "    title = models.CharField(max_length=200)\n"
    )
    # ``startapp`` writes an empty migrations package: no migration yet (blind check d2).
    started = {"notes/models.py": models, "notes/migrations/__init__.py": ""}
    found = review_files(tmp_path, started)
    assert [f.message.en for f in found if f.rule == "MB110"] == [
        "the project has Django models but no migrations (run `python manage.py "
        "makemigrations`); let Django migrations manage the schema"
    ]
    migrated = {
        **started,
        "notes/migrations/0001_initial.py": "from django.db import migrations\n",
    }
    assert [f for f in review_files(tmp_path / "migrated", migrated) if f.rule == "MB110"] == []


def test_no_migrations_says_when_alembic_is_installed_but_unused(tmp_path: Path) -> None:
    """Alembic in the requirements and no migration written: "no Alembic" would be untrue."""
    files = {**no_migrations.RULE.bad[0].files, "requirements.txt": "fastapi\nalembic==1.13.1\n"}
    found = review_files(tmp_path, files)
    assert [f.message.en for f in found if f.rule == "MB110"] == [
        "the project has ORM models and lists Alembic, but has no migrations yet; "
        "let Alembic migrations manage the schema"
    ]


def test_no_migrations_says_when_flask_migrate_is_listed_but_not_set_up(tmp_path: Path) -> None:
    """An expense splitter listed Flask-Migrate and was told it had "no Alembic" (blind check
    corpus 44)."""
    files = {
        **no_migrations.RULE.bad[0].files,
        "requirements.txt": "flask==3.0.3\nflask-sqlalchemy==3.1.1\nFlask-Migrate==4.0.7\n",
    }
    found = review_files(tmp_path, files)
    assert [f.message.en for f in found if f.rule == "MB110"] == [
        "the project has ORM models and lists Flask-Migrate, but does not set it up "
        "(`Migrate(app, db)`) and has no migrations yet; let Flask-Migrate migrations manage "
        "the schema"
    ]


FLASK_MIGRATE_APP = {
    "app/extensions.py": (
        "from flask_migrate import Migrate\nfrom flask_sqlalchemy import SQLAlchemy\n\n"
        "db = SQLAlchemy()\nmigrate = Migrate()\n"
    ),
    "app/models.py": (
        "from app.extensions import db\n\n\nclass Article(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
    ),
}


def test_no_migrations_tells_a_flask_migrate_project_the_flask_commands(tmp_path: Path) -> None:
    files = {
        **FLASK_MIGRATE_APP,
        "requirements.txt": "Flask==3.0.3\nFlask-Migrate==4.0.7\nalembic==1.13.1\n",
    }
    found = review_files(tmp_path, files)
    assert [(f.path, f.line, f.message.en) for f in found if f.rule == "MB110"] == [
        (
            "app/models.py",
            4,
            "the project sets up Flask-Migrate but has no migrations yet (`flask db init`, "
            "`flask db migrate`); let Flask-Migrate migrations manage the schema",
        )
    ]


def test_no_migrations_says_the_revisions_are_empty_or_not_written(tmp_path: Path) -> None:
    """Alembic set up beside the models, and its only revision's upgrade() passes: the matrix
    said migrations own the schema, where no migration made a table."""
    empty = no_migrations.RULE.bad[12].files
    found = review_files(tmp_path / "one", empty)
    assert [f.message.en for f in found if f.rule == "MB110"] == [
        "the project's only revision is empty (`upgrade()` does nothing): no migration creates "
        "the models' tables; let Alembic migrations manage the schema"
    ]
    two = {**empty, "alembic/versions/0002_more.py": empty["alembic/versions/0001_init.py"]}
    found = review_files(tmp_path / "two", two)
    assert [(f.path, f.message.zh) for f in found if f.rule == "MB110"] == [
        (
            "alembic/versions/0001_init.py",
            "项目的 2 个迁移版本都是空的（`upgrade()` 什么也不做），"
            "模型的表没有一张是由迁移创建的；请交给 Alembic 迁移来管理表结构",
        )
    ]
    flask_init = {
        **FLASK_MIGRATE_APP,
        "migrations/alembic.ini": "[alembic]\n",
        "migrations/env.py": "from alembic import context\n",
    }
    found = review_files(tmp_path / "flask", flask_init)
    assert [(f.path, f.line, f.message.en) for f in found if f.rule == "MB110"] == [
        (
            "app/models.py",
            4,
            "Flask-Migrate is set up but has no revision yet: no migration creates the models' "
            "tables; let Flask-Migrate migrations manage the schema",
        )
    ]


def test_tortoise_generate_schemas_beside_aerich_migrations_is_reported(tmp_path: Path) -> None:
    """``register_tortoise(..., generate_schemas=True)`` is Tortoise's create_all: beside
    Aerich's migrations it races them, like create_all beside Alembic."""
    files = {
        "core/db.py": (
            "from tortoise.contrib.fastapi import register_tortoise\n\n\n"
            "def register_db(app):\n    register_tortoise(\n        app,\n"
            '        db_url="sqlite://db.sqlite3",\n        modules={"models": ["blog.models"]},\n'
            "        generate_schemas=True,\n    )\n"
        ),
        "main.py": (
            "from fastapi import FastAPI\n\nfrom core.db import register_db\n\n"
            "app = FastAPI()\nregister_db(app)\n"
        ),
        "blog/models.py": (
            "from tortoise import fields, models\n\n\nclass Post(models.Model):\n"
            "    title = fields.CharField(max_length=200)\n"
        ),
        "migrations/models/0_20240101_init.py": (
            "from tortoise import BaseDBAsyncClient\n\n\n"
            "async def upgrade(db: BaseDBAsyncClient) -> str:\n"
            '    return "CREATE TABLE post (id INT);"\n'
        ),
    }
    found = review_files(tmp_path, files)
    assert [(f.path, f.line, f.message.en) for f in found if f.rule == "MB110"] == [
        (
            "core/db.py",
            5,
            "`generate_schemas=True` runs in application code although the project uses "
            "Aerich; let Aerich migrations manage the schema",
        )
    ]


def test_create_tables_beside_playhouse_migrations_names_playhouse(tmp_path: Path) -> None:
    """ "... although the project uses peewee-migrate" was said of a project whose migration
    runner is peewee's own playhouse.migrate (blind check corpus 38)."""
    files = {
        "app/main.py": (
            "from peewee import CharField, Model, PostgresqlDatabase\n\n"
            "db = PostgresqlDatabase('app')\n\n\n"
            "class User(Model):\n    email = CharField()\n\n"
            "    class Meta:\n        database = db\n\n\n"
            "db.create_tables([User], safe=True)\n"
        ),
        "migrations/migrate.py": (
            "from playhouse.migrate import PostgresqlMigrator, migrate\n\n"
            "from app.main import db\n\n"
            "migrator = PostgresqlMigrator(db)\n"
        ),
    }
    found = review_files(tmp_path, files)
    assert [(f.path, f.line, f.message.en) for f in found if f.rule == "MB110"] == [
        (
            "app/main.py",
            13,
            "`create_tables` runs in application code although the project uses "
            "playhouse.migrate; let playhouse.migrate migrations manage the schema",
        )
    ]


def test_peewee_tables_are_sent_to_peewee_migrate_not_create_all_and_alembic(
    tmp_path: Path,
) -> None:
    """A bot on peewee's ``class ModelBase(Model)`` was told it "makes its tables with
    `create_all`" and to use Alembic, for its ``db.create_tables([User])`` (blind check t1); so
    is one whose models come in by ``from peewee import *``, which no model check sees."""
    models = {"database/models.py": _migration_cases.PEEWEE_PROJECT_BASE}
    project_base = review_files(tmp_path / "base", models)
    star = {
        "database/base.py": (
            "from peewee import *\n\ndb = SqliteDatabase('database.db')\n\n\n"
            "class ModelBase(Model):\n    class Meta:\n        database = db\n"
        ),
        "database/models.py": (
            "from peewee import *\n\nfrom database.base import ModelBase, db\n\n\n"
            "class User(ModelBase):\n    message = TextField()\n\n\n"
            "db.create_tables([User])\n"
        ),
    }
    starred = review_files(tmp_path / "star", star)

    assert [(f.path, f.message.en) for f in project_base if f.rule == "MB110"] == [
        (
            "database/models.py",
            "the project has peewee models but no database migrations (no peewee-migrate); "
            "let peewee-migrate migrations manage the schema",
        )
    ]
    assert [(f.path, f.line, f.message.en) for f in starred if f.rule == "MB110"] == [
        (
            "database/models.py",
            10,
            "the project makes its tables with peewee's `create_tables` but has no database "
            "migrations (no peewee-migrate); let peewee-migrate migrations manage the schema",
        )
    ]


def test_blind_except_reported_by_ruff_is_told_in_both_languages(tmp_path: Path) -> None:
    """A helper that prints the error and returns a fallback is ruff's BLE001: the Chinese log
    says what is wrong in Chinese, not the rule's title beside ruff's English."""
    found = review_files(tmp_path, bare_or_broad_except.RULE.bad[0].files)
    assert [(f.line, f.source, f.message.en, f.message.zh) for f in found if f.line == 41] == [
        (
            41,
            "ruff",
            "`except` catches `Exception`, bugs included, and carries on without re-raising; "
            "catch the exceptions you expect here (ruff BLE001)",
            "`except` 捕获了 `Exception`，连 bug 在内的所有错误都被当成预期中的失败处理，"
            "且没有重新抛出；请只捕获这里预料到的异常（ruff BLE001）",
        )
    ]


def test_sync_engine_message_names_the_scheme_only_when_the_url_shows_it(tmp_path: Path) -> None:
    """``create_engine(url)`` with the URL read at run time: no "(?)" in the learner's log."""
    known = review_files(tmp_path / "known", sync_db_driver.RULE.bad[0].files)
    database = _sync_engine_cases.DATABASE.replace(
        'DATABASE_URL = "postgresql+psycopg2://shop@localhost:5432/shop"',
        'DATABASE_URL = os.environ["DATABASE_URL"]',
    ).replace(
        "from sqlalchemy import create_engine", "import os\n\nfrom sqlalchemy import create_engine"
    )
    unknown = review_files(
        tmp_path / "unknown",
        {"app/database.py": database, "app/main.py": _sync_engine_cases.BAD_MAIN},
    )
    assert [f.message.en for f in known if f.rule == "MB111"] == [
        "sync engine (postgresql+psycopg2) is used from async function `list_products` and "
        "blocks the event loop"
    ]
    assert [(f.message.en, f.message.zh) for f in unknown if f.rule == "MB111"] == [
        (
            "sync engine is used from async function `list_products` and blocks the event loop",
            "同步引擎被异步函数 `list_products` 使用，会阻塞事件循环",
        )
    ]


def test_missing_tests_counts_what_there_is_in_words(tmp_path: Path) -> None:
    """ "2 routes", not "2 route(s) and 0 ORM model(s)"."""
    found = review_files(tmp_path, missing_tests.RULE.bad[0].files)
    assert [(f.message.en, f.message.zh) for f in found if f.rule == "MB105"] == [
        ("no tests found, while the project has 2 routes", "没有找到任何测试，而项目已有 2 个路由")
    ]


def test_missing_tests_lists_three_kinds_of_things_as_a_sentence(tmp_path: Path) -> None:
    """ "15 routes and 16 bot handlers and 7 ORM models" read as a stammer."""
    files = {
        **missing_tests.RULE.bad[0].files,
        "handlers/menu.py": next(
            c for c in missing_tests.RULE.bad if "handlers/menu.py" in c.files
        ).files["handlers/menu.py"],
        "app/models.py": "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n\nclass Item(Base):\n"
        '    __tablename__ = "items"\n    id: Mapped[int] = mapped_column(primary_key=True)\n',
    }
    found = review_files(tmp_path, files)
    assert [(f.message.en, f.message.zh) for f in found if f.rule == "MB105"] == [
        (
            "no tests found, while the project has 2 routes, 1 bot handler and 1 ORM model",
            "没有找到任何测试，而项目已有 2 个路由、1 个机器人处理函数、1 个 ORM 模型",
        )
    ]


def test_missing_tests_counts_a_handler_registered_twice_once(tmp_path: Path) -> None:
    """A handler under two ``@router.message`` decorators was two in MB105's count and one in
    the achievements (blind check corpus 61)."""
    handlers = (
        "from aiogram import F, Router, types\n\nrouter = Router()\n\n\n"
        '@router.message(F.text == "menu")\n@router.message(F.text == "/menu")\n'
        "async def menu(message: types.Message) -> None:\n"
        '    await message.answer("menu")\n'
    )
    found = review_files(tmp_path, {"bot/handlers.py": handlers})
    assert [f.message.en for f in found if f.rule == "MB105"] == [
        "no tests found, while the project has 1 bot handler"
    ]


def test_missing_tests_counts_the_requests_to_the_model_not_the_client(tmp_path: Path) -> None:
    """A one-page GPT demo had "2 LLM calls": its ``OpenAI()`` client and the one request
    (blind check p1). A LangChain model built in a file of its own is its call."""
    ask = (
        "import streamlit as st\nfrom openai import OpenAI\n\n"
        'client = OpenAI(api_key=st.secrets["openai"]["api_key"])\n'
        'question = st.text_input("Your question:")\nif question:\n'
        '    answer = client.chat.completions.create(model="gpt-4o-mini", messages=[])\n'
        "    st.write(answer.choices[0].message.content)\n"
    )
    chain = 'from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o-mini")\n'
    found = review_files(tmp_path, {"ask.py": ask, "chain.py": chain})
    assert [(f.path, f.line, f.message.en) for f in found if f.rule == "MB105"] == [
        ("ask.py", 7, "no tests found, while the project has 2 LLM calls")
    ]


def test_missing_tests_counts_a_django_projects_views(tmp_path: Path) -> None:
    """A Django app of views and one model was "no tests found, while the project has 1 ORM
    model"; its views are what a test would call (blind check d2). The finding stays at the
    model."""
    models = (
        "from django.db import models\n\n\nclass Note(models.Model):\n"
        "    title = models.TextField()\n"
    )
    views = (
        "from django.shortcuts import render\n\nfrom .models import Note\n\n\n"
        "def note_list(request):\n"
        '    return render(request, "notes/list.html", {"notes": Note.objects.all()})\n\n\n'
        "def note_detail(request, pk):\n"
        '    return render(request, "notes/detail.html", {"note": Note.objects.get(pk=pk)})\n'
    )
    found = review_files(tmp_path, {"notes/models.py": models, "notes/views.py": views})
    assert [(f.path, f.message.en) for f in found if f.rule == "MB105"] == [
        ("notes/models.py", "no tests found, while the project has 2 Django views and 1 ORM model")
    ]


def test_missing_tests_says_the_fixtures_are_there_but_no_test_yet(tmp_path: Path) -> None:
    """A Motor todo API had a tests/conftest.py of fixtures: "no test at all" read as if the
    folder had not been seen (blind check corpus 45)."""
    [case] = [c for c in missing_tests.RULE.bad if "tests/conftest.py" in c.files]
    found = review_files(tmp_path, case.files)
    assert [f.message.en for f in found if f.rule == "MB105"] == [
        "no tests found, while the project has 2 routes (tests/conftest.py holds fixtures, but "
        "there is no test function yet)"
    ]
