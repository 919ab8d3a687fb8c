"""MB110: ORM models with no migration tool, or ``create_all`` running beside Alembic.

Without migrations the schema only ever comes from ``create_all``, which creates missing tables
but never alters existing ones. With Alembic present, a ``create_all`` in application code races
the migrations and hides a missing revision. Test code may call ``create_all`` freely.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from mentorbot.analysis.stack import normalize_name
from mentorbot.domain import Signal, Text
from mentorbot.rules import _migration_case_sets as case_sets
from mentorbot.rules._migration_messages import (
    CORE_TABLES,
    FLASK_MIGRATE_LISTED,
    NO_TOOL,
    NO_TOOL_DJANGO,
    NO_TOOL_PEEWEE,
    NO_TOOL_TORTOISE,
    PEEWEE_TABLES,
    TOOL_FLASK_MIGRATE,
    TOOL_UNUSED,
    creates_tables,
)
from mentorbot.rules._table_makers import in_spans, table_maker_signals, uncalled_spans
from mentorbot.rules._unmade_schema import unmade_schema
from mentorbot.rules.base import FixHints, ProjectHit, Rule
from mentorbot.rules.project import ProjectView

MIGRATION_PATHS = re.compile(
    r"(^|/)(alembic|(?:[\w.-]+[_-])?migrations)/(?:[^/]+/)*"
    r"(?:(?!__init__\.py$)[^/]+\.py|V\d+__[^/]*\.sql|\d+[^/]*\.sql|[^/]+\.up\.sql)$"
    r"|(^|/)(alembic|aerich|yoyo)\.ini$"
)
"""A migration tool's files: its config, the Python of its script folder (Alembic, Aerich,
Django), or numbered SQL files (yoyo, dbmate, Flyway's ``V1__init.sql``), in a folder named
``migrations`` or ``db_migrations``. A ``migrations/`` folder holding a hand-run
``add_column.sql`` is no tool that records the schema's changes, nor is one holding only the
empty ``__init__.py`` Django's ``startapp`` writes before any ``makemigrations`` (blind check
d2)."""
MIGRATION_TOOLS = {
    "tortoise": "Aerich",
    "peewee": "peewee-migrate",
    "flask_migrate": "Flask-Migrate",
    "django": "Django",
}
"""The migration tool of a project that imports one of these (its ORM or its extension); Alembic
otherwise. Alembic only knows SQLAlchemy: Tortoise, peewee and Django models need their own tool
(Django's is built in: ``manage.py makemigrations``; blind check d1)."""
_OTHER_ORM_TOOLS = {
    "Aerich": NO_TOOL_TORTOISE,
    "peewee-migrate": NO_TOOL_PEEWEE,
    "Django": NO_TOOL_DJANGO,
}
_MIGRATION_IMPORTS = frozenset({"aerich", "peewee_migrate"})
"""Migration tools a project may drive from Python rather than from a migrations folder."""


def migration_tool(imported: Container[str]) -> str:
    """The tool a project with these top-level imports migrates its schema with."""
    return next((tool for name, tool in MIGRATION_TOOLS.items() if name in imported), "Alembic")


def _has_migrations(project: ProjectView) -> bool:
    if project.has("alembic-op") or project.has("alembic-revision"):
        return True
    if project.has_path(MIGRATION_PATHS):
        return True
    imported = project.names("import")
    return any(name in imported for name in _MIGRATION_IMPORTS)


def _in_app_code(project: ProjectView, path: str) -> bool:
    return not project.in_tests(path) and not MIGRATION_PATHS.search(path)


def _tool_in_use(project: ProjectView) -> str:
    """The migration tool to name beside the migrations: peewee's own ``playhouse.migrate``
    where a migration script imports it and nothing imports peewee-migrate."""
    imported = project.names("import")
    tool = migration_tool(imported)
    if tool == "peewee-migrate" and "peewee_migrate" not in imported:
        if any(MIGRATION_PATHS.search(path) for path in imported.get("playhouse")):
            return "playhouse.migrate"
    return tool


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    if _has_migrations(project):
        tool = _tool_in_use(project)
        reported: set[str] = set()
        for path, signal in _create_alls(project):
            # One per file: three Bases' create_all on three lines are one thing to remove.
            if path not in reported:
                reported.add(path)
                yield ProjectHit(path, signal.line, creates_tables(signal.detail, tool))
        if not any(_create_alls(project, everywhere=True)):
            unmade = unmade_schema(project, tool, MIGRATION_PATHS)
            if unmade is not None:
                yield unmade
        return
    models = (
        (path, signal)
        for path, signal in project.signals("orm-model")
        if _in_app_code(project, path)
    )
    first = next(models, None)
    if first is not None:
        path, signal = first
        # Shown where the schema is made, when the app makes it: a model is only its shape. The
        # app's own module first, then a reset or seed script.
        served = {p for kind in ("app", "route", "flask-route") for p, _ in project.signals(kind)}
        made = sorted(_create_alls(project, everywhere=True), key=lambda at: at[0] not in served)
        place = (made[0][0], made[0][1].line) if made else (path, signal.line)
        yield ProjectHit(*place, _tool_for(project, path))
        return
    # No ORM model, but tables made all the same: SQLAlchemy Core's, or peewee's unrecognised.
    for path, signal in _create_alls(project):
        peewee = signal.detail.endswith(".create_tables")
        yield ProjectHit(path, signal.line, PEEWEE_TABLES if peewee else CORE_TABLES)
        return


def _create_alls(project: ProjectView, *, everywhere: bool = False) -> Iterator[tuple[str, Signal]]:
    """The ``create_all`` calls of the app's code that something calls (not one in a function
    nothing calls): where findings are wanted, or ``everywhere`` in the project."""
    uncalled = uncalled_spans(project)
    found = project.signals("create-all") if everywhere else project.targets("create-all")
    for path, signal in found:
        if _in_app_code(project, path) and not in_spans(uncalled, path, signal.line):
            yield path, signal


def _tool_for(project: ProjectView, path: str) -> dict[str, str]:
    """Tortoise models migrate with Aerich and peewee ones with peewee-migrate, not Alembic
    (which only knows SQLAlchemy): the models' file imports tell which ORM it is. Alembic in
    the dependencies with no migration written is said so, not "no Alembic"."""
    imported = project.names("import")
    for name, tool in MIGRATION_TOOLS.items():
        if tool in _OTHER_ORM_TOOLS and path in imported.get(name):
            return _OTHER_ORM_TOOLS[tool]
    if "flask_migrate" in imported:
        return TOOL_FLASK_MIGRATE
    listed = {normalize_name(item.name) for item in project.stack}
    if "flask-migrate" in listed:
        return FLASK_MIGRATE_LISTED
    if "alembic" in listed:
        return TOOL_UNUSED
    return NO_TOOL


FIX_HINTS = FixHints(
    removed=(r"\.create_all\(", r"\bgenerate_schemas\s*=\s*True"),
    deleted=True,
    deleted_when=r"runs in application code although",
)
"""The fix of a ``create_all`` beside the migrations deletes it; a project without migrations
is fixed by adding them, which no diff of a commit with a quiet message tells apart."""


RULE = Rule(
    id="MB110",
    name="no-migrations",
    category="no-migrations",
    severity="medium",
    area="migrations",
    title=Text(
        zh="数据库表结构没有交给迁移管理", en="The database schema is not left to migrations"
    ),
    explanation=Text(
        zh="没有迁移工具，表结构的每次变化就无处记录。不管表是怎么建出来的——启动时的 "
        "`create_all`（Tortoise 的 `generate_schemas`、peewee 的 `create_tables` 也一样）、"
        "一段 SQL 脚本还是手工执行的命令——都只会创建缺少的表，不会给已有的表加列、改类型或建索引。"
        "一旦模型改了，线上数据库就和代码对不上，只能手工改表或者删库重建。"
        "迁移工具把每次结构变更都记录成一个可回放、可回滚的版本。",
        en="Without a migration tool, nothing records how the schema changes. Whatever makes "
        "the tables (`create_all` at start-up, Tortoise's `generate_schemas`, peewee's "
        "`create_tables`, a SQL script or a command run by hand) only creates what is missing; "
        "it never adds a column, changes a type or builds an index on a table that exists. As "
        "soon as a model changes, the real database drifts from the code and the only ways out "
        "are manual ALTERs or dropping the data. A migration tool records every schema change "
        "as a version you can replay and roll back.",
    ),
    fix=Text(
        zh="运行 `alembic init -t async migrations`，"
        "在 env.py 里设置 `target_metadata = Base.metadata`，"
        '然后 `alembic revision --autogenerate -m "init"` 和 `alembic upgrade head`；'
        "应用启动时不再调用 `create_all`（测试里可以保留）。用 Tortoise ORM 时迁移工具是 Aerich："
        "`aerich init -t app.db.TORTOISE_ORM`、`aerich init-db`，之后每次改动运行 `aerich migrate` "
        "和 `aerich upgrade`，启动时不再 `generate_schemas`。"
        "用 peewee 时用 peewee-migrate（或 peewee 自带的 `playhouse.migrate`）记录每次结构变更，"
        "启动时不再 `create_tables`。"
        "用 Flask-Migrate 时先 `flask db init`，之后每次改模型运行 `flask db migrate` 和 "
        "`flask db upgrade`。",
        en="Run `alembic init -t async migrations`, set `target_metadata = Base.metadata` in "
        'env.py, then `alembic revision --autogenerate -m "init"` and `alembic upgrade head`. '
        "Stop calling `create_all` at application start-up (tests may keep it). With Tortoise "
        "ORM the tool is Aerich: `aerich init -t app.db.TORTOISE_ORM`, `aerich init-db`, then "
        "`aerich migrate` and `aerich upgrade` for each change, and no `generate_schemas` at "
        "start-up. With peewee, record each change with peewee-migrate (or peewee's own "
        "`playhouse.migrate`) and stop calling `create_tables` at start-up. With "
        "Flask-Migrate, run `flask db init` once, then "
        "`flask db migrate` and `flask db upgrade` for each model change.",
    ),
    lesson=Text(
        zh="数据库结构也是代码，应该和代码一起进版本控制、一起评审、一起部署。",
        en="The database schema is code too: version it, review it and deploy it together with "
        "the code that depends on it.",
    ),
    message=Text(
        zh="{what_zh}；请交给 {tool} 迁移来管理表结构",
        en="{what_en}; let {tool} migrations manage the schema",
    ),
    check_project=_check_project,
    collect_signals=table_maker_signals,
    bad=case_sets.BAD,
    good=case_sets.GOOD,
    fix_hints=FIX_HINTS,
)
