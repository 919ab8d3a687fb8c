"""The words of a blocking call's advice: what to use instead of each kind of call that holds
an async app's event loop, and how a blocking database call's advice names the async session,
driver or thread to use."""

from __future__ import annotations

DB_CALL_VALUES = {
    "async_db": (
        "异步的会话或驱动（`AsyncSession`、aiosqlite、asyncpg）",
        "an async session or driver (`AsyncSession`, aiosqlite, asyncpg)",
    ),
    "instead": ("把这个路由写成普通的 `def`", "make the route a plain `def`"),
}
"""What a blocking database call's advice names by default: where the project queries through
one sync driver of its own, that driver's async counterpart; outside a route (an async service
function), a thread instead of a plain ``def`` route."""
DRIVER_ASYNC_DB = ("异步驱动（{driver}）", "an async driver ({driver})")
ENGINE_ASYNC_DB = (
    "异步会话（`AsyncSession`，驱动用 {driver}）",
    "an async session (`AsyncSession`) over {driver}",
)
OUTSIDE_ROUTE_INSTEAD = (
    "用 `await asyncio.to_thread(...)` 执行这个查询",
    "run the query with `await asyncio.to_thread(...)`",
)

BLOCKING_ADVICE: tuple[tuple[str, str, str, int, bool], ...] = (
    (
        r"(^|\.)sleep$",
        "改用 `await asyncio.sleep(...)`",
        "use `await asyncio.sleep(...)`",
        1,
        True,
    ),
    (
        r"(^|_)result\.(get|wait)$|AsyncResult",
        "不要在请求里等任务结果：返回任务 id，让客户端轮询 `AsyncResult(task_id).state`",
        "do not wait for the task inside the request: return its id and let the client poll "
        "`AsyncResult(task_id).state`",
        0,
        False,
    ),
    (
        r"^(requests|urllib3?|http\.client)\.|^requests_",
        "改用 `httpx.AsyncClient` 并 await 请求",
        "use `httpx.AsyncClient` and await the request",
        1,
        True,
    ),
    (
        r"^stripe\.",
        "改用 stripe 的异步方法（`create_async`、`retrieve_async`……，stripe 10 起提供）并 await，"
        "或者用 `await asyncio.to_thread(...)` 调用",
        "use stripe's async methods (`create_async`, `retrieve_async`, …, since stripe 10) and "
        "await them, or make the call with `await asyncio.to_thread(...)`",
        1,
        True,
    ),
    (
        r"^cloudinary\.",
        "cloudinary 的 SDK 没有异步接口：用 `await asyncio.to_thread(...)` 调用它",
        "cloudinary's SDK has no async API: call it with `await asyncio.to_thread(...)`",
        1,
        False,
    ),
    (
        r"(completions|embeddings|responses|messages)\.create$|^openai\.\w+\.create$",
        "改用所调用 SDK 的异步客户端（`AsyncOpenAI`、`AsyncGroq`、`AsyncAnthropic`……）"
        "并 await 请求",
        "use the async client of the SDK you call (`AsyncOpenAI`, `AsyncGroq`, "
        "`AsyncAnthropic`, …) and await the request",
        0,
        True,
    ),
    (
        r"\.(invoke|run|batch|stream)$",
        "改用异步接口：`ainvoke` / `astream` / `abatch`",
        "use the async API: `ainvoke` / `astream` / `abatch`",
        0,
        True,
    ),
    (
        r"^(pandas|pdfplumber|fitz|pymupdf|pypdf|PyPDF2|docx|openpyxl|cv2|PIL)\.",
        "把读取和解析文档的调用放进 `await asyncio.to_thread(...)`：aiofiles 只能异步读字节，"
        "解析仍然占着事件循环",
        "run the document's reading and parsing in `await asyncio.to_thread(...)`: aiofiles only "
        "reads the bytes, and the parsing would still hold the event loop",
        3,
        False,
    ),
    (
        r"(^|\.)open$|\.(read_text|write_text|read_bytes|write_bytes)$|^json\.(load|dump)$"
        r"|\.to_(csv|excel|parquet|feather|pickle)$|^(shutil|tempfile)\.",
        "把文件读写放进 `await asyncio.to_thread(...)`，或者用 aiofiles",
        "run the file work in `await asyncio.to_thread(...)`, or use aiofiles",
        3,
        False,
    ),
    (
        r"\.(find_one|insert_one|insert_many|update_one|update_many|replace_one|delete_one"
        r"|delete_many|count_documents|aggregate|bulk_write|find_one_and_\w+)$",
        "改用 Motor 或 PyMongo 的 `AsyncMongoClient` 并 await 它的查询",
        "use Motor or PyMongo's `AsyncMongoClient` and await its queries",
        2,
        True,
    ),
    (
        r"^(db|session|sess|conn|connection|cursor)\w*\."
        r"|\((db|session)\)$|\.(commit|refresh|flush|rollback|execute)$"
        r"|^(sqlite3|psycopg2?|pymysql|MySQLdb|mysql\.connector)\.connect$",
        "改用{async_db}并 await 它的调用，或者{instead}",
        "use {async_db} and await its calls, or {instead}",
        2,
        False,
    ),
    (
        r"redis",
        "改用 `redis.asyncio` 的客户端",
        "use the `redis.asyncio` client",
        2,
        True,
    ),
    (
        r"^subprocess\.",
        "改用 `asyncio.create_subprocess_exec`",
        "use `asyncio.create_subprocess_exec`",
        2,
        True,
    ),
)
"""What to use instead of a blocking call, by the call's name: (pattern, zh, en, rank, needs
async); the rank says how long such a call holds the loop (0: a completion or a task's result,
seconds; 3: a local file), so the longest is named first (``blocking_order``). Advice that needs
async code (``await asyncio.sleep``, an async client) cannot go into a sync helper as it is."""
RUFF_BLOCKING_CALLS = {
    "ASYNC210": "requests.get",
    "ASYNC212": "requests.get",
    "ASYNC220": "subprocess.run",
    "ASYNC221": "subprocess.run",
    "ASYNC222": "subprocess.run",
    "ASYNC230": "open",
    "ASYNC251": "time.sleep",
}
"""A call of the kind each of ruff's blocking-call codes reports, to pick the advice by."""
BLOCKING_FALLBACK = (
    "换成它的异步版本，或者用 `await asyncio.to_thread(...)` 放进线程执行",
    "use its async counterpart, or run it with `await asyncio.to_thread(...)`",
)
