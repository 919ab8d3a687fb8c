"""FastAPI's route handlers in a file: the functions an HTTP request runs."""

from __future__ import annotations

import ast

from mentorbot.analysis.python_facts_bots import (
    BARE_BOT_DECORATORS,
    BOT_DECORATORS,
    BOT_LIBRARIES,
    BOT_ONLY_DECORATORS,
    aiogram_registered,
    client_library,
    is_event_method,
    telegram_callback,
)
from mentorbot.analysis.python_facts_flask import HTTP_METHOD_NAMES, is_resource_class
from mentorbot.analysis.python_facts_support import FLASK_LIKE, OTHER_WEB_FRAMEWORKS
from mentorbot.rules._names import FunctionNode, dotted, functions, walk_of

ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "api_route"})


def imports_fastapi(imports: dict[str, str]) -> bool:
    return any(target.split(".")[0] == "fastapi" for target in imports.values())


def route_decorator(function: FunctionNode) -> ast.Call | None:
    """The ``@app.get(...)`` / ``@router.post(...)`` decorator call of a FastAPI handler."""
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_METHODS
        ):
            return decorator
    return None


LOOP_RUNNERS = frozenset({"asyncio.run", "anyio.run", "trio.run", "uvloop.run"})
"""Calls that run an event loop of the module's own: a script, not a server's routes."""
NOT_FASTAPI = FLASK_LIKE | OTHER_WEB_FRAMEWORKS
"""Frameworks whose ``@app.get("/path")`` looks like FastAPI's but whose handlers are not."""


def route_handlers(tree: ast.Module, imports: dict[str, str]) -> list[FunctionNode]:
    """HTTP route handlers of a file that uses FastAPI (websocket handlers excluded).

    A routes module that takes its app or router from another module (``from main import
    app``) need not import FastAPI itself: there, a handler counts when its decorator names a
    URL path (``"/users"``) and the file imports no other web framework, as the scan's route
    signals count it.
    """
    if imports_fastapi(imports):
        return [function for function in functions(tree) if route_decorator(function) is not None]
    if any(target.split(".")[0] in NOT_FASTAPI for target in imports.values()):
        return []
    return [
        function
        for function in functions(tree)
        if (decorator := route_decorator(function)) is not None and _names_url_path(decorator)
    ]


def _names_url_path(decorator: ast.Call) -> bool:
    path = decorator.args[0] if decorator.args else None
    for keyword in decorator.keywords:
        if keyword.arg == "path":
            path = keyword.value
    return (
        isinstance(path, ast.Constant)
        and isinstance(path.value, str)
        and path.value.startswith("/")
    )


FLASK_LIKE = frozenset({"flask", "quart"})
"""Frameworks whose ``@app.route("/path")`` (or ``@bp.get``) handlers each serve a request."""


def handler_kinds(tree: ast.Module, imports: dict[str, str]) -> dict[int, str]:
    """What serves one request or one chat message in a file, by ``id``: "route" (FastAPI's
    route handlers), "view" (Flask's and Quart's view functions) or "bot" (a chat bot's
    handlers: ``@dp.message(...)``, ``@bot.message_handler(...)``, discord.py's
    ``@bot.command()`` and ``@bot.event``, a ``discord.Client`` subclass's ``on_*`` events,
    and those a call registers). A hook that runs on
    every request (``@login_manager.user_loader``, ``@app.before_request``) is a view."""
    kinds = {id(function): "route" for function in route_handlers(tree, imports)}
    for function in functions(tree):
        if id(function) not in kinds and any(map(_hooks_every_request, function.decorator_list)):
            kinds[id(function)] = "view"
    kinds.update(dict.fromkeys(_resource_methods(tree, imports), "view"))
    libraries = {target.split(".")[0] for target in imports.values()}
    flask_like = bool(libraries & FLASK_LIKE)
    bots = bool(libraries & set(BOT_LIBRARIES)) or _decorated_as_bot_handlers(tree)
    if not (flask_like or bots):
        return kinds
    registered = _registered_by_call(tree) if bots else set()
    if bots:
        kinds.update(dict.fromkeys(_client_events(tree, imports), "bot"))
    for function in functions(tree):
        if id(function) in kinds:
            continue
        decorators = function.decorator_list
        if flask_like and any(_serves(d, flask_like=True, bots=False) for d in decorators):
            kinds[id(function)] = "view"
        elif bots and (
            function.name in registered
            or any(_serves(d, flask_like=flask_like, bots=True) for d in decorators)
        ):
            kinds[id(function)] = "bot"
    return kinds


def _client_events(tree: ast.Module, imports: dict[str, str]) -> list[int]:
    """Ids of the ``async def on_message(self, message)`` events of a discord-like client's
    subclass (``class MyClient(discord.Client)``), and of a subclass of one."""
    clients: dict[str, str] = {}
    found: list[int] = []
    for node in walk_of(tree, ast.ClassDef):
        bases = [dotted(base) for base in node.bases]
        library = client_library(bases, lambda base: _library(base, imports), clients)
        if library:
            clients[node.name] = library
            found.extend(
                id(item)
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                and is_event_method(item)
            )
    return found


def _library(name: str, imports: dict[str, str]) -> str:
    return imports.get(name.split(".")[0], "").split(".")[0]


def _decorated_as_bot_handlers(tree: ast.Module) -> bool:
    return any(
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in BOT_ONLY_DECORATORS
        for function in functions(tree)
        for decorator in function.decorator_list
    )


def _registered_by_call(tree: ast.Module) -> set[str]:
    """Names of this module's functions a call registers as a bot's handlers: aiogram's
    (``aiogram_registered``), python-telegram-bot's ``CommandHandler("start", start)``."""
    names: set[str] = set()
    for call in walk_of(tree, ast.Call):
        given = aiogram_registered(call)
        if given is None:
            given = telegram_callback(call)
        if isinstance(given, ast.Name):
            names.add(given.id)
    return names


REQUEST_HOOKS = frozenset({"user_loader", "request_loader", "before_request", "before_app_request"})
"""Bare decorators whose function runs on every request a view serves: Flask-Login's
``@login_manager.user_loader`` loads the user of each authenticated request, and Flask's
``@app.before_request`` runs before each (corpus 82)."""


def _hooks_every_request(decorator: ast.expr) -> bool:
    return isinstance(decorator, ast.Attribute) and decorator.attr in REQUEST_HOOKS


def _serves(decorator: ast.expr, *, flask_like: bool, bots: bool) -> bool:
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    if not isinstance(called, ast.Attribute):
        return False
    if flask_like and isinstance(decorator, ast.Call):
        return called.attr == "route" or called.attr in ROUTE_METHODS
    if not bots:
        return False
    if isinstance(decorator, ast.Call):
        return called.attr in BOT_DECORATORS
    return called.attr in BARE_BOT_DECORATORS


def _resource_methods(tree: ast.Module, imports: dict[str, str]) -> list[int]:
    """Ids of the HTTP methods of flask-restful's resources and Flask's method views: each
    serves a request as a view does."""
    found: list[int] = []
    for node in walk_of(tree, ast.ClassDef):
        bases = [dotted(base) for base in node.bases]
        modules = {base: imports.get(base.split(".")[0], "") for base in bases if base}
        if is_resource_class(bases, modules):
            found.extend(
                id(item)
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                and item.name in HTTP_METHOD_NAMES
            )
    return found
