"""Concrete next tasks, each tied to files of the reviewed repo, and the checks they carry.

Short-horizon tasks (``planning_short_tasks``) come from open findings and obvious gaps; medium
ones from the unticked checklist items of the current stage; long ones from the next stage.
Every file named is one the scan saw.

Each task that evidence can decide carries a ``TaskCheck`` saying how: the next review reads it
to tell the learner, with citations, which of these tasks they have done.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mentorbot.analysis.python_facts_storage import MONGO_CLIENT_LIBRARIES
from mentorbot.curriculum.loader import ChecklistItem, EvidenceQuery, Stage
from mentorbot.domain import Category, Finding, PlanTask, SkillMatrix, TaskCheck, Text
from mentorbot.rules._stored_models import IN_A_DICT
from mentorbot.skills_facts import Facts, Located
from mentorbot.skills_rubric import skill_cell

MAX_STAGE_TASKS = 2
MAX_FILES = 3


# For a checklist item, which signals point at the files where the work would start.
ANCHOR_KINDS: dict[str, tuple[str, ...]] = {
    "route": ("route", "app"),
    "depends": ("route",),
    "http-exception": ("route",),
    "error-response": ("route",),
    "exception-handler": ("app", "route"),
    # Slow work and results worth streaming: where the model is called. A CRUD route has
    # neither, and naming one reads as advice to stream or defer it.
    "background-task": ("llm-call",),
    "streaming-response": ("llm-call",),
    "websocket": ("app", "route"),
    "middleware": ("app",),
    "lifespan": ("app",),
    "auth": ("route",),
    "logging": ("app", "route"),
    # Where input comes in; never the ORM models, which that would tell to become schemas.
    "pydantic-model": ("route", "flask-route", "bot-handler"),
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
    # A first model call has no natural file: not "llm-call", or the login routes are named.
    "agent-graph": ("llm-call",),
    "vector-store": ("llm-call", "orm-model"),
    "async-def": ("route",),
    "module": ("route", "orm-model"),
}


@dataclass(frozen=True)
class TaskContext:
    facts: Facts
    skills: SkillMatrix


def join_paths(paths: Sequence[str], separator: str = ", ") -> str:
    """The first few paths, in a sentence of the log's language (Chinese lists take "、")."""
    shown = list(dict.fromkeys(paths))[:MAX_FILES]
    return separator.join(shown) + (" …" if len(set(paths)) > MAX_FILES else "")


def finding_check(category: Category, findings: Sequence[Finding]) -> TaskCheck:
    """Done when these findings are gone: one rule and one file are named when all share them."""
    rules = {f.rule for f in findings}
    paths = {f.path for f in findings}
    return TaskCheck(
        category=category,
        rule=next(iter(rules)) if len(rules) == 1 else None,
        path=next(iter(paths)) if len(paths) == 1 else None,
    )


def more_signals_check(facts: Facts, kind: str, more: int = 1) -> TaskCheck:
    """Done when the repo shows ``more`` signals of ``kind`` than it does now."""
    return TaskCheck(signal=kind, min_count=len(facts.signals(kind)) + max(1, more))


def query_check(query: EvidenceQuery) -> TaskCheck | None:
    """The check that says the same as a checklist query: its signal and its packages.

    A query that needs a path, or whose alternatives filter their signals differently, cannot
    be told by signal counts and packages: it gets no check rather than a wrong one. Its
    alternatives may filter by the same data (``async = "*"`` on an engine or a client). A
    query naming a skill cell and the files or signals that show it (``any_of``) is told by the
    cell, whose rubric asks for them ("the schema is managed with migrations": migrations own
    the schema only where there are some); the follow-up had said "the code cannot tell"
    beside its own open no-migrations finding (blind check b2).
    """
    if query.skill is not None:
        plain = query.signal is None and not query.stack
        return TaskCheck(skill=query.skill, level=query.level) if plain else None
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
        q.name is None and not q.any_of and not q.path_glob and not q.stack for q in options
    )
    # One filter for every kind ("an engine or a client, either async") reads the same way.
    filters = {tuple(sorted(q.data.items())) for q in options}
    if not options or not plain or len({q.min for q in options}) != 1 or len(filters) != 1:
        return None
    kinds = [q.signal for q in options if q.signal is not None]
    return TaskCheck(
        signal=kinds[0],
        also_signals=tuple(kinds[1:]),
        data=dict(options[0].data),
        min_count=options[0].min,
    )


def _query_signal(query: EvidenceQuery) -> str | None:
    if query.signal:
        return query.signal
    return next((q.signal for q in query.any_of if q.signal), None)


def anchor_files(context: TaskContext, item: ChecklistItem) -> tuple[str, ...]:
    """Files of this repo where the work for an unticked item would naturally start: for an
    item that names a skill cell, the files its evidence cites (the least annotated modules)."""
    facts = context.facts
    if item.query is not None and item.query.skill is not None:
        cell = skill_cell(context.skills, item.query.skill)
        evidence = cell.evidence if cell is not None else ()
        cited = [e.path for e in evidence if e.path is not None and not facts.in_tests(e.path)]
        return tuple(dict.fromkeys(cited))[:MAX_FILES]
    kind = _query_signal(item.query) if item.query else None
    for anchor in ANCHOR_KINDS.get(kind or "", ()):
        if anchor == "route":
            files = _route_files(context.facts)
        else:
            files = [p for p in facts.files_with(anchor) if not facts.in_tests(p)]
        if files:
            return tuple(files[:MAX_FILES])
    return ()


_PROBE_PATH = re.compile(r"^/?(?:api/)?(?:v\d+/)?(?:health\w*|ping|status|version|ready|live)\b")
"""A route that only says the app is up: no place to start streaming or a background task."""


def _route_files(facts: Facts) -> list[str]:
    """Files with routes, those with the most first, leaving out files whose routes are all
    health checks or pings (unless there is nothing else)."""
    routes = [r for r in facts.signals("route") if not facts.in_tests(r.path)]
    counts = Counter(r.path for r in routes)
    probes = Counter(r.path for r in routes if _PROBE_PATH.match(r.get("path")))
    ranked = sorted(counts, key=lambda path: (-counts[path], path))
    kept = [path for path in ranked if probes[path] < counts[path]]
    return kept or ranked


SYNC_DATA_ASIDE = (
    "（用同步驱动查库的路由保持普通 def，FastAPI 会把它们放进线程池；{start_zh}）",
    " (keep the routes that query through the sync driver as plain def, which FastAPI runs in "
    "its thread pool; {start})",
)
"""Said of "async functions that await" where every database call of the project is sync: the
routes are not the place to start (a sync query in an async route blocks the event loop)."""
SYNC_DATA_ASIDE_ELSEWHERE = ("（{start_zh}）", " ({start})")
"""The same outside FastAPI: a Flask view or a bot's handler has no thread pool to run it in."""
START_AT_SERVICE = (
    "可以从等待外部服务的地方开始，例如用 httpx.AsyncClient 发请求",
    "start where the code waits on an outside service, such as a request through httpx.AsyncClient",
)
START_AT_MODEL = (
    "可以从等待模型回答的地方开始，例如用 ainvoke 或异步客户端调用模型",
    "start where the code waits on the model, such as a call through ainvoke or an async client",
)
"""Where a project that calls a language model waits longest: on the model, not on httpx."""


def _imports_fastapi(item: Located) -> bool:
    return item.name == "fastapi"


def sync_data_layer(facts: Facts) -> bool:
    """Whether the project reaches its database only through sync engines, drivers or clients:
    turning its routes into ``async def`` would then block the event loop."""
    wiring = facts.database_wiring()
    if any(item.flag("async") for item in wiring):
        return False
    return bool(wiring) or bool(facts.signals("rule:sync-driver"))


def stage_tasks(
    context: TaskContext, stage: Stage, done: Sequence[bool], *, gap: bool = False
) -> list[PlanTask]:
    """Medium-horizon tasks: the unticked, checkable items of the current stage, or (``gap``)
    of a stage the learner moved on from."""
    tasks: list[PlanTask] = []
    relational = stage.id == "databases" and uses_document_store(context.facts)
    for item, ticked in zip(stage.checklist, done, strict=True):
        if ticked or item.query is None or item.found_only:
            continue
        sync_data = _query_signal(item.query) == "async-def" and sync_data_layer(context.facts)
        files = () if sync_data else anchor_files(context, item)
        where_zh = f"，可以从 {join_paths(files, '、')} 入手" if files else ""
        where_en = f" — start in {join_paths(files)}" if files else ""
        if relational:
            where_zh, where_en = RELATIONAL_ASIDE[0] + where_zh, RELATIONAL_ASIDE[1] + where_en
        if sync_data:
            fastapi_imports = context.facts.signals("import", where=_imports_fastapi)
            serves_fastapi = any(not context.facts.in_tests(s.path) for s in fastapi_imports)
            aside_zh, aside_en = SYNC_DATA_ASIDE if serves_fastapi else SYNC_DATA_ASIDE_ELSEWHERE
            calls_model = bool(context.facts.signals("llm-call"))
            start_zh, start = START_AT_MODEL if calls_model else START_AT_SERVICE
            where_zh, where_en = aside_zh.format(start_zh=start_zh), aside_en.format(start=start)
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


RELATIONAL_ASIDE = (
    "（这一阶段走关系型数据库的路线，可以和你现在用的 MongoDB 并行学）",
    " (the relational path, beside the MongoDB you use now)",
)
"""Said of the databases stage to a MongoDB project: its goal and items name SQLAlchemy and
migrations."""


def uses_document_store(facts: Facts) -> bool:
    """A MongoDB app (documents or a Mongo client, no ORM model): the curriculum's database
    stage is the relational path beside it, not a correction of it."""
    mongo = facts.signals("document-model") or facts.signals(
        "db-client", where=lambda s: s.get("library") in MONGO_CLIENT_LIBRARIES
    )
    return bool(mongo) and not facts.signals("orm-model")


def next_stage_task(
    current: Stage,
    following: Stage | None,
    document_store: bool = False,
    shown: tuple[int, int] = (0, 0),
) -> PlanTask:
    """The stage after ``current``, or going deeper in ``current`` when it is the last one;
    ``document_store``: the project keeps its data in MongoDB; ``shown``: how many of the next
    stage's checkable items the code already backs, of how many. A FastAPI app held in Python
    foundations was sent on to "build routes, validation, dependency injection" as if it had
    none (blind check m1)."""
    if following is None:
        topic = current.topics[0] if current.topics else current.goal
        return PlanTask(
            text=Text(
                zh=f"继续深入「{current.title.zh}」：{topic.zh}",
                en=f"Go deeper in {current.title.en}: {topic.en}",
            ),
            horizon="long",
        )
    goal_zh, goal_en = following.goal.zh, following.goal.en
    if document_store and following.id == "databases":
        goal_zh = goal_zh.removesuffix("。") + RELATIONAL_ASIDE[0] + "。"
        goal_en = goal_en.removesuffix(".") + RELATIONAL_ASIDE[1] + "."
    ticked, checkable = shown
    if ticked:
        goal_zh = (
            f"{goal_zh.removesuffix('。')}（你的代码已经做到了其中 {ticked}/{checkable} 项）。"
        )
        goal_en = (
            f"{goal_en.removesuffix('.')} ({ticked} of its {checkable} items are already "
            "backed by your code)."
        )
    return PlanTask(
        text=Text(
            zh=f"下一阶段「{following.title.zh}」：{goal_zh}",
            en=f"Next stage, {following.title.en}: {goal_en}",
        ),
        horizon="long",
    )


_ORM_MODEL_NAMED = re.compile(r"(?:ORM|table|document) model `(\w+)`")
"""MB102 names the model as its kind is called: an ORM model, a SQLModel table, a document."""
_SCHEMA_SUFFIXES = ("Out", "Read", "Response", "Public")


def response_schema(finding: Finding, facts: Facts) -> tuple[str, str]:
    """The schema to name (zh, en) for an ORM model a route answers with: one the project
    already defines for it (``DocumentOut``, with its file), else ``<Model>Read``."""
    named = _ORM_MODEL_NAMED.search(finding.message.en)
    model = named.group(1) if named else "Task"
    name, where = f"{model}Read", ""
    for schema in facts.signals("pydantic-model", where=lambda s: not facts.in_tests(s.path)):
        if schema.name in {model + suffix for suffix in _SCHEMA_SUFFIXES}:
            name, where = schema.name, schema.path
            break
    # ``{"message": ..., "book": book}``: the answer is the dict, which holds the model.
    in_dict = IN_A_DICT in finding.message.en
    zh = f"一个含 {name} 字段的 schema" if in_dict else name
    en = f"one with a field of {name}" if in_dict else name
    if where:
        zh += f"，{name} 在 {where} 里已经有了" if in_dict else f"，{where} 里已经有了"
        en += f", already in {where}"
    return zh, en
