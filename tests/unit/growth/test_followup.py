"""Last plan's tasks checked against the new scan: done with evidence, not yet, undecided."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import (
    Evidence,
    FileAnalysis,
    Finding,
    Plan,
    PlanTask,
    Signal,
    StackItem,
    TaskCheck,
    Text,
)
from mentorbot.followup import check_task, follow_up
from mentorbot.skills import assess_skills
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    covered_api,
    finding,
    plan_files,
    plan_for,
    sig,
    task_api,
)
from tests.unit.facts.facts_helpers import signals_of


def task(en: str, check: TaskCheck | None, files: tuple[str, ...] = ()) -> PlanTask:
    return PlanTask(text=Text(zh=en, en=en), files=files, check=check)


def plan_of(*tasks: PlanTask) -> Plan:
    return Plan(
        stage_id="fastapi-core",
        stage_title=Text(zh="FastAPI 核心", en="FastAPI core"),
        stage_reason=Text(zh="", en=""),
        tasks=tasks,
    )


def test_a_finding_task_is_done_when_its_rule_no_longer_fires_in_that_file() -> None:
    narrow = task(
        "Narrow the broad except at app/crud.py:15",
        TaskCheck(rule="MB106", category="bare-or-broad-except", path="app/crud.py"),
        ("app/crud.py",),
    )
    elsewhere = [finding("MB106", "bare-or-broad-except", "medium", "app/routes.py", 30)]

    [result] = follow_up(plan_of(narrow), elsewhere, [], ["app/crud.py", "app/routes.py"])

    assert result.done is True
    assert result.evidence == (Evidence(path="app/crud.py", note="no MB106 left"),)


def test_a_task_s_lines_of_the_last_review_are_not_repeated() -> None:
    """The JSON's follow-up repeated "at app/routers/users.py:57" of the last plan, in a file
    now 56 lines long (blind check z1); the file stays named."""
    narrow = PlanTask(
        text=Text(
            zh="收窄 app/crud.py:15 的宽泛 except（还有 app/jobs.py:4）",
            en="Narrow the broad except at app/crud.py:15 (also in app/jobs.py:4)",
        ),
        files=("app/crud.py",),
        check=TaskCheck(rule="MB106", category="bare-or-broad-except", path="app/crud.py"),
    )

    [result] = follow_up(plan_of(narrow), [], [], ["app/crud.py", "app/jobs.py"])

    assert result.task.text == Text(
        zh="收窄 app/crud.py 的宽泛 except（还有 app/jobs.py）",
        en="Narrow the broad except at app/crud.py (also in app/jobs.py)",
    )


def test_a_task_whose_problem_moved_with_its_code_out_of_a_file_still_there_is_not_done() -> None:
    """``git mv app/main.py app/api.py`` and a stub main.py left behind: "Narrow the broad
    except at app/main.py" was ticked done, above the same except "open since step 1" at its
    new place (blind check h4). Fixed there, it is done."""
    narrow = task(
        "Narrow the broad except at app/main.py:18",
        TaskCheck(rule="MB106", category="bare-or-broad-except", path="app/main.py"),
        ("app/main.py",),
    )
    moved = finding("MB106", "bare-or-broad-except", "medium", "app/api.py", 18)
    moved = moved.model_copy(update={"status": "open", "since_step": 1})
    paths = ["app/main.py", "app/api.py"]

    [result] = follow_up(plan_of(narrow), [moved], [], paths)

    assert result.done is False
    assert [e.cite() for e in result.evidence] == ["app/api.py:18"]
    fixed = finding("MB106", "bare-or-broad-except", "medium", "app/main.py", 18)
    fixed = fixed.model_copy(update={"status": "fixed", "fixed_by": "a" * 40})
    [result] = follow_up(plan_of(narrow), [moved], [], paths, fixed=[fixed])
    assert result.done is True


def test_a_finding_task_is_not_yet_done_and_cites_what_is_left() -> None:
    sessions = task(
        "Move the session creation into a get_session dependency",
        TaskCheck(category="session-per-function"),
        ("app/crud.py",),
    )
    findings = [
        finding("MB103", "session-per-function", "medium", "app/crud.py", 40),
        finding("MB103", "session-per-function", "medium", "app/crud.py", 9),
        finding("MB106", "bare-or-broad-except", "medium", "app/crud.py", 15),
        finding("MB103", "session-per-function", "medium", "app/jobs.py", 4),
    ]

    [result] = follow_up(plan_of(sessions), findings, [], ["app/crud.py", "app/jobs.py"])

    assert result.done is False
    assert [e.cite() for e in result.evidence] == [
        "app/crud.py:9",
        "app/crud.py:40",
        "app/jobs.py:4",
    ]
    assert result.evidence[0].note == "MB103 session-per-function"


def test_a_finding_task_whose_file_was_deleted_is_done_and_says_so() -> None:
    """ "Rewrite the string-built SQL at app/routers/search.py: done" for a file that was
    deleted, cited as if it were there (blind check history 42): the log says the file was
    deleted, and cites no file that no longer exists."""
    secret = task(
        "Move the hard-coded secret out of app/config.py",
        TaskCheck(rule="MB107", path="app/config.py"),
        ("app/config.py",),
    )

    [result] = follow_up(plan_of(secret), [], [], ["app/main.py"])

    assert (result.done, result.file_deleted, result.evidence) == (True, True, ())


def test_a_finding_task_whose_file_moved_with_its_problem_is_not_called_done() -> None:
    """The models moved to app/schemas with their ``.dict()`` calls, and the follow-up ticked
    "Port the Pydantic v1 API in app/models/orders.py: done" (blind check history 38)."""
    port = task(
        "Port the Pydantic v1 API in app/models/orders.py",
        TaskCheck(rule="MB104", path="app/models/orders.py"),
        ("app/models/orders.py",),
    )
    moved = [finding("MB104", "pydantic-v1-api-in-v2", "medium", "app/schemas/orders.py", 8)]

    [result] = follow_up(plan_of(port), moved, [], ["app/schemas/orders.py"])

    assert result.done is None
    assert [e.cite() for e in result.evidence] == ["app/schemas/orders.py:8"]


def test_a_finding_task_whose_problem_the_review_tracked_into_the_moved_file_is_not_yet() -> None:
    """``app/config/db.py`` moved to ``app/core/db.py`` with its sync engine, which the review
    showed "open since step 1" there, and the follow-up said the code could not tell whether
    the switch was made (blind check history 50)."""
    switch = task(
        "Switch app/config/db.py to an async database driver",
        TaskCheck(rule="MB111", path="app/config/db.py"),
        ("app/config/db.py",),
    )
    engine = finding("MB111", "sync-db-driver-in-async-app", "high", "app/core/db.py", 5)
    carried = engine.model_copy(update={"status": "open", "since_step": 1})

    [result] = follow_up(plan_of(switch), [carried], [], ["app/core/db.py"])

    assert result.done is False
    assert [e.cite() for e in result.evidence] == ["app/core/db.py:5"]


def test_signal_tasks_count_matching_signals_and_cite_them() -> None:
    tests = task("Add tests for the 4 routes", TaskCheck(signal="test-function", min_count=3))
    response = task(
        "A route declares a response_model",
        TaskCheck(signal="route", data={"response_model": "*"}),
        ("app/main.py",),
    )
    index = task(
        "A migration creates an index",
        TaskCheck(signal="alembic-op", name="create_index"),
        ("app/models.py",),
    )
    errors = task(
        "Clear errors through HTTPException or an exception handler",
        TaskCheck(signal="http-exception", also_signals=("exception-handler",)),
    )
    analyses = [
        analysis(
            "tests/test_tasks.py",
            sig("test-function", 12, "test_list_tasks"),
            sig("test-function", 4, "test_create_task"),
            sig("fixture", 2, "client"),
        ),
        analysis(
            "app/main.py",
            sig("route", 20, "create_task", response_model=""),
            sig("route", 30, "list_tasks", response_model="0"),
            sig("exception-handler", 9, "TaskNotFound"),
        ),
        analysis("alembic/versions/0001_init.py", sig("alembic-op", 14, "create_table")),
    ]
    paths = [a.path for a in analyses] + ["app/models.py"]

    results = follow_up(plan_of(tests, response, index, errors), [], analyses, paths)

    assert [r.done for r in results] == [False, False, False, True]
    assert [e.cite() for e in results[0].evidence] == [
        "tests/test_tasks.py:4",
        "tests/test_tasks.py:12",
    ]
    assert results[0].evidence[0].note == "test-function test_create_task"
    assert results[1].evidence == (Evidence(path="app/main.py", note="no route yet (needs 1)"),)
    assert results[2].evidence == (
        Evidence(path="app/models.py", note="no alembic-op yet (needs 1)"),
    )
    assert results[3].evidence == (
        Evidence(path="app/main.py", line=9, note="exception-handler TaskNotFound"),
    )


def test_a_task_not_done_cites_only_its_files_that_are_still_there() -> None:
    """A task named backend/app/api/locations.py, renamed to routers/ since: "not yet" cited
    the old path, which no longer exists (blind check history 39)."""
    tests = task(
        "Add tests for the 4 routes in backend/app/api/locations.py, backend/app/main.py",
        TaskCheck(signal="test-function", min_count=4),
        ("backend/app/api/locations.py", "backend/app/main.py"),
    )
    redis = task(
        "Cache the forecast in Redis",
        TaskCheck(stack=("redis",)),
        ("backend/app/api/locations.py",),
    )
    paths = ["backend/app/routers/locations.py", "backend/app/main.py"]

    results = follow_up(plan_of(tests, redis), [], [], paths)

    assert [r.done for r in results] == [False, False]
    assert [e.path for e in results[0].evidence] == ["backend/app/main.py"]
    assert results[1].evidence == ()


def test_a_signal_check_with_a_path_only_counts_that_file() -> None:
    logging = task("Log from the routes", TaskCheck(signal="logging", path="app/routes.py"))
    analyses = [
        analysis("app/main.py", sig("logging", 5)),
        analysis("app/routes.py", Signal(kind="route", line=3, name="ping")),
    ]

    [result] = follow_up(plan_of(logging), [], analyses, ["app/main.py", "app/routes.py"])

    assert result.done is False
    assert result.evidence == (Evidence(path="app/routes.py", note="no logging yet (needs 1)"),)


def test_tasks_without_a_check_stay_undecided_and_no_plan_means_no_follow_up() -> None:
    study = task("Study and apply in this project: dependency overrides", None)

    [result] = follow_up(plan_of(study), [], [], [])

    assert (result.done, result.evidence, result.task) == (None, (), study)
    assert follow_up(None, [], [], []) == []


def test_a_queue_task_needs_the_task_and_a_queue_library_among_the_dependencies() -> None:
    """ "Background work goes through a queue library" was undecided ("cannot tell from the
    code") although the stage checklist decides it from the code and the dependencies."""
    queue = task(
        "Stage checklist: background work goes through a queue library",
        TaskCheck(signal="background-task", stack=("celery", "arq")),
        ("app/routes.py",),
    )
    redis = task("Stage checklist: Redis is a declared dependency", TaskCheck(stack=("redis",)))
    jobs = [analysis("app/jobs.py", sig("background-task", 6, "send_report", via="celery"))]
    celery = StackItem(name="Celery", category="queue", source="requirements.txt")

    before = follow_up(plan_of(queue, redis), [], jobs, ["app/jobs.py"], [])
    after = follow_up(plan_of(queue, redis), [], jobs, ["app/jobs.py"], [celery])

    assert [(r.done, r.evidence) for r in before] == [
        (False, (Evidence(path="app/jobs.py", line=6, note="background-task send_report"),)),
        (False, ()),
    ]
    assert [(r.done, r.evidence) for r in after] == [
        (
            True,
            (
                Evidence(path="app/jobs.py", line=6, note="background-task send_report"),
                Evidence(path="requirements.txt", note="dependency Celery"),
            ),
        ),
        (False, ()),
    ]


def test_last_weeks_real_plan_checked_against_a_repo_that_did_part_of_it() -> None:
    """task_api's plan, then the learner adds a test for each route, narrows the except and
    adds a background task."""
    last_week = plan_for(task_api())
    now = task_api()
    now.findings = [f for f in now.findings if f.rule != "MB106"]
    tests = [sig("test-function", line, f"test_{line}") for line in (7, 12, 17, 22)]
    now.analyses.append(analysis("tests/test_main.py", *tests))
    now.analyses.append(
        analysis("app/jobs.py", sig("background-task", 6, "send_report", via="BackgroundTasks"))
    )
    now.paths += ["tests/test_main.py", "app/jobs.py"]

    results = follow_up(last_week, now.findings, now.analyses, now.paths)

    assert [(r.task.text.en[:30], r.done) for r in results] == [
        ("Narrow the broad except at app", True),
        ("Add tests for the 4 routes in ", True),
        ("Add a first migration with Ale", False),
        ("Move the session creation in a", False),
        ("Stage checklist: Slow work han", True),
        ("Stage checklist: Results pushe", False),
        ("Next stage, Databases and pers", None),
    ]
    cited = [[e.cite() for e in r.evidence] for r in results]
    assert cited[:5] == [
        ["app/crud.py"],
        [
            "tests/test_main.py:7",
            "tests/test_main.py:12",
            "tests/test_main.py:17",
            "tests/test_main.py:22",
        ],
        ["app/models.py"],
        ["app/crud.py:9"],
        ["app/jobs.py:6"],
    ]


def test_one_test_of_one_route_does_not_do_the_task_of_testing_every_route() -> None:
    """ "Add tests for the 3 routes" was ticked off by a single test of one route (blind
    check b2)."""
    last_week = plan_for(task_api())
    now = task_api()
    now.analyses.append(analysis("tests/test_main.py", sig("test-function", 7, "test_create")))
    now.paths.append("tests/test_main.py")

    results = follow_up(last_week, now.findings, now.analyses, now.paths)

    testing = next(r for r in results if r.task.text.en.startswith("Add tests for the 4 routes"))
    assert testing.done is False
    assert [e.cite() for e in testing.evidence] == ["tests/test_main.py:7"]


def test_covered_api_plan_is_done_once_its_last_finding_is_fixed() -> None:
    last_week = plan_for(covered_api())
    fixed: list[Finding] = []
    analyses: list[FileAnalysis] = list(covered_api().analyses)

    results = follow_up(last_week, fixed, analyses, covered_api().paths)

    assert results[0].task.text.en.startswith("Narrow the broad except at app/routes.py to")
    assert (results[0].done, [e.cite() for e in results[0].evidence]) == (True, ["app/routes.py"])


EXCEPTIONS = """\
from fastapi import HTTPException, status


class AppError(HTTPException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR

    def __init__(self) -> None:
        super().__init__(status_code=self.status_code, detail=self.detail)


class PostNotFound(AppError):
    status_code = status.HTTP_404_NOT_FOUND
    detail = "No such post"
"""

POST_ROUTES = """\
from fastapi import APIRouter

from app.exceptions import PostNotFound
from app.store import posts

router = APIRouter()


@router.get("/posts/{post_id}")
def read_post(post_id: int) -> dict:
    if post_id not in posts:
        raise PostNotFound()
    return posts[post_id]
"""


def test_raising_the_project_s_own_http_exception_subclass_counts_as_clear_errors() -> None:
    errors = task(
        "Clear errors through HTTPException or an exception handler",
        TaskCheck(signal="http-exception", also_signals=("exception-handler",)),
    )
    analyses = [
        FileAnalysis(path=path, blob_sha=path, signals=tuple(signals_of(source, path)))
        for path, source in (("app/exceptions.py", EXCEPTIONS), ("app/routes.py", POST_ROUTES))
    ]

    [result] = follow_up(plan_of(errors), [], analyses, [a.path for a in analyses])

    assert result.done is True
    assert result.evidence == (
        Evidence(path="app/routes.py", line=12, note="http-exception PostNotFound"),
    )


def test_a_skill_task_is_done_when_its_cell_reaches_the_level_and_cites_its_evidence() -> None:
    typing = task(
        "Function signatures carry type hints",
        TaskCheck(skill="code-quality.understanding", level="partial"),
    )

    def checked(annotated: int) -> tuple[bool | None, list[str]]:
        scan = Scan(
            [
                analysis(
                    "todo.py", sig("module", 1, functions="10", annotated_functions=str(annotated))
                )
            ],
            [],
            [],
            ["todo.py"],
        )
        skills = assess_skills(scan.analyses, [], [], scan.paths)
        [result] = follow_up(plan_of(typing), [], scan.analyses, scan.paths, [], skills)
        return result.done, [f"{e.path} {e.note}" for e in result.evidence]

    assert checked(2) == (False, ["todo.py annotated-functions 2/10"])
    assert checked(6) == (True, ["todo.py annotated-functions 6/10"])
    [undecided] = follow_up(plan_of(typing), [], [], [])
    assert undecided.done is None


PEEWEE_DB = b"""\
from peewee import CharField, Model, SqliteDatabase

db = SqliteDatabase("shop.db")


class Product(Model):
    name = CharField()

    class Meta:
        database = db
"""


def test_a_first_peewee_migration_is_followed_up_by_the_rule_not_left_undecided(
    tmp_path: Path,
) -> None:
    """ "Add a first migration with peewee-migrate" came back as "the code cannot tell" at the
    next review while the project still had no migrations."""
    before = plan_files(tmp_path / "before", {"app/db.py": PEEWEE_DB})
    task = next(t for t in before.plan.tasks if t.text.en.startswith("Add a first migration"))
    assert "peewee-migrate" in task.text.en

    still = check_task(task, before.findings, before.analyses, ["app/db.py"])
    migrated_files = {
        "app/db.py": PEEWEE_DB,
        "migrations/001_products.py": b"def migrate(migrator, database, fake=False, **kwargs):\n"
        b"    pass\n",
        "requirements.txt": b"peewee==3.17.0\npeewee-migrate==1.13.0\n",
    }
    after = plan_files(tmp_path / "after", migrated_files)
    done = check_task(task, after.findings, after.analyses, list(migrated_files))

    assert (still.done, [e.cite() for e in still.evidence]) == (False, ["app/db.py:6"])
    assert done.done is True


def test_a_driver_task_done_because_the_routes_became_sync_says_it_went_another_way() -> None:
    """ "Switch src/db.py to an async driver: done", while src/db.py kept its sync engine and
    the routes had become plain ``def`` (blind check history 43). An async engine there now is
    the task done."""
    switch = task(
        "Switch src/db.py to an async database driver with create_async_engine",
        TaskCheck(rule="MB111", category="sync-db-driver-in-async-app", path="src/db.py"),
        ("src/db.py",),
    )
    sync_engine = analysis("src/db.py", sig("engine", 7, "engine", **{"async": "0"}))
    async_engine = analysis("src/db.py", sig("engine", 7, "engine", **{"async": "1"}))

    [moot] = follow_up(plan_of(switch), [], [sync_engine], ["src/db.py"])
    [done] = follow_up(plan_of(switch), [], [async_engine], ["src/db.py"])

    assert (moot.done, moot.another_way) == (True, True)
    assert moot.evidence == (Evidence(path="src/db.py", line=7, note="sync engine still here"),)
    assert (done.done, done.another_way) == (True, False)


def test_a_secret_task_done_in_the_code_leaves_its_rotation_undecided() -> None:
    """ "…and rotate it since it has been committed: done" once the key left the code: no
    repository shows a key was rotated (blind check w1). A task with nothing to rotate is done."""
    secret = task(
        "Take the hard-coded secret at settings.json out of the repository, and rotate it",
        TaskCheck(rule="MB107", category="hardcoded-secret", path="settings.json"),
        ("settings.json",),
    )
    narrow = task(
        "Narrow the broad except at app/crud.py",
        TaskCheck(rule="MB106", category="bare-or-broad-except", path="app/crud.py"),
        ("app/crud.py",),
    )

    done = follow_up(plan_of(secret, narrow), [], [], ["settings.json", "app/crud.py"])
    left = follow_up(
        plan_of(secret),
        [finding("MB107", "hardcoded-secret", "high", "settings.json", 3)],
        [],
        ["settings.json"],
    )

    assert [(r.done, r.rotation_unseen) for r in done] == [(True, True), (True, False)]
    assert [(r.done, r.rotation_unseen) for r in left] == [(False, False)]
