"""The plan's tasks for blocking calls, sync drivers and engines, built SQL and migrations."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import PlanTask, StackItem, Text
from mentorbot.lessons_open import open_lessons
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    finding,
    plan_files,
    plan_for,
    sig,
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
            "update_menu → openpyxl.load_workbook",
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
        # aiofiles reads bytes; the workbook would still be parsed on the loop (corpus 65).
        "update_menu → openpyxl.load_workbook": "run the document's reading and parsing in "
        "`await asyncio.to_thread(...)`: aiofiles only reads the bytes, and the parsing would "
        "still hold the event loop",
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
    sources = {
        "report.py": (
            b'def report(stock: dict) -> str:\n    return f"Water: {stock.get("water")}ml"\n'
        )
    }
    planned = plan_files(tmp_path, sources)
    findings, plan = planned.findings, planned.plan

    assert [(f.rule, f.severity) for f in findings] == []
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


def test_a_later_call_that_needs_another_fix_is_named_with_its_own() -> None:
    """A blocking HTTP request led, and the task's one advice (use ``httpx.AsyncClient``) was
    said "also" of a sync Redis client's calls in app/cache.py, whose fix is redis.asyncio
    (blind check h3)."""

    def blocking(path: str, line: int, call: str) -> object:
        return finding("MB101", "blocking-call-in-async", "high", path, line).model_copy(
            update={
                "message": Text(
                    zh=f"`ingest` 是 async 函数，但直接调用了阻塞的 `{call}`，会卡住事件循环",
                    en=f"`{call}` blocks the event loop inside async function `ingest`",
                )
            }
        )

    findings = [
        blocking("app/api/documents.py", 35, "requests.head"),
        blocking("app/cache.py", 20, "r.get"),
    ]
    scan = Scan(
        analyses=[],
        findings=findings,  # type: ignore[arg-type]
        stack=[],
        paths=["app/api/documents.py", "app/cache.py"],
    )
    [task] = [t for t in plan_for(scan).tasks if t.check and t.check.rule == "MB101"]

    first, other = task.text.en.split("; ", 1)
    assert "`requests.head` at app/api/documents.py:35" in first and "httpx" in first
    assert other.startswith("`r.get` at app/cache.py:20 needs another fix: ")
    assert "httpx" not in other
    assert "app/cache.py:20 的 `r.get` 要换一种改法：" in task.text.zh
