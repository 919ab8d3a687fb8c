"""The skill matrix: exact levels, rubric lines and citations for hand-built scans."""

from __future__ import annotations

from mentorbot.domain import Signal, SkillArea, SkillCell, StackItem
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills, level_label, rubric_line, rubric_lines
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    covered_api,
    finding,
    module,
    route,
    sig,
    task_api,
)

DIMENSIONS = ("understanding", "practice", "code_quality", "best_practice")


def assess(scan: Scan) -> dict[str, SkillArea]:
    matrix = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
    return {area.key: area for area in matrix.areas}


def cites(cell: SkillCell) -> list[str]:
    return [evidence.cite() for evidence in cell.evidence]


def test_task_api_fastapi_cells_cite_the_routes() -> None:
    fastapi = assess(task_api())["fastapi"]

    assert fastapi.understanding.level == "good"
    assert fastapi.understanding.rubric == "fastapi.understanding.good"
    assert cites(fastapi.understanding) == ["app/main.py:38", "app/main.py:20", "app/main.py:30"]
    assert fastapi.practice.rubric == "fastapi.practice.good"
    assert cites(fastapi.practice) == ["app/main.py:20", "app/main.py:30", "app/main.py:38"]
    assert fastapi.practice.evidence[0].note == "route POST /tasks"
    assert fastapi.best_practice.level == "missing"
    assert fastapi.best_practice.rubric == "fastapi.best_practice.missing"
    assert fastapi.code_quality.rubric == "fastapi.code_quality.good"
    assert fastapi.score == 6
    assert fastapi.overall.zh == "掌握"
    assert fastapi.overall.en == "solid"


def test_task_api_findings_decide_code_quality() -> None:
    areas = assess(task_api())

    injection = areas["dependency-injection"]
    assert injection.code_quality.level == "partial"
    assert injection.code_quality.rubric == "dependency-injection.code_quality.partial"
    assert cites(injection.code_quality) == ["app/crud.py:9"]
    assert injection.code_quality.evidence[0].note == "MB103 session-per-function (medium)"
    assert injection.best_practice.rubric == "dependency-injection.best_practice.good"
    assert cites(injection.best_practice) == ["app/main.py:21", "app/main.py:31", "app/main.py:39"]

    errors = areas["error-handling"]
    assert [getattr(errors, d).level for d in DIMENSIONS] == [
        "partial",
        "partial",
        "partial",
        "partial",
    ]
    assert cites(errors.understanding) == ["app/main.py:42", "app/crud.py:14"]
    assert cites(errors.code_quality) == ["app/crud.py:15"]
    assert errors.overall.en == "basic"


def test_task_api_database_and_async_cells() -> None:
    areas = assess(task_api())

    database = areas["database"]
    assert database.understanding.rubric == "database.understanding.good"
    assert cites(database.understanding) == [
        "app/models.py:10",
        "app/database.py:6",
        "app/models.py:22",
    ]
    assert cites(database.practice) == ["app/models.py:10", "app/models.py:22", "app/models.py:35"]
    assert database.best_practice.rubric == "database.best_practice.good"
    assert cites(database.best_practice) == ["app/database.py:6", "app/database.py:7"]
    assert database.score == 8
    assert database.overall.zh == "熟练"

    asynchronous = areas["async"]
    assert asynchronous.understanding.rubric == "async.understanding.good"
    assert cites(asynchronous.understanding) == [
        "app/crud.py:8",
        "app/main.py:20",
        "app/main.py:30",
    ]
    assert asynchronous.best_practice.rubric == "async.best_practice.good"

    validation = areas["validation"]
    assert validation.understanding.rubric == "validation.understanding.good"
    assert cites(validation.understanding) == ["app/schemas.py:5", "app/schemas.py:12"]
    assert validation.practice.rubric == "validation.practice.partial"
    assert validation.score == 7


def test_task_api_absent_areas_are_not_seen_without_evidence() -> None:
    areas = assess(task_api())

    migrations = areas["migrations"]
    assert migrations.understanding.level == "missing"
    assert migrations.understanding.rubric == "migrations.understanding.unseen"
    assert migrations.understanding.evidence == ()
    assert migrations.code_quality.rubric == "migrations.code_quality.partial"
    assert cites(migrations.code_quality) == ["app/models.py:10"]
    assert migrations.overall.en == "beginning"

    testing = areas["testing"]
    assert testing.practice.rubric == "testing.practice.unseen"
    assert cites(testing.code_quality) == ["app/main.py:1"]

    for key in ("background-jobs", "llm-agents", "config-containers"):
        assert areas[key].score == 0
        assert areas[key].overall.zh == "未开始"
        assert all(getattr(areas[key], d).evidence == () for d in DIMENSIONS)


def test_task_api_matrix_overall_averages_relevant_areas() -> None:
    scan = task_api()
    matrix = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)

    assert matrix.overall.zh == "基础（11 个相关领域平均 4.5/8 分）"
    assert matrix.overall.en == "basic (average 4.5/8 over 11 relevant areas)"


def test_fixtures_that_no_test_uses_are_a_start_not_a_best_practice() -> None:
    scan = task_api()
    scan.analyses.append(
        analysis(
            "tests/conftest.py",
            sig("fixture", 9, "client", scope="function"),
            sig("test-client", 11, "TestClient"),
        )
    )
    scan.paths.append("tests/conftest.py")

    testing = assess(scan)["testing"]

    assert [getattr(testing, d).rubric for d in ("understanding", "practice", "best_practice")] == [
        "testing.understanding.partial",
        "testing.practice.unseen",
        "testing.best_practice.unseen",
    ]
    assert cites(testing.understanding) == ["tests/conftest.py:9"]
    line = rubric_line(testing.understanding.rubric)
    assert (
        line.en
        == "Testing has started: test functions without fixtures, or fixtures no test uses yet"
    )


def _security_with(
    *depends: Signal, routes: tuple[Signal, ...] = (), router: tuple[Signal, ...] = ()
) -> SkillArea:
    """The task API with ``depends`` added to its routes' module, plus a todos router holding
    ``routes`` and ``router``'s signals."""
    scan = task_api()
    scan.analyses = [
        analysis(item.path, *item.signals, *depends) if item.path == "app/main.py" else item
        for item in scan.analyses
    ]
    if routes or router:
        scan.analyses.append(analysis("app/routers/todos.py", *routes, *router))
        scan.paths.append("app/routers/todos.py")
    return assess(scan)["security"]


def _guarding_task_writes(name: str) -> tuple[Signal, ...]:
    """``name`` as a dependency of the task API's two routes that change data."""
    return (
        sig("depends", 21, name, function="create_task"),
        sig("depends", 48, name, function="delete_task"),
    )


def test_routes_guarded_by_a_library_scheme_count_as_authentication() -> None:
    def security_with(*names: str) -> SkillArea:
        return _security_with(*(guard for name in names for guard in _guarding_task_writes(name)))

    guarded = security_with("current_logged_user")
    assert (guarded.practice.rubric, guarded.best_practice.rubric) == (
        "security.practice.partial",
        "security.best_practice.good",
    )
    assert cites(guarded.practice) == ["app/main.py:21", "app/main.py:48"]

    bearer = security_with("JWTBearer()")
    assert bearer.best_practice.rubric == "security.best_practice.good"

    data_only = security_with("get_user_db", "get_user_service")
    assert (data_only.practice.rubric, data_only.best_practice.rubric) == (
        "security.practice.unseen",
        "security.best_practice.unseen",
    )


def test_a_dependency_that_depends_on_auth_guards_the_routes_using_it() -> None:
    """``dependencies=[Depends(get_current_staff)]`` guards: ``get_current_staff`` itself takes
    ``Depends(get_current_user)``; its name alone says nothing of auth."""
    staff = sig("depends", 36, "get_current_user", function="get_current_staff")
    guarded = _security_with(
        staff,
        *(
            sig("depends", line, "deps.get_current_staff", function=route)
            for line, route in ((19, "create_task"), (46, "delete_task"))
        ),
    )
    assert guarded.best_practice.rubric == "security.best_practice.good"


def test_auth_on_some_routes_leaves_the_routes_that_change_data_without_it_named() -> None:
    """ "Auth is enforced through Depends" was said of an app whose DELETE route took no
    credentials at all; the cell now names it."""
    security = _security_with(sig("depends", 21, "get_current_user", function="create_task"))

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert [(e.cite(), e.note) for e in security.best_practice.evidence] == [
        ("app/main.py:21", "depends get_current_user"),
        ("app/main.py:47", "unguarded-route DELETE /tasks/{task_id}"),
    ]
    line = rubric_line(security.best_practice.rubric)
    assert "some routes that change data take no credentials" in line.en
    assert "修改数据的路由不需要任何凭证" in line.zh


def test_auth_declared_at_module_level_may_guard_any_route_so_none_is_called_open() -> None:
    router_wide = _security_with(
        routes=(route(12, "delete_todo", "DELETE", "/todos/{todo_id}"),),
        router=(sig("depends", 5, "verify_token", function=""),),
    )
    assert router_wide.best_practice.rubric == "security.best_practice.good"

    anywhere = assess(
        Scan(
            [
                *task_api().analyses,
                analysis("app/deps.py", sig("depends", 9, "get_current_user", function="")),
            ],
            [],
            [],
            ["app/main.py", "app/deps.py"],
        )
    )["security"]
    assert anywhere.best_practice.rubric == "security.best_practice.good"


def test_sign_up_login_and_health_routes_stay_public_by_design() -> None:
    public = (
        route(30, "register", "POST", "/users"),
        route(40, "issue_token", "POST", "/auth/token"),
        route(45, "create_new_user", "POST", "/create"),
        route(50, "reset", "POST", "/password-reset"),
        route(60, "ping", "POST", "/healthz"),
        route(70, "update_user", "PUT", "/users/{user_id}"),
    )
    security = _security_with(*_guarding_task_writes("get_current_user"), routes=public)

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert [e.note for e in security.best_practice.evidence][1:] == [
        "unguarded-route PUT /users/{user_id}"
    ]


def test_security_without_findings_cites_where_config_is_read_not_any_module() -> None:
    """ "Security: src/app/__init__.py: module" showed the learner nothing about security."""
    security = assess(covered_api())["security"]

    assert security.code_quality.rubric == "security.code_quality.good"
    assert cites(security.code_quality) == ["app/config.py:8"]


def test_covered_api_testing_and_migrations_are_proficient() -> None:
    areas = assess(covered_api())

    testing = areas["testing"]
    assert [getattr(testing, d).level for d in DIMENSIONS] == ["good"] * 4
    assert cites(testing.understanding) == [
        "tests/conftest.py:9",
        "tests/test_tasks.py:5",
        "tests/test_tasks.py:11",
    ]
    assert testing.best_practice.rubric == "testing.best_practice.good"
    assert cites(testing.best_practice) == ["tests/conftest.py:9", "tests/conftest.py:11"]

    migrations = areas["migrations"]
    assert migrations.understanding.rubric == "migrations.understanding.good"
    assert cites(migrations.understanding) == [
        "alembic/versions/0002_index_status.py:12",
        "alembic/versions/0002_index_status.py:13",
    ]
    assert cites(migrations.practice) == [
        "alembic/versions/0001_create_tasks.py:14",
        "alembic/versions/0002_index_status.py:12",
    ]
    assert migrations.best_practice.rubric == "migrations.best_practice.good"
    assert migrations.score == 8


def test_covered_api_idioms_files_and_high_finding() -> None:
    areas = assess(covered_api())

    fastapi = areas["fastapi"]
    assert fastapi.best_practice.rubric == "fastapi.best_practice.good"
    assert cites(fastapi.best_practice) == ["app/routes.py:6", "app/main.py:12", "app/main.py:20"]

    config = areas["config-containers"]
    assert config.practice.rubric == "config-containers.practice.good"
    assert cites(config.practice) == ["Dockerfile", ".github/workflows/ci.yml"]
    assert config.best_practice.rubric == "config-containers.best_practice.good"
    assert cites(config.best_practice) == ["app/config.py:8", ".env.example"]

    errors = areas["error-handling"]
    assert errors.understanding.rubric == "error-handling.understanding.good"
    assert cites(errors.understanding) == ["app/errors.py:4"]
    assert errors.best_practice.rubric == "error-handling.best_practice.good"
    assert errors.code_quality.level == "missing"
    assert errors.code_quality.rubric == "error-handling.code_quality.missing"
    assert cites(errors.code_quality) == ["app/routes.py:30"]


def test_committed_env_file_and_hardcoded_secret() -> None:
    scan = Scan(
        analyses=[
            analysis("app/main.py", module(1, 1, True), sig("app", 3, "app", type="FastAPI"))
        ],
        findings=[finding("MB107", "hardcoded-secret", "high", "app/main.py", 5)],
        stack=[],
        paths=[".env", "app/main.py"],
    )
    areas = assess(scan)

    assert (
        areas["config-containers"].best_practice.rubric == "config-containers.best_practice.missing"
    )
    assert cites(areas["config-containers"].best_practice) == [".env"]
    security = areas["security"]
    assert security.understanding.rubric == "security.understanding.missing"
    assert cites(security.understanding) == ["app/main.py:5"]
    assert security.code_quality.rubric == "security.code_quality.missing"


def test_a_create_schema_and_the_schema_a_route_answers_with_are_a_request_response_split() -> None:
    """``CityCreate`` for the request and ``City`` as the routes' response model were read as
    "no request / response split is visible": only names like ``CityRead`` counted."""
    scan = Scan(
        analyses=[
            analysis(
                "app/schemas.py",
                sig("pydantic-model", 4, "CityBase", v1_config="0"),
                sig("pydantic-model", 9, "CityCreate", v1_config="0"),
                sig("pydantic-model", 13, "City", v1_config="0"),
            ),
            analysis("app/api/cities.py", route(12, "create_city", "POST", "/cities", "City")),
        ],
        findings=[],
        stack=[],
        paths=["app/schemas.py", "app/api/cities.py"],
    )
    validation = assess(scan)["validation"]

    assert validation.understanding.rubric == "validation.understanding.good"
    assert cites(validation.understanding) == ["app/schemas.py:9", "app/schemas.py:13"]


def test_a_settings_class_config_under_pydantic_2_keeps_validation_best_practice_partial() -> None:
    """ "no model uses a v1-style class Config under Pydantic 2" was said beside MB104's finding
    on the settings class's ``class Config`` (blind check corpus 39)."""

    def best(config: str) -> tuple[str, list[str]]:
        scan = Scan(
            analyses=[
                analysis("app/schemas.py", sig("pydantic-model", 4, "ProductRead", v1_config="0")),
                analysis("app/config.py", sig("settings", 8, "Settings", v1_config=config)),
                analysis("app/main.py", route(7, "read", "GET", "/products", "ProductRead")),
            ],
            findings=[],
            stack=[],
            paths=["app/schemas.py", "app/config.py", "app/main.py"],
        )
        judged = assess(scan)["validation"].best_practice
        return judged.rubric, cites(judged)

    assert best("0") == ("validation.best_practice.good", ["app/main.py:7"])
    assert best("1") == (
        "validation.best_practice.partial",
        ["app/config.py:8", "app/main.py:7"],
    )


def test_v1_config_without_response_models_misses_validation_best_practice() -> None:
    scan = Scan(
        analyses=[
            analysis(
                "app/schemas.py",
                sig("pydantic-model", 4, "Task", v1_config="1"),
                sig("pydantic-model", 11, "Owner", v1_config="0"),
            ),
            analysis("app/main.py", route(7, "read", "GET", "/tasks")),
        ],
        findings=[finding("MB104", "pydantic-v1-api-in-v2", "medium", "app/schemas.py", 6)],
        stack=[],
        paths=["app/schemas.py", "app/main.py"],
    )
    validation = assess(scan)["validation"]

    assert validation.understanding.rubric == "validation.understanding.partial"
    assert validation.best_practice.rubric == "validation.best_practice.missing"
    assert cites(validation.best_practice) == ["app/schemas.py:4"]
    assert cites(validation.code_quality) == ["app/schemas.py:6"]

    # With Pydantic 1 pinned, class Config is that version's own way.
    scan.stack = [StackItem(name="pydantic", version="==1.9.1", category="library", source="r")]
    scan.findings = []
    assert assess(scan)["validation"].best_practice.rubric == "validation.best_practice.partial"


def test_queue_jobs_and_llm_flow() -> None:
    scan = Scan(
        analyses=[
            analysis(
                "app/main.py", route(9, "chat", "POST", "/chat"), sig("task-send", 12, "summarise")
            ),
            analysis(
                "app/worker.py",
                sig("background-task", 5, "summarise", via="celery"),
                sig("background-task", 14, "embed", via="celery"),
            ),
            analysis(
                "app/agent.py",
                sig("llm-call", 8, "ChatOpenAI", library="langchain"),
                sig("agent-graph", 20, "graph", library="langgraph"),
                sig("streaming-response", 30, "StreamingResponse"),
                sig("env-config", 4, "OPENAI_API_KEY"),
            ),
        ],
        findings=[finding("MB106", "bare-or-broad-except", "medium", "app/worker.py", 9)],
        stack=[],
        paths=["app/main.py", "app/worker.py", "app/agent.py"],
    )
    areas = assess(scan)

    jobs = areas["background-jobs"]
    assert jobs.understanding.rubric == "background-jobs.understanding.good"
    assert jobs.best_practice.rubric == "background-jobs.best_practice.good"
    assert cites(jobs.best_practice) == ["app/worker.py:5", "app/worker.py:14"]
    assert jobs.practice.rubric == "background-jobs.practice.partial"
    assert jobs.code_quality.rubric == "background-jobs.code_quality.partial"
    assert cites(jobs.code_quality) == ["app/worker.py:9"]

    llm = areas["llm-agents"]
    assert llm.understanding.rubric == "llm-agents.understanding.good"
    assert cites(llm.understanding) == ["app/agent.py:8", "app/agent.py:20"]
    assert llm.best_practice.rubric == "llm-agents.best_practice.good"
    assert cites(llm.best_practice) == ["app/agent.py:30", "app/agent.py:4"]
    assert llm.code_quality.rubric == "llm-agents.code_quality.good"


def test_empty_repo_is_not_started_everywhere() -> None:
    matrix = assess_skills([], [], [], [], [])

    assert all(area.score == 0 for area in matrix.areas)
    assert matrix.overall.en.startswith("not started")
    assert matrix.overall.zh.startswith("未开始")


def test_level_labels_follow_the_score_bands() -> None:
    labels = [level_label(score).en for score in range(9)]

    assert labels == [
        "not started",
        "beginning",
        "beginning",
        "basic",
        "basic",
        "solid",
        "solid",
        "proficient",
        "proficient",
    ]
    assert level_label(7).zh == "熟练"
    assert level_label(3).zh == "基础"


def test_rubric_covers_every_area_and_every_decided_cell() -> None:
    lines = rubric_lines()
    ids = [line.id for line in lines]
    areas = sorted({line.area for line in lines})

    assert len(ids) == len(set(ids))
    assert len(areas) == 13
    assert {"async", "fastapi", "llm-agents", "background-jobs", "config-containers"} <= set(areas)
    for line in lines:
        assert line.id == f"{line.area}.{line.dimension}.{line.id.rsplit('.', 1)[1]}"
        assert line.zh.strip() and line.en.strip()
        if line.id.endswith(".unseen"):
            assert line.level == "missing"
            assert line.en.startswith("Not seen in this repo yet")
            assert "还没有" in line.zh
    for scan in (task_api(), covered_api()):
        for area in assess(scan).values():
            for dimension in DIMENSIONS:
                cell = getattr(area, dimension)
                assert rubric_line(cell.rubric).level == cell.level
                assert rubric_line(cell.rubric).dimension == dimension


def test_rubric_states_the_fastapi_practice_threshold() -> None:
    line = rubric_line("fastapi.practice.good")

    assert line.en == "≥ 3 routes, at least one with a response_model"
    assert line.zh == "≥ 3 个路由，且至少一个声明了 response_model"


def test_a_django_app_shows_its_migrations_and_its_test_case_tests() -> None:
    """Django writes numbered migrations beside the app and tests as ``TestCase`` methods: the
    matrix must not call migrations and testing "not seen" in such a repo."""
    migration = (
        b"from django.db import migrations, models\n\n\n"
        b"class Migration(migrations.Migration):\n"
        b"    dependencies = []\n"
        b"    operations = [migrations.CreateModel(name='Product', fields=[])]\n"
    )
    sources = {
        "shop/models.py": b"from django.db import models\n\n\n"
        b"class Product(models.Model):\n    name = models.CharField(max_length=100)\n",
        "shop/migrations/__init__.py": b"",
        "shop/migrations/0001_initial.py": migration,
        "shop/migrations/0002_product_price.py": migration,
        "shop/tests.py": b"from django.test import TestCase\n\n\n"
        b"class ProductTests(TestCase):\n    def test_str(self):\n        self.assertTrue(True)\n",
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    areas = {area.key: area for area in matrix.areas}

    migrations = areas["migrations"]
    assert migrations.practice.rubric == "migrations.practice.good"
    assert cites(migrations.practice) == [
        "shop/migrations/0001_initial.py",
        "shop/migrations/0002_product_price.py",
    ]
    assert migrations.best_practice.level == "good"
    assert cites(areas["testing"].understanding) == ["shop/tests.py:5"]


def test_password_in_a_compose_file_counts_against_config_and_containers() -> None:
    """The compose file is the area's code: its hard-coded password fails the code-quality cell,
    while the same repo without that finding passes it."""
    settings = analysis("app/config.py", module(1, 1, True), sig("settings", 4, "Settings"))
    paths = ["app/config.py", "Dockerfile", "docker-compose.yml", ".env.example"]
    secret = finding("MB107", "hardcoded-secret", "high", "docker-compose.yml", 7)

    with_secret = assess(Scan([settings], [secret], [], paths))["config-containers"]
    without = assess(Scan([settings], [], [], paths))["config-containers"]

    assert with_secret.code_quality.rubric == "config-containers.code_quality.missing"
    assert cites(with_secret.code_quality) == ["docker-compose.yml:7"]
    assert with_secret.practice.level == "good"
    assert without.code_quality.rubric == "config-containers.code_quality.good"


def test_code_quality_cites_the_best_typed_module_then_the_least_with_neutral_notes() -> None:
    """The notes are neutral in the JSON ("annotated-functions 0/3"); the log words them in its
    language (test_render), so a Chinese log does not read "0/3 functions fully annotated". A
    partial cell shows the skill first: "Concepts you have shown" cited a module with 0 of 10
    functions typed as the concept shown."""
    scan = Scan(
        analyses=[
            analysis("app/main.py", module(4, 4, False)),
            analysis("app/crud.py", module(3, 0, False)),
            analysis("app/jobs.py", module(4, 1, False)),
        ],
        findings=[],
        stack=[],
        paths=["app/main.py", "app/crud.py", "app/jobs.py"],
    )
    quality = assess(scan)["code-quality"]

    assert quality.understanding.rubric == "code-quality.understanding.partial"
    assert [(e.cite(), e.note) for e in quality.understanding.evidence] == [
        ("app/main.py", "annotated-functions 4/4"),
        ("app/crud.py", "annotated-functions 0/3"),
        ("app/jobs.py", "annotated-functions 1/4"),
    ]
    assert quality.practice.rubric == "code-quality.practice.missing"
    assert [e.note for e in quality.practice.evidence] == ["no-docstring"] * 3


def test_a_first_revision_that_indexes_its_own_new_tables_does_not_evolve_a_schema() -> None:
    """Every first autogenerated revision creates indexes on the tables it creates; only a
    change to a table that an earlier revision made shows migrations evolving a schema."""
    first = "migrations/versions/e0e8_add_users_and_tasks.py"
    ops = (
        sig("alembic-op", 20, "create_table", table="users"),
        sig("alembic-op", 27, "create_index", table="users"),
        sig("alembic-op", 28, "create_index", table="users"),
        sig("alembic-op", 40, "drop_index", table="users"),
    )
    scan = Scan(analyses=[analysis(first, *ops)], findings=[], stack=[], paths=[first])

    understanding = assess(scan)["migrations"].understanding
    assert understanding.rubric == "migrations.understanding.partial"

    later = "migrations/versions/f1a2_index_emails.py"
    scan.analyses.append(analysis(later, sig("alembic-op", 12, "create_index", table="users")))
    scan.paths.append(later)
    understanding = assess(scan)["migrations"].understanding
    assert understanding.rubric == "migrations.understanding.good"
    assert cites(understanding) == [f"{later}:12"]


def test_aerich_migrations_are_revisions_of_a_tortoise_project() -> None:
    """A Tortoise blog with eleven Aerich migrations was rated as having none."""
    paths = [
        "blog/models.py",
        "migrations/models/0_20221215_init.py",
        "migrations/models/1_20221216_add_likes.py",
    ]
    scan = Scan(analyses=[analysis("blog/models.py")], findings=[], stack=[], paths=paths)

    migrations = assess(scan)["migrations"]
    assert migrations.practice.rubric == "migrations.practice.good"
    assert cites(migrations.practice) == paths[1:]


CELERY_APP = b"""\
from celery import Celery

worker = Celery("ocr", broker="redis://localhost:6379/0")
"""
OCR_TASKS = b"""\
import pytesseract
from PIL import Image

from app.celery_app import worker


@worker.task(name="app.tasks.recognise")
def recognise(path: str) -> str:
    return pytesseract.image_to_string(Image.open(path))
"""
OCR_ROUTES = b"""\
from fastapi import APIRouter

from app.tasks import recognise

router = APIRouter()


@router.post("/documents/{name}/text")
def read_text(name: str) -> dict:
    return {"text": recognise(f"uploads/{name}")}
"""


def test_celery_tasks_that_nothing_sends_run_inside_the_request() -> None:
    sources = {"app/celery_app.py": CELERY_APP, "app/tasks.py": OCR_TASKS}
    called = {**sources, "app/routes.py": OCR_ROUTES}
    queued = {**sources, "app/routes.py": OCR_ROUTES.replace(b"recognise(f", b"recognise.delay(f")}
    stack = [StackItem(name="celery", category="library", source="requirements.txt")]

    def jobs(files: dict[str, bytes]) -> SkillArea:
        matrix = assess_skills(analyze_sources(files), [], stack, sorted(files), [])
        return next(area for area in matrix.areas if area.key == "background-jobs")

    assert jobs(called).best_practice.rubric == "background-jobs.best_practice.missing"
    assert cites(jobs(called).best_practice) == ["app/tasks.py:8"]
    assert "`.delay()`" in rubric_line("background-jobs.best_practice.missing").en
    assert jobs(queued).best_practice.rubric == "background-jobs.best_practice.good"


def test_alembic_set_up_without_its_ini_file_is_a_start_on_migrations() -> None:
    env = b"from alembic import context\n\nfrom app.models import Base\n\n"
    env += b"target_metadata = Base.metadata\n"
    sources = {"migrations/env.py": env, "app/__init__.py": b""}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    migrations = next(area for area in matrix.areas if area.key == "migrations")

    assert migrations.understanding.rubric == "migrations.understanding.partial"
    assert migrations.practice.rubric == "migrations.practice.partial"
    assert cites(migrations.practice) == ["migrations/env.py"]


VIDEO_JOBS = b"""\
async def process_video(job_id: int, path: str) -> None:
    print(job_id, path)
"""
VIDEO_ROUTES = b"""\
from fastapi import APIRouter, BackgroundTasks

from app.services.video_jobs import process_video

router = APIRouter()


@router.post("/videos")
async def upload(background_tasks: BackgroundTasks, path: str) -> dict:
    background_tasks.add_task(process_video, job_id=1, path=path)
    return {"queued": True}
"""


def test_a_task_defined_in_its_own_module_is_background_work_apart_from_the_routes() -> None:
    """ "Background work only appears inside route files" was said of a task the route hands
    to ``add_task`` from ``app/services/video_jobs.py``."""

    def understanding(files: dict[str, bytes]) -> str:
        matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
        jobs = next(area for area in matrix.areas if area.key == "background-jobs")
        return jobs.understanding.rubric

    apart = {"app/services/video_jobs.py": VIDEO_JOBS, "app/routes.py": VIDEO_ROUTES}
    inline = {
        "app/routes.py": VIDEO_JOBS
        + b"\n\n"
        + VIDEO_ROUTES.replace(b"from app.services.video_jobs import process_video\n", b"")
    }
    assert understanding(apart) == "background-jobs.understanding.good"
    assert understanding(inline) == "background-jobs.understanding.partial"


def test_a_route_handing_work_to_add_task_is_not_cited_as_a_background_task() -> None:
    """The matrix cited "`app/routers/users.py:21`: background task register_new_user" of the
    route that takes ``BackgroundTasks`` and adds the real task (blind check corpus 31)."""
    routes = VIDEO_ROUTES.replace(b"from app.services.video_jobs import process_video\n", b"")
    files = {"app/routes.py": VIDEO_JOBS + b"\n\n" + routes}
    matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
    jobs = next(area for area in matrix.areas if area.key == "background-jobs")
    cited = [(e.cite(), e.note) for e in jobs.understanding.evidence]

    assert cited == [("app/routes.py:13", "background-task process_video")]


def test_errors_answered_with_an_error_response_are_mapped_to_http() -> None:
    """A route that catches a failure and returns ``JSONResponse(status_code=500, ...)`` maps
    the error to an HTTP response as ``raise HTTPException(500)`` would; the log said "never
    mapped to HTTP responses" of such an API (blind check corpus 20)."""
    sources = {
        "app/api.py": b"""\
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette import status

app = FastAPI()


@app.post("/query")
def query(question: str):
    if not question:
        return JSONResponse(status_code=400, content={"error": "empty question"})
    try:
        return {"answer": question.upper()}
    except ValueError as error:
        return JSONResponse({"error": str(error)}, status.HTTP_500_INTERNAL_SERVER_ERROR)


@app.get("/health")
def health():
    return JSONResponse(content={"ok": True}, status_code=200)
"""
    }

    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    errors = next(area for area in matrix.areas if area.key == "error-handling")

    assert errors.best_practice.rubric == "error-handling.best_practice.partial"
    assert cites(errors.best_practice) == ["app/api.py:11", "app/api.py:15"]
    assert errors.understanding.rubric == "error-handling.understanding.good"


def test_a_routers_auth_guards_its_own_file_and_leaves_other_routers_open() -> None:
    """``course_router = APIRouter(dependencies=[Depends(auth_required)])`` guarded the course
    routes; the log said every route that changes data needed auth, while the grade routes of
    another router took none (blind check corpus 21)."""
    sources = {
        "api/course.py": b"""\
from fastapi import APIRouter, Depends

from common.auth import auth_required

course_router = APIRouter(
    prefix="/course",
    dependencies=[Depends(auth_required)],
)


@course_router.post("/add")
def add_course(name: str) -> dict:
    return {"name": name}
""",
        "api/grade.py": b"""\
from fastapi import APIRouter

grade_router = APIRouter(prefix="/grade")


@grade_router.post("/add")
def add_grade(score: int) -> dict:
    return {"score": score}
""",
    }

    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    security = next(area for area in matrix.areas if area.key == "security")

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert "api/grade.py:7" in cites(security.best_practice)
    assert not [c for c in cites(security.best_practice) if c.startswith("api/course.py:11")]
    # An alias declared beside a router is no router's guard: it may guard routes anywhere.
    aliased = sources | {
        "api/course.py": sources["api/course.py"]
        .replace(
            b"    dependencies=[Depends(auth_required)],\n)",
            b")\nCurrentUser = Annotated[dict, Depends(auth_required)]",
        )
        .replace(b"from fastapi import", b"from typing import Annotated\n\nfrom fastapi import")
    }
    matrix = assess_skills(analyze_sources(aliased), [], [], sorted(aliased), [])
    security = next(area for area in matrix.areas if area.key == "security")
    assert not [c for c in cites(security.best_practice) if c.startswith("api/grade.py")]


def test_passwords_hashed_with_sha256_are_no_security_best_practice() -> None:
    """An expense tracker stored ``hashlib.sha256(password.encode())`` and was told its
    security was proficient: a fast hash gives a leaked table up in no time."""
    sources = {
        "app/auth.py": b"import hashlib\n\nfrom fastapi.security import OAuth2PasswordBearer\n\n"
        b'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="login")\n\n\n'
        b"def hash_password(password: str) -> str:\n"
        b"    return hashlib.sha256(password.encode()).hexdigest()\n\n\n"
        b"def etag(body: bytes) -> str:\n"
        b"    return hashlib.md5(body).hexdigest()\n",
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    security = next(area for area in matrix.areas if area.key == "security")

    assert security.best_practice.rubric == "security.best_practice.missing"
    assert cites(security.best_practice) == ["app/auth.py:9"]
