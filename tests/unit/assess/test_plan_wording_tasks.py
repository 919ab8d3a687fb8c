"""Plan tasks and open problems worded with the code they are about."""

from __future__ import annotations

from pathlib import Path

from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import Finding, StackItem, Text
from mentorbot.lessons_open import open_lessons
from mentorbot.planning import uses_document_store
from mentorbot.planning_tasks import TaskContext, anchor_files, next_stage_task, stage_tasks
from mentorbot.rules import _wrapped_response_cases as wrapped_cases
from mentorbot.rules.registry import get_rule
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills
from mentorbot.skills_facts import Facts
from tests.unit.assess.scenarios import Scan, finding, plan_files, plan_for


def test_handlers_that_swallow_their_own_http_errors_are_told_to_let_them_through() -> None:
    """Three handlers catching the 404 their try raised were told to "log them or turn them
    into an HTTPException", which they already were."""
    swallowed = [
        finding("MB106", "bare-or-broad-except", "medium", "app/services.py", line).model_copy(
            update={
                "message": Text(
                    zh="也会接住",
                    en="`except Exception` in `update` also catches the `HTTPException` its "
                    f"`try` raises on line {line - 10}, so the client never gets that status",
                )
            }
        )
        for line in (52, 65, 87)
    ]
    scan = Scan(analyses=[], findings=swallowed, stack=[], paths=["app/services.py"])
    broad = Scan(
        analyses=[],
        findings=[finding("MB106", "bare-or-broad-except", "medium", "app/services.py", 52)],
        stack=[],
        paths=["app/services.py"],
    )

    def task(of: Scan) -> str:
        checked = [t for t in plan_for(of).tasks if t.check and t.check.category]
        return next(t.text.en for t in checked if t.check.category == "bare-or-broad-except")

    # The line is the except's: the task says so (it read as the line of the raise).
    assert task(scan).startswith(
        "The broad except at app/services.py:52 catches the HTTPException its try raises: add "
        "`except HTTPException: raise` before it, so the client gets that error"
    )
    assert task(broad).startswith("Narrow the broad except at app/services.py:52")
    # Mixed, the general advice names a handler it fits, not one that swallows a 404.
    plain = finding("MB106", "bare-or-broad-except", "medium", "app/services.py", 95)
    mixed = Scan(analyses=[], findings=[*swallowed, plain], stack=[], paths=["app/services.py"])
    assert task(mixed).startswith("Narrow the broad except at app/services.py:95")


def test_a_mongodb_app_is_told_the_database_stage_is_the_relational_path_beside_it() -> None:
    """A Motor/Beanie app was sent to "async SQLAlchemy 2.0" as if it had picked the wrong
    database."""
    documents = analyze_sources(
        {
            "app/models.py": b"from beanie import Document\n\n\nclass User(Document):\n"
            b"    name: str\n",
            "app/main.py": b"from motor.motor_asyncio import AsyncIOMotorClient\n\n"
            b'client = AsyncIOMotorClient("mongodb://localhost")\n',
        }
    )
    stages = {stage.id: stage for stage in load_curriculum().stages}

    assert uses_document_store(Facts(documents))
    assert not uses_document_store(Facts(analyze_sources({"app/models.py": ORM_MODELS})))
    told = next_stage_task(stages["fastapi-core"], stages["databases"], document_store=True)
    assert told.text.en.endswith(
        "manage the schema with migrations (the relational path, beside the MongoDB you use now)."
    )
    assert told.text.zh.endswith("并行学）。")
    plain = next_stage_task(stages["fastapi-core"], stages["databases"])
    assert plain.text.en.endswith("manage the schema with migrations.")

    checklist = stage_tasks(
        TaskContext(facts=Facts(documents), skills=assess_skills(documents, [], [], [])),
        stages["databases"],
        [False] * len(stages["databases"].checklist),
    )
    assert checklist and all(
        "(the relational path, beside the MongoDB you use now)" in task.text.en
        for task in checklist
    )
    relational = stage_tasks(
        TaskContext(
            facts=Facts(orm := analyze_sources({"app/models.py": ORM_MODELS})),
            skills=assess_skills(orm, [], [], []),
        ),
        stages["databases"],
        [False] * len(stages["databases"].checklist),
    )
    assert not any("relational path" in task.text.en for task in relational)


ORM_MODELS = b"""\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
"""


POLLER = b"""\
import logging

import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
log = logging.getLogger(__name__)


@app.get("/prices/{symbol}")
async def price(symbol: str) -> dict:
    try:
        return {"price": await fetch_price(symbol)}
    except Exception:
        return {"price": None}


async def fetch_price(symbol: str) -> float:
    async with httpx.AsyncClient() as client:
        reply = await client.get(f"https://prices.example/{symbol}")
    return float(reply.json()["price"])


async def poll_prices() -> None:
    while True:
        try:
            await fetch_price("BTC")
        except Exception:
            pass
"""


def test_a_broad_except_outside_any_route_is_not_told_to_raise_an_http_exception() -> None:
    """A polling loop's swallowed error was told to "turn them into an HTTPException", which
    means nothing where no request is being answered."""
    sources = {"app/main.py": POLLER}
    analyses = analyze_sources(sources)

    def task(line: int) -> str:
        broad = finding("MB106", "bare-or-broad-except", "medium", "app/main.py", line)
        scan = Scan(analyses=analyses, findings=[broad], stack=[], paths=sorted(sources))
        checked = [t for t in plan_for(scan).tasks if t.check and t.check.category]
        return next(t.text.en for t in checked if t.check.category == "bare-or-broad-except")

    assert task(14).endswith("log them or turn them into an HTTPException")
    assert task(28).endswith("log them, and let the others reach the caller")


def test_routes_handing_orm_users_to_a_response_helper_are_told_to_convert_them_first() -> None:
    """ "Declare it as the response_model" does nothing for a route that returns the
    ``JSONResponse`` its helper builds: the user must become a schema before it is handed on."""
    files = {path: text.encode() for path, text in wrapped_cases.BAD[0].files.items()}
    findings = [f for f in review_sources(files, with_ruff=False) if f.rule == "MB102"]
    scan = Scan(analyses=analyze_sources(files), findings=findings, stack=[], paths=sorted(files))
    [task] = [t for t in plan_for(scan).tasks if t.check and t.check.rule == "MB102"]

    assert findings[0].message.en == (
        "route `read_user` hands ORM model `User` to `success_response`, which sends every "
        "column of it; give it a pydantic schema instead"
    )
    assert task.text.en.startswith(
        "Turn the ORM object the route at app/routes/users.py:15 hands to its response helper "
        "into a Pydantic schema first"
    )


def test_a_file_that_does_not_parse_is_an_open_problem_of_its_own() -> None:
    """A group of ruff's unused names led by a file that does not parse was titled "Common
    problems found by ruff" and cited the parse error; then "File does not parse" counted the
    unused imports of other files as its 14 more places (blind check corpus 95)."""
    unparsed = finding("MB001", "other", "high", "app/repositories/base.py", 7)
    unused = [finding("MB201", "other", "low", "app/routes.py", line) for line in (1, 2, 3)]

    parse_error, unused_names = open_lessons([*unused, unparsed])

    assert (parse_error.rule, parse_error.path, parse_error.line, parse_error.occurrences) == (
        "MB001",
        "app/repositories/base.py",
        7,
        1,
    )
    assert parse_error.title.en == get_rule("MB001").title.en
    assert (unused_names.rule, unused_names.occurrences) == ("MB201", 3)


def test_open_problems_rank_by_how_many_share_the_leads_severity() -> None:
    """An admin API's reflection said to start with "Other problems" (a parse error leading ten
    of ruff's medium and low findings) while three live credentials sat in its .env (blind check
    corpus 48)."""
    unparsed = finding("MB001", "other", "high", "app/services/excel.py", 2)
    unused = [finding("MB201", "other", "low", "app/routes.py", line) for line in range(1, 11)]
    secrets = [finding("MB107", "hardcoded-secret", "high", ".env", line) for line in (3, 5, 8)]

    lessons = open_lessons([unparsed, *unused, *secrets])

    assert [lesson.rule for lesson in lessons] == ["MB107", "MB001", "MB201"]


def test_connections_opened_per_call_are_told_to_use_a_pool_not_a_session_dependency() -> None:
    """A todo API on raw psycopg opened a connection in every route and was told to "move the
    session creation into a get_session dependency", though it has no session (blind check
    corpus 21)."""
    opened = [
        finding("MB103", "session-per-function", "medium", "app/routers/todo.py", line).model_copy(
            update={
                "message": Text(
                    zh="每次调用都新开一个数据库连接",
                    en="`read_todos` opens a new database connection with `psycopg.connect` on "
                    "every call; make a connection pool at start-up",
                )
            }
        )
        for line in (18, 28)
    ]
    sessions = [
        finding("MB103", "session-per-function", "medium", "app/crud.py", 9).model_copy(
            update={"message": Text(zh="自己创建 session", en="`get` creates its own session")}
        )
    ]

    def task(found: list[Finding]) -> str:
        scan = Scan(analyses=[], findings=found, stack=[], paths=["app/routers/todo.py"])
        checked = [t for t in plan_for(scan).tasks if t.check and t.check.category]
        return next(t.text.en for t in checked if t.check.category == "session-per-function")

    # "Replace the database connections app/routers/todo.py open on every call" read as if
    # the file opened them (blind check corpus 39).
    assert task(opened).startswith(
        "Replace the database connections opened on every call (or shared across requests) in "
        "app/routers/todo.py with a connection pool made at start-up"
    )
    assert task([*opened, *sessions]).startswith("Move the session creation in")


def test_clients_made_per_call_are_told_to_be_made_once_not_to_become_a_session() -> None:
    """A Chroma client made in each route was told "Move the session creation in
    vectordb_routes.py into a get_session dependency" (blind check corpus 80)."""
    made = [
        finding("MB103", "session-per-function", "medium", "routes/vectordb.py", line).model_copy(
            update={
                "message": Text(
                    zh="每次调用都新建一个客户端",
                    en="`init_vectordb` opens a new vector-store client with `ChromaDBConnecter` "
                    "on every call; make one client at start-up (at module level or in the "
                    "lifespan) and share it across the app",
                )
            }
        )
        for line in (57, 88)
    ]
    scan = Scan(analyses=[], findings=made, stack=[], paths=["routes/vectordb.py"])
    checked = [t for t in plan_for(scan).tasks if t.check and t.check.category]
    text = next(t.text.en for t in checked if t.check.category == "session-per-function")
    assert text == (
        "Make the clients routes/vectordb.py create on every call once, at start-up (at module "
        "level or in the lifespan), and share them across the app (2 places)"
    )


def test_a_fallback_secret_is_told_to_go_not_to_move_to_the_environment() -> None:
    """The plan told a secret already read with `os.getenv("SECRET_KEY", "...")` to move into an
    environment variable read by a settings class."""
    fallback = 'import os\n\nSECRET_KEY = os.getenv("SECRET_KEY", "q7W!e9R#t1Y-signing-key")\n'
    literal = 'SECRET_KEY = "q7W!e9R#t1Y-signing-key"\n'

    def secret_task(source: str) -> Text:
        files = {"app/auth.py": source.encode()}
        findings = [f for f in review_sources(files, with_ruff=False) if f.rule == "MB107"]
        scan = Scan(analyses=analyze_sources(files), findings=findings, stack=[], paths=list(files))
        return next(t.text for t in plan_for(scan).tasks if t.check and t.check.rule == "MB107")

    told = secret_task(fallback)
    assert told.en.startswith(
        "Drop the hard-coded fallback secret at app/auth.py:3, so the app fails"
    )
    assert "后备密钥" in told.zh
    assert secret_task(literal).en.startswith("Take the hard-coded secret at app/auth.py:1 out of")


def test_a_django_settings_secret_is_read_in_settings_py_not_by_a_settings_class() -> None:
    """A Django project's key in ``settings.py`` was told to move to "an environment variable
    read by a settings class": the module is the settings already (blind check d2)."""
    settings = 'SECRET_KEY = "django-insecure-q7W!e9R#t1Y-3kz8"\nDEBUG = True\n'
    files = {"todolist/settings.py": settings.encode()}
    findings = [f for f in review_sources(files, with_ruff=False) if f.rule == "MB107"]
    stack = [
        StackItem(name="Django", version="5.0", category="framework", source="requirements.txt")
    ]
    scan = Scan(analyses=analyze_sources(files), findings=findings, stack=stack, paths=list(files))
    [task] = [t.text for t in plan_for(scan).tasks if t.check and t.check.rule == "MB107"]

    assert task.en.startswith(
        "Take the hard-coded secret at todolist/settings.py:1 out of the repository (read it "
        "from an environment variable with os.environ in settings.py"
    )
    assert "settings class" not in task.en and "配置类" not in task.zh


def _routes(*paths: str) -> bytes:
    handlers = "".join(
        f'\n\n@router.get("{path}")\nasync def handler_{index}() -> dict:\n    return {{}}\n'
        for index, path in enumerate(paths)
    )
    return ("from fastapi import APIRouter\n\nrouter = APIRouter()\n" + handlers).encode()


def test_a_checklist_item_on_routes_starts_in_the_busiest_router_not_the_health_check() -> None:
    """A RAG chat was told to push results progressively "— start in app/api/v1/chat.py,
    app/api/v1/documents.py, app/api/v1/health.py": a health check is no place to start; nor
    are routes that call no model a place to stream from (corpus 41, 42, 44, 45)."""
    sources = {
        "app/api/v1/chat.py": _routes("/chat", "/chat/{session_id}"),
        "app/api/v1/documents.py": _routes("/documents", "/documents/{name}", "/documents/search"),
        "app/api/v1/health.py": _routes("/health", "/ping"),
    }
    analyses = analyze_sources(sources)
    fastapi_core = next(s for s in load_curriculum().stages if s.id == "fastapi-core")
    errors = next(i for i in fastapi_core.checklist if "status code" in i.text.en)
    streaming = next(i for i in fastapi_core.checklist if "progressively" in i.text.en)
    context = TaskContext(facts=Facts(analyses), skills=assess_skills(analyses, [], [], []))

    assert anchor_files(context, errors) == ("app/api/v1/documents.py", "app/api/v1/chat.py")
    assert anchor_files(context, streaming) == ()
    health_only = analyze_sources({"app/api/v1/health.py": sources["app/api/v1/health.py"]})
    alone = TaskContext(facts=Facts(health_only), skills=assess_skills(health_only, [], [], []))
    assert anchor_files(alone, errors) == ("app/api/v1/health.py",)
    with_model = analyze_sources(
        {**sources, "app/services/llm.py": b"from openai import OpenAI\n\nclient = OpenAI()\n"}
    )
    llm = TaskContext(facts=Facts(with_model), skills=assess_skills(with_model, [], [], []))
    assert anchor_files(llm, streaming) == ("app/services/llm.py",)


def test_secrets_only_in_a_committed_env_file_are_a_task_to_stop_committing_it() -> None:
    """A weather API read its key through a pydantic-settings class; the plan still told it to
    take the secret at .env:3 out "(an environment variable read by a settings class...)"
    (blind check corpus 43)."""
    key = "7f3c9a1e5b2d8f4a6c0e9b1d3f5a7c2e"
    sources = {
        ".env": f"# weather\nDEBUG=1\nOPENWEATHER_API_KEY={key}\n".encode(),
        "app/config.py": f'"""Settings."""\n\nimport os\n\nWEATHER_API_KEY = "{key}"\n'.encode(),
    }
    found = [f for f in review_sources(sources, []) if f.rule == "MB107"]
    in_env = [f for f in found if f.path == ".env"]
    in_code = [f for f in found if f.path == "app/config.py"]
    assert [(f.path, f.line) for f in found] == [(".env", 3), ("app/config.py", 5)]

    def task(found: list[Finding]) -> str:
        scan = Scan(analyses=[], findings=found, stack=[], paths=[".env", "app/config.py"])
        return next(t.text.en for t in plan_for(scan).tasks if "secret" in t.text.en)

    assert task(in_env) == (
        "Stop committing .env: take it out of git with `git rm --cached .env`, list it in "
        ".gitignore and commit a .env.example with empty values; then rotate the secrets it "
        "held, as the history keeps them"
    )
    assert task(in_code).startswith("Take the hard-coded secret at app/config.py:5 out of")


def test_a_coroutine_called_from_a_plain_def_is_not_told_to_add_an_await(tmp_path: Path) -> None:
    """ "Add the missing await at app.py:143" pointed into a plain def, where an await is a
    syntax error (blind check corpus 50)."""
    sources = {
        "requirements.txt": b"fastapi==0.115.0\n",
        "app/mail.py": b"async def send_reset(email: str) -> None:\n    print(email)\n",
        "app/routes.py": (
            b"from fastapi import APIRouter\n\nfrom app.mail import send_reset\n\n"
            b"router = APIRouter()\n\n\n"
            b'@router.post("/reset")\ndef request_reset(email: str) -> dict[str, str]:\n'
            b'    send_reset(email)\n    return {"sent": email}\n'
        ),
    }
    planned = plan_files(tmp_path / "plain", sources)
    [task] = [t for t in planned.plan.tasks if t.check and t.check.category == "missing-await"]
    assert task.text.en.startswith(
        "The coroutine at app/routes.py:10 is called from the plain def `request_reset`, where "
        "it can be neither awaited nor run: make `request_reset` an async def and await it"
    )
    assert "普通函数 `request_reset`" in task.text.zh

    awaited = dict(sources)
    awaited["app/routes.py"] = sources["app/routes.py"].replace(
        b"def request", b"async def request"
    )
    planned = plan_files(tmp_path / "async", awaited)
    [task] = [t for t in planned.plan.tasks if t.check and t.check.category == "missing-await"]
    assert task.text.en.startswith("Add the missing await at app/routes.py:10")
