"""Signals that show up as calls: engines, sessions, clients, LLMs, env reads, auth helpers, ...

Dispatch is by the called name (``create_engine`` or ``x.create_engine``) so a large file costs
one dictionary look-up per call. Each handler checks the rest of the shape itself, so a name that
merely looks right (``cache.get``, ``op.f``) does not become a false signal.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from mentorbot.analysis.python_facts_ai import (
    agent_graph,
    chat_completion,
    dashscope_call,
    library_of_call,
    llm_call,
    pgvector_column,
    vector_store,
)
from mentorbot.analysis.python_facts_alembic import (
    DJANGO_OPERATIONS,
    django_operation,
    operation_table,
)
from mentorbot.analysis.python_facts_auth import (
    DJANGO_AUTH_CALLS,
    DJANGO_AUTH_DECORATORS,
    FAST_HASHES,
    FASTAPI_USERS_AUTH,
    PASSWORD_HASHING,
    auth,
    django_auth,
    django_wrapped_view,
    fast_hash,
    fastapi_users_auth,
    jwt_call,
    library_auth,
    password_hashing,
    streamlit_login,
)
from mentorbot.analysis.python_facts_bots import (
    AIOGRAM2_REGISTERS,
    AIOGRAM_REGISTER,
    BOT_ERROR_REGISTERS,
    TELEGRAM_HANDLERS,
    bot_error_handler,
    registered_bot_handler,
    telegram_handler,
)
from mentorbot.analysis.python_facts_brokers import BROKER_HANDLERS
from mentorbot.analysis.python_facts_env import (
    CONFIG_PARSERS,
    ENV_CASTS,
    config_parser,
    decouple_config,
    env_object,
    env_typed_read,
    getenv,
    load_dotenv,
)
from mentorbot.analysis.python_facts_flask import flask_abort, registered_flask_rule
from mentorbot.analysis.python_facts_loggers import log_record, logging_setup
from mentorbot.analysis.python_facts_names import (
    AGENT_LIBRARIES,
    ALEMBIC_HELPERS,
    AUTH_CALLABLES,
    LLM_LIBRARIES,
    LOG_LEVELS,
    SESSION_FACTORIES,
    STREAMING_RESPONSES,
    VECTOR_LIBRARIES,
)
from mentorbot.analysis.python_facts_raises import django_not_found
from mentorbot.analysis.python_facts_responses import (
    ERROR_RESPONSES,
    error_response,
    streaming_response,
)
from mentorbot.analysis.python_facts_routers import (
    REGISTERING_CALLS,
    include_router,
    registered_route,
)
from mentorbot.analysis.python_facts_storage import (
    CHECKPOINTERS,
    DRIVER_POOLS,
    PEEWEE_DATABASES,
    async_pool,
    checkpointer,
    core_table,
    create_all,
    create_tables,
    db_client,
    declarative_base,
    driver_connection,
    engine,
    register_tortoise,
    run_sync,
    session_factory,
)
from mentorbot.analysis.python_facts_support import (
    FLASK_LIKE,
    FileState,
    SignalSink,
    dotted,
    first_arg,
    keyword,
    last_name,
    safe_unparse,
    str_literal,
)
from mentorbot.analysis.python_facts_tasks import (
    ACTOR_SENDS,
    AIRFLOW_TASK_SUFFIXES,
    JOB_QUEUE_METHODS,
    actor_send,
    add_task,
    airflow_operator,
    background_tasks,
    every_job,
    handed_to_thread,
    job_queue_job,
    queue_app,
    registered_task,
    rq_enqueue,
    scheduled_job,
    startup_task,
    task_send,
)
from mentorbot.analysis.python_facts_test_clients import (
    TEST_CLIENT_VERBS,
    app_test_client,
    cli_runner,
    flask_test_client,
    self_client,
)
from mentorbot.analysis.python_facts_web import SANIC, WEB_HANDLERS, web_app


@dataclass(frozen=True)
class CallSite:
    """One call and what the walk knows around it."""

    call: ast.Call
    callee: str
    func_path: str
    target: str
    owner: str
    state: FileState
    sink: SignalSink

    @property
    def line(self) -> int:
        return self.call.lineno


def _app(site: CallSite) -> None:
    if site.target:
        site.state.apps[site.target] = site.callee
        site.state.remember_prefix(site.target, str_literal(keyword(site.call, "prefix")))
    site.sink.emit("app", site.line, site.target, data={"type": site.callee})
    if site.callee == "APIRouter":
        # Its ``dependencies=[Depends(...)]`` run for this router's routes only (walked next).
        listed = keyword(site.call, "dependencies")
        if isinstance(listed, ast.List | ast.Tuple):
            site.state.router_dependencies.update(id(item) for item in listed.elts)
    lifespan = keyword(site.call, "lifespan")
    if lifespan is not None and not _is_none(lifespan):
        site.sink.emit("lifespan", site.line, safe_unparse(lifespan))


def _flask_app(site: CallSite) -> None:
    """``app = Flask(__name__)`` / ``bp = Blueprint(...)``: routes on them are Flask's, or
    Sanic's on a Sanic blueprint."""
    module = site.func_path.rsplit(".", 1)[0] if "." in site.func_path else ""
    source = module or site.state.imported_from(site.callee)
    if site.target and source.split(".")[0] in FLASK_LIKE:
        site.state.flask_apps.add(site.target)
        site.state.remember_prefix(site.target, str_literal(keyword(site.call, "url_prefix")))
    elif source.split(".")[0] == SANIC:
        web_app(site, SANIC)  # Sanic's ``Blueprint("cities")`` (blind check l1)


def _depends(site: CallSite) -> None:
    dependency = first_arg(site.call, "dependency")
    data = {"function": site.owner}
    if id(site.call) in site.state.router_dependencies:
        data["router"] = "1"
    site.sink.emit("depends", site.line, safe_unparse(dependency), data=data)


def _add_middleware(site: CallSite) -> None:
    middleware = first_arg(site.call, "middleware_class")
    if isinstance(site.call.func, ast.Attribute) and middleware is not None:
        site.sink.emit("middleware", site.line, safe_unparse(middleware))


def _add_exception_handler(site: CallSite) -> None:
    handled = first_arg(site.call, "exc_class_or_status_code")
    if isinstance(site.call.func, ast.Attribute) and handled is not None:
        site.sink.emit("exception-handler", site.line, safe_unparse(handled))


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


DB_CLIENT_CLASSES = (
    *("AsyncIOMotorClient", "MotorClient", "AsyncMongoClient", "MongoClient"),
    *("Database", "SQLAlchemy"),
)
"""Classes whose object is an app's database connection, in the library ``db_client`` checks."""

HANDLERS: dict[str, Callable[[CallSite], None]] = {
    "FastAPI": _app,
    "Flask": _flask_app,
    "Quart": _flask_app,
    "Blueprint": _flask_app,
    "APIRouter": _app,
    "include_router": include_router,
    **dict.fromkeys(REGISTERING_CALLS, registered_route),
    "add_url_rule": registered_flask_rule,
    **WEB_HANDLERS,
    "abort": flask_abort,
    "create_engine": engine,
    "create_async_engine": engine,
    **dict.fromkeys(SESSION_FACTORIES, session_factory),
    "Depends": _depends,
    "delay": task_send,
    "apply_async": task_send,
    "send_task": task_send,
    **dict.fromkeys(ACTOR_SENDS, actor_send),
    **dict.fromkeys(("enqueue", "enqueue_call", "enqueue_in", "enqueue_at"), rq_enqueue),
    **BROKER_HANDLERS,
    "declarative_base": declarative_base,
    "Table": core_table,
    "BackgroundTasks": background_tasks,
    "Celery": queue_app,
    "Huey": queue_app,
    "RedisHuey": queue_app,
    "SqliteHuey": queue_app,
    "App": queue_app,
    **dict.fromkeys(LLM_LIBRARIES, llm_call),
    "create": chat_completion,
    "call": dashscope_call,
    **dict.fromkeys(AGENT_LIBRARIES, agent_graph),
    **dict.fromkeys(VECTOR_LIBRARIES, vector_store),
    "Vector": pgvector_column,
    **dict.fromkeys(STREAMING_RESPONSES, streaming_response),
    **dict.fromkeys(ERROR_RESPONSES, error_response),
    **dict.fromkeys(AUTH_CALLABLES, auth),
    **dict.fromkeys(DJANGO_AUTH_CALLS, django_auth),
    **dict.fromkeys(DJANGO_AUTH_DECORATORS, django_wrapped_view),
    **dict.fromkeys(FASTAPI_USERS_AUTH, fastapi_users_auth),
    **dict.fromkeys(PASSWORD_HASHING, password_hashing),
    "Authenticate": streamlit_login,
    **dict.fromkeys(TELEGRAM_HANDLERS, telegram_handler),
    **dict.fromkeys((AIOGRAM_REGISTER, *AIOGRAM2_REGISTERS), registered_bot_handler),
    **dict.fromkeys(BOT_ERROR_REGISTERS, bot_error_handler),
    "encode": jwt_call,
    **dict.fromkeys(FAST_HASHES, fast_hash),
    "decode": jwt_call,
    "get_object_or_404": django_not_found,
    **dict.fromkeys(("TestClient", "APIClient", "AsyncClient", "ASGITransport"), app_test_client),
    "test_client": flask_test_client,
    "CliRunner": cli_runner,
    "create_all": create_all,
    **dict.fromkeys(CHECKPOINTERS, checkpointer),
    **dict.fromkeys(
        DB_CLIENT_CLASSES,
        db_client,
    ),
    **dict.fromkeys(PEEWEE_DATABASES, db_client),
    "register_tortoise": register_tortoise,
    "create_pool": async_pool,
    "connect": driver_connection,
    **dict.fromkeys(DRIVER_POOLS, driver_connection),
    "RegisterTortoise": register_tortoise,
    "generate_schemas": create_all,
    "create_tables": create_tables,
    "run_sync": run_sync,
    "add_task": add_task,
    "create_task": startup_task,
    "add_job": scheduled_job,
    **dict.fromkeys(JOB_QUEUE_METHODS, job_queue_job),
    "do": every_job,
    "ensure_future": startup_task,
    "add_middleware": _add_middleware,
    "add_exception_handler": _add_exception_handler,
    "getenv": getenv,
    "load_dotenv": load_dotenv,
    "dotenv_values": load_dotenv,
    "config": decouple_config,
    **dict.fromkeys(CONFIG_PARSERS, config_parser),
    "Env": env_object,
    "env": env_typed_read,
    **dict.fromkeys(ENV_CASTS, env_typed_read),
    "getLogger": logging_setup,
    **dict.fromkeys(LOG_LEVELS, log_record),
    "basicConfig": logging_setup,
    "dictConfig": logging_setup,
    "get_logger": logging_setup,
    "configure": logging_setup,
}


def classify_call(call: ast.Call, owner: str, state: FileState, sink: SignalSink) -> None:
    """Emit the signals one call shows; ``owner`` is the enclosing function's name or ""."""
    func = call.func
    if owner and isinstance(func, ast.Name) and func.id != owner:
        state.called_functions.add(func.id)
    if id(call) in state.consumed_calls:
        return
    callee = last_name(func)
    if isinstance(func, ast.Attribute) and dotted(func.value) == "op":
        if callee not in ALEMBIC_HELPERS:
            state.alembic_ops.append((call.lineno, callee, operation_table(call, callee)))
        return
    if isinstance(func, ast.Attribute) and callee in DJANGO_OPERATIONS:
        if dotted(func.value) == "migrations" and state.imported_from("migrations") == "django.db":
            django_operation(call, callee, sink)
            return
    if isinstance(func, ast.Attribute) and callee.startswith("from_"):
        store = last_name(func.value)
        if store in VECTOR_LIBRARIES:
            library = VECTOR_LIBRARIES[store]
            sink.emit("vector-store", call.lineno, store, data={"library": library})
        return
    if isinstance(func, ast.Call):
        registered_task(call, func, state, sink)
        return
    library = library_of_call(func, callee, state)
    if library:
        kind = "llm-call" if library == "ollama" else "vector-store"
        sink.emit(kind, call.lineno, dotted(func), data={"library": library})
        return
    if callee in TEST_CLIENT_VERBS and self_client(func, state):
        sink.emit("test-client", call.lineno, "self.client")
        return
    handed = handed_to_thread(call, callee)
    if handed is not None:
        classify_call(handed, owner, state, sink)
        return
    signed_in_by = library_auth(func, state)
    if signed_in_by:
        sink.emit("auth", call.lineno, signed_in_by)
        return
    handler = HANDLERS.get(callee)
    if handler is None and callee.endswith(AIRFLOW_TASK_SUFFIXES):
        handler = airflow_operator
    if handler is None:
        return
    target = state.assign_targets.get(id(call), "")
    handler(CallSite(call, callee, dotted(func), target, owner, state, sink))
