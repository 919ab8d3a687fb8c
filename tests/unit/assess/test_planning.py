"""The plan: stage choice from checklist evidence, repo-specific tasks, reflection, practices."""

from __future__ import annotations

from pathlib import Path

from mentorbot.curriculum.loader import EvidenceQuery, load_curriculum
from mentorbot.domain import FileAnalysis, Plan, PlanTask, StackItem, TaskCheck, Text
from mentorbot.lessons_open import open_lessons
from mentorbot.planning import best_practices, make_plan, query_holds
from mentorbot.planning_tasks import query_check
from mentorbot.rules.engine import analyze_python_file
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills
from mentorbot.skills_facts import Facts
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    covered_api,
    finding,
    module,
    plan_files,
    route,
    sig,
    task_api,
)


def plan_for(scan: Scan, curriculum_path: Path | None = None) -> Plan:
    skills = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
    curriculum = load_curriculum(curriculum_path)
    return make_plan(skills, scan.findings, scan.analyses, scan.stack, scan.paths, curriculum)


def facts_of(scan: Scan) -> Facts:
    return Facts(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)


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
    assert checks[1] == TaskCheck(signal="test-function", min_count=1)
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
    assert by_start["Add"] == TaskCheck(signal="test-function", min_count=7)


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


def test_the_pydantic_v1_task_names_the_v1_api_the_repo_uses(tmp_path: Path) -> None:
    """The task listed ".dict(), class Config, orm_mode" where the code had none of them."""
    sources = {
        "requirements.txt": b"fastapi==0.110.0\nsqlmodel==0.0.16\n",
        "app/main.py": (
            b"from sqlmodel import SQLModel\n\n\nclass Post(SQLModel):\n    title: str\n\n\n"
            b"def copy(post: Post) -> Post:\n    return Post.from_orm(post)\n\n\n"
            b"def load(raw: dict) -> Post:\n    return Post.parse_obj(raw)\n"
        ),
    }
    plan = plan_files(tmp_path, sources).plan

    [task] = [t for t in plan.tasks if t.check and t.check.category == "pydantic-v1-api-in-v2"]
    assert task.text.en == (
        "Port the Pydantic v1 API in app/main.py (.from_orm(), .parse_obj()) to the v2 API"
        " (2 places)"
    )
    assert "（.from_orm()、.parse_obj()）" in task.text.zh


def test_the_broad_except_task_names_httpexception_only_where_there_are_routes() -> None:
    """A command-line tool was told to turn its errors into an HTTPException."""
    broad = finding("MB106", "bare-or-broad-except", "medium", "todo/stats.py", 6)
    cli = Scan(
        analyses=[analysis("todo/stats.py", sig("try-except", 4))],
        findings=[broad],
        stack=[],
        paths=["todo/stats.py"],
    )

    def except_task(scan: Scan) -> str:
        plan = plan_for(scan)
        return next(
            t.text.en for t in plan.tasks if t.check and t.check.category == "bare-or-broad-except"
        )

    assert except_task(cli) == (
        "Narrow the broad except at todo/stats.py:6 to the exceptions you expect, log them, and "
        "let the others reach the caller"
    )
    assert "HTTPException" in except_task(covered_api())


def test_the_broad_except_task_of_a_websocket_handler_speaks_of_closing_the_socket() -> None:
    """A websocket handler was told to turn its errors into an HTTPException, which cannot reach
    a client after ``accept()`` (blind check corpus 34)."""
    broad = finding("MB106", "bare-or-broad-except", "medium", "app/routers/websocket.py", 14)
    socket = sig(
        "route", 8, "doctor_status", "WS /ws/doctors", method="WS", path="/ws/doctors", end="18"
    )
    scan = Scan(
        analyses=[analysis("app/routers/websocket.py", socket)],
        findings=[broad],
        stack=[],
        paths=["app/routers/websocket.py"],
    )
    task = next(
        t.text for t in plan_for(scan).tasks if t.check and t.check.category == broad.category
    )

    assert task.en == (
        "Narrow the broad except at app/routers/websocket.py:14 to the exceptions you expect: "
        "`WebSocketDisconnect` for a client that left; log the rest and close the socket with "
        "code 1011"
    )
    assert "HTTPException" not in task.zh


def test_a_stage_the_code_has_moved_on_from_is_left_behind_with_its_gaps_listed() -> None:
    """An async SQLAlchemy + Alembic project without a background task was kept in the FastAPI
    stage and sent on to "Databases and persistence", which it had done. The databases stage is
    further along, so the learner is past FastAPI core; its missing item is a gap to close."""
    scan = covered_api()
    scan.analyses.append(
        analysis(
            "app/db.py",
            sig("engine", 8, "engine", **{"async": "1"}),
            sig("session-factory", 9, "SessionLocal"),
            sig("orm-model", 20, "Category", base="Base", table="categories"),
        )
    )
    scan.paths.append("app/db.py")
    scan.stack.append(StackItem(name="asyncpg", category="database", source="requirements.txt"))

    plan = plan_for(scan)

    assert plan.stage_id == "jobs-and-caching"
    assert "FastAPI core 4/6 (67%) is below the bar, but the stage after it is further along" in (
        plan.stage_reason.en
    )
    assert "「FastAPI 核心」4/6 项（67%）还没到 70%" in plan.stage_reason.zh
    gaps = [task.text.en for task in plan.tasks if task.text.en.startswith("Gap from")]
    # Its other missing item, a background task, is the jobs stage's own first item.
    assert gaps == [
        "Gap from FastAPI core: Results pushed progressively with streaming or a WebSocket"
    ]
    [long_term] = [task for task in plan.tasks if task.horizon == "long"]
    assert long_term.text.en.startswith("Next stage, AI agents and RAG:")
    # Without the database work the FastAPI stage is the current one, as before.
    alone = plan_for(covered_api())
    assert alone.stage_id == "fastapi-core"
    assert not [task for task in alone.tasks if task.text.en.startswith("Gap from")]
    assert [t.text.en for t in alone.tasks if t.horizon == "long"] == [
        "Next stage, Databases and persistence: Model and query data through an async ORM "
        "(SQLAlchemy 2.0, say, or the ORM the project has chosen, if any), and manage the "
        "schema with migrations."
    ]


def test_an_api_without_module_docstrings_is_not_held_in_python_foundations() -> None:
    """Half the foundations items (no module docstrings, no async function that awaits) held a
    FastAPI app with routes, dependencies and error handling there; a beginner whose next stage
    is no further along stays in foundations."""
    routes = [route(10 + i, f"r{i}", "GET", f"/r{i}", response_model="Out") for i in range(3)]
    api = Scan(
        analyses=[
            analysis(
                "app/main.py",
                module(4, 4, False),
                *routes,
                sig("depends", 10, "get_db"),
                sig("http-exception", 12, "HTTPException", status="404"),
                sig("pydantic-model", 3, "Out"),
                sig("sync-def", 10, "r0"),
            )
        ],
        findings=[],
        stack=[],
        paths=["app/main.py"],
    )
    script = Scan(
        analyses=[analysis("todo.py", module(2, 0, False), sig("sync-def", 3, "main"))],
        findings=[],
        stack=[],
        paths=["todo.py"],
    )

    api_plan = plan_for(api)
    script_plan = plan_for(script)

    assert api_plan.stage_id == "fastapi-core"
    assert api_plan.stage_reason.en.startswith("Python foundations ")
    assert "you have moved on" in api_plan.stage_reason.en
    assert any(t.text.en.startswith("Gap from Python foundations:") for t in api_plan.tasks)
    assert script_plan.stage_id == "python-foundations"
    assert "moved on" not in script_plan.stage_reason.en


def test_chinese_tasks_list_files_with_the_chinese_enumeration_comma() -> None:
    """ "可以从 app/routes/links.py, app/routes/stats.py 入手" read as English in a Chinese log."""
    blocking = [
        finding("MB101", "blocking-call-in-async", "high", "app/routes/links.py", 35),
        finding("MB101", "blocking-call-in-async", "high", "app/routes/stats.py", 14),
    ]
    scan = Scan(
        analyses=[
            analysis(
                "app/routes/links.py", route(34, "follow", "GET", "/{code}"), sig("async-def", 34)
            ),
            analysis("app/routes/stats.py", route(13, "top", "GET", "/top"), sig("async-def", 13)),
        ],
        findings=blocking,
        stack=[],
        paths=["app/routes/links.py", "app/routes/stats.py"],
    )
    plan = plan_for(scan)

    listing = [t for t in plan.tasks if "app/routes/links.py, app/routes/stats.py" in t.text.en]
    assert listing
    for task in listing:
        assert "app/routes/links.py、app/routes/stats.py" in task.text.zh
        assert "links.py, app" not in task.text.zh


def test_a_gap_the_current_stage_also_asks_for_is_listed_once() -> None:
    """FastAPI core left behind without a background task, and the jobs stage asking for one:
    "at least one background task" and "gap: hand slow work to a background task" said the same
    thing twice."""
    scan = covered_api()
    scan.analyses.append(
        analysis(
            "app/db.py",
            sig("engine", 8, "engine", **{"async": "1"}),
            sig("session-factory", 9, "SessionLocal"),
            sig("orm-model", 20, "Category", base="Base", table="categories"),
        )
    )
    scan.paths.append("app/db.py")
    scan.stack.append(StackItem(name="asyncpg", category="database", source="requirements.txt"))

    plan = plan_for(scan)

    checks = [task.check for task in plan.tasks if task.horizon == "medium" and task.check]
    assert len(checks) == len({check.model_dump_json() for check in checks})
    assert any(
        t.text.en.startswith("Stage checklist: At least one background task") for t in plan.tasks
    )
    assert not any("Gap from FastAPI core: Slow work" in t.text.en for t in plan.tasks)


def test_the_task_for_other_findings_says_what_they_are_not_a_rule_id(tmp_path: Path) -> None:
    """ "Clear the remaining 4 findings (MB201)" told the learner nothing; the task counts what
    ruff found in words."""
    sources = {
        "app/service.py": (
            b"import os\nimport sys\nfrom typing import Optional\n\n\n"
            b"def login(user: str) -> str:\n    return create_access_token(user)\n"
        ),
    }
    plan = plan_files(tmp_path, sources).plan

    [task] = [t for t in plan.tasks if t.check and t.check.category == "other"]
    assert task.text.en == (
        "Fix the other problems the checks found: 1 undefined name, 3 unused imports, "
        "starting at app/service.py:7"
    )
    assert task.text.zh == (
        "修掉检查出来的其他问题：1 个未定义的名字、3 个没有用到的导入，从 app/service.py:7 开始"
    )


def test_the_blocking_call_task_says_what_to_use_instead_of_that_call() -> None:
    """One sentence for every blocking call ("asyncio.sleep, httpx.AsyncClient, AsyncSession…")
    told a learner waiting on a Celery result to use httpx; the advice follows the call."""

    def task_for(call: str) -> PlanTask:
        blocking = finding("MB101", "blocking-call-in-async", "high", "app/routes.py", 83)
        blocking = blocking.model_copy(
            update={
                "message": Text(
                    zh=f"`retrieve` 是 async 函数，但直接调用了阻塞的 `{call}`，会卡住事件循环",
                    en=f"`{call}` blocks the event loop inside async function `retrieve`",
                )
            }
        )
        scan = Scan(analyses=[], findings=[blocking], stack=[], paths=["app/routes.py"])
        [task] = [t for t in plan_for(scan).tasks if t.check and t.check.rule == "MB101"]
        return task

    celery = task_for("async_result.get")
    assert celery.text.en == (
        "Stop blocking the event loop in async functions, starting with `async_result.get` at "
        "app/routes.py:83: do not wait for the task inside the request: return its id and let "
        "the client poll `AsyncResult(task_id).state`"
    )
    assert celery.text.zh == (
        "别在 async 函数里阻塞事件循环，先改 app/routes.py:83 的 `async_result.get`：不要在请求"
        "里等任务结果：返回任务 id，让客户端轮询 `AsyncResult(task_id).state`"
    )
    # Not in a route (the scan knows none): a thread, not a plain ``def`` route.
    database_advice = (
        "use an async session or driver (`AsyncSession`, aiosqlite, asyncpg) and await its "
        "calls, or run the query with `await asyncio.to_thread(...)`"
    )
    advice = {
        call: task_for(call).text.en.split(": ", 1)[1]
        for call in (
            "time.sleep",
            "analyze_picture → time.sleep",
            "requests.post",
            "get_rates → requests.get",
            "create_jsonl → open",
            "db.query",
            "get_user(db)",
            "cursor.execute",
            "chat.invoke",
            "openai.ChatCompletion.create",
            "client().embeddings.create",
            "boto3_client.upload_file",
            "col.query",
            "db.users.find_one",
            "get_user_by_email → db.users.find_one",
            "stripe.PaymentIntent.create",
            "ReportService.transactions_csv → frame.to_csv",
            "upload_avatar → cloudinary.uploader.upload",
            "self.reranker.predict",
        )
    }
    sdk_advice = (
        "use the async client of the SDK you call (`AsyncOpenAI`, `AsyncGroq`, "
        "`AsyncAnthropic`, …) and await the request"
    )
    assert advice == {
        "time.sleep": "use `await asyncio.sleep(...)`",
        # In a sync helper `await` does not compile: the helper is made async first.
        "analyze_picture → time.sleep": "make `analyze_picture` async and use `await "
        "asyncio.sleep(...)`, or call it with `await asyncio.to_thread(...)`",
        "requests.post": "use `httpx.AsyncClient` and await the request",
        "get_rates → requests.get": "make `get_rates` async and use `httpx.AsyncClient` and "
        "await the request, or call it with `await asyncio.to_thread(...)`",
        "create_jsonl → open": "run the file work in `await asyncio.to_thread(...)`, or use "
        "aiofiles",
        "db.query": database_advice,
        "get_user(db)": database_advice,
        "cursor.execute": database_advice,
        # A LangChain (or LangGraph) call gets LangChain's async methods, an SDK call the
        # SDK's async client: a Gemini graph was told of AsyncOpenAI.
        "chat.invoke": "use the async API: `ainvoke` / `astream` / `abatch`",
        "openai.ChatCompletion.create": sdk_advice,
        "client().embeddings.create": sdk_advice,
        "boto3_client.upload_file": "use its async counterpart, or run it with "
        "`await asyncio.to_thread(...)`",
        "col.query": "use its async counterpart, or run it with `await asyncio.to_thread(...)`",
        # A PyMongo collection is no SQL session: a photo app was told of aiosqlite and asyncpg.
        "db.users.find_one": "use Motor or PyMongo's `AsyncMongoClient` and await its queries",
        "get_user_by_email → db.users.find_one": "make `get_user_by_email` async and use Motor "
        "or PyMongo's `AsyncMongoClient` and await its queries, or call it with `await "
        "asyncio.to_thread(...)`",
        "ReportService.transactions_csv → frame.to_csv": "run the file work in `await "
        "asyncio.to_thread(...)`, or use aiofiles",
        "upload_avatar → cloudinary.uploader.upload": "cloudinary's SDK has no async API: call "
        "it with `await asyncio.to_thread(...)`",
        "stripe.PaymentIntent.create": "use stripe's async methods (`create_async`, "
        "`retrieve_async`, …, since stripe 10) and await them, or make the call with `await "
        "asyncio.to_thread(...)`",
        # A cross-encoder's (or a scikit-learn model's) predict has no ainvoke (blind check
        # corpus 52).
        "self.reranker.predict": "use its async counterpart, or run it with "
        "`await asyncio.to_thread(...)`",
    }


def test_the_blocking_call_that_holds_the_loop_longest_is_named_first(tmp_path: Path) -> None:
    """A RAG app's plan started with a ``Path.read_text`` in its ingestion script, because that
    path sorted first, while its chat route waited seconds on a sync OpenAI completion."""
    sources = {
        "app/ingest.py": (
            b"from pathlib import Path\n\n\n"
            b"async def read(path: Path) -> str:\n"
            b"    return Path(path).read_text()\n"
        ),
        "app/llm.py": (
            b"from openai import OpenAI\n\nclient = OpenAI()\n\n\n"
            b"async def answer(question: str) -> str:\n"
            b"    reply = client.chat.completions.create(model='m', messages=[])\n"
            b"    return reply.choices[0].message.content or ''\n"
        ),
    }
    planned = plan_files(tmp_path, sources)

    [task] = [t for t in planned.plan.tasks if t.check and t.check.rule == "MB101"]
    assert task.text.en.startswith(
        "Stop blocking the event loop in async functions, starting with "
        "`client.chat.completions.create` at app/llm.py:7: use the async client of the SDK you call"
    )
    [problem] = [lesson for lesson in open_lessons(planned.findings) if lesson.rule == "MB101"]
    assert (problem.path, problem.line) == ("app/llm.py", 7)


def test_a_file_that_needs_a_newer_python_is_not_a_problem_to_fix(tmp_path: Path) -> None:
    """An f-string reusing its quotes is valid from Python 3.12; the learner was told to "fix
    1 syntax error" when the review ran on 3.11."""
    import sys

    sources = {
        "report.py": (
            b'def report(stock: dict) -> str:\n    return f"Water: {stock.get("water")}ml"\n'
        )
    }
    planned = plan_files(tmp_path, sources)
    findings, plan = planned.findings, planned.plan

    expected = [] if sys.version_info >= (3, 12) else [("MB001", "low")]
    assert [(f.rule, f.severity) for f in findings] == expected
    assert not any(t.check and t.check.category == "other" for t in plan.tasks)
    assert not any("report.py" in text.en for text in plan.improvements)


def test_a_blocking_call_only_ruff_reports_gets_our_words_and_its_advice(tmp_path: Path) -> None:
    """ruff's ASYNC212 (a sync httpx.Client in an async function) read "Async functions should
    not call blocking HTTP methods" in a Chinese log, and its task named no call."""
    sources = {
        "tools/fetch.py": (
            b"import httpx\n\n\nasync def fetch(url: str) -> str:\n"
            b"    with httpx.Client() as client:\n        return client.get(url).text\n"
        )
    }
    planned = plan_files(tmp_path, sources)
    findings, plan = planned.findings, planned.plan

    [blocking] = [f for f in findings if f.rule == "MB101"]
    assert (blocking.source, blocking.line, blocking.message.zh) == (
        "ruff",
        6,
        "async 函数里发出了阻塞的 HTTP 请求，会卡住事件循环（ruff ASYNC212）",
    )
    [task] = [t for t in plan.tasks if t.check and t.check.rule == "MB101"]
    assert task.text.en == (
        "Stop blocking the event loop in async functions, starting with tools/fetch.py:6: use "
        "`httpx.AsyncClient` and await the request"
    )


def test_create_all_beside_migrations_asks_to_stop_creating_tables_not_for_a_first_migration(
    tmp_path: Path,
) -> None:
    """An app with Alembic revisions and a create_all at start-up was told to "add an Alembic
    migration for the models", which it had; so was a Tortoise app with Aerich's."""
    sources = {
        "app/models.py": (
            b"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
            b"class Base(DeclarativeBase):\n    pass\n\n\nclass Task(Base):\n"
            b'    __tablename__ = "tasks"\n    id: Mapped[int] = mapped_column(primary_key=True)\n'
        ),
        "app/main.py": (
            b"from sqlalchemy import create_engine\n\nfrom app.models import Base\n\n"
            b'engine = create_engine("sqlite:///tasks.db")\nBase.metadata.create_all(engine)\n'
        ),
        "migrations/versions/0001_tasks.py": (
            b"import sqlalchemy as sa\nfrom alembic import op\n\n\ndef upgrade() -> None:\n"
            b'    op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True))\n'
        ),
    }
    plan = plan_files(tmp_path, sources).plan

    [task] = [t for t in plan.tasks if t.check and t.check.category == "no-migrations"]
    assert task.text.en == (
        "Stop creating the tables with `create_all` at app/main.py:6: let the migrations own "
        "the schema (tests may keep it)"
    )
    assert not any("first migration" in t.text.en for t in plan.tasks)


def test_a_named_problem_comes_before_ruffs_mixed_bag_of_the_same_severity() -> None:
    """A scraper's 28 ruff findings (one undefined name among them) came before the string-built
    SQL that lets input rewrite a query."""
    sql = finding("MB108", "sql-string-formatting", "high", "SQL_v2.py", 188)
    other = [finding("MB201", "other", "high", "test.py", 14)] + [
        finding("MB201", "other", "low", "shein.py", line) for line in range(1, 20)
    ]
    scan = Scan(analyses=[], findings=[sql, *other], stack=[], paths=["SQL_v2.py", "test.py"])

    categories = [t.check.category for t in plan_for(scan).tasks if t.check and t.check.category]
    assert categories[:2] == ["sql-string-formatting", "other"]


def test_string_built_sql_without_sqlalchemy_is_told_to_bind_execute_parameters() -> None:
    """A psycopg2 app was told to use SQLAlchemy's text() for its f-string query."""
    sql = finding("MB108", "sql-string-formatting", "high", "app/db.py", 12)
    scan = Scan(analyses=[], findings=[sql], stack=[], paths=["app/db.py"])
    orm = Scan(
        analyses=[],
        findings=[sql],
        stack=[StackItem(name="sqlalchemy", category="database", source="requirements.txt")],
        paths=["app/db.py"],
    )

    [raw] = [t for t in plan_for(scan).tasks if t.check and t.check.category == sql.category]
    [alchemy] = [t for t in plan_for(orm).tasks if t.check and t.check.category == sql.category]
    assert "cursor.execute(sql, params)" in raw.text.en and "text()" not in raw.text.en
    assert "text() with params" in alchemy.text.en


def test_a_sync_driver_used_directly_is_told_which_async_driver_to_use() -> None:
    """A psycopg2 app was told to use create_async_engine, SQLAlchemy's, which it never used."""
    driver = finding("MB111", "sync-db-driver-in-async-app", "high", "backend/db.py", 18)
    driver = driver.model_copy(
        update={
            "message": Text(
                zh="同步数据库驱动（psycopg2）被 async 函数 `get_goods` 使用，会阻塞事件循环",
                en="sync database driver (psycopg2) is used from async function `get_goods` "
                "and blocks the event loop",
            )
        }
    )
    engine = finding("MB111", "sync-db-driver-in-async-app", "high", "app/db.py", 5)
    tasks = {
        name: next(
            t.text
            for t in plan_for(Scan(analyses=[], findings=[f], stack=[], paths=[f.path])).tasks
            if t.check and t.check.category == f.category
        )
        for name, f in (("driver", driver), ("engine", engine))
    }

    assert "from the sync driver psycopg2 to an async one (asyncpg" in tasks["driver"].en
    assert "create_async_engine" not in tasks["driver"].en
    assert "psycopg2" in tasks["driver"].zh
    assert "create_async_engine" in tasks["engine"].en
    assert "(asyncpg / aiosqlite)" in tasks["engine"].en


def test_a_sync_engine_is_told_the_async_driver_for_the_driver_the_project_declares() -> None:
    """A project on psycopg 3 was told to switch to asyncpg or aiosqlite: psycopg 3 is async
    too, on the same URL."""
    engine = finding("MB111", "sync-db-driver-in-async-app", "high", "app/db/session.py", 14)

    def engine_task(package: str) -> Text:
        stack = [StackItem(name=package, category="database", source="requirements.txt")]
        scan = Scan(analyses=[], findings=[engine], stack=stack, paths=[engine.path])
        return next(t.text for t in plan_for(scan).tasks if t.check and t.check.rule == "MB111")

    assert "(psycopg 3 in its async mode, on the same postgresql+psycopg URL)" in (
        engine_task("psycopg").en
    )
    assert "(asyncpg) with create_async_engine" in engine_task("psycopg2-binary").en
    assert "aiomysql 或 asyncmy" in engine_task("PyMySQL").zh


def test_a_sync_engine_is_told_the_async_driver_for_its_url_when_no_driver_is_declared() -> None:
    """A MySQL project whose requirements left out its driver was told asyncpg or aiosqlite."""

    def engine_task(scheme: str) -> Text:
        engine = finding("MB111", "sync-db-driver-in-async-app", "high", "backend/model/db.py", 17)
        scan = Scan(
            analyses=[
                analysis(
                    "backend/model/db.py",
                    sig("engine", 17, "engine", "create_engine", url_scheme=scheme),
                )
            ],
            findings=[engine],
            stack=[],
            paths=[engine.path],
        )
        return next(t.text for t in plan_for(scan).tasks if t.check and t.check.rule == "MB111")

    assert "(aiomysql or asyncmy) with create_async_engine" in engine_task("mysql").en
    assert "aiomysql 或 asyncmy" in engine_task("mysql+pymysql").zh
    assert "(asyncpg) with create_async_engine" in engine_task("postgresql+psycopg2").en
    assert "(aiosqlite) with create_async_engine" in engine_task("sqlite").en
    assert "(asyncpg / aiosqlite)" in engine_task("").en


def test_a_sync_engine_on_sqlite_is_told_aiosqlite_whatever_postgres_driver_is_declared() -> None:
    """A chat app on ``sqlite:///./chat.db`` was told to switch to asyncpg, because psycopg2 was
    in its requirements (blind check corpus 32)."""
    engine = finding("MB111", "sync-db-driver-in-async-app", "high", "backend/database.py", 6)
    scan = Scan(
        analyses=[
            analysis(
                "backend/database.py",
                sig("engine", 6, "engine", "create_engine", url_scheme="sqlite"),
            )
        ],
        findings=[engine],
        stack=[StackItem(name="psycopg2", category="database", source="requirements.txt")],
        paths=[engine.path],
    )
    task = next(t.text for t in plan_for(scan).tasks if t.check and t.check.rule == "MB111")

    assert "(aiosqlite) with create_async_engine" in task.en
    assert "asyncpg" not in task.en


def _script(*modules: tuple[str, int, int]) -> Scan:
    """A beginner's scripts: (path, functions, fully annotated functions) per module."""
    return Scan(
        analyses=[
            analysis(path, module(functions, annotated, False), sig("sync-def", 3, "main"))
            for path, functions, annotated in modules
        ],
        findings=[],
        stack=[],
        paths=[path for path, _, _ in modules],
    )


def test_the_type_hints_item_is_ticked_by_what_the_rubric_decided_not_by_one_function() -> None:
    """The checklist ticked "Function signatures carry type hints" while the skill matrix of the
    same log said fewer than 40 % of the functions were annotated."""
    item = "Function signatures carry type hints"
    barely = plan_for(_script(("todo.py", 10, 1), ("store.py", 4, 0)))
    mostly = plan_for(_script(("todo.py", 10, 8), ("store.py", 4, 4)))

    assert dict((text.en, done) for text, done in barely.checklist)[item] is False
    assert dict((text.en, done) for text, done in mostly.checklist)[item] is True
    [typing_task] = [t for t in barely.tasks if item in t.text.en]
    assert typing_task.files == ("store.py", "todo.py")
    assert typing_task.text.en.endswith("— start in store.py, todo.py")
    assert typing_task.check == TaskCheck(skill="code-quality.understanding", level="partial")


def test_skill_queries_hold_at_the_level_they_name_and_only_with_a_skill_matrix() -> None:
    scan = _script(("todo.py", 10, 5))
    skills = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
    facts = facts_of(scan)
    partial = EvidenceQuery(skill="code-quality.understanding", level="partial")

    assert query_holds(partial, facts, skills)
    assert not query_holds(partial.model_copy(update={"level": "good"}), facts, skills)
    assert not query_holds(partial, facts)
    assert query_check(EvidenceQuery(skill="security.best_practice", signal="auth")) is None


def test_a_tortoise_project_meets_the_database_items_its_orm_has_no_sqlalchemy_words_for() -> None:
    """Tortoise registers one async connection with the app and migrates with Aerich; the
    plan called "An async database engine" and "Sessions come from one session factory" gaps
    of such a project (blind check history 11)."""
    files = {
        "app/main.py": b"""\
from fastapi import FastAPI
from tortoise.contrib.fastapi import register_tortoise

app = FastAPI()
register_tortoise(app, db_url="postgres://localhost/shop", modules={"models": ["app.models"]})
""",
        "app/models.py": b"""\
from tortoise import fields
from tortoise.models import Model


class Product(Model):
    id = fields.IntField(primary_key=True)
""",
    }
    paths = [*files, "migrations/models/0_20261120_init.py"]
    facts = Facts(analyze_sources(files), (), (), paths)
    stage = next(s for s in load_curriculum().stages if s.id == "databases")
    held = {item.text.en: query_holds(item.query, facts) for item in stage.checklist if item.query}

    assert held["An async database engine or client"]
    assert held[
        "Database access comes from one place (a session factory, or the connection an ORM "
        "registers with the app)"
    ]
    assert held["The schema is managed with migrations (Alembic, or Aerich for Tortoise)"]


CART_ROUTES = b"""\
from fastapi import APIRouter

from app.db import conn

router = APIRouter()


@router.get("/cart/{user_id}")
def get_cart(user_id: int) -> list:
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM cart WHERE user_id = %s", (user_id,))
    return cursor.fetchall()
"""


def test_async_routes_are_not_advised_over_a_sync_driver() -> None:
    """Every route of a cart API queried MySQL through mysql-connector; the plan sent the
    learner to make them async, which would block the event loop (blind check corpus 20). Then
    it named the routes and said to move to an async driver first, while its practices said
    to keep sync-session routes plain def (blind checks corpus 42, 44 and 45)."""
    sync = {
        "app/db.py": b"import mysql.connector\n\nconn = mysql.connector.connect(host='db')\n",
        "app/routes/cart.py": CART_ROUTES,
    }
    asynchronous = {
        "app/db.py": b"from sqlalchemy.ext.asyncio import create_async_engine\n\n"
        b"engine = create_async_engine('postgresql+asyncpg://db/shop')\n",
        "app/routes/cart.py": CART_ROUTES,
    }

    def async_task(sources: dict[str, bytes]) -> str:
        plan = plan_for(Scan(analyze_sources(sources), [], [], sorted(sources)))
        return next(t.text.en for t in plan.tasks if "actually await" in t.text.en)

    assert async_task(sync) == (
        "Stage checklist: Async functions that actually await other coroutines "
        "(keep the routes that query through the sync driver as plain def, which FastAPI runs "
        "in its thread pool; start where the code waits on an outside service, such as a "
        "request through httpx.AsyncClient)"
    )
    assert async_task(asynchronous).endswith("start in app/routes/cart.py")
    # A Flask shop has no thread pool to run its views in (blind check corpus 50).
    flask = {
        "app/db.py": sync["app/db.py"],
        "app/views.py": b"from flask import Blueprint\n\nfrom app.db import conn\n\n"
        b'cart = Blueprint("cart", __name__)\n\n\n@cart.get("/cart")\ndef get_cart() -> list:\n'
        b'    cursor = conn.cursor()\n    cursor.execute("SELECT * FROM cart")\n'
        b"    return cursor.fetchall()\n",
    }
    assert async_task(flask) == (
        "Stage checklist: Async functions that actually await other coroutines (start where "
        "the code waits on an outside service, such as a request through httpx.AsyncClient)"
    )
    # An agent app waits longest on its model, and uses no httpx (blind check corpus 51).
    agent = {
        **sync,
        "app/agent.py": b"from langchain_groq import ChatGroq\n\n"
        b'llm = ChatGroq(model="llama-3.1-8b-instant")\n',
    }
    assert async_task(agent).endswith(
        "in its thread pool; start where the code waits on the model, such as a call through "
        "ainvoke or an async client)"
    )


def test_a_mysql_driver_ticks_the_database_driver_item() -> None:
    """A student-management API on MySQL through PyMySQL was told "A PostgreSQL driver is a
    declared dependency" was missing (blind check corpus 21)."""
    stage = next(s for s in load_curriculum().stages if s.id == "databases")
    [item] = [i for i in stage.checklist if "driver" in i.text.en]

    def declared(package: str) -> bool:
        stack = [StackItem(name=package, version="1.1", category="database", source="r.txt")]
        return query_holds(item.query, Facts([], (), stack, ()))

    assert (
        item.text.en == "A database server's driver (PostgreSQL or MySQL) is a declared dependency"
    )
    assert declared("pymysql") and declared("asyncpg")
    assert not declared("aiosqlite")


EXPENSE_DB = b"""\
import sqlite3


def get_db() -> sqlite3.Connection:
    return sqlite3.connect("expenses.db")
"""
EXPENSE_SERVICE = b"""\
from app.db import get_db


async def list_expenses(user_id: int) -> list:
    db = get_db()
    return db.execute("SELECT * FROM expenses WHERE user_id = ?", (user_id,)).fetchall()
"""
EXPENSE_ROUTES = b"""\
from fastapi import FastAPI

from app.db import get_db

app = FastAPI()


@app.get("/categories")
async def categories() -> list:
    db = get_db()
    return db.execute("SELECT name FROM categories").fetchall()
"""


def test_a_blocking_query_is_told_its_own_driver_s_async_twin_and_a_way_out_of_a_service(
    tmp_path: Path,
) -> None:
    """An app on sqlite3 whose async service functions query on the loop was told "use an async
    session or driver (`AsyncSession`, aiosqlite, asyncpg) ... or make the route a plain `def`":
    it has no SQLAlchemy, and a plain route would not help the service function."""
    service = plan_files(
        tmp_path / "service", {"app/db.py": EXPENSE_DB, "app/service.py": EXPENSE_SERVICE}
    ).plan
    route = plan_files(
        tmp_path / "route", {"app/db.py": EXPENSE_DB, "app/main.py": EXPENSE_ROUTES}
    ).plan

    [in_service] = [t for t in service.tasks if t.check and t.check.rule == "MB101"]
    [in_route] = [t for t in route.tasks if t.check and t.check.rule == "MB101"]
    assert (
        ": use an async driver (aiosqlite) and await its calls, or run the query with "
        "`await asyncio.to_thread(...)` (2 places)"
    ) in in_service.text.en
    assert (
        "：改用异步驱动（aiosqlite）并 await 它的调用，或者用 `await asyncio.to_thread(...)` "
        "执行这个查询"
    ) in in_service.text.zh
    assert (
        ": use an async driver (aiosqlite) and await its calls, or make the route a plain `def`"
    ) in in_route.text.en


def test_the_orm_response_task_names_a_schema_for_that_model() -> None:
    """A documents app was told to write "its own Pydantic response schema (e.g. TaskRead)",
    though its model is ``Document`` and it already had an unused ``DocumentOut``."""

    def schema_task(
        *analyses: FileAnalysis, kind: str = "ORM model", where: str = "itself"
    ) -> PlanTask:
        orm = finding("MB102", "orm-as-response-model", "medium", "app/routes/docs.py", 12)
        orm = orm.model_copy(
            update={
                "message": Text(
                    zh="路由 `get_documents` 直接用 ORM 模型 `Document` 作为响应",
                    en=f"route `get_documents` answers with {kind} `Document` {where}; return "
                    "a pydantic schema instead",
                )
            }
        )
        scan = Scan(analyses=list(analyses), findings=[orm], stack=[], paths=["app/routes/docs.py"])
        return next(t for t in plan_for(scan).tasks if t.check and t.check.rule == "MB102")

    existing = analysis("app/schemas/document.py", sig("pydantic-model", 4, "DocumentOut"))
    assert "(e.g. DocumentOut, already in app/schemas/document.py)" in schema_task(existing).text.en
    assert "（如 DocumentOut，app/schemas/document.py 里已经有了）" in schema_task(existing).text.zh
    assert "(e.g. DocumentRead)" in schema_task().text.en
    # A SQLModel table is called a table model: "(e.g. TaskRead)" was said of one named User.
    assert "(e.g. DocumentRead)" in schema_task(kind="table model").text.en
    assert "(e.g. DocumentOut, already" in schema_task(existing, kind="document model").text.en
    # A route returning {"message": ..., "document": document}: the answer is the dict.
    dict_task = schema_task(existing, where="inside the dict it returns")
    assert (
        "(e.g. one with a field of DocumentOut, already in app/schemas/document.py)"
        in dict_task.text.en
    )
    assert (
        "（如 一个含 DocumentOut 字段的 schema，DocumentOut 在 app/schemas/document.py 里已经有了）"
        in (dict_task.text.zh)
    )


SHOP_DATABASE = b"""\
import os

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

DATABASE_URL = URL.create(
    drivername="mysql+pymysql",
    username=os.getenv("DB_USER"),
    password=os.getenv("DB_PASSWORD"),
    host="localhost",
    database="shop",
)
engine = create_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine)
"""
SHOP_ROUTES = b"""\
from fastapi import FastAPI

from app.database import SessionLocal
from app.models import Product

app = FastAPI()


@app.get("/products")
async def products() -> list:
    db = SessionLocal()
    return [p.name for p in db.query(Product).all()]
"""


def test_a_blocking_query_on_a_mysql_engine_is_told_a_mysql_async_driver(tmp_path: Path) -> None:
    """A MySQL project (its engine made from ``URL.create(drivername="mysql+pymysql")``) was
    told to use "an async session or driver (`AsyncSession`, aiosqlite, asyncpg)"."""
    plan = plan_files(tmp_path, {"app/database.py": SHOP_DATABASE, "app/main.py": SHOP_ROUTES}).plan

    [task] = [t for t in plan.tasks if t.check and t.check.rule == "MB101"]
    assert "use an async session (`AsyncSession`) over aiomysql or asyncmy and await" in (
        task.text.en
    )
    assert "异步会话（`AsyncSession`，驱动用 aiomysql 或 asyncmy）" in task.text.zh


def test_the_first_migration_task_counts_the_models_it_does_not_name() -> None:
    """An auth API with five models was told to migrate "(AuthSession, GithubAccount,
    PasswordReset, Project)", as if its users table were not one of them."""
    names = ("AuthSession", "GithubAccount", "PasswordReset", "Project", "User")
    models = [sig("orm-model", 5 + 6 * index, name) for index, name in enumerate(names)]
    scan = Scan(
        analyses=[analysis("app/models.py", *models)],
        findings=[],
        stack=[],
        paths=["app/models.py"],
    )
    [task] = [t for t in plan_for(scan).tasks if "first migration" in t.text.en]

    assert "(AuthSession, GithubAccount, PasswordReset, Project and 1 more)" in task.text.en
    assert "（AuthSession、GithubAccount、PasswordReset、Project，共 5 个）" in task.text.zh


def test_a_task_over_more_files_than_it_names_says_there_are_more(tmp_path: Path) -> None:
    """ "Add tests for the 13 routes in documents.py, queries.py, websocket_status.py" left
    out main.py, where the thirteenth was, without a word."""
    sources = {
        f"app/routes/{name}.py": (
            "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
            f'@router.get("/{name}")\ndef read_{name}() -> list:\n    return []\n'
        ).encode()
        for name in ("documents", "queries", "status", "users")
    }
    plan = plan_files(tmp_path, sources).plan
    task = next(t for t in plan.tasks if t.text.en.startswith("Add tests for the"))

    assert task.text.en.startswith(
        "Add tests for the 4 routes in app/routes/documents.py, app/routes/queries.py, "
        "app/routes/status.py …:"
    )
    assert "app/routes/status.py … 中的 4 个路由" in task.text.zh
    assert task.files == (
        "app/routes/documents.py",
        "app/routes/queries.py",
        "app/routes/status.py",
    )
