"""What blocks the event loop when called from ``async def``, and the helpers that do.

The calls themselves are named in ``_blocking_calls``. A module-level sync function that makes
one is a blocking helper: the project check (``_blocking_pairs``) pairs each call an async
function makes with such a helper, by name, wherever the helper is defined
(``get_weather_data()`` wrapping ``requests.get`` in a CRUD module).

Sync methods count too, named with their class (``ChatService.ask``), reached through the
objects a function holds (``_held_objects``). A method that calls a blocking method of another
object blocks as well, so the controller a route calls, whose service calls a sync OpenAI
client in another module, is found: ``ChatController.send → ChatService.ask → ...create``. So
does a method that queries the sync session its class keeps on ``self`` (``self.db.query``),
also one typed with another module's session alias (``db: Db``), decided by the project check.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking_calls import blocking_name, wrapped_in_thread
from mentorbot.rules._client_kinds import client_kind
from mentorbot.rules._held_objects import INSTANCE_SIGNAL, held_objects, instances, method_called
from mentorbot.rules._implementations import implementation_signals
from mentorbot.rules._kept_sessions import kept_sessions, sessions_by_method
from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    functions,
    is_generator,
    local_names,
    module_level_names,
    module_of,
    own_nodes_of,
    qualified,
    star_modules,
    walk_of,
)
from mentorbot.rules._provided_classes import class_alias_signals
from mentorbot.rules._session_io import blocking_session_calls
from mentorbot.rules._sessions import (
    ALIAS_PREFIX,
    FACTORY_PREFIX,
    MODULE_PREFIX,
    SESSION_LIKE_NAME,
    SYNC,
    session_aliases,
    session_creations,
)
from mentorbot.rules._sync_clients import request_kind
from mentorbot.rules.base import FileContext

BLOCKING_DEF_SIGNAL = "rule:blocking-def"
ASYNC_CALLS_SIGNAL = "rule:async-calls"
RESOLVER_CALLS_SIGNAL = "rule:resolver-calls"
"""Like ``ASYNC_CALLS_SIGNAL``, a call of a sync Strawberry resolver: it blocks the loop only
where the project serves the schema through an async integration (``_loop_resolvers``)."""
METHOD_CALLS_SIGNAL = "rule:method-calls"
"""A sync function or method (``name``) calling a method of an object it holds (``detail``), or
a function of its module or one it imports (``detail`` its name, ``data["imported"]`` its
qualified name)."""
IMPORTED = "imported"
SESSION_DEF = "session"
"""``data`` key of a blocking definition that queries a sync session: the session's kind as
declared (``sync``, or an alias another module defines, ``alias:models.Db``)."""
CLIENT_DEF = "client"
"""``data`` key of a blocking definition whose call is a request through a sync client: the
client's kind (``dbapi``, ``mongo``...)."""
GENERATOR_DEF = "generator"
"""``data`` key of a blocking definition that is a generator function: calling it runs nothing
until the generator is consumed (a ``StreamingResponse`` consumes a sync one in a thread)."""
LAZY_CALL = "lazy"
"""``data`` key of an async function's call whose result is not consumed on the spot."""
_CONSUMERS = frozenset({"list", "tuple", "set", "dict", "sorted", "next", "sum", "any", "all"})
_CONSUMERS |= {"min", "max", "enumerate", "zip", "map", "filter", "reversed", "join"}
GENERIC_HELPER_NAMES = frozenset(
    {"get", "post", "put", "patch", "delete", "run", "main", "call", "send", "save", "load"}
    | {"create", "update", "fetch", "request", "handle", "handler", "process", "read", "write"}
)
"""Helper names too common to pair a call with a definition by name alone: a call by one is
followed only where it names one function for sure (``resolved_by_name``)."""


def collect_helper_signals(ctx: FileContext) -> Iterator[Signal]:
    """Module-level sync functions and sync methods that make a blocking call (at that call's
    line), the methods of held objects each sync function or method calls, and each async
    function's calls to a function by a name this module defines or imports, or to a method of
    an object it holds (every call: each one blocks)."""
    if ctx.in_tests:
        return
    module_objects, held_by_method = held_objects(ctx)
    defined = {node.name for node in ctx.tree.body if isinstance(node, ast.FunctionDef)}
    sync_defs = [
        (name, definition, held_by_method.get(id(definition), module_objects))
        for name, definition in sync_definitions(ctx.tree)
    ]
    kept = sessions_by_method(
        ctx.tree, kept_sessions(ctx.tree, ctx.imports, session_aliases(ctx.tree, ctx.imports))
    )
    for name, definition, held in sync_defs:
        yield from _sync_def_signals(
            name, definition, held, ctx, kept.get(id(definition), {}), defined
        )
    for name, made in instances(ctx.tree.body).items():
        yield Signal(kind=INSTANCE_SIGNAL, line=0, name=name, detail=made)
    yield from class_alias_signals(ctx)
    yield from implementation_signals(ctx)
    # Names an import brings that ``ctx.imports`` does not map: a star import's, and modules
    # imported by their dotted path.
    unmapped = _star_imported_names(ctx) | _dotted_module_imports(ctx)
    hooks = ctx.start_and_stop_hooks
    running: list[tuple[FunctionNode, str]] = [
        (function, ASYNC_CALLS_SIGNAL)
        for function in functions(ctx.tree)
        if isinstance(function, ast.AsyncFunctionDef) and function.name not in hooks
    ]
    running.extend((resolver, RESOLVER_CALLS_SIGNAL) for resolver in ctx.sync_resolvers)
    for function, kind in running:
        held = held_by_method.get(id(function), module_objects)
        calls = _helper_calls(function, ctx, defined, held, unmapped)
        for name, call, through, imported in calls:
            data = {"through": through} if through else {}
            if imported:
                data["imported"] = imported
            if not _consumed(call, ctx):
                data[LAZY_CALL] = "1"
            yield Signal(kind=kind, line=call.lineno, name=name, detail=function.name, data=data)


def sync_definitions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    """Module-level sync functions and sync methods of module-level classes
    (``ChatService.ask``): the helpers an async function's call is paired with by name (one by
    a name too common to pair, ``handle``, only with a call that resolves to it)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for method in node.body:
                if isinstance(method, ast.FunctionDef):
                    yield f"{node.name}.{method.name}", method


def _sync_def_signals(
    name: str,
    function: ast.FunctionDef,
    held: dict[str, str],
    ctx: FileContext,
    kept: dict[str, str],
    defined: set[str],
) -> Iterator[Signal]:
    """Of one sync function or method: its first blocking call, and its first call to each
    method of an object it holds (not handed to a thread); ``kept``: the sessions a method's
    class keeps on self."""
    called: set[str] = set()
    blocked = False
    lazy = {GENERATOR_DEF: "1"} if is_generator(function) else {}
    own = local_names(function)
    for node in own_nodes_of(function, ast.Call):
        blocking = None if blocked else blocking_name(node, ctx, function)
        method = method_called(node, held, ctx)
        imported = _helper_called(node, ctx, defined, own)
        if method in called:
            method = ""
        if imported and imported not in called and not wrapped_in_thread(node, ctx, function):
            called.add(imported)
            data = {IMPORTED: imported, **lazy}
            helper = imported.rsplit(".", 1)[-1]
            yield Signal(
                kind=METHOD_CALLS_SIGNAL, line=node.lineno, name=name, detail=helper, data=data
            )
        if (blocking is None and not method) or wrapped_in_thread(node, ctx, function):
            continue
        if blocking is not None:
            blocked = True
            kind = request_kind(node, ctx, function) or client_kind(
                qualified(node.func, ctx.imports)
            )
            data = {CLIENT_DEF: kind, **lazy} if kind else lazy
            yield Signal(
                kind=BLOCKING_DEF_SIGNAL, line=node.lineno, name=name, detail=blocking, data=data
            )
        if method:
            called.add(method)
            yield Signal(
                kind=METHOD_CALLS_SIGNAL, line=node.lineno, name=name, detail=method, data=lazy
            )
    if not blocked:
        # A helper that opens its own sync session (``with Session(engine) as session:``), or a
        # method of a service keeping one on self, queries the database on whatever thread
        # calls it; a session typed with another module's alias blocks if the alias is sync.
        created = session_creations(function, ctx.imports)
        made = {var.name for var in created if var.kind == SYNC}
        usable = {
            a: kind for a, kind in kept.items() if kind == SYNC or kind.startswith(ALIAS_PREFIX)
        }
        # ``db = SessionLocal()`` of a factory another module makes: the project check asks
        # whether that factory is a sync ``sessionmaker``.
        usable.update(
            (var.name, FACTORY_PREFIX + var.factory)
            for var in created
            if not var.kind and SESSION_LIKE_NAME.search(var.factory)
        )
        # ``from loader import session``: another module's session, made at import; the project
        # check asks whether that module makes a sync one.
        usable.update(
            (local, MODULE_PREFIX + target)
            for local, target in ctx.imports.items()
            if SESSION_LIKE_NAME.search(local) and local not in own and local not in usable
        )
        for call, variable, described in blocking_session_calls(function, ctx, made | set(usable)):
            data = {SESSION_DEF: usable.get(variable, SYNC)}
            yield Signal(
                kind=BLOCKING_DEF_SIGNAL, line=call.lineno, name=name, detail=described, data=data
            )
            break


def _helper_called(call: ast.Call, ctx: FileContext, defined: set[str], own: set[str]) -> str:
    """The qualified name of the function ``call`` calls by a name this module defines or
    imports from a module (``get_embedding(...)`` of ``from services.embeddings import
    get_embedding``), or through a module it imports (``db.show_categories()`` of ``import
    bot.db as db``), if its name says enough to pair it; else "". The project check learns
    there whether that function blocks, however many modules away its blocking call is. ``own``:
    the names the calling function binds itself."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        # A keyboard builder querying sqlite3 through ``db.show_categories()`` blocks the bot's
        # handler that builds the keyboard (blind check t1). A function's own ``db`` is no module.
        module = ctx.imports.get(func.value.id, "")
        if not module or func.value.id in own:
            return ""
        return f"{module}.{func.attr}" if specific(func.attr) else ""
    if not isinstance(func, ast.Name):
        return ""
    if func.id in defined:
        target = f"{module_of(ctx.path)}.{func.id}"
    else:
        target = ctx.imports.get(func.id, "")
    if "." not in target:
        return ""
    return (
        target
        if specific(target.rsplit(".", 1)[-1]) or resolved_by_name(func, ctx, defined, own)
        else ""
    )


def resolved_by_name(func: ast.expr, ctx: FileContext, defined: set[str], own: set[str]) -> bool:
    """Whether a plain-name call names one function for sure: a sync function this module
    defines, or one imported by name (``from notify import handle``), not shadowed by the
    calling function's own names. Then a name too common to pair (``handle``) is followed all
    the same, the project check looking in that module only: an async Kafka consumer calling
    its module's ``handle()`` that posts with requests was "no findings" (blind check k1)."""
    if not isinstance(func, ast.Name) or func.id in own:
        return False
    if func.id in defined:
        return True
    return "." in ctx.imports.get(func.id, "") and func.id not in ctx.star_imports


def _consumed(call: ast.Call, ctx: FileContext) -> bool:
    """Whether what the call returns is iterated right there (``for row in rows(...)``,
    ``list(rows(...))``): a generator's body then runs on the caller's thread."""
    parent = ctx.parents.get(id(call))
    if isinstance(parent, ast.For | ast.comprehension):
        return parent.iter is call
    if isinstance(parent, ast.Starred | ast.YieldFrom):
        return True
    if isinstance(parent, ast.Call) and call in parent.args:
        func = parent.func
        named = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return named in _CONSUMERS
    return False


def _helper_calls(
    function: FunctionNode,
    ctx: FileContext,
    defined: set[str],
    held: dict[str, str],
    unmapped: dict[str, str],
) -> list[tuple[str, ast.Call, str, str]]:
    """``(name, call, through, imported)`` of each call, on the loop's thread (not awaited, not
    handed to a thread), to ``helper(...)`` or ``module.helper(...)`` (a function this module
    defines or imports, not a constructor or a generic name), to ``obj.method(...)`` on an
    object of a class or to ``Cls.method(...)`` on a class itself (``Cls.method``). With, for
    ``name.method(...)`` on an imported name, that import's target, which the project check
    resolves to a module or to an object another module makes (then a generic method name is
    fine: it is paired by its class), or the targets a star import may give the name, or the
    module a dotted import names (``unmapped``: ``db.util.get_connection()``); for a function
    called by a name it imports, the import's target, also through a star import.
    """
    awaited = {id(node.value) for node in own_nodes_of(function, ast.Await)}
    own = local_names(function)
    calls: list[tuple[str, ast.Call, str, str]] = []
    for call in own_nodes_of(function, ast.Call):
        func = call.func
        name, through, imported = method_called(call, held, ctx), "", ""
        if name:
            known = True
        elif isinstance(func, ast.Name):
            name, known = func.id, func.id in defined or func.id in ctx.imports
            imported = ctx.imports.get(func.id, "")
            if "." in imported and func.id not in defined:
                # ``from docs import extract_text as extract_fallback``: paired by its own name.
                name = imported.rpartition(".")[2]
            if not known and func.id in unmapped:
                # A helper a star import brings (``from app.request_manager import *``): the
                # one module it can come from, or any when several star imports could.
                candidates = unmapped[func.id].split()
                known, imported = True, candidates[0] if len(candidates) == 1 else ""
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            through = ctx.imports.get(func.value.id) or unmapped.get(func.value.id, "")
            name, known = func.attr, bool(through)
        elif isinstance(func, ast.Attribute) and dotted(func.value) in unmapped:
            # ``db.util.get_connection()`` after ``import db.util``: a module's function.
            through, name, known = unmapped[dotted(func.value)], func.attr, True
        else:
            continue
        # ``await helper()`` of a plain ``def`` of this module runs it on the loop all the
        # same (and then fails on its result): only a coroutine's await hands the loop back.
        sync_awaited = isinstance(func, ast.Name) and func.id in defined
        if (
            known
            and (
                through
                or "." in name
                or specific(name)
                or resolved_by_name(func, ctx, defined, own)
            )
            and (id(call) not in awaited or sync_awaited)
            and not wrapped_in_thread(call, ctx, function)
        ):
            calls.append((name, call, through, imported))
    return calls


def _dotted_module_imports(ctx: FileContext) -> dict[str, str]:
    """Modules imported by their dotted path (``import db.util``), which calls reach as
    ``db.util.get_connection()``: each path to itself."""
    return {
        alias.name: alias.name
        for node in ctx.tree.body
        if isinstance(node, ast.Import)
        for alias in node.names
        if "." in alias.name and alias.asname is None
    }


def _star_imported_names(ctx: FileContext) -> dict[str, str]:
    """Each name the file reads but neither binds nor imports by name, when a star import may
    bring it (``sql_conn.get_user(...)`` after ``from api.routes import *``), with the import
    targets it may be, space-separated."""
    modules = star_modules(ctx.tree, ctx.path)
    if not modules:
        return {}
    bound = module_level_names(ctx.tree) | set(ctx.imports)
    for node in walk_of(ctx.tree, ast.arguments):
        bound.update(arg.arg for arg in (*node.posonlyargs, *node.args, *node.kwonlyargs))
        bound.update(arg.arg for arg in (node.vararg, node.kwarg) if arg is not None)
    read = {
        node.id
        for node in walk_of(ctx.tree, ast.Name)
        if isinstance(node.ctx, ast.Load) and node.id not in bound
    }
    read -= {node.id for node in walk_of(ctx.tree, ast.Name) if not isinstance(node.ctx, ast.Load)}
    return {name: " ".join(f"{module}.{name}" for module in modules) for name in read}


def specific(name: str) -> bool:
    """A helper's name that says enough to pair a call with a definition by name alone."""
    return name not in GENERIC_HELPER_NAMES and not name[:1].isupper()
