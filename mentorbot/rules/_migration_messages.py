"""MB110's messages: what is missing, and the tool that should manage the schema."""

from __future__ import annotations

NO_TOOL = {
    "what_zh": "项目有 ORM 模型，但没有数据库迁移（没有 Alembic）",
    "what_en": "the project has ORM models but no database migrations (no Alembic)",
    "tool": "Alembic",
}
NO_TOOL_TORTOISE = {
    "what_zh": "项目有 Tortoise ORM 模型，但没有数据库迁移（没有 Aerich）",
    "what_en": "the project has Tortoise ORM models but no database migrations (no Aerich)",
    "tool": "Aerich",
}
NO_TOOL_PEEWEE = {
    "what_zh": "项目有 peewee 模型，但没有数据库迁移（没有 peewee-migrate）",
    "what_en": "the project has peewee models but no database migrations (no peewee-migrate)",
    "tool": "peewee-migrate",
}
NO_TOOL_DJANGO = {
    "what_zh": "项目有 Django 模型，但没有迁移（运行 `python manage.py makemigrations`）",
    "what_en": "the project has Django models but no migrations (run `python manage.py "
    "makemigrations`)",
    "tool": "Django",
}
CORE_TABLES = {
    "what_zh": "项目用 `create_all` 建表，但没有数据库迁移（没有 Alembic）",
    "what_en": "the project makes its tables with `create_all` but has no database migrations "
    "(no Alembic)",
    "tool": "Alembic",
}
PEEWEE_TABLES = {
    "what_zh": "项目用 peewee 的 `create_tables` 建表，但没有数据库迁移（没有 peewee-migrate）",
    "what_en": "the project makes its tables with peewee's `create_tables` but has no database "
    "migrations (no peewee-migrate)",
    "tool": "peewee-migrate",
}
"""peewee's ``db.create_tables([User])`` where its models are not recognised (their base and
fields come in by ``from peewee import *``): not ``create_all`` and Alembic (blind check t1)."""
TOOL_UNUSED = {
    "what_zh": "项目有 ORM 模型，依赖里也有 Alembic，但还没有写任何迁移",
    "what_en": "the project has ORM models and lists Alembic, but has no migrations yet",
    "tool": "Alembic",
}
TOOL_FLASK_MIGRATE = {
    "what_zh": "项目已经接入 Flask-Migrate，但还没有生成任何迁移"
    "（`flask db init`、`flask db migrate`）",
    "what_en": "the project sets up Flask-Migrate but has no migrations yet (`flask db init`, "
    "`flask db migrate`)",
    "tool": "Flask-Migrate",
}
FLASK_MIGRATE_LISTED = {
    "what_zh": "项目有 ORM 模型，依赖里也有 Flask-Migrate，但还没有接入它（`Migrate(app, db)`），"
    "也没有任何迁移",
    "what_en": "the project has ORM models and lists Flask-Migrate, but does not set it up "
    "(`Migrate(app, db)`) and has no migrations yet",
    "tool": "Flask-Migrate",
}


def creates_tables(detail: str, tool: str) -> dict[str, str]:
    """``create_all`` (or Tortoise's ``generate_schemas=True``) beside the migrations."""
    call = detail.rsplit(".", 1)[-1] if "=" not in detail else detail
    return {
        "what_zh": f"项目已使用 {tool}，应用代码里却还在用 `{call}` 建表",
        "what_en": f"`{call}` runs in application code although the project uses {tool}",
        "tool": tool,
    }


def no_revision(tool: str) -> dict[str, str]:
    return {
        "what_zh": f"项目配置了 {tool}，但还没有任何迁移版本，模型的表没有一张是由迁移创建的",
        "what_en": f"{tool} is set up but has no revision yet: no migration creates the "
        "models' tables",
        "tool": tool,
    }


def empty_revisions(count: int, tool: str) -> dict[str, str]:
    if count == 1:
        zh = "项目唯一的迁移版本是空的（`upgrade()` 什么也不做）"
        en = "the project's only revision is empty (`upgrade()` does nothing)"
    else:
        zh = f"项目的 {count} 个迁移版本都是空的（`upgrade()` 什么也不做）"
        en = f"all {count} of the project's revisions are empty (`upgrade()` does nothing)"
    return {
        "what_zh": f"{zh}，模型的表没有一张是由迁移创建的",
        "what_en": f"{en}: no migration creates the models' tables",
        "tool": tool,
    }
