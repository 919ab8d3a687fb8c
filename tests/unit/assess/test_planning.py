"""The plan: stage choice from checklist evidence, checks, reflection, practices, strengths."""

from __future__ import annotations

from pathlib import Path

from mentorbot.curriculum.loader import EvidenceQuery
from mentorbot.domain import StackItem, TaskCheck
from mentorbot.planning import best_practices, query_holds
from mentorbot.planning_tasks import query_check
from mentorbot.rules.engine import analyze_python_file
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills
from mentorbot.skills_facts import Facts
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    covered_api,
    facts_of,
    finding,
    plan_for,
    route,
    sig,
    task_api,
)


def test_queries_check_signals_paths_and_stack() -> None:
    api = facts_of(task_api())
    covered = facts_of(covered_api())

    assert query_holds(EvidenceQuery(signal="route", min=4), api)
    assert not query_holds(EvidenceQuery(signal="route", min=5), api)
    assert query_holds(EvidenceQuery(signal="route", data={"response_model": "*"}), api)
    assert not query_holds(EvidenceQuery(signal="route", data={"path": "*health*"}), api)
    assert query_holds(EvidenceQuery(signal="route", data={"path": "*health*"}), covered)
    assert query_holds(EvidenceQuery(signal="alembic-op", name="create_index"), covered)
    assert not query_holds(EvidenceQuery(signal="alembic-op", name="drop_*"), covered)
    assert query_holds(EvidenceQuery(path_glob=("Dockerfile",)), covered)
    assert query_holds(EvidenceQuery(path_glob=("alembic/versions/*.py",)), covered)
    assert query_holds(EvidenceQuery(stack=("sqlalchemy",)), api)
    assert not query_holds(EvidenceQuery(signal="route", stack=("celery",)), api)
    assert query_holds(
        EvidenceQuery(any_of=(EvidenceQuery(signal="websocket"), EvidenceQuery(signal="depends"))),
        api,
    )
    assert not query_holds(EvidenceQuery(), api)


def test_a_route_that_returns_a_schema_ticks_the_response_model_item() -> None:
    source = (
        "from fastapi import APIRouter\n\nfrom app.schemas import TaskRead\n\n"
        "router = APIRouter()\n\n\n"
        '@router.get("/tasks/{task_id}")\n'
        "async def read_task(task_id: int) -> TaskRead: ...\n"
    )
    without_schema = source.replace("-> TaskRead", "-> dict[str, str]")
    query = EvidenceQuery(signal="route", data={"response_model": "*"})

    def holds(text: str) -> bool:
        analysis = analyze_python_file("app/routes.py", text.encode())
        return query_holds(query, Facts((analysis,), (), (), ("app/routes.py",), ()))

    assert holds(source)
    assert not holds(without_schema)


def test_task_api_is_in_the_fastapi_stage_with_reasons() -> None:
    plan = plan_for(task_api())

    assert plan.stage_id == "fastapi-core"
    assert plan.stage_title.en == "FastAPI core"
    assert plan.stage_reason.en == (
        "Earlier stages pass the bar: Python foundations 4/4 (100%). FastAPI core: 4 of 6 items "
        "(67%) are backed by code, below the 70% bar, so this is the current stage."
    )
    assert plan.stage_reason.zh == (
        "前面的阶段都已达标：「Python 基础」4/4 项（100%）。「FastAPI 核心」只有 4/6 项（67%）"
        "有代码证据，低于 70%，所以从这一阶段继续。"
    )
    assert [done for _, done in plan.checklist] == [True, True, True, True, False, False]
    assert plan.checklist[4][0].en == "Slow work handed to a background task"


def test_task_api_tasks_name_the_repo_files() -> None:
    plan = plan_for(task_api())

    assert [task.horizon for task in plan.tasks] == ["short"] * 4 + ["medium"] * 2 + ["long"]
    texts = [task.text.en for task in plan.tasks]
    assert texts[0] == (
        "Narrow the broad except at app/crud.py:15 to the exceptions you expect, log them, and "
        "let the others reach the caller"
    )
    assert texts[1].startswith("Add tests for the 4 routes in app/main.py")
    assert texts[2].startswith("Add a first migration with Alembic for the models in app/models.py")
    assert "(Task, User, Tag)" in texts[2]
    assert texts[3] == (
        "Move the session creation in app/crud.py into a get_session dependency and inject it "
        "with Depends"
    )
    # The task API's routes are CRUD: no place to name for slow work (corpus 41, 42, 44, 45).
    assert texts[4] == "Stage checklist: Slow work handed to a background task"
    assert texts[6].startswith("Next stage, Databases and persistence:")
    assert [task.files for task in plan.tasks[:5]] == [
        ("app/crud.py",),
        ("app/main.py",),
        ("app/models.py",),
        ("app/crud.py",),
        (),
    ]
    assert plan.tasks[1].text.zh.startswith("为 app/main.py 中的 4 个路由补上测试")


def test_task_api_reflection_cites_evidence_and_findings() -> None:
    plan = plan_for(task_api())

    assert plan.strengths[0].en == (
        "Async Python: 4 of 4 dimensions good (proficient), backed by 9 evidence items, "
        "e.g. app/crud.py:8"
    )
    assert [s.en.split(":")[0] for s in plan.strengths] == [
        "Async Python",
        "ORM and data model design",
        "Dependency injection",
        "Data validation (Pydantic)",
    ]
    assert plan.improvements[0].en == (
        "Dependency injection: 1 finding (Function opens its own database session or connection), "
        "start with app/crud.py:9"
    )
    assert plan.improvements[0].zh == (
        "依赖注入：1 条发现（在函数内部自己创建数据库会话或连接），最需要先看的是 app/crud.py:9"
    )
    assert plan.improvements[-1].en.startswith(
        "Config, containers and CI: not started (0/8); next:"
    )


def test_finishing_fastapi_core_moves_on_to_databases() -> None:
    scan = task_api()
    scan.analyses.append(
        analysis(
            "app/streaming.py",
            sig("background-task", 6, "send_report", via="BackgroundTasks"),
            sig("streaming-response", 12, "StreamingResponse"),
        )
    )
    plan = plan_for(scan)

    assert plan.stage_id == "databases"
    assert "FastAPI core 6/6 (100%)" in plan.stage_reason.en
    assert "Databases and persistence: 4 of 6 items (67%)" in plan.stage_reason.en
    assert plan.stage_reason.en.endswith(
        "1 more item cannot be judged from code; confirm them yourself."
    )
    assert [done for _, done in plan.checklist] == [True, True, True, False, False, True, False]


def test_empty_repo_starts_at_the_beginning_with_three_tasks() -> None:
    plan = plan_for(Scan(analyses=[], findings=[], stack=[], paths=["README.md"]))

    assert plan.stage_id == "python-foundations"
    assert "0 of 4 items (0%)" in plan.stage_reason.en
    assert [task.horizon for task in plan.tasks] == ["medium", "medium", "long"]
    assert all(task.files == () for task in plan.tasks)
    assert plan.strengths == ()


def test_plan_without_checkable_items_and_all_complete(tmp_path: Path) -> None:
    unchecked = tmp_path / "notes_plan.toml"
    unchecked.write_text(
        "[[stage]]\nid='read'\ntitle={zh='阅读',en='Reading'}\ngoal={zh='读书',en='Read'}\n"
        "[[stage.checklist]]\nzh='读完教程'\nen='Finish the tutorial'\n",
        encoding="utf-8",
    )
    plan = plan_for(task_api(), unchecked)
    assert plan.stage_id == "read"
    assert plan.stage_reason.en.startswith("None of the items of Reading can be checked from code")
    assert plan.checklist[0][1] is False
    assert 3 <= len(plan.tasks) <= 8

    complete = tmp_path / "done_plan.toml"
    complete.write_text(
        "[[stage]]\nid='api'\ntitle={zh='接口',en='API'}\ngoal={zh='接口',en='API'}\n"
        "[[stage.checklist]]\nzh='路由'\nen='Routes'\nquery={signal='route'}\n",
        encoding="utf-8",
    )
    plan = plan_for(task_api(), complete)
    assert plan.stage_id == "api"
    assert plan.stage_reason.en.startswith("Every stage has at least 70%")
    assert plan.checklist[0][1] is True


def test_testing_gap_without_findings_still_asks_for_tests() -> None:
    scan = Scan(
        analyses=[
            analysis(
                "api/app.py", route(5, "ping", "GET", "/ping"), route(9, "pong", "GET", "/pong")
            )
        ],
        findings=[],
        stack=[],
        paths=["api/app.py"],
    )
    plan = plan_for(scan)

    assert plan.tasks[0].text.en.startswith("Add tests for the 2 routes in api/app.py")
    assert plan.tasks[0].horizon == "short"


def test_best_practices_follow_the_stack() -> None:
    stack = [
        StackItem(name=name, category="library", source="pyproject.toml")
        for name in ("FastAPI", "SQLAlchemy[asyncio]", "asyncpg", "psycopg", "leftpad")
    ]
    practices = best_practices(stack)

    assert len(practices) == 4 + 4 + 3
    assert practices[0].en.startswith("Declare a response_model on every route")
    assert practices[4].en.startswith("Create one engine per application")
    assert practices[8].en.startswith("Index the columns your WHERE and JOIN clauses use")
    assert best_practices([StackItem(name="leftpad", category="x", source="x")]) == []


def test_a_sqlmodel_project_gets_sqlmodel_practices_not_mapped_annotations() -> None:
    """A SQLModel weather app (SQLAlchemy among its dependencies too) was told to use
    ``Mapped[]`` annotations, which SQLModel tables do not have."""
    stack = [
        StackItem(name=name, category="library", source="requirements.txt")
        for name in ("fastapi", "sqlalchemy", "sqlmodel")
    ]
    practices = [practice.en for practice in best_practices(stack)]

    assert not any("Mapped[]" in practice for practice in practices)
    assert any(
        practice.startswith("Query with session.exec(select(Model))") for practice in practices
    )
    assert sum("one engine per application" in practice for practice in practices) == 1


def test_a_project_pinned_to_pydantic_1_is_not_told_to_use_the_v2_api() -> None:
    def pydantic(version: str) -> list[str]:
        item = StackItem(name="pydantic", version=version, category="x", source="pyproject.toml")
        return [practice.en for practice in best_practices([item])]

    assert "Use the v2 API: model_dump(), model_validate(), model_config = ConfigDict(...)." in (
        pydantic("^2.5")
    )
    pinned = pydantic("^1.9.2")
    assert not any("v2 API" in practice for practice in pinned)
    assert any(practice.startswith("The project is on pydantic 1") for practice in pinned)


def test_every_task_carries_the_check_that_matches_how_it_was_made() -> None:
    plan = plan_for(task_api())

    checks = [task.check for task in plan.tasks]
    assert checks[0] == TaskCheck(rule="MB106", category="bare-or-broad-except", path="app/crud.py")
    assert checks[1] == TaskCheck(signal="test-function", min_count=4)  # a test per route
    assert checks[2] == TaskCheck(signal="alembic-op", min_count=1)
    assert checks[3] == TaskCheck(rule="MB103", category="session-per-function", path="app/crud.py")
    assert checks[4] == TaskCheck(signal="background-task")
    assert checks[5] == TaskCheck(signal="streaming-response", also_signals=("websocket",))
    assert checks[6] is None


def test_checks_ask_for_more_than_the_repo_already_has() -> None:
    scan = covered_api()
    scan.findings.append(finding("MB105", "missing-tests", "medium", "app/routes.py", 1))
    scan.findings.append(finding("MB106", "bare-or-broad-except", "medium", "app/main.py", 44))

    plan = plan_for(scan)

    by_start = {task.text.en.split(" ")[0]: task.check for task in plan.tasks}
    assert by_start["Narrow"] == TaskCheck(category="bare-or-broad-except", rule="MB106")
    # The 6 tests there are, and one more for each of the 3 routes.
    assert by_start["Add"] == TaskCheck(signal="test-function", min_count=9)


def test_checklist_queries_become_checks_only_when_signals_and_packages_say_the_same() -> None:
    assert query_check(EvidenceQuery(signal="route", data={"response_model": "*"})) == (
        TaskCheck(signal="route", data={"response_model": "*"})
    )
    assert query_check(EvidenceQuery(signal="alembic-op", name="create_index")) == TaskCheck(
        signal="alembic-op", name="create_index"
    )
    assert query_check(EvidenceQuery(signal="test-function", min=5)) == TaskCheck(
        signal="test-function", min_count=5
    )
    migrations = EvidenceQuery(
        any_of=(
            EvidenceQuery(signal="alembic-op"),
            EvidenceQuery(path_glob=("alembic/versions/*.py",)),
        )
    )
    assert query_check(migrations) == TaskCheck(signal="alembic-op")
    assert query_check(EvidenceQuery(signal="background-task", stack=("celery",))) == TaskCheck(
        signal="background-task", stack=("celery",)
    )
    assert query_check(EvidenceQuery(path_glob=("Dockerfile",))) is None
    assert query_check(EvidenceQuery(stack=("redis",))) == TaskCheck(stack=("redis",))
    mixed = EvidenceQuery(
        any_of=(
            EvidenceQuery(signal="route", data={"path": "*health*"}),
            EvidenceQuery(signal="lifespan"),
        )
    )
    assert query_check(mixed) is None
    either_async = EvidenceQuery(
        any_of=(
            EvidenceQuery(signal="engine", data={"async": "*"}),
            EvidenceQuery(signal="db-client", data={"async": "*"}),
        )
    )
    assert query_check(either_async) == TaskCheck(
        signal="engine", also_signals=("db-client",), data={"async": "*"}
    )
    differently = EvidenceQuery(
        any_of=(
            EvidenceQuery(signal="engine", data={"async": "*"}),
            EvidenceQuery(signal="db-client"),
        )
    )
    assert query_check(differently) is None


def test_an_area_with_one_good_dimension_is_not_called_a_strength() -> None:
    """One model, one engine and a session factory make the ORM's best practice good; with its
    driver blocking the loop, the area is a start, not something that "went well"."""
    scan = Scan(
        analyses=[
            analysis("app/models.py", sig("orm-model", 9, "Task", base="Base", table="tasks")),
            analysis(
                "app/database.py",
                sig("engine", 6, "engine", "create_engine", url_scheme="sqlite"),
                sig("session-factory", 8, "SessionLocal", "sessionmaker"),
            ),
        ],
        findings=[finding("MB111", "sync-db-driver-in-async-app", "high", "app/database.py", 6)],
        stack=[],
        paths=["app/models.py", "app/database.py"],
    )
    areas = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths).areas
    database = next(area for area in areas if area.key == "database")
    plan = plan_for(scan)

    assert database.best_practice.level == "good"
    assert "partial" in (database.understanding.level, database.practice.level)
    assert plan.strengths == ()
    assert plan.improvements[0].en.startswith("ORM and data model design: 1 finding")


def test_an_area_only_basic_is_not_called_a_strength() -> None:
    """ "Security: 2 of 4 dimensions good (basic)" was listed as what went well for an upload
    service with no authentication at all: a settings class and no findings (history 29)."""
    sources = {
        "app/config.py": b"from pydantic_settings import BaseSettings\n\n\n"
        b"class Settings(BaseSettings):\n    openai_api_key: str\n",
        "app/main.py": b"from fastapi import FastAPI, UploadFile\n\nfrom app.config import Settings"
        b"\n\napp = FastAPI()\nsettings = Settings()\n\n\n@app.post('/upload')\n"
        b"async def upload(file: UploadFile) -> dict:\n    return {'name': file.filename}\n",
    }
    scan = Scan(analyze_sources(sources), [], [], sorted(sources))

    strengths = [s.en for s in plan_for(scan).strengths]

    assert strengths == [
        "Config, containers and CI: 2 of 4 dimensions good (solid), backed by 1 evidence item, "
        "e.g. app/config.py:4"
    ]


def test_a_strength_backed_by_one_piece_of_evidence_says_so_in_the_singular() -> None:
    sources = {
        "shop/models.py": b"from django.db import models\n\n\n"
        b"class Product(models.Model):\n    name = models.CharField(max_length=100)\n",
        "shop/migrations/0001_initial.py": b"from django.db import migrations\n\n\n"
        b"class Migration(migrations.Migration):\n    operations = []\n",
    }
    scan = Scan(analyze_sources(sources), [], [], sorted(sources))

    strengths = [s.en for s in plan_for(scan).strengths]

    assert strengths == [
        "Database migrations: 2 of 4 dimensions good (solid), backed by 1 evidence item, "
        "e.g. shop/migrations/0001_initial.py"
    ]
