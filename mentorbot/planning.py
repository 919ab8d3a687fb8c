"""The plan: where the learner stands in the curriculum, what to do next, and a reflection.

The current stage is chosen in ``planning_stage``; what the stages left behind still miss becomes
gaps to close. Tasks name files of this repo; strengths and improvements cite the matrix's
evidence and the open findings, so every sentence can be traced back to the scan.
"""

from __future__ import annotations

from collections.abc import Sequence

from mentorbot.analysis.compose_facts import COMPOSE_SIGNAL
from mentorbot.analysis.languages import language_of
from mentorbot.analysis.manifests import is_compose
from mentorbot.curriculum.loader import VERSION_CONDITION, Curriculum, load_practices
from mentorbot.domain import (
    FileAnalysis,
    Finding,
    Lesson,
    Plan,
    PlanTask,
    SkillArea,
    SkillMatrix,
    StackItem,
    Text,
)
from mentorbot.fact_values import normalise_package
from mentorbot.planning_short_tasks import short_tasks
from mentorbot.planning_stage import (
    StageChoice,
    StageProgress,
    choose_stage,
    stage_progress,
    stage_reason,
)
from mentorbot.planning_stage import query_holds as query_holds
from mentorbot.planning_tasks import (
    TaskContext,
    next_stage_task,
    stage_tasks,
    topic_tasks,
    uses_document_store,
)
from mentorbot.rules._versions import pinned_below_major, pydantic_major
from mentorbot.rules.registry import find_rule
from mentorbot.skills import SOLID_SCORE, imported_modules, relevant_areas, rubric_line
from mentorbot.skills_auth import UNGUARDED_NOTE, UNGUARDED_VIEW_NOTE
from mentorbot.skills_categories import CATEGORY_AREA
from mentorbot.skills_facts import Facts
from mentorbot.skills_rubric import JUDGED_DIMENSIONS
from mentorbot.wording import count

MIN_TASKS = 3
MAX_GAP_TASKS = 2
"""Items still missing in the stages left behind, listed after the current stage's own."""
MAX_TASKS = 8
MAX_REFLECTIONS = 4
MIN_STRENGTH_DIMENSIONS = 2
"""An area is named a strength when at least half its four dimensions are good: one good cell
beside three weak ones is a start, not yet a strength."""


def _area_tasks(relevant: Sequence[SkillArea]) -> list[PlanTask]:
    """Fallback tasks: for the weakest relevant areas, the rubric line of the next level up."""
    tasks: list[PlanTask] = []
    for area in sorted(relevant, key=lambda a: (a.score, a.key)):
        for dimension in JUDGED_DIMENSIONS:
            cell = getattr(area, dimension)
            if cell.level != "good":
                target = rubric_line(f"{area.key}.{dimension}.good")
                tasks.append(
                    PlanTask(
                        text=Text(
                            zh=f"提升「{area.title.zh}」：{target.zh}",
                            en=f"Raise {area.title.en}: {target.en}",
                        ),
                        horizon="medium",
                    )
                )
                break
    return tasks


def _tasks(
    context: TaskContext,
    progress: list[StageProgress],
    choice: StageChoice,
    relevant: Sequence[SkillArea],
) -> tuple[PlanTask, ...]:
    current = progress[choice.index]
    # Never a passed stage: one before it would have been left behind (``choose_stage``).
    after = progress[choice.index + 1] if choice.index + 1 < len(progress) else None
    following = after.stage if after is not None else None
    tasks = short_tasks(context)
    own = stage_tasks(context, current.stage, current.done)
    tasks += own
    # A gap the current stage asks for too ("a background task" in both) is listed once.
    asked = [task.check for task in own if task.check is not None]
    gaps = [
        task
        for at in choice.left_behind
        for task in stage_tasks(context, progress[at].stage, progress[at].done, gap=True)
        if task.check is None or task.check not in asked
    ]
    tasks += gaps[:MAX_GAP_TASKS]
    shown = (after.ticked, after.checkable) if after is not None else (0, 0)
    document_store = uses_document_store(context.facts)
    tasks.append(next_stage_task(current.stage, following, document_store, shown))
    fillers = topic_tasks(current.stage) + _area_tasks(relevant)
    for filler in fillers:
        if len(tasks) >= MIN_TASKS:
            break
        tasks.append(filler)
    order = {"short": 0, "medium": 1, "long": 2}
    unique = list({task.text.en: task for task in tasks}.values())
    return tuple(sorted(unique, key=lambda t: order[t.horizon])[:MAX_TASKS])


def _strengths(skills: SkillMatrix) -> tuple[Text, ...]:
    ranked: list[tuple[int, int, str, Text]] = []
    for area in skills.areas:
        good = [getattr(area, d) for d in JUDGED_DIMENSIONS if getattr(area, d).level == "good"]
        if not good:
            continue
        evidence = [e for cell in good for e in cell.evidence]
        if area.code_quality.level == "good":
            good_count = len(good) + 1
        else:
            good_count = len(good)
        if good_count < MIN_STRENGTH_DIMENSIONS or area.score < SOLID_SCORE:
            continue  # a "basic" area with no authentication at all is not something that went well
        example_zh = f"，例如 {evidence[0].cite()}" if evidence else ""
        example_en = f", e.g. {evidence[0].cite()}" if evidence else ""
        text = Text(
            zh=(
                f"{area.title.zh}：4 个维度中 {good_count} 个达标（{area.overall.zh}），"
                f"有 {len(evidence)} 条证据{example_zh}"
            ),
            en=(
                f"{area.title.en}: {good_count} of 4 dimensions good ({area.overall.en}), "
                f"backed by {count(len(evidence), 'evidence item')}{example_en}"
            ),
        )
        ranked.append((-area.score, -good_count, area.key, text))
    return tuple(text for *_, text in sorted(ranked)[:MAX_REFLECTIONS])


def _fixes(solved: Sequence[Lesson]) -> tuple[Text, ...]:
    """Problems the learner fixed, which the rules recognise: a strength of its own. A bot
    whose log listed three solved problems said there was "not enough evidence to name a clear
    strength" (blind check t1)."""
    fixed = [lesson for lesson in solved if lesson.rule and lesson.commit]
    if not fixed:
        return ()
    titles = list(dict.fromkeys(lesson.title for lesson in fixed))[:2]
    newest = fixed[0].commit or ""
    return (
        Text(
            zh=f"你修复了 {len(fixed)} 个规则能认出的问题（{'；'.join(t.zh for t in titles)}），"
            f"例如提交 `{newest[:8]}`",
            en=f"You fixed {count(len(fixed), 'problem')} the rules recognise "
            f"({'; '.join(t.en for t in titles)}), e.g. in commit `{newest[:8]}`",
        ),
    )


def _improvements(
    skills: SkillMatrix, facts: Facts, relevant: Sequence[SkillArea]
) -> tuple[Text, ...]:
    texts: list[Text] = []
    by_area: dict[str, list[Finding]] = {}
    for finding in facts.findings:
        by_area.setdefault(CATEGORY_AREA.get(finding.category, "code-quality"), []).append(finding)
    areas = {area.key: area for area in skills.areas}
    for key, findings in by_area.items():
        area = areas[key]
        titles = _problem_titles(findings)
        named_zh, named_en = "；".join(t.zh for t in titles), "; ".join(t.en for t in titles)
        first = findings[0]
        noun = "finding" if len(findings) == 1 else "findings"
        texts.append(
            Text(
                zh=(
                    f"{area.title.zh}：{len(findings)} 条发现（{named_zh}），"
                    f"最需要先看的是 {first.path}:{first.line}"
                ),
                en=(
                    f"{area.title.en}: {len(findings)} {noun} ({named_en}), "
                    f"start with {first.path}:{first.line}"
                ),
            )
        )
    texts.extend(_open_to_anyone(skills))
    for area in sorted(relevant, key=lambda a: (a.score, a.key)):
        if len(texts) >= MAX_REFLECTIONS + 1 or area.key in by_area or area.score > 3:
            continue
        gap = next(d for d in JUDGED_DIMENSIONS if getattr(area, d).level != "good")
        target = rubric_line(f"{area.key}.{gap}.good")
        texts.append(
            Text(
                zh=f"{area.title.zh}：目前是「{area.overall.zh}」（{area.score}/8），下一步：{target.zh}",
                en=f"{area.title.en}: {area.overall.en} ({area.score}/8); next: {target.en}",
            )
        )
    return tuple(texts[: MAX_REFLECTIONS + 1])


def _open_to_anyone(skills: SkillMatrix) -> tuple[Text, ...]:
    """The routes and views that change data with no auth, where the others have it: the
    security cell's gap, which the log had named nowhere (blind check d3)."""
    security = next((area for area in skills.areas if area.key == "security"), None)
    if security is None:
        return ()
    cell = security.best_practice
    opened = [e for e in cell.evidence if e.note.startswith((UNGUARDED_NOTE, UNGUARDED_VIEW_NOTE))]
    if not opened:
        return ()
    where = ", ".join(e.cite() for e in opened)
    if len(opened) == 1:
        view = opened[0].note.startswith(UNGUARDED_VIEW_NOTE)
        kind = Text(zh="视图", en="view") if view else Text(zh="路由", en="route")
        return (
            Text(
                zh=f"{security.title.zh}：这个会改数据的{kind.zh}没有任何认证，而其他的都有：{where}",
                en=f"{security.title.en}: this {kind.en} changes data with no auth, while the "
                f"others have it: {where}",
            ),
        )
    return (
        Text(
            zh=f"{security.title.zh}：这些会改数据的路由或视图没有任何认证，而其他的都有：{where}",
            en=f"{security.title.en}: these routes or views change data with no auth, while the "
            f"others have it: {where}",
        ),
    )


def _problem_titles(findings: Sequence[Finding]) -> list[Text]:
    """What the findings are, in words (the titles of their rules, each once), not category ids
    such as ``blocking-call-in-async``."""
    rules = (find_rule(rule) for rule in dict.fromkeys(finding.rule for finding in findings))
    titles = [rule.title for rule in rules if rule is not None]
    return titles or [Text(zh=f.category, en=f.category) for f in findings[:1]]


def make_plan(
    skills: SkillMatrix,
    findings: Sequence[Finding],
    analyses: Sequence[FileAnalysis],
    stack: Sequence[StackItem],
    paths: Sequence[str],
    curriculum: Curriculum,
    solved: Sequence[Lesson] = (),
) -> Plan:
    """Pick the current stage, tick its checklist from evidence, and list 3–8 tasks; the
    reflection counts the ``solved`` problems among what went well."""
    facts = Facts(analyses, findings, stack, paths)
    progress = stage_progress(curriculum, facts, skills)
    choice = choose_stage(progress)
    current = progress[choice.index]
    context = TaskContext(facts=facts, skills=skills)
    # The areas a plan may ask to raise: the stack's, as far as the code imports it.
    relevant = relevant_areas(skills.areas, stack, imported_modules(facts))
    return Plan(
        stage_id=current.stage.id,
        stage_title=current.stage.title,
        stage_reason=stage_reason(progress, choice),
        checklist=tuple(
            (item.text, done)
            for item, done in zip(current.stage.checklist, current.done, strict=True)
        ),
        tasks=_tasks(context, progress, choice, relevant),
        strengths=(*_strengths(skills), *_fixes(solved))[:MAX_REFLECTIONS],
        improvements=_improvements(skills, facts, relevant),
    )


IMPORT_GATED_PRACTICES: dict[str, tuple[str, ...]] = {
    "sqlalchemy": ("sqlalchemy", "sqlmodel"),
    "sqlmodel": ("sqlmodel",),
    # FastAPI's routes take and answer schemas even where no module imports pydantic itself.
    "pydantic": ("pydantic", "pydantic_settings", "sqlmodel", "fastapi"),
    "redis": ("redis",),
    "pgvector": ("pgvector",),
    "celery": ("celery", "arq", "rq", "dramatiq", "procrastinate", "taskiq"),
    "langgraph": ("langgraph",),
    "langchain": ("langchain",),
    "openai": ("openai", "anthropic"),
    "postgres": (
        *("asyncpg", "psycopg", "aiopg", "sqlalchemy", "sqlmodel"),
        *("databases", "tortoise", "peewee", "pony"),
    ),
}
"""Practice sets given only when the code imports one of these modules: a pip freeze lists
packages the project never uses (SQLAlchemy under a LangChain app; Redis that only brokers
Celery's messages; a PostgreSQL driver beside a Supabase client)."""
SCHEMA_SIGNALS = ("orm-model", "engine", "session-factory", "alembic-op", "create-all")
"""What shows a relational schema the code keeps, which migrations would manage."""
NO_MODEL_CALLS = frozenset({"langchain_text_splitters"})
"""Imports that say nothing of the practices gated on their prefix: a text splitter calls no
model."""


def _container_file(source: str) -> bool:
    """A Dockerfile or a compose file: its images say the project runs in containers (a
    ``docker`` package in a pip freeze is only Docker's Python SDK)."""
    return language_of(source) == "dockerfile" or is_compose(source.rsplit("/", 1)[-1].lower())


def _is_dockerfile(source: str) -> bool:
    return language_of(source) == "dockerfile"


def best_practices(stack: Sequence[StackItem], analyses: Sequence[FileAnalysis] = ()) -> list[Text]:
    """Short best practices for each detected stack item that has some, in stack order; a
    project pinned to pydantic 1 gets that version's, not "use the v2 API", and a SQLModel
    project SQLModel's, not SQLAlchemy's ``Mapped[]``; Docker's image habits for a project
    with a Dockerfile, compose habits for one that only has a compose file. Read with the code
    (``analyses``): a SQLAlchemy app with only sync engines gets the sync habits, not
    ``async_sessionmaker``; a package the code never imports gets none
    (``IMPORT_GATED_PRACTICES``)."""
    sets = load_practices()
    lookup = {name: ps for ps in sets for name in (ps.key, *ps.aliases)}
    if pydantic_major(stack) == 1:
        lookup["pydantic"] = lookup["pydantic-v1"]
    facts = Facts(analyses) if analyses else None
    # A test script that pings Redis says nothing of how the app uses it.
    code = facts.signals("import", where=lambda s: not facts.in_tests(s.path)) if facts else []
    imported = {signal.name for signal in code} - NO_MODEL_CALLS
    declares_sqlmodel = any(normalise_package(item.name) == "sqlmodel" for item in stack)
    if declares_sqlmodel and (facts is None or "sqlmodel" in imported):
        lookup["sqlalchemy"] = lookup["sqlmodel"]  # SQLModel's tables are no Mapped[] classes
    elif facts is not None and not facts.signals(
        "engine", "session-factory", where=lambda s: s.flag("async")
    ):
        lookup["sqlalchemy"] = lookup["sqlalchemy-sync"]
    if facts is not None and not _serving_async_code(facts):
        lookup["redis"] = lookup["redis-sync"]  # no async code to call redis.asyncio from
    if facts is not None:
        unused = {
            key
            for key, modules in IMPORT_GATED_PRACTICES.items()
            if not any(name.startswith(modules) for name in imported)
        }
        # Migrations are for a relational schema: a MongoDB app whose requirements pin Alembic
        # has no table to migrate (blind check corpus 73).
        if not facts.signals(*SCHEMA_SIGNALS, where=lambda s: not facts.in_tests(s.path)):
            unused.add("alembic")
        lookup = {
            name: ps for name, ps in lookup.items() if name not in unused and ps.key not in unused
        }
    chosen: list[str] = []
    # Image practices where the project builds an image; compose ones where it only runs some.
    containers = "docker" if any(_is_dockerfile(item.source) for item in stack) else "compose"
    for item in stack:
        practice_set = lookup.get(normalise_package(item.name))
        if practice_set is not None and practice_set.key in ("docker", "compose"):
            continue  # Docker's Python SDK: containers are told by their own files
        if practice_set is not None and practice_set.key not in chosen:
            chosen.append(practice_set.key)
        if _container_file(item.source) and containers not in chosen:
            chosen.append(containers)
    by_key = {ps.key: ps for ps in sets}
    followed = {s.name for s in facts.signals(COMPOSE_SIGNAL)} if facts is not None else set()
    return [
        Text(zh=practice.zh, en=practice.en)
        for key in chosen
        for practice in by_key[key].practices
        if (facts is None or not practice.needs or practice.needs in imported)
        and _for_version(practice.version, stack)
        and not (practice.unless and followed.issuperset(practice.unless))
    ]


def _for_version(condition: str, stack: Sequence[StackItem]) -> bool:
    """Whether a practice's ``version`` condition holds for the pinned stack: ``sqlalchemy>=2``
    unless it is pinned below 2, ``sqlalchemy<2`` only then."""
    if not condition:
        return True
    name, operator, major = VERSION_CONDITION.split(condition)[1:4]
    pinned = pinned_below_major(stack, name, int(major))
    return pinned if operator == "<" else not pinned


def _serving_async_code(facts: Facts) -> bool:
    """Whether the app has an ``async def`` beside its lifespan (which runs once, at start-up):
    a place to call an asyncio client from."""
    lifespans = {signal.name for signal in facts.signals("lifespan")}
    return any(
        not facts.in_tests(signal.path) and signal.name not in lifespans
        for signal in facts.signals("async-def")
    )
