"""Signals that come from definitions: routes and other decorated functions, and classes.

Signals about a function (its route, its fixture, its task) sit on the ``def`` line, which is
what a learner clicks on; decorator calls handled here are marked consumed so the call pass does
not count them a second time.
"""

from __future__ import annotations

import ast

from mentorbot.analysis.inherited_tests import INHERITED_TEST_SIGNAL, TEST_CASE_CLASS_SIGNAL
from mentorbot.analysis.python_facts_auth import (
    CHAINLIT_AUTH_CALLBACKS,
    DJANGO_AUTH_DECORATORS,
    django_guard,
)
from mentorbot.analysis.python_facts_bases import (
    DECLARATIVE_BASES,
    DECLARING_DECORATORS,
    abstract_meta,
    class_assignments,
    django_model_base,
    document_base_of,
    exception_base_of,
    fielded_project_base_of,
    has_config_class,
    is_true,
    meta_only,
    orm_base_of,
    peewee_model_base,
    plain_config_base_of,
    pydantic_base_of,
    settings_base_of,
)
from mentorbot.analysis.python_facts_bots import (
    DISCORD_ERROR_EVENTS,
    bare_bot_decorator,
    bot_error_decorator,
    client_library,
    handler_library,
    is_event_method,
)
from mentorbot.analysis.python_facts_decorators import defines_a_decorator
from mentorbot.analysis.python_facts_depends import all_args
from mentorbot.analysis.python_facts_django import class_view, function_view
from mentorbot.analysis.python_facts_fastapi import fastapi_route
from mentorbot.analysis.python_facts_flask import (
    flask_resource,
    flask_route,
)
from mentorbot.analysis.python_facts_support import (
    FileState,
    FunctionFrame,
    FunctionNode,
    Scope,
    SignalSink,
    dotted,
    first_arg,
    flag,
    keyword,
    last_name,
    literal_or_text,
    safe_unparse,
    str_literal,
    strip_subscript,
)
from mentorbot.analysis.python_facts_tasks import discord_loop, queue_decorator, uses_apscheduler
from mentorbot.analysis.python_facts_tests import (
    SET_UP_METHODS,
    collected,
    inherited_test,
    inherits,
    is_test_function,
    test_case_base,
)
from mentorbot.analysis.python_facts_web import web_route

ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket"}
)
FIXTURE_DECORATORS = frozenset({"pytest.fixture", "fixture", "pytest_asyncio.fixture"})


def on_function(
    node: FunctionNode, scope: Scope, state: FileState, sink: SignalSink
) -> FunctionFrame:
    """Emit the function's own signals; returns the frame that will count its awaits."""
    state.functions += 1
    if _fully_annotated(node):
        state.annotated_functions += 1
    line = node.lineno
    is_async = isinstance(node, ast.AsyncFunctionDef)
    no_test = False
    for decorator in node.decorator_list:
        no_test |= _on_decorator(decorator, node, state, sink)
    client = state.bot_clients.get(scope.class_name, "") if scope.in_class_body else ""
    if client and not no_test and is_event_method(node):
        sink.emit("bot-handler", line, node.name, data={"library": client})
        if node.name in DISCORD_ERROR_EVENTS:
            sink.emit("bot-error-handler", line, node.name, data={"library": client})
        no_test = True
    if not no_test and is_test_function(node.name, scope, state):
        sink.emit("test-function", line, node.name, data={"async": flag(is_async)})
    elif node.name in SET_UP_METHODS and scope.in_class_body and collected(scope, state):
        # unittest's and Django's fixture: the state every test of the class starts from
        # (blind checks f1 and d1 had "test functions without fixtures").
        sink.emit("fixture", line, node.name, data={"scope": SET_UP_METHODS[node.name]})
    elif not no_test and inherited_test(node.name, scope, state):
        data = {"class": scope.class_name}
        if node.name in SET_UP_METHODS:
            data["scope"] = SET_UP_METHODS[node.name]
        else:
            data["async"] = flag(is_async)
        sink.emit(INHERITED_TEST_SIGNAL, line, node.name, data=data)
    elif scope.function is None and defines_a_decorator(node):
        sink.emit("decorator-def", line, node.name)
    function_view(node, scope, state, sink)
    background = [
        arg.arg for arg in all_args(node.args) if last_name(arg.annotation) == "BackgroundTasks"
    ]
    if background:
        state.background_names.update(background)
        if _reads_any(node, background):
            # A route that takes ``BackgroundTasks`` and never touches it runs its work inline.
            sink.emit("background-task", line, node.name, data={"via": "BackgroundTasks"})
    if any(
        last_name(_decorated(decorator)) == "asynccontextmanager"
        for decorator in node.decorator_list
    ):
        if node.name == "lifespan":
            sink.emit("lifespan", line, node.name)
        if _takes_the_app(node):
            state.startup_functions.add(node.name)
    owner_class = scope.class_name if scope.in_class_body else ""
    return FunctionFrame(node=node, owner_class=owner_class, seq=sink.reserve())


def _reads_any(node: FunctionNode, names: list[str]) -> bool:
    """Whether the function's body reads one of ``names`` (``background_tasks.add_task(...)``,
    or hands it on to a helper)."""
    return any(
        isinstance(child, ast.Name) and child.id in names and isinstance(child.ctx, ast.Load)
        for statement in node.body
        for child in ast.walk(statement)
    )


def _takes_the_app(node: FunctionNode) -> bool:
    """A context manager over the app (``lifespan(app: FastAPI)``, ``app_lifespan(app)``) is a
    lifespan, whatever its name."""
    params = node.args.posonlyargs + node.args.args
    if not params:
        return False
    first = params[0]
    return first.arg in {"app", "_app"} or last_name(first.annotation) in {"FastAPI", "Starlette"}


def finish_function(frame: FunctionFrame, sink: SignalSink) -> None:
    """Write the async-def / sync-def signal once the body's awaits are counted."""
    node = frame.node
    if isinstance(node, ast.AsyncFunctionDef):
        data = {"awaits": str(frame.awaits), "class": frame.owner_class}
        sink.emit("async-def", node.lineno, node.name, data=data, seq=frame.seq)
    else:
        sink.emit(
            "sync-def", node.lineno, node.name, data={"class": frame.owner_class}, seq=frame.seq
        )


def _fully_annotated(node: FunctionNode) -> bool:
    args = all_args(node.args)
    positional = [*node.args.posonlyargs, *node.args.args]
    if positional and positional[0].arg in {"self", "cls"}:
        args = [arg for arg in args if arg is not positional[0]]
    return node.returns is not None and all(arg.annotation is not None for arg in args)


def _decorated(decorator: ast.expr) -> ast.expr:
    """``@x(...)`` and ``@x`` both name ``x``."""
    return decorator.func if isinstance(decorator, ast.Call) else decorator


EXCEPTION_HANDLER_DECORATORS = frozenset({"exception_handler", "errorhandler", "app_errorhandler"})
"""FastAPI's ``@app.exception_handler(E)``, Flask's ``@app.errorhandler(404)`` and a blueprint's
``@bp.app_errorhandler(E)``: one place that answers an error."""


def _on_decorator(
    decorator: ast.expr, node: FunctionNode, state: FileState, sink: SignalSink
) -> bool:
    """Emit what the decorator makes of the function; returns whether it makes it no test
    function, whatever its name (a fixture, a route: ``@router.get("/test")``)."""
    line = node.lineno
    target = _decorated(decorator)
    path = dotted(target)
    if path in FIXTURE_DECORATORS:
        _fixture(decorator, node, sink)
        return True
    if path.split(".")[0] == "task" and state.library_of(path) == "airflow":
        # Airflow's TaskFlow ``@task`` / ``@task.bash``: a task of a DAG, run by its scheduler.
        sink.emit("background-task", line, node.name, data={"via": "airflow"})
        return False
    if discord_loop(path, state):
        sink.emit("background-task", line, node.name, data={"via": "tasks.loop"})
        return False
    if path == "shared_task" or (isinstance(target, ast.Attribute) and target.attr == "task"):
        base = dotted(target.value) if isinstance(target, ast.Attribute) else ""
        via = "celery" if path == "shared_task" else state.queue_of(base)
        sink.emit("background-task", line, node.name, data={"via": via})
        return False
    if queue := queue_decorator(path, state):
        sink.emit("background-task", line, node.name, data={"via": queue})
        return False
    error_library = bot_error_decorator(decorator, node, state)
    if error_library:
        sink.emit("bot-error-handler", line, node.name, data={"library": error_library})
    bare_library = bare_bot_decorator(decorator, state)
    if bare_library:
        sink.emit("bot-handler", line, node.name, data={"library": bare_library})
        return True
    if last_name(target) in DJANGO_AUTH_DECORATORS and state.imports_library("django"):
        sink.emit("auth", line, last_name(target))
        return True
    if (
        isinstance(target, ast.Attribute)
        and target.attr in CHAINLIT_AUTH_CALLBACKS
        and state.imports_library("chainlit")
    ):
        sink.emit("auth", line, target.attr)
        return True
    if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
        return False
    attribute = decorator.func.attr
    library = handler_library(attribute, node, state)
    if library:
        sink.emit("bot-handler", line, node.name, data={"library": library})
        return True
    if web_route(decorator, decorator.func, node, state, sink):
        return True
    if flask_route(decorator, decorator.func, node, state, sink):
        return attribute in ROUTE_METHODS
    if attribute in ROUTE_METHODS:
        return fastapi_route(decorator, decorator.func, node, state, sink)
    if attribute in EXCEPTION_HANDLER_DECORATORS and decorator.args:
        state.consumed_calls.add(id(decorator))
        sink.emit("exception-handler", line, safe_unparse(decorator.args[0]))
    elif attribute == "middleware" and str_literal(first_arg(decorator)) == "http":
        sink.emit("middleware", line, node.name)
    elif attribute == "on_event" and str_literal(first_arg(decorator)) == "startup":
        state.startup_functions.add(node.name)
    elif attribute == "scheduled_job" and uses_apscheduler(state):
        sink.emit("background-task", line, node.name, data={"via": "apscheduler"})
    return False


def _fixture(decorator: ast.expr, node: FunctionNode, sink: SignalSink) -> None:
    scope, name = "function", node.name
    if isinstance(decorator, ast.Call):
        scope_arg = keyword(decorator, "scope")
        scope = literal_or_text(scope_arg) if scope_arg is not None else scope
        name = str_literal(keyword(decorator, "name")) or name
    sink.emit("fixture", node.lineno, name, data={"scope": scope})


def on_class(node: ast.ClassDef, state: FileState, sink: SignalSink) -> None:
    """Classify a class as ORM model, pydantic model, settings and/or custom exception."""
    state.classes += 1
    flask_resource(node, state, sink)
    bases = [strip_subscript(base) for base in node.bases]
    texts = [dotted(base) or safe_unparse(base) for base in bases]
    lasts = [last_name(base) for base in bases]
    table = any(
        item.arg == "table" and isinstance(item.value, ast.Constant) and item.value.value is True
        for item in node.keywords
    )
    assigned = class_assignments(node)
    line = node.lineno
    if any(test_case_base(last, state) for last in lasts):
        state.test_case_classes.add(node.name)
        sink.emit(TEST_CASE_CLASS_SIGNAL, line, node.name)
    elif any(inherits(text, state) for text in texts):
        state.inheriting_classes.add(node.name)
    tablename = str_literal(assigned.get("__tablename__")) or ""
    declares = any(last_name(_decorated(d)) in DECLARING_DECORATORS for d in node.decorator_list)
    if (declares or any(last in DECLARATIVE_BASES for last in lasts)) and (
        "__tablename__" not in assigned
    ):
        state.orm_bases.add(node.name)
    elif (document := document_base_of(node, texts, lasts, state)) is not None:
        state.document_classes[node.name] = document[1]
        base, library = document
        sink.emit("document-model", line, node.name, data={"base": base, "library": library})
    elif (
        (orm_base := orm_base_of(node, texts, lasts, table, state)) is not None
        or (orm_base := fielded_project_base_of(node, texts, lasts, state)) is not None
        or (orm_base := django_model_base(node, texts, state)) is not None
        or (orm_base := peewee_model_base(node, texts, state)) is not None
        or "__tablename__" in assigned
    ):
        base = orm_base if orm_base is not None else (texts[0] if texts else "")
        if is_true(assigned.get("__abstract__")) or meta_only(node) or abstract_meta(node):
            state.orm_bases.add(node.name)
        else:
            state.orm_models.add(node.name)
            sink.emit("orm-model", line, node.name, data={"base": base, "table": tablename})
        if table:
            state.sqlmodel_classes.add(node.name)
    elif (settings_base := settings_base_of(texts, lasts, state)) is not None:
        state.settings_classes.add(node.name)
        data = {"base": settings_base, "v1_config": flag(has_config_class(node))}
        sink.emit("settings", line, node.name, data=data)
    elif (pydantic_base := pydantic_base_of(node, texts, lasts, state)) is not None:
        _pydantic_model(node, pydantic_base, lasts, assigned, state, sink)
    elif (config_base := plain_config_base_of(node.name, texts, assigned, state)) is not None:
        state.config_classes.add(node.name)
        sink.emit("config-class", line, node.name, data={"base": config_base})
    django_guard(node, lasts, assigned, state, sink)
    class_view(node, texts, lasts, assigned, state, sink)
    exception_base = exception_base_of(texts, lasts, state)
    if exception_base is not None:
        state.exception_classes.add(node.name)
        sink.emit("custom-exception", line, node.name, data={"base": exception_base})
    client = client_library(texts, state.library_of, state.bot_clients)
    if client:
        state.bot_clients[node.name] = client
    if node.name == "WorkerSettings" and (state.imports_library("arq") or "functions" in assigned):
        _arq_jobs(node, assigned.get("functions"), sink)
    state.declared_classes.add(node.name)


def _arq_jobs(node: ast.ClassDef, functions: ast.expr | None, sink: SignalSink) -> None:
    """The jobs an arq worker runs, ``functions = [process_item]``: each a background task;
    the settings class itself when it lists none by name."""
    listed = functions.elts if isinstance(functions, ast.List | ast.Tuple) else []
    jobs = [(item.lineno, last_name(item)) for item in listed if last_name(item)]
    for job_line, name in jobs or [(node.lineno, node.name)]:
        sink.emit("background-task", job_line, name, data={"via": "arq"})


def _pydantic_model(
    node: ast.ClassDef,
    base: str,
    lasts: list[str],
    assigned: dict[str, ast.expr | None],
    state: FileState,
    sink: SignalSink,
) -> None:
    state.pydantic_classes.add(node.name)
    if base in state.sqlmodel_classes or "SQLModel" in lasts:
        state.sqlmodel_classes.add(node.name)
    v1_config = has_config_class(node)
    data = {
        "base": base,
        "v1_config": flag(v1_config),
        "v2_config": flag("model_config" in assigned),
    }
    sink.emit("pydantic-model", node.lineno, node.name, data=data)
