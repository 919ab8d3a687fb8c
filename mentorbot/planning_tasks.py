"""Concrete next tasks, each tied to files of the reviewed repo.

Short-horizon tasks come from open findings (one per root cause) and from obvious gaps (routes
without tests, models without migrations); medium ones from the unticked checklist items of the
current stage; long ones from the next stage. Every file named is one the scan saw.

Each task that evidence can decide carries a ``TaskCheck`` saying how: the next review reads it
to tell the learner, with citations, which of these tasks they have done.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mentorbot.curriculum.loader import ChecklistItem, EvidenceQuery, Stage
from mentorbot.domain import Category, Finding, PlanTask, SkillMatrix, TaskCheck, Text
from mentorbot.planning_task_texts import (
    BLOCKING_ADVICE,
    BLOCKING_FALLBACK,
    FINDING_TASKS,
    OTHER_KINDS,
    RUFF_BLOCKING_CALLS,
    WITHOUT_ROUTES_TASKS,
)
from mentorbot.skills_facts import SEVERITY_RANK, Facts, is_test_path
from mentorbot.wording import count as count_words

MAX_SHORT_TASKS = 4
MAX_STAGE_TASKS = 2
MAX_FILES = 3
MAX_NAMED_APIS = 3
_LEADING_CODE = re.compile(r"`([^`]+)`")
_RUFF_CODE = re.compile(r"\(ruff (\w+)\)$")


# For a checklist item, which signals point at the files where the work would start.
ANCHOR_KINDS: dict[str, tuple[str, ...]] = {
    "route": ("route", "app"),
    "depends": ("route",),
    "http-exception": ("route",),
    "exception-handler": ("app", "route"),
    "background-task": ("route",),
    "streaming-response": ("route",),
    "websocket": ("app", "route"),
    "middleware": ("app",),
    "lifespan": ("app",),
    "auth": ("route",),
    "logging": ("app", "route"),
    "pydantic-model": ("route", "orm-model"),
    "orm-model": ("engine", "session-factory"),
    "engine": ("engine", "session-factory", "orm-model"),
    "session-factory": ("engine", "orm-model"),
    "alembic-op": ("orm-model",),
    "create-all": ("orm-model",),
    "test-function": ("route",),
    "fixture": ("test-function",),
    "test-client": ("test-function", "route"),
    "settings": ("env-config", "engine"),
    "env-config": ("engine",),
    "llm-call": ("route",),
    "agent-graph": ("llm-call",),
    "vector-store": ("llm-call", "orm-model"),
    "async-def": ("route",),
    "module": ("route", "orm-model"),
}


@dataclass(frozen=True)
class TaskContext:
    facts: Facts
    skills: SkillMatrix


def _join(paths: Sequence[str], separator: str = ", ") -> str:
    """The first few paths, in a sentence of the log's language (Chinese lists take "、")."""
    shown = list(dict.fromkeys(paths))[:MAX_FILES]
    return separator.join(shown) + (" …" if len(set(paths)) > MAX_FILES else "")


def _count_suffix(count: int) -> tuple[str, str]:
    return (f"（共 {count} 处）", f" ({count} places)") if count > 1 else ("", "")


def finding_check(category: Category, findings: Sequence[Finding]) -> TaskCheck:
    """Done when these findings are gone: one rule and one file are named when all share them."""
    rules = {f.rule for f in findings}
    paths = {f.path for f in findings}
    return TaskCheck(
        category=category,
        rule=next(iter(rules)) if len(rules) == 1 else None,
        path=next(iter(paths)) if len(paths) == 1 else None,
    )


def more_signals_check(facts: Facts, kind: str) -> TaskCheck:
    """Done when the repo shows more signals of ``kind`` than it does now (at least one)."""
    return TaskCheck(signal=kind, min_count=len(facts.signals(kind)) + 1)


def query_check(query: EvidenceQuery) -> TaskCheck | None:
    """The check that says the same as a checklist query: its signal and its packages.

    A query that needs a path, or whose alternatives filter their signals differently, cannot
    be told by signal counts and packages: it gets no check rather than a wrong one.
    """
    if query.path_glob:
        return None
    if query.signal is not None:
        if query.any_of:
            return None
        return TaskCheck(
            signal=query.signal,
            name=query.name,
            data=dict(query.data),
            min_count=query.min,
            stack=query.stack,
        )
    if query.stack:
        return None if query.any_of else TaskCheck(stack=query.stack)
    options = [q for q in query.any_of if q.signal is not None]
    if len(options) == 1:
        return query_check(options[0])
    plain = all(
        q.name is None and not q.data and not q.any_of and not q.path_glob and not q.stack
        for q in options
    )
    if not options or not plain or len({q.min for q in options}) != 1:
        return None
    kinds = [q.signal for q in options if q.signal is not None]
    return TaskCheck(signal=kinds[0], also_signals=tuple(kinds[1:]), min_count=options[0].min)


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
        code = _RUFF_CODE.search(finding.message.en)
        kind = code.group(1) if code else finding.rule
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


def _call_name(finding: Finding) -> str:
    """The blocking call our rule names (``create_jsonl → open``); "" for ruff's reports,
    whose texts name the remedy, not the call."""
    named = _LEADING_CODE.search(finding.message.en) if finding.source == "mentor" else None
    return named.group(1) if named else ""


def _blocking_advice(call: str) -> tuple[str, str]:
    """What to use instead, for the call at the end of the chain (``open`` in ``save → open``)."""
    last = call.rsplit("→", 1)[-1].strip()
    for pattern, zh, en in BLOCKING_ADVICE:
        if re.search(pattern, last):
            return zh, en
    return BLOCKING_FALLBACK


def _finding_task(category: Category, findings: Sequence[Finding], facts: Facts) -> PlanTask:
    first = findings[0]
    files = tuple(dict.fromkeys(f.path for f in findings))[:MAX_FILES]
    values = {
        "where": f"{first.path}:{first.line}",
        "files": _join(files),
        "count": str(len(findings)),
        "apis": _quoted_names(findings),
    }
    values_zh = values | {
        "files": _join(files, "、"),
        "apis": _quoted_names(findings, "、"),
    }
    if category == "other":
        values_zh["kinds"], values["kinds"] = _other_kinds(findings)
    if category == "blocking-call-in-async":
        call = _call_name(first)
        ruff_code = _RUFF_CODE.search(first.message.en)
        kind = call or RUFF_BLOCKING_CALLS.get(ruff_code.group(1) if ruff_code else "", "")
        values_zh["advice"], values["advice"] = _blocking_advice(kind)
        values["what"] = f"`{call}` at {values['where']}" if call else values["where"]
        values_zh["what"] = f"{values['where']} 的 `{call}`" if call else values["where"]
    zh, en = FINDING_TASKS[category]
    if category in WITHOUT_ROUTES_TASKS and not facts.signals("route"):
        zh, en = WITHOUT_ROUTES_TASKS[category]
    more_zh, more_en = ("", "") if category == "other" else _count_suffix(len(findings))
    return PlanTask(
        text=Text(zh=zh.format(**values_zh) + more_zh, en=en.format(**values) + more_en),
        files=files,
        horizon="short",
        check=finding_check(category, findings),
    )


def _area_score(skills: SkillMatrix, key: str) -> int:
    return next((a.score for a in skills.areas if a.key == key), 0)


def _tests_task(context: TaskContext, findings: Sequence[Finding]) -> PlanTask | None:
    facts = context.facts
    weak = _area_score(context.skills, "testing") <= 2
    if not findings and not weak:
        return None
    routes = facts.signals("route", where=lambda r: not is_test_path(r.path))
    client_zh, client_en = "TestClient 或 httpx.AsyncClient", "TestClient or httpx.AsyncClient"
    if not routes:
        routes = facts.signals("flask-route", where=lambda r: not is_test_path(r.path))
        client_zh, client_en = "Flask 的 app.test_client()", "Flask's app.test_client()"
    routes = list({(r.path, r.line): r for r in routes}.values())  # a view, however many URLs
    if routes:
        files = tuple(dict.fromkeys(r.path for r in routes))[:MAX_FILES]
        return PlanTask(
            text=Text(
                zh=(
                    f"为 {_join(files, '、')} 中的 {len(routes)} 个路由补上测试：用 {client_zh}，"
                    "成功和出错的情况各测一个"
                ),
                en=(
                    f"Add tests for the {count_words(len(routes), 'route')} in {_join(files)}: "
                    f"use {client_en}, one success case and one error case each"
                ),
            ),
            files=files,
            horizon="short",
            check=more_signals_check(facts, "test-function"),
        )
    if findings:
        files = tuple(dict.fromkeys(f.path for f in findings))[:MAX_FILES]
        return PlanTask(
            text=Text(
                zh=f"为 {_join(files, '、')} 写第一批 pytest 测试",
                en=f"Write a first set of pytest tests for {_join(files)}",
            ),
            files=files,
            horizon="short",
            check=more_signals_check(facts, "test-function"),
        )
    return None


MIGRATION_TOOLS: dict[str, tuple[str, str]] = {
    "flask_migrate": ("Flask-Migrate（`flask db init`、`flask db migrate`）", "Flask-Migrate "
                      "(`flask db init`, `flask db migrate`)"),
    "tortoise": ("Aerich（`aerich init-db`）", "Aerich (`aerich init-db`)"),
    "peewee": ("peewee-migrate", "peewee-migrate"),
}  # fmt: skip
"""The tool a project's first migration is made with, by an import: its ORM or extension."""


def _migration_tool(facts: Facts) -> tuple[str, str, bool]:
    """(zh, en, whether its revisions are Alembic scripts the next review can count)."""
    imported = {signal.name for signal in facts.signals("import")}
    for name, (zh, en) in MIGRATION_TOOLS.items():
        if name in imported:
            return zh, en, name == "flask_migrate"
    return "Alembic", "Alembic", True


def _migration_task(context: TaskContext, findings: Sequence[Finding]) -> PlanTask | None:
    facts = context.facts
    models = facts.signals("orm-model")
    if not models or (facts.revision_files() and not findings):
        return None
    files = tuple(dict.fromkeys(m.path for m in models))[:MAX_FILES]
    names = ", ".join(list(dict.fromkeys(m.name for m in models))[:4])
    tool_zh, tool_en, alembic = _migration_tool(facts)
    return PlanTask(
        text=Text(
            zh=(
                f"用 {tool_zh} 为 {_join(files, '、')} 中的模型（{names}）生成第一个迁移，"
                "之后表结构只通过迁移修改"
            ),
            en=(
                f"Add a first migration with {tool_en} for the models in {_join(files)} "
                f"({names}), and change the schema only through migrations from then on"
            ),
        ),
        files=files,
        horizon="short",
        check=more_signals_check(facts, "alembic-op") if alembic else None,
    )


def is_actionable(finding: Finding) -> bool:
    """Whether the learner has something to fix: not valid code that the Python running the
    review is too old to read (MB001 at low severity: an f-string that needs 3.12)."""
    return not (finding.rule == "MB001" and finding.severity == "low")


def short_tasks(context: TaskContext) -> list[PlanTask]:
    """One task per open root cause, worst first, plus the test and migration gaps."""
    grouped: dict[Category, list[Finding]] = {}
    for finding in context.facts.findings:
        if is_actionable(finding):
            grouped.setdefault(finding.category, []).append(finding)
    order = sorted(
        grouped,
        key=lambda c: (SEVERITY_RANK[grouped[c][0].severity], -len(grouped[c]), c),
    )
    tasks: list[PlanTask] = []
    for category in order:
        if category == "missing-tests":
            task = _tests_task(context, grouped[category])
        elif category == "no-migrations":
            task = _migration_task(context, grouped[category])
        else:
            task = _finding_task(category, grouped[category], context.facts)
        if task is not None:
            tasks.append(task)
    if "missing-tests" not in grouped and (task := _tests_task(context, ())) is not None:
        tasks.append(task)
    if "no-migrations" not in grouped and (task := _migration_task(context, ())) is not None:
        tasks.append(task)
    return tasks[:MAX_SHORT_TASKS]


def _query_signal(query: EvidenceQuery) -> str | None:
    if query.signal:
        return query.signal
    return next((q.signal for q in query.any_of if q.signal), None)


def anchor_files(facts: Facts, item: ChecklistItem) -> tuple[str, ...]:
    """Files of this repo where the work for an unticked item would naturally start."""
    kind = _query_signal(item.query) if item.query else None
    for anchor in ANCHOR_KINDS.get(kind or "", ()):
        files = [p for p in facts.files_with(anchor) if not is_test_path(p)]
        if files:
            return tuple(files[:MAX_FILES])
    return ()


def stage_tasks(
    facts: Facts, stage: Stage, done: Sequence[bool], *, gap: bool = False
) -> list[PlanTask]:
    """Medium-horizon tasks: the unticked, checkable items of the current stage, or (``gap``)
    of a stage the learner moved on from."""
    tasks: list[PlanTask] = []
    for item, ticked in zip(stage.checklist, done, strict=True):
        if ticked or item.query is None:
            continue
        files = anchor_files(facts, item)
        where_zh = f"，可以从 {_join(files, '、')} 入手" if files else ""
        where_en = f" — start in {_join(files)}" if files else ""
        tasks.append(
            PlanTask(
                text=Text(
                    zh=f"补上「{stage.title.zh}」的短板：{item.text.zh}{where_zh}",
                    en=f"Gap from {stage.title.en}: {item.text.en}{where_en}",
                )
                if gap
                else Text(
                    zh=f"完成本阶段清单：{item.text.zh}{where_zh}",
                    en=f"Stage checklist: {item.text.en}{where_en}",
                ),
                files=files,
                horizon="medium",
                check=query_check(item.query),
            )
        )
    return tasks[:MAX_STAGE_TASKS]


def topic_tasks(stage: Stage) -> list[PlanTask]:
    """Filler tasks from the stage's topics when evidence leaves too little to do."""
    return [
        PlanTask(
            text=Text(
                zh=f"学习并在项目里实践：{topic.zh}",
                en=f"Study and apply in this project: {topic.en}",
            ),
            horizon="medium",
        )
        for topic in stage.topics
    ]


def next_stage_task(current: Stage, following: Stage | None) -> PlanTask:
    """The stage after ``current``, or going deeper in ``current`` when it is the last one."""
    if following is None:
        topic = current.topics[0] if current.topics else current.goal
        return PlanTask(
            text=Text(
                zh=f"继续深入「{current.title.zh}」：{topic.zh}",
                en=f"Go deeper in {current.title.en}: {topic.en}",
            ),
            horizon="long",
        )
    return PlanTask(
        text=Text(
            zh=f"下一阶段「{following.title.zh}」：{following.goal.zh}",
            en=f"Next stage, {following.title.en}: {following.goal.en}",
        ),
        horizon="long",
    )
