"""The words of the tasks made from findings: one sentence per category, and what an
``other`` finding is (by its ruff code) so a task names it instead of a rule id. A blocking
call's advice is ``planning_blocking_advice``'s."""

from __future__ import annotations

# category -> (zh, en); {where} is the first finding's path:line, {files} the files involved.
FINDING_TASKS: dict[str, tuple[str, str]] = {
    "blocking-call-in-async": (
        "别在 async 函数里阻塞事件循环，先改 {what}：{advice}",
        "Stop blocking the event loop in async functions, starting with {what}: {advice}",
    ),
    "missing-await": (
        "补上 {where} 处漏掉的 await，并确认返回值真的被用到",
        "Add the missing await at {where} and check that the result is actually used",
    ),
    "orm-as-response-model": (
        "给 {where} 的路由定义单独的 Pydantic 响应 schema（如 {schema}）并声明为 "
        "response_model，不要让 ORM 类充当响应",
        "Give the route at {where} its own Pydantic response schema (e.g. {schema}) and declare "
        "it as the response_model, so the ORM class no longer is the response",
    ),
    "session-per-function": (
        "把 {files} 里在函数内部自己创建 session 的写法，收拢成一个 get_session 依赖，用 "
        "Depends 注入",
        "Move the session creation in {files} into a get_session dependency and inject it with "
        "Depends",
    ),
    "pydantic-v1-api-in-v2": (
        "把 {files} 中的 Pydantic v1 写法（{apis}）改成 v2 接口",
        "Port the Pydantic v1 API in {files} ({apis}) to the v2 API",
    ),
    "bare-or-broad-except": (
        "把 {where} 的宽泛 except 改成只捕获预期的异常，并记录日志或转换成 HTTPException",
        "Narrow the broad except at {where} to the exceptions you expect, and log them or turn "
        "them into an HTTPException",
    ),
    "hardcoded-secret": (
        "把 {where} 写死的密钥移出仓库（用配置类读取环境变量；.env 文件不要提交），"
        "并尽快更换这个已经进过仓库的密钥",
        "Take the hard-coded secret at {where} out of the repository (an environment variable "
        "read by a settings class; a .env file kept out of git), and rotate it since it has "
        "been committed",
    ),
    "sql-string-formatting": (
        "把 {where} 用字符串拼出来的 SQL 改成绑定参数（text() 加参数，或 ORM 查询）",
        "Rewrite the string-built SQL at {where} with bound parameters (text() with params, or "
        "an ORM query)",
    ),
    "sync-db-driver-in-async-app": (
        "把 {files} 的同步数据库驱动换成异步驱动（{async_driver}），改用 create_async_engine",
        "Switch {files} to an async database driver ({async_driver}) with create_async_engine",
    ),
    "other": (
        "修掉检查出来的其他问题：{kinds}，从 {where} 开始",
        "Fix the other problems the checks found: {kinds}, starting at {where}",
    ),
}
HANDED_ORM_TASK = (
    "在 {where} 把 ORM 对象交给响应辅助函数之前，先把它转换成 Pydantic 输出模型"
    "（如 UserOut.model_validate(user)）",
    "Turn the ORM object the route at {where} hands to its response helper into a Pydantic "
    "schema first (e.g. UserOut.model_validate(user))",
)
"""MB102's task where the routes hand the ORM object to a helper that builds the JSON answer:
a ``response_model`` does nothing for a ``JSONResponse`` returned as it is."""
HANDS_ORM = "hands ORM model"
CONNECTION_TASK = (
    "把 {files} 里每次调用都新开（或全局共用）的数据库连接，换成启动时建好的连接池，"
    "由依赖为每个请求借出一个连接",
    "Replace the database connections opened on every call (or shared across requests) in "
    "{files} with a connection pool made at start-up, from which a dependency lends each "
    "request one",
)
"""MB103's task where every finding is a driver's connection, not an ORM session."""
CONNECTION_FINDING = "database connection"
"""What MB103's messages about a driver's connection say (no session is involved)."""
CLIENT_TASK = (
    "{files} 每次调用都新建客户端：改成启动时（模块级或 lifespan 里）只建一个，整个应用共用",
    "Make the clients {files} create on every call once, at start-up (at module level or in "
    "the lifespan), and share them across the app",
)
"""MB103's task where every finding is a client (a vector store's, Redis, Mongo): no session
and no pool to lend from."""
CLIENT_FINDING = "make one client at start-up"
"""What MB103's messages about a client say."""

SWALLOWED_HTTP_ERROR_TASK = (
    "{where} 的宽泛 except 接住了它的 try 里抛出的 HTTPException：在它之前加上 "
    "`except HTTPException: raise`，让这个错误传到客户端",
    "The broad except at {where} catches the HTTPException its try raises: add `except "
    "HTTPException: raise` before it, so the client gets that error",
)
"""MB106's task where every handler catches the ``HTTPException`` its own ``try`` raises: the
error is already answered, only swallowed."""
SWALLOWS_HTTP_ERROR = "also catches the `HTTPException`"
FALLBACK_SECRET_TASK = (
    "去掉 {where} 读取环境变量时写死的后备密钥，变量没设置就让应用启动失败；"
    "如果这个值曾经真的用过，就把它换掉",
    "Drop the hard-coded fallback secret at {where}, so the app fails at start-up when the "
    "environment variable is unset; rotate the value if it was ever used",
)
"""MB107's task where every secret is the fallback of a variable read from the environment: it
is read from there already."""
ENV_FILE_SECRET_TASK = (
    "别再提交 {file}：用 `git rm --cached {file}` 把它移出仓库、写进 .gitignore，"
    "另外提交一个值留空的 .env.example；再把它里面的密钥换掉，因为历史里还留着它们",
    "Stop committing {file}: take it out of git with `git rm --cached {file}`, list it in "
    ".gitignore and commit a .env.example with empty values; then rotate the secrets it held, "
    "as the history keeps them",
)
"""MB107's task where every secret is in a committed ``.env`` file: the code reads it already."""
CREDENTIALS_FILE_TASK = (
    "别再提交 {file}：用 `git rm --cached {file}` 把它移出仓库、写进 .gitignore，"
    "放回它的工具读取的位置；再换掉里面的密钥，因为历史里还留着它",
    "Stop committing {file}: take it out of git with `git rm --cached {file}`, list it in "
    ".gitignore and keep it where its tool reads it; then rotate the key it held, as the "
    "history keeps it",
)
"""MB107's task where every secret is in a committed credentials file (``kaggle.json``)."""
STREAMLIT_SECRETS_TASK = (
    "别再提交 {file}：用 `git rm --cached {file}` 把它移出仓库，并让 .gitignore 继续挡住它"
    "（如果 .gitignore 已经列了它，它是被 `git add -f` 强行加进来的，以后别再这样加）；"
    "代码照旧用 st.secrets 读取，部署时把这些值填进 Streamlit Cloud 应用的 Secrets 设置；"
    "再换掉里面的密钥，因为历史里还留着它们",
    "Stop committing {file}: take it out of git with `git rm --cached {file}` and keep it "
    "listed in .gitignore (if .gitignore lists it already, `git add -f` forced it in: don't "
    "force it again); the code keeps reading it with st.secrets, and the deployed app gets the "
    "values from its Secrets settings on Streamlit Cloud; then rotate the keys it held, as the "
    "history keeps them",
)
"""MB107's task where every secret is in a committed ``.streamlit/secrets.toml``: the file is
where Streamlit reads them, so no settings class or ``.env`` is wanted (blind check h2)."""
BROWSER_KEY_TASK = (
    "把 {file} 里的密钥移出前端：前端构建会把它打包进每个访客下载的 JavaScript。"
    "改由后端从环境变量读取（变量名不带前端的公开前缀），让浏览器调用后端的路由、由后端去调用这个服务；"
    "再换掉这个密钥，因为历史和已发布的页面里都还留着它",
    "Take the key in {file} out of the frontend: its build puts it in the JavaScript every "
    "visitor downloads. Let the backend read it from the environment (under a name without the "
    "frontend's public prefix) and have the browser call a backend route that calls the "
    "service; then rotate the key, as the history and the published bundle keep it",
)
"""MB107's task where every secret sits under a name the frontend ships to the browser
(``VITE_...``): keeping the file out of git would still publish the key (blind check m1)."""
DJANGO_SECRET_TASK = (
    "把 {where} 写死的密钥移出仓库（在 settings.py 里用 os.environ 读取环境变量；"
    ".env 文件不要提交），并尽快更换这个已经进过仓库的密钥",
    "Take the hard-coded secret at {where} out of the repository (read it from an environment "
    "variable with os.environ in settings.py; a .env file kept out of git), and rotate it since "
    "it has been committed",
)
"""MB107's task in a Django project's settings module: it is the settings already, no class
to add (blind check d2)."""
DRIVER_TASK = (
    "把 {files} 的同步驱动 {driver} 换成异步驱动（{async_driver}），并 await 它的每个查询",
    "Switch {files} from the sync driver {driver} to an async one ({async_driver}) and await "
    "its queries",
)
"""MB111's task where the sync code is a database driver used directly, not SQLAlchemy."""
PLAIN_DEF_ROUTE_TASK = (
    "{files} 的同步引擎被异步路由 `{function}` 使用，而其他路由都是普通 `def`：把 `{function}` "
    "也改成普通 `def`（FastAPI 会在线程池里运行它），或者整体换成异步驱动（{async_driver}），"
    "改用 create_async_engine",
    "The sync engine in {files} is used from the async route `{function}` while the other "
    "routes are plain `def`: make `{function}` a plain `def` too, which FastAPI runs in its "
    "thread pool, or go async end to end with an async driver ({async_driver}) and "
    "create_async_engine",
)
"""MB111's task where one async route stands among plain ``def`` ones: "switch the data layer
to an async driver" beside "keep those routes plain def" read as opposite advice (blind check
m1)."""
ASYNC_DRIVERS: dict[str, tuple[str, str]] = {
    "psycopg2": (
        "asyncpg，或 psycopg 3 的 AsyncConnection",
        "asyncpg, or psycopg 3's AsyncConnection",
    ),
    "psycopg": ("psycopg 的 AsyncConnection", "psycopg's AsyncConnection"),
    "pymysql": ("aiomysql 或 asyncmy", "aiomysql or asyncmy"),
    "mysql": ("aiomysql 或 asyncmy", "aiomysql or asyncmy"),
    "MySQLdb": ("aiomysql 或 asyncmy", "aiomysql or asyncmy"),
    "pymongo": ("PyMongo 的 AsyncMongoClient，或 Motor", "PyMongo's AsyncMongoClient, or Motor"),
    "sqlite3": ("aiosqlite", "aiosqlite"),
}
"""The async drivers to name for each sync one MB111 reports, or a blocking query names."""
ENGINE_DRIVERS: tuple[tuple[tuple[str, ...], tuple[str, ...], str, str], ...] = (
    (
        ("psycopg",),
        ("postgresql+psycopg",),
        "psycopg 3 的异步模式：同样的 postgresql+psycopg 地址",
        "psycopg 3 in its async mode, on the same postgresql+psycopg URL",
    ),
    (("psycopg2", "psycopg2-binary", "asyncpg"), ("postgresql", "postgres"), "asyncpg", "asyncpg"),
    (
        ("pymysql", "mysqlclient", "mysql-connector-python"),
        ("mysql",),
        "aiomysql 或 asyncmy",
        "aiomysql or asyncmy",
    ),
    (("aiosqlite",), ("sqlite",), "aiosqlite", "aiosqlite"),
)
"""For a sync SQLAlchemy engine, the async driver to name: by the driver the project declares
(a psycopg 3 project needs no new driver), else by the scheme of the engine's URL (a driver
left out of the requirements); neither: "asyncpg / aiosqlite"."""
ANY_ASYNC_DRIVER = ("asyncpg / aiosqlite", "asyncpg / aiosqlite")
DBAPI_SQL_TASK = (
    "把 {where} 用字符串拼出来的 SQL 改成占位符，"
    "值作为参数传给 execute()（cursor.execute(sql, params)）",
    "Rewrite the string-built SQL at {where} with placeholders, its values passed to execute() "
    "as parameters (cursor.execute(sql, params))",
)
"""The same task for a project that talks SQL through a DB-API driver, not SQLAlchemy."""
IDENTIFIER_SQL_TASK = (
    "{where} 拼进 SQL 的是表名或列名，它无法作为参数绑定：先用已知表名/列名的白名单检查它"
    "（或用驱动的标识符引用，如 psycopg2 的 sql.Identifier）",
    "Check the table or column name formatted into the SQL at {where} against a whitelist of "
    "the known tables/columns (or quote it with the driver's identifier quoting, e.g. "
    "psycopg2's sql.Identifier): a name cannot be bound as a parameter",
)
"""The task where only table or column names are formatted into the statements, every value
bound: placeholders cannot take a name (blind check s2)."""
OTHER_KINDS: dict[str, tuple[str, str, str]] = {
    "MB001": ("语法错误", "syntax error", "syntax errors"),
    "F821": ("未定义的名字", "undefined name", "undefined names"),
    "F401": ("没有用到的导入", "unused import", "unused imports"),
    "F841": ("没有用到的变量", "unused variable", "unused variables"),
    "F811": ("覆盖了前一个定义的重复定义", "redefinition", "redefinitions"),
    "F632": (
        "用 is 比较字面量",
        "`is` comparison with a literal",
        "`is` comparisons with a literal",
    ),
    "B006": ("可变的默认参数", "mutable default argument", "mutable default arguments"),
    "RUF006": ("没有保存的 create_task 任务", "task nobody keeps", "tasks nobody keeps"),
    "S307": ("eval 调用", "`eval` call", "`eval` calls"),
    "S113": ("没有设置 timeout 的请求", "request without a timeout", "requests without a timeout"),
}
"""What an ``other`` finding is, by ruff code (or our rule), in words: (zh, en one, en many)."""
WITHOUT_ROUTES_TASKS: dict[str, tuple[str, str]] = {
    "bare-or-broad-except": (
        "把 {where} 的宽泛 except 改成只捕获预期的异常，记录日志，其余的让调用方看到",
        "Narrow the broad except at {where} to the exceptions you expect, log them, and let "
        "the others reach the caller",
    ),
}
"""The wording for code that answers no request: a command-line tool, a background loop or a
helper outside the routes has no client to send an HTTPException to."""
SYNC_CALLER_AWAIT_TASK = (
    "{where} 的协程是在普通函数 `{function}` 里调用的，那里既不能 await 它，它也不会运行："
    "把 `{function}` 改成 async def 再 await 它，或者交给 BackgroundTasks 在响应之后运行",
    "The coroutine at {where} is called from the plain def `{function}`, where it can "
    "be neither awaited nor run: make `{function}` an async def and await it, or hand it to "
    "BackgroundTasks to run after the response",
)
"""A coroutine a plain ``def`` calls: "add the missing await" would be a syntax error there."""
SOCKET_EXCEPT_TASK = (
    "把 {where} 的宽泛 except 改成只捕获预期的异常：客户端断开用 `WebSocketDisconnect`，"
    "其余的记录日志，再用 1011 关闭连接",
    "Narrow the broad except at {where} to the exceptions you expect: `WebSocketDisconnect` "
    "for a client that left; log the rest and close the socket with code 1011",
)
"""A websocket handler after ``accept()``: an HTTPException can no longer reach its client."""
