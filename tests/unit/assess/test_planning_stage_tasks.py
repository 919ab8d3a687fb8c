"""The plan's tasks for the stage and for findings: what each names, and in which words."""

from __future__ import annotations

from pathlib import Path

from mentorbot.curriculum.loader import Stage, load_curriculum
from mentorbot.domain import StackItem
from mentorbot.planning_stage import StageProgress, choose_stage
from mentorbot.planning_tasks import TaskContext, stage_tasks
from mentorbot.skills import assess_skills
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    covered_api,
    facts_of,
    finding,
    module,
    plan_files,
    plan_for,
    route,
    sig,
)


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
        "schema with migrations (2 of its 6 items are already backed by your code)."
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


def test_a_stage_barely_begun_is_the_current_one_however_far_later_stages_got() -> None:
    """Two bare routes beside a Celery worker: FastAPI core 1/6 was left behind because the
    databases stage was at half, which was left behind for the jobs stage, and the plan sent
    the learner on to AI agents, of which the repo had nothing (blind check corpus 64)."""
    stages = load_curriculum().stages
    ticked = {"python-foundations": 3, "fastapi-core": 1, "databases": 3, "jobs-and-caching": 3}

    def progress(stage: Stage) -> StageProgress:
        left = ticked.get(stage.id, 0)
        done: list[bool] = []
        for item in stage.checklist:
            done.append(item.query is not None and not item.found_only and left > 0)
            left -= done[-1]
        return StageProgress(stage, tuple(done))

    choice = choose_stage([progress(stage) for stage in stages])

    assert stages[choice.index].id == "fastapi-core"
    assert choice.left_behind == ()
    # Half of the FastAPI stage done: the databases stage, further along, leaves it behind.
    ticked.update({"fastapi-core": 3, "databases": 4})
    choice = choose_stage([progress(stage) for stage in stages])
    assert stages[choice.index].id == "ai-agents-rag"
    assert [stages[at].id for at in choice.left_behind] == ["fastapi-core", "databases"]


def test_the_pydantic_models_item_starts_where_input_comes_in_not_at_the_orm_models() -> None:
    """A bot with SQLAlchemy models was told "Data structures defined as Pydantic BaseModels —
    start in database/category.py, database/user.py", its ORM models (blind check corpus 75)."""
    bot = Scan(
        analyses=[
            analysis(
                "handlers/registration.py",
                module(3, 0, False),
                sig("bot-handler", 12, "register", library="telegram"),
                sig("async-def", 12, "register", awaits="2"),
            ),
            analysis("database/user.py", module(0, 0, False), sig("orm-model", 6, "User")),
        ],
        findings=[],
        stack=[],
        paths=["handlers/registration.py", "database/user.py"],
    )

    plan = plan_for(bot)

    [task] = [t for t in plan.tasks if "Pydantic BaseModels" in t.text.en]
    assert task.files == ("handlers/registration.py",)


def test_the_llm_item_names_no_route_file_of_a_project_without_a_model() -> None:
    """ "An LLM is called — start in src/app/endpoints/auth.py, ..." sent a task tracker's
    learner to add a model call to the login routes (blind check corpus 92): where a first
    model call belongs is the learner's choice, not a file the review can point at."""
    api = Scan(
        analyses=[
            analysis(
                "app/endpoints/auth.py",
                module(2, 0, False),
                route(8, "login", "POST", "/login"),
                route(14, "register", "POST", "/register"),
            ),
            analysis("app/endpoints/tasks.py", module(1, 0, False), route(6, "tasks", "GET", "/")),
        ],
        findings=[],
        stack=[],
        paths=["app/endpoints/auth.py", "app/endpoints/tasks.py"],
    )
    [ai_stage] = [stage for stage in load_curriculum(None).stages if stage.id == "ai-agents-rag"]
    context = TaskContext(facts_of(api), assess_skills(api.analyses, [], [], api.paths, []))

    tasks = stage_tasks(context, ai_stage, [False] * len(ai_stage.checklist))

    [llm_task] = [task for task in tasks if "An LLM is called" in task.text.en]
    assert llm_task.text.en == "Stage checklist: An LLM is called"
    assert llm_task.files == ()


FRUIT_SHOP = b"""\
from typing import List

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

engine = create_engine("sqlite:///./fruits.db")
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()
app = FastAPI()


class Fruit(Base):
    __tablename__ = "fruits"
    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)


class FruitCreate(BaseModel):
    name: str


class FruitResponse(BaseModel):
    id: int
    name: str


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/fruits", response_model=List[FruitResponse])
def list_fruits(db: Session = Depends(get_db)):
    return db.query(Fruit).all()


@app.post("/fruits", response_model=FruitResponse, status_code=201)
def add_fruit(fruit: FruitCreate, db: Session = Depends(get_db)):
    row = Fruit(name=fruit.name)
    db.add(row)
    db.commit()
    return row


@app.get("/fruit/{fruit_id}", response_model=FruitResponse)
def get_fruit(fruit_id: int, db: Session = Depends(get_db)):
    row = db.get(Fruit, fruit_id)
    if row is None:
        raise HTTPException(status_code=404, detail="no such fruit")
    return row
"""


def test_the_next_stage_says_how_much_of_it_the_code_already_shows(tmp_path: Path) -> None:
    """A FastAPI CRUD app without type hints or docstrings stays in Python foundations, and
    its long-term step read "Next stage, FastAPI core: build routes, validation, dependency
    injection" beside a matrix rating its FastAPI proficient (blind check m1)."""
    sources = {"main.py": FRUIT_SHOP, "requirements.txt": b"fastapi==0.115.0\n"}
    plan = plan_files(tmp_path, sources).plan

    assert plan.stage_id == "python-foundations"
    [long_term] = [task for task in plan.tasks if task.horizon == "long"]
    assert long_term.text.en.startswith("Next stage, FastAPI core: ")
    assert long_term.text.en.endswith(" items are already backed by your code).")
    assert "项）。" in long_term.text.zh
