"""The fixed vocabulary of signals a Python file can show.

A signal is a fact, not a judgement: "this file defines a route", "this class is an ORM model".
The skill rubric, the achievements and the project-level rules read signals instead of
re-parsing files, so the analysis of a file can be cached by its content.

Each entry: kind -> (what ``name`` holds, the ``data`` keys it may carry).
"""

from __future__ import annotations

SIGNAL_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "module": ("", ("functions", "annotated_functions", "classes", "docstring")),
    "import": ("top-level module name, e.g. fastapi", ("from",)),
    "submodule-import": ("module or name imported under google, azure or aiohttp", ()),
    "app": ("variable name", ("type",)),  # type: FastAPI | APIRouter
    "include-router": (
        "the included router's variable",
        ("module", "stem", "resolved", "prefix"),
    ),
    "route": (
        "handler function",
        (
            "method",
            "path",
            "async",
            "response_model",
            "response_via",
            "returns",
            "depends",
            "end",
            "router",
        ),
    ),
    "flask-route": ("handler function", ("method", "path")),
    "sanic-route": ("handler function of a Sanic app or blueprint", ("method", "path")),
    "aiohttp-route": ("handler function of an aiohttp app", ("method", "path")),
    "django-view": (
        "view function or class of a Django project; detail: the auth guarding it",
        ("guard", "open", "writes", "creates", "drf", "bases"),
    ),
    "graphql-endpoint": (
        "the path a GraphQL schema is served at (the view when not known); detail: the view",
        ("path", "library", "async"),
    ),
    "graphql-operation": (
        "a query, mutation or subscription the schema offers; detail: which",
        ("operation", "library", "async"),
    ),
    "bot-handler": ("handler function of a chat bot", ("library",)),
    "socket-handler": (
        "a websockets server's connection handler or a Socket.IO event handler; detail: its "
        "library and event",
        ("library", "event"),
    ),
    "bot-error-handler": ("error handler function of a chat bot", ("library",)),
    "depends": ("dependency callable name", ("function", "router")),
    "dependency-alias": ("alias name (SessionDep = Annotated[X, Depends(...)])", ("dependency",)),
    "typed-param": ("a route parameter's type as a bare name (maybe an alias)", ("function",)),
    "orm-model": ("class name", ("base", "table")),
    "document-model": ("class name of a MongoDB document", ("base", "library")),
    "core-table": ("table name of a SQLAlchemy Core Table(...)", ("variable",)),
    "db-client": ("variable name of a database client", ("async", "library")),
    "pydantic-model": ("class name", ("base", "v1_config", "v2_config")),
    "settings": ("class name", ("base", "v1_config")),
    "config-class": ("class name of plain UPPER_CASE settings (Flask's from_object)", ("base",)),
    "async-def": ("function name", ("awaits", "class")),
    "sync-def": ("function name", ("class",)),
    "decorator-def": ("function name of a decorator the project defines", ()),
    "engine": ("variable name", ("async", "url_scheme")),
    "session-factory": ("variable name", ("async",)),
    "create-all": ("", ()),
    "alembic-op": ("operation, e.g. create_table", ("table",)),
    "alembic-revision": ("upgrade, the line of its def", ("empty",)),
    "compose-setting": (
        "env_file, volumes, healthcheck or service_healthy of a compose file; user, "
        "image_healthcheck or multi_stage of a Dockerfile",
        (),
    ),
    "exception-handler": ("handled exception name", ()),
    "http-exception": (
        "Django's or its REST framework's call or exception that answers (get_object_or_404, "
        "Http404), else empty",
        ("status", "framework"),
    ),
    "error-response": ("response class name, e.g. JSONResponse", ("status",)),
    "custom-exception": ("class name", ("base",)),
    "custom-raise": ("exception class name, imported or defined in the file", ()),
    "try-except": ("", ("handlers", "bare", "swallows")),
    "test-function": ("test name; a doctest's: its function, class or module", ("async",)),
    "doctest": ("function, class or module whose docstring has >>> examples nothing runs", ()),
    "pytest-config": ("file pytest reads its config from", ("doctest_modules", "testpaths")),
    "pytest-run": (
        "file whose command line runs pytest with --doctest-modules",
        ("paths", "bare", "ignore"),
    ),
    "test-case-class": ("class on unittest's TestCase (Django's, DRF's) or on a test class", ()),
    "inherited-test": (
        "test* or setUp method of a class on an imported base: a test (a fixture) where that "
        "base is a TestCase of another module",
        ("class", "async", "scope"),
    ),
    "fixture": ("fixture name", ("scope",)),
    "test-client": ("client class", ()),
    "background-task": ("task or function name", ("via",)),  # via: BackgroundTasks|celery|arq|...
    "task-send": (
        "task as called, e.g. send_email of send_email.delay(...); a broker publish's routing key",
        ("method",),
    ),
    "middleware": ("middleware name", ()),
    "lifespan": ("function name", ()),
    "env-config": ("variable name read", ()),
    "streamlit-secret": ("key read from Streamlit's st.secrets", ()),
    "config-file": ("the parser's class, e.g. ConfigParser", ()),
    "logging": ("", ()),
    "llm-call": ("callable, e.g. ChatOpenAI", ("library",)),
    "env-key-client": (
        "LLM client made with no key of its own, which its SDK reads from the environment",
        ("library",),
    ),
    "agent-graph": ("variable or class name", ("library",)),
    "vector-store": ("callable or type", ("library",)),
    "streaming-response": ("class name", ()),
    "websocket": ("handler function", ()),
    "fast-password-hash": ("hash function, e.g. hashlib.sha256", ()),
    "auth": ("scheme or helper name", ("view", "class")),  # view: one login_required(...) wraps;
    # class: a guarding class a view may derive from
}
