"""The rubric's decisions for understanding, practice and best practice: the web-side areas.

Each judge reads only the scan index and returns, per dimension, the rubric key that applies
and the signals (or files, or findings) that decided it. The thresholds here are the ones the
rubric texts in ``curriculum/rubric.toml`` state; change both together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mentorbot.domain import Evidence
from mentorbot.fact_values import as_int
from mentorbot.rules._versions import pydantic_major
from mentorbot.skills_facts import Facts, Located, file_evidence
from mentorbot.skills_rubric import RubricKey

MAX_EVIDENCE = 3
INPUT_SCHEMA = re.compile(r"(Create|Update|In|Input|Request|Patch|Payload)(Schema|Model|DTO|Dto)?$")
OUTPUT_SCHEMA = re.compile(r"(Read|Out|Output|Response|Public|Detail|View)(Schema|Model|DTO|Dto)?$")
"""Schema names that say which way the data goes (``TaskCreate``, ``AppOutSchema``)."""
RESOURCE_DEPENDENCY = re.compile(r"session|db|user|settings|config|client|conn", re.IGNORECASE)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SCHEMA_CREATING_OPS = frozenset({"create_table", "drop_table"})
SEEDING_OPS = frozenset({"bulk_insert"})
"""Rows a revision writes: data, whatever the table, and no change of its shape."""


@dataclass(frozen=True)
class Judgement:
    key: RubricKey
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class AreaJudgement:
    """The three judged dimensions plus what shows the area is present at all.

    ``present`` is cited when the code-quality cell is good; ``files`` scope the findings for
    areas that have no finding category of their own, and ``shared`` names the files where the
    area's code sits beside other areas' code: there only the categories it claims count
    (``skills_categories.SHARED_FILE_CATEGORIES``).
    """

    understanding: Judgement
    practice: Judgement
    best_practice: Judgement
    present: tuple[Evidence, ...] = ()
    files: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()


UNSEEN = Judgement("unseen")


def cite(*groups: Iterable[Located]) -> tuple[Evidence, ...]:
    """The first signals of each group in turn, de-duplicated, at most three."""
    chosen: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    lists = [list(group) for group in groups]
    for index in range(max((len(items) for items in lists), default=0)):
        for items in lists:
            if index < len(items) and (items[index].path, items[index].signal.line) not in seen:
                seen.add((items[index].path, items[index].signal.line))
                chosen.append(items[index].evidence())
                if len(chosen) == MAX_EVIDENCE:
                    return tuple(chosen)
    return tuple(chosen)


def cite_files(paths: Iterable[str], note: str = "") -> tuple[Evidence, ...]:
    return tuple(file_evidence(path, note) for path in list(paths)[:MAX_EVIDENCE])


def by_count(items: Sequence[Located], good_min: int) -> Judgement:
    if len(items) >= good_min:
        return Judgement("good", cite(items))
    return Judgement("partial", cite(items)) if items else UNSEEN


def judge_async(facts: Facts) -> AreaJudgement:
    declared = facts.signals("async-def")
    known = {(item.path, item.name) for item in declared}
    async_routes = facts.signals(
        "route", where=lambda r: r.flag("async") and (r.path, r.name) not in known
    )
    functions = declared + async_routes
    if not functions:
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    awaiting = [item for item in declared if as_int(item.get("awaits")) > 0]
    awaiting_ids = {id(item) for item in awaiting}
    idle = [item for item in functions if id(item) not in awaiting_ids]
    if len(awaiting) >= 2:
        understanding = Judgement("good", cite(awaiting))
    else:
        understanding = Judgement("partial", cite(idle, awaiting))
    wiring = facts.database_wiring()
    async_db = [item for item in wiring if item.flag("async")]
    sync_db = [item for item in wiring if not item.flag("async")]
    if async_db:
        best = Judgement("good", cite(async_db, awaiting))
    else:
        best = Judgement("partial", cite(sync_db, functions))
    return AreaJudgement(
        understanding,
        by_count(functions, 5),
        best,
        present=cite(functions),
        files=tuple(sorted({item.path for item in functions})),
    )


def judge_fastapi(facts: Facts) -> AreaJudgement:
    routes = facts.signals("route")
    apps = facts.signals("app")
    if not routes and not apps:
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    understanding = practice = UNSEEN
    if routes:
        first_per_method: dict[str, Located] = {}
        for route in routes:
            first_per_method.setdefault(route.get("method").upper(), route)
        with_param = [r for r in routes if "{" in r.get("path")]
        if len(first_per_method) >= 2 and with_param:
            understanding = Judgement("good", cite(with_param[:1], first_per_method.values()))
        else:
            understanding = Judgement("partial", cite(routes))
        with_model = [r for r in routes if r.flag("response_model")]
        if len(routes) >= 3 and with_model:
            practice = Judgement("good", cite(with_model[:1], routes))
        else:
            practice = Judgement("partial", cite(routes))
    idioms = [
        group
        for group in (
            facts.signals("app", where=lambda a: a.get("type").lower() == "apirouter"),
            facts.signals("lifespan"),
            facts.signals("exception-handler"),
            facts.signals("middleware"),
        )
        if group
    ]
    if len(idioms) >= 2:
        best = Judgement("good", cite(*idioms))
    elif idioms:
        best = Judgement("partial", cite(*idioms))
    else:
        best = Judgement("missing", cite(routes or apps))
    return AreaJudgement(understanding, practice, best, present=cite(routes, apps))


def judge_validation(facts: Facts) -> AreaJudgement:
    models = facts.signals("pydantic-model")
    if not models:
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    names = {m.name for m in models}
    used_as_response = facts.signals(
        "route",
        where=lambda r: bool(names & set(IDENTIFIER.findall(r.get("response_model")))),
    )
    # An output schema by its name (``TaskRead``) or by its use: a route's response model that
    # is no input schema (``City`` beside ``CityCreate``).
    answered = {n for r in used_as_response for n in IDENTIFIER.findall(r.get("response_model"))}
    inputs = [m for m in models if INPUT_SCHEMA.search(m.name)]
    outputs = [
        m
        for m in models
        if OUTPUT_SCHEMA.search(m.name) or (m.name in answered and not INPUT_SCHEMA.search(m.name))
    ]
    if inputs and outputs:
        understanding = Judgement("good", cite(inputs, outputs))
    else:
        understanding = Judgement("partial", cite(models))
    # ``class Config`` is Pydantic 1's own way, right where the project pins Pydantic 1; a
    # settings class's counts too (MB104 reports it).
    configured = [*models, *facts.signals("settings")]
    v1_config = (
        [m for m in configured if m.flag("v1_config")] if pydantic_major(facts.stack) > 1 else []
    )
    if used_as_response and not v1_config:
        best = Judgement("good", cite(used_as_response))
    elif used_as_response or not v1_config:
        best = Judgement("partial", cite(v1_config, used_as_response or models))
    else:
        best = Judgement("missing", cite(v1_config))
    return AreaJudgement(understanding, by_count(models, 3), best, present=cite(models))


def judge_database(facts: Facts) -> AreaJudgement:
    # MongoDB documents (Beanie, ODMantic) are the data model of an app with no ORM, and its
    # client (Motor, or the databases library's) its one connection, as an engine is; so are
    # SQLAlchemy Core's tables (blind check e1: "raw rows" of an app defining its Table).
    models = facts.signals("orm-model", "document-model", "core-table")
    engines = facts.database_wiring("engine", "db-client")
    factories = facts.database_wiring("session-factory")
    wiring = engines + factories
    clients = [engine for engine in engines if engine.kind == "db-client"]
    sql_engines = len(engines) - len(clients)
    if not models and not wiring:
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    if len(models) >= 2 and wiring:
        understanding = Judgement("good", cite(models[:2], wiring))
    else:
        understanding = Judgement("partial", cite(models, wiring))
    if len(models) >= 3:
        practice = Judgement("good", cite(models))
    elif models:
        practice = Judgement("partial", cite(models, wiring))
    else:
        # Raw rows through a connection: no data model is designed yet (three blind checks
        # called a bare sqlite3 bot's data model "solid").
        practice = Judgement("missing", cite(wiring))
    # A databases-library app makes its tables with a SQLAlchemy engine and queries through
    # the client: one of each is one way to the database.
    # An engine MB103 reports on its own line is made anew for every request (in get_db).
    reported = {(f.path, f.line) for f in facts.findings if f.rule == "MB103"}
    per_request = [engine for engine in engines if (engine.path, engine.line) in reported]
    if per_request:
        best = Judgement("partial", cite(per_request))
    elif not models and not facts.signals("create-all", where=lambda s: not facts.in_tests(s.path)):
        # One client well wired is still no data model (SQLAlchemy Core's tables, made by
        # create_all, are one): with its one line's lack of findings, a Streamlit page's lone
        # MongoClient had made the area solid (blind check p1).
        best = Judgement("partial", cite(engines, factories))
    elif (factories or clients) and sql_engines <= 1 and len(clients) <= 1:
        best = Judgement("good", cite(engines, factories))
    elif wiring:
        best = Judgement("partial", cite(engines, factories))
    else:
        best = Judgement("missing", cite(models))
    return AreaJudgement(understanding, practice, best, present=cite(models, wiring))


def _evolving_ops(ops: Sequence[Located]) -> list[Located]:
    """Operations that change a table that already exists: not create/drop table, not seed
    rows, and not the indexes and constraints a revision adds to a table it creates itself
    (every first autogenerated revision has those)."""
    created = {(op.path, op.get("table")) for op in ops if op.name == "create_table"}
    return [
        op
        for op in ops
        if op.name not in SCHEMA_CREATING_OPS | SEEDING_OPS
        and not (op.get("table") and (op.path, op.get("table")) in created)
    ]


ALEMBIC_SETUP = ("alembic.ini", "alembic/env.py", "migrations/env.py")
"""Alembic's configuration: its ini file, or the env.py of its script directory (a repo may
leave the ini out, as it holds the database URL)."""


def judge_migrations(facts: Facts) -> AreaJudgement:
    revisions = facts.revision_files()
    config = facts.paths_matching(*ALEMBIC_SETUP)
    if not revisions and not config:
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    ops = facts.signals("alembic-op")
    first_op: dict[str, Located] = {}
    for op in ops:
        first_op.setdefault(op.path, op)
    revision_evidence = tuple(
        first_op[path].evidence() if path in first_op else file_evidence(path, "revision")
        for path in revisions
    )[:MAX_EVIDENCE]
    setup_evidence = revision_evidence or cite_files(config, "alembic config")
    evolving = _evolving_ops(ops)
    if evolving:
        understanding = Judgement("good", cite(evolving))
    else:
        understanding = Judgement("partial", cite(ops) or setup_evidence)
    if len(revisions) >= 2:
        practice = Judgement("good", revision_evidence)
    else:
        practice = Judgement("partial", setup_evidence)
    # The ones MB110 reported: a table maker that nothing calls creates no table.
    reported = {f.path for f in facts.findings if f.category == "no-migrations"}
    create_all = facts.signals(
        "create-all",
        where=lambda s: (
            s.path in reported and not facts.in_tests(s.path) and s.path not in revisions
        ),
    )
    unmigrated = _unmigrated_models(facts, ops, revisions) if revisions else []
    if not revisions:
        best = UNSEEN
    elif create_all or unmigrated:
        cited = (*cite(create_all), *cite(unmigrated), *revision_evidence)
        best = Judgement("partial", cited[:MAX_EVIDENCE])
    else:
        best = Judgement("good", revision_evidence)
    return AreaJudgement(understanding, practice, best, present=setup_evidence)


def _unmigrated_models(facts: Facts, ops: list[Located], revisions: list[str]) -> list[Located]:
    """ORM models whose ``__tablename__`` no revision creates, where every ``create_table``
    names its table and none is renamed: the one migration made ``user`` while ``category``
    and ``product`` were never migrated, and the schema is not the migrations' alone. Where
    every revision is an empty Alembic one, no model's table is migrated."""
    empty = {item.path for item in facts.signals("alembic-revision") if item.flag("empty")}
    if not ops and empty.issuperset(revisions):
        return facts.signals(
            "orm-model", where=lambda m: not facts.in_tests(m.path) and m.path not in empty
        )
    created = [op for op in ops if op.name == "create_table"]
    if not created or any(not op.get("table") for op in created):
        return []
    if any(op.name == "rename_table" for op in ops):
        return []
    tables = {op.get("table") for op in created}
    return facts.signals(
        "orm-model",
        where=lambda m: (
            bool(table := model_table(m)) and table not in tables and not facts.in_tests(m.path)
        ),
    )


_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def model_table(model: Located) -> str:
    """A model's table: its ``__tablename__``, or the one Flask-SQLAlchemy names after a
    ``db.Model`` class that sets none (``BlogPost`` -> ``blog_post``). Five of a Flask app's
    eight tables that no migration made had left "migrations own the schema" (blind check f1)."""
    if model.get("table"):
        return model.get("table")
    if model.get("base").endswith("db.Model"):
        return _WORD_START.sub("_", model.name).lower()
    return ""


def judge_dependency_injection(facts: Facts) -> AreaJudgement:
    """Each route parameter typed by an ``Annotated[..., Depends(get_x)]`` alias of the project
    (``session: SessionDep``) is a use of ``get_x``: FastAPI's own way to reuse a dependency."""
    deps = facts.signals("depends")
    routes = facts.signals("route")
    if not deps:
        best = Judgement("missing", cite(routes)) if routes else UNSEEN
        return AreaJudgement(UNSEEN, UNSEEN, best)
    defined = facts.signals("dependency-alias")
    aliases = {alias.name: alias.get("dependency") for alias in defined}
    aliased = facts.signals("typed-param", where=lambda param: param.name in aliases)
    # The Depends an alias is written with defines it; each parameter typed by it is a use.
    definitions = {(alias.path, alias.signal.line) for alias in defined}
    used = [d for d in deps if (d.path, d.signal.line) not in definitions]
    resources = [d for d in deps if RESOURCE_DEPENDENCY.search(d.name)]
    if resources:
        understanding = Judgement("good", cite(resources))
    else:
        understanding = Judgement("partial", cite(deps))
    uses = Counter(d.name for d in used) + Counter(aliases[param.name] for param in aliased)
    reused = [d for d in deps if uses[d.name] >= 2]
    if reused and resources:
        best = Judgement("good", cite(reused, aliased, resources))
    else:
        best = Judgement("partial", cite(reused or resources or deps))
    practice = by_count([*used, *aliased], 3)
    return AreaJudgement(understanding, practice, best, present=cite(deps))
