"""Short-horizon tasks: one per open root cause among the findings (its words say what to
do about that call, API or file), plus the obvious gaps: routes without tests, models without
migrations (or migrations beside a ``create_all``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from mentorbot.blocking_order import lead_order
from mentorbot.domain import (
    SEVERITY_RANK,
    Category,
    Finding,
    PlanTask,
    TaskCheck,
    Text,
)
from mentorbot.finding_places import in_a_route, plain_def_caller
from mentorbot.planning_blocking import blocking_values, engine_driver, lone_async_route
from mentorbot.planning_task_texts import (
    ASYNC_DRIVERS,
    BROWSER_KEY_TASK,
    CLIENT_FINDING,
    CLIENT_TASK,
    CONNECTION_FINDING,
    CONNECTION_TASK,
    CREDENTIALS_FILE_TASK,
    DBAPI_SQL_TASK,
    DJANGO_SECRET_TASK,
    DRIVER_TASK,
    ENV_FILE_SECRET_TASK,
    FALLBACK_SECRET_TASK,
    FINDING_TASKS,
    HANDED_ORM_TASK,
    HANDS_ORM,
    IDENTIFIER_SQL_TASK,
    OTHER_KINDS,
    PLAIN_DEF_ROUTE_TASK,
    SOCKET_EXCEPT_TASK,
    STREAMLIT_SECRETS_TASK,
    SWALLOWED_HTTP_ERROR_TASK,
    SWALLOWS_HTTP_ERROR,
    SYNC_CALLER_AWAIT_TASK,
    WITHOUT_ROUTES_TASKS,
)
from mentorbot.planning_tasks import (
    MAX_FILES,
    TaskContext,
    finding_check,
    join_paths,
    more_signals_check,
    response_schema,
)
from mentorbot.planning_tests import tests_task
from mentorbot.rules._secret_advice import (
    IS_BUNDLED,
    IS_COMMITTED_ENV,
    IS_CREDENTIALS_FILE,
    IS_FALLBACK,
    IS_STREAMLIT_SECRETS,
)
from mentorbot.rules._sql_identifiers import IS_IDENTIFIER
from mentorbot.rules._sync_drivers import driver_named
from mentorbot.rules.no_migrations import migration_tool
from mentorbot.rules.ruff import ruff_code_of
from mentorbot.skills_facts import Facts
from mentorbot.wording import count as count_words

MAX_SHORT_TASKS = 4
MAX_NAMED_APIS = 3
_LEADING_CODE = re.compile(r"`([^`]+)`")


def _count_suffix(count: int) -> tuple[str, str]:
    return (f"（共 {count} 处）", f" ({count} places)") if count > 1 else ("", "")


def _quoted_names(findings: Sequence[Finding], separator: str = ", ") -> str:
    """The code names the findings' messages open with (MB104's "`.dict()` is pydantic v1
    API"), so a task names what the learner wrote, not a list of examples."""
    names = [m.group(1) for f in findings if (m := _LEADING_CODE.match(f.message.en))]
    shown = list(dict.fromkeys(names))
    return separator.join(shown[:MAX_NAMED_APIS]) + (" …" if len(shown) > MAX_NAMED_APIS else "")


def _other_kinds(findings: Sequence[Finding]) -> tuple[str, str]:
    """``1 undefined name, 3 unused imports`` in each language, instead of a rule id."""
    counts: Counter[str] = Counter()
    for finding in findings:
        kind = ruff_code_of(finding.message.en) or finding.rule
        counts[kind if kind in OTHER_KINDS else ""] += 1
    zh: list[str] = []
    en: list[str] = []
    for kind, count in counts.items():
        if not kind:
            continue
        word_zh, one, many = OTHER_KINDS[kind]
        zh.append(f"{count} 个{word_zh}")
        en.append(f"{count} {one if count == 1 else many}")
    if counts[""]:
        zh.append(f"另外 {counts['']} 条发现" if zh else f"{counts['']} 条发现")
        en.append(count_words(counts[""], "other finding" if en else "finding"))
    return "、".join(zh), ", ".join(en)


def _django_settings(finding: Finding, facts: Facts) -> bool:
    """A finding in a Django project's ``settings.py``: the settings module already."""
    return finding.path.rsplit("/", 1)[-1] == "settings.py" and facts.has_stack("django")


def _finding_task(category: Category, findings: Sequence[Finding], facts: Facts) -> PlanTask:
    first = findings[0]
    if category == "bare-or-broad-except":
        # The general advice (narrow it, log it) leads with a handler it fits: one that swallows
        # its own HTTPException may log already.
        first = next((f for f in findings if SWALLOWS_HTTP_ERROR not in f.message.en), first)
    if category == "sql-string-formatting":
        # Placeholders are the advice for a value formatted in; a table's name takes none.
        first = next((f for f in findings if IS_IDENTIFIER not in f.message.en), first)
    located = tuple(dict.fromkeys(f.path for f in findings))
    files = located[:MAX_FILES]
    values = {
        "where": f"{first.path}:{first.line}",
        "files": join_paths(located),
        "count": str(len(findings)),
        "apis": _quoted_names(findings),
    }
    values_zh = values | {
        "files": join_paths(located, "、"),
        "apis": _quoted_names(findings, "、"),
    }
    if category == "other":
        values_zh["kinds"], values["kinds"] = _other_kinds(findings)
    if category == "blocking-call-in-async":
        blocking_zh, blocking_en = blocking_values(findings, facts)
        values_zh.update(blocking_zh)
        values.update(blocking_en)
    zh, en = FINDING_TASKS[category]
    if category == "sql-string-formatting" and not facts.has_stack("sqlalchemy", "sqlmodel"):
        zh, en = DBAPI_SQL_TASK
    if category == "sql-string-formatting" and all(IS_IDENTIFIER in f.message.en for f in findings):
        zh, en = IDENTIFIER_SQL_TASK
    driver = driver_named(first.message.en) if category == "sync-db-driver-in-async-app" else ""
    if driver in ASYNC_DRIVERS:
        zh, en = DRIVER_TASK
        values["driver"] = values_zh["driver"] = driver
        values_zh["async_driver"], values["async_driver"] = ASYNC_DRIVERS[driver]
    elif category == "sync-db-driver-in-async-app":
        values_zh["async_driver"], values["async_driver"] = engine_driver(first, facts)
    route = lone_async_route(first, facts) if category == "sync-db-driver-in-async-app" else ""
    if route and not driver:
        zh, en = PLAIN_DEF_ROUTE_TASK
        values["function"] = values_zh["function"] = route
    if category in WITHOUT_ROUTES_TASKS and not in_a_route(first, facts):
        zh, en = WITHOUT_ROUTES_TASKS[category]
    if category == "bare-or-broad-except" and in_a_route(first, facts, method="WS"):
        zh, en = SOCKET_EXCEPT_TASK
    if category == "session-per-function" and all(
        CONNECTION_FINDING in f.message.en for f in findings
    ):
        zh, en = CONNECTION_TASK
    if category == "session-per-function" and all(CLIENT_FINDING in f.message.en for f in findings):
        zh, en = CLIENT_TASK
    if category == "bare-or-broad-except" and all(
        SWALLOWS_HTTP_ERROR in f.message.en for f in findings
    ):
        zh, en = SWALLOWED_HTTP_ERROR_TASK
    if category == "hardcoded-secret" and _django_settings(first, facts):
        zh, en = DJANGO_SECRET_TASK
    if category == "hardcoded-secret" and all(IS_FALLBACK in f.message.en for f in findings):
        zh, en = FALLBACK_SECRET_TASK
    if category == "hardcoded-secret" and all(IS_COMMITTED_ENV in f.message.en for f in findings):
        zh, en = ENV_FILE_SECRET_TASK
        values["file"] = values_zh["file"] = first.path or ".env"
    if category == "hardcoded-secret" and all(
        IS_CREDENTIALS_FILE in f.message.en and f.path == first.path for f in findings
    ):
        zh, en = CREDENTIALS_FILE_TASK
        values["file"] = values_zh["file"] = first.path
    if category == "hardcoded-secret" and all(
        IS_STREAMLIT_SECRETS in f.message.en and f.path == first.path for f in findings
    ):
        zh, en = STREAMLIT_SECRETS_TASK
        values["file"] = values_zh["file"] = first.path
    if category == "hardcoded-secret" and all(IS_BUNDLED in f.message.en for f in findings):
        zh, en = BROWSER_KEY_TASK
        values["file"] = values_zh["file"] = first.path
    caller = plain_def_caller(first, facts) if category == "missing-await" else ""
    if caller:
        zh, en = SYNC_CALLER_AWAIT_TASK
        values["function"] = values_zh["function"] = caller
    if category == "orm-as-response-model" and HANDS_ORM in first.message.en:
        zh, en = HANDED_ORM_TASK
    if category == "orm-as-response-model":
        values_zh["schema"], values["schema"] = response_schema(first, facts)
    more_zh, more_en = ("", "") if category == "other" else _count_suffix(len(findings))
    return PlanTask(
        text=Text(zh=zh.format(**values_zh) + more_zh, en=en.format(**values) + more_en),
        files=files,
        horizon="short",
        check=_file_out(finding_check(category, findings), zh),
    )


def _file_out(check: TaskCheck, zh: str) -> TaskCheck:
    """A task to stop committing a file is done when the file is out of git, not when its
    secrets are blanked in it: "[x] Stop committing Frontend/.env" was ticked while the file
    was still tracked (blind check m1)."""
    if check.path is not None and zh in (
        ENV_FILE_SECRET_TASK[0],
        CREDENTIALS_FILE_TASK[0],
        STREAMLIT_SECRETS_TASK[0],
    ):
        return check.model_copy(update={"file_out": True})
    return check


FIRST_MIGRATION_COMMANDS = {
    "Flask-Migrate": (
        "（`flask db init`、`flask db migrate`）",
        " (`flask db init`, `flask db migrate`)",
    ),
    "Aerich": ("（`aerich init-db`）", " (`aerich init-db`)"),
    "Django": (
        "（`python manage.py makemigrations`）",
        " (`python manage.py makemigrations`)",
    ),
}
"""How the first migration is made, for the tools whose name alone would not tell."""
ALEMBIC_SCRIPTS = frozenset({"Alembic", "Flask-Migrate"})
"""Tools whose revisions are Alembic scripts, which the next review can count."""


def _migration_tool(facts: Facts) -> tuple[str, str, bool]:
    """(zh, en, whether its revisions are Alembic scripts the next review can count)."""
    tool = migration_tool({signal.name for signal in facts.signals("import")})
    zh, en = FIRST_MIGRATION_COMMANDS.get(tool, ("", ""))
    return tool + zh, tool + en, tool in ALEMBIC_SCRIPTS


def _stop_creating_tables(findings: Sequence[Finding]) -> PlanTask:
    """Migrations exist and the app still creates the tables itself (create_all beside them)."""
    first = findings[0]
    named = _LEADING_CODE.search(first.message.en)
    call = named.group(1) if named else "create_all"
    where = f"{first.path}:{first.line}"
    return PlanTask(
        text=Text(
            zh=f"去掉 {where} 用 `{call}` 建表的代码，表结构只交给迁移管理（测试里可以保留）",
            en=f"Stop creating the tables with `{call}` at {where}: let the migrations own the "
            "schema (tests may keep it)",
        ),
        files=tuple(dict.fromkeys(f.path for f in findings))[:MAX_FILES],
        horizon="short",
        check=finding_check("no-migrations", findings),
    )


MAX_MODEL_NAMES = 4
"""Models named in the first-migration task; the rest are counted."""


def _migration_task(context: TaskContext, findings: Sequence[Finding]) -> PlanTask | None:
    facts = context.facts
    models = facts.signals("orm-model")
    if facts.revision_files():
        return _stop_creating_tables(findings) if findings else None
    if not models:
        return None
    located = tuple(dict.fromkeys(m.path for m in models))
    files = located[:MAX_FILES]
    distinct = list(dict.fromkeys(m.name for m in models))
    names = ", ".join(distinct[:MAX_MODEL_NAMES])
    names_zh = "、".join(distinct[:MAX_MODEL_NAMES])
    if len(distinct) > MAX_MODEL_NAMES:
        names += f" and {len(distinct) - MAX_MODEL_NAMES} more"
        names_zh += f"，共 {len(distinct)} 个"
    tool_zh, tool_en, alembic = _migration_tool(facts)
    return PlanTask(
        text=Text(
            zh=(
                f"用 {tool_zh} 为 {join_paths(located, '、')} 中的模型（{names_zh}）"
                "生成第一个迁移，之后表结构只通过迁移修改"
            ),
            en=(
                f"Add a first migration with {tool_en} for the models in {join_paths(located)} "
                f"({names}), and change the schema only through migrations from then on"
            ),
        ),
        files=files,
        horizon="short",
        # Aerich's and peewee-migrate's revisions show no signal: MB110 leaving tells instead.
        check=more_signals_check(facts, "alembic-op") if alembic else TaskCheck(rule="MB110"),
    )


def short_tasks(context: TaskContext) -> list[PlanTask]:
    """One task per open root cause, worst first, plus the test and migration gaps."""
    grouped: dict[Category, list[Finding]] = {}
    for finding in context.facts.findings:
        grouped.setdefault(finding.category, []).append(finding)
    # At equal severity a named problem (string-built SQL) comes before ruff's mixed bag, however
    # many unused imports that holds.
    order = sorted(
        grouped,
        key=lambda c: (SEVERITY_RANK[grouped[c][0].severity], c == "other", -len(grouped[c]), c),
    )
    tasks: list[PlanTask] = []
    for category in order:
        if category == "missing-tests":
            task = tests_task(context, grouped[category])
        elif category == "no-migrations":
            task = _migration_task(context, grouped[category])
        else:
            found = grouped[category]
            if category == "blocking-call-in-async":
                found = lead_order(found)
            task = _finding_task(category, found, context.facts)
        if task is not None:
            tasks.append(task)
    if "missing-tests" not in grouped and (task := tests_task(context, ())) is not None:
        tasks.append(task)
    if "no-migrations" not in grouped and (task := _migration_task(context, ())) is not None:
        tasks.append(task)
    return tasks[:MAX_SHORT_TASKS]
