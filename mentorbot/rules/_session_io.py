"""Where ``async def`` code blocks on a synchronous database session.

A sync session blocks the event loop wherever it does I/O: in its own methods (``db.query``,
``db.commit``) and in any function it is handed to, as ``crud.create_book(db, book)`` runs its
queries on the loop's thread. MB101 uses this for sessions it can type in the file and, through
signals, for sessions whose type comes from another module (an imported ``SessionDep`` alias or
an unannotated ``db=Depends(get_db)``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking_calls import wrapped_in_thread
from mentorbot.rules._kept_sessions import (
    inherited_attributes,
    kept_session_signals,
    kept_sessions,
    sessions_by_method,
)
from mentorbot.rules._names import (
    FunctionNode,
    assigned_locals,
    chain_root,
    dotted,
    functions,
    is_generator,
    last_part,
    own_nodes_of,
    param_defaults,
    positional_params,
    qualified,
    yielded_names,
)
from mentorbot.rules._provided_classes import depends_target
from mentorbot.rules._sessions import (
    SESSION_ALIAS_SIGNAL,
    SESSION_LIKE_NAME,
    SYNC,
    module_sessions,
    module_sync_sessions,
    session_aliases,
    session_creations,
    session_kind,
)
from mentorbot.rules.base import FileContext

SYNC_SESSION_IO = frozenset(
    {"query", "execute", "exec", "commit", "refresh", "flush", "scalar", "scalars", "get"}
    | {"rollback", "merge"}
)
SESSION_DEPENDENCY_SIGNAL = "rule:session-dependency"
FOREIGN_SESSION_CALL_SIGNAL = "rule:session-call-via-import"
MODULE_SESSION_SIGNAL = "rule:module-session"
"""A module-level sync session (``session = SessionLocal()``) other modules may import."""
KEPT_SESSION_CALL_SIGNAL = "rule:kept-session-call"
"""An async method's call (``data.call``) that blocks if ``self.<attr>`` (``detail``) holds a
sync session at run time: one its class keeps typed as an ``AsyncSession`` (``data.kind``), or
one its class never sets, which a base class (``data.bases``, qualified) may keep."""
_NO_IO = frozenset(
    {"isinstance", "print", "len", "repr", "str", "id", "type", "getattr", "hasattr", "setattr"}
    | {"Depends", "Annotated", "cast", "debug", "info", "warning", "error", "exception", "log"}
    | {"add_task", "delay", "apply_async", "send_task", "enqueue", "defer", "submit", "partial"}
)
"""Callees a session may be passed to without anything being queried now: builtins, logging,
and what schedules work for later or for another thread (``background_tasks.add_task``)."""


def _passed_session(call: ast.Call, sessions: set[str]) -> str | None:
    """The session variable ``call`` hands to a function that may query it, if any.

    Constructors (``UserRepository(db)``) are left out: building the object queries nothing,
    and what it does later is its own call.
    """
    callee = last_part(dotted(call.func))
    if not callee or callee in _NO_IO or callee[:1].isupper():
        return None
    for argument in (*call.args, *(keyword.value for keyword in call.keywords)):
        name = dotted(argument) or _drawn_name(argument)
        if name and name in sessions:
            return name
    return None


def _drawn_name(node: ast.AST) -> str:
    """``next(get_db())``, a session drawn from a dependency by hand, as the name it goes by;
    "" for anything else."""
    dependency = _drawn_from(node)
    return f"next({dotted(dependency)}())" if dependency is not None else ""


def _drawn_from(node: ast.AST) -> ast.expr | None:
    """The dependency of ``next(get_db())``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "next"
        and len(node.args) == 1
        and isinstance(inner := node.args[0], ast.Call)
        and not inner.args
        and dotted(inner.func)
    ):
        return inner.func
    return None


def _drawn_sessions(function: FunctionNode) -> Iterator[tuple[str, ast.expr]]:
    """``(name, dependency)`` of each session ``function`` draws with ``next(get_db())``: the
    call itself, as it may be passed inline, and the variable it is assigned to."""
    for node in own_nodes_of(function, ast.Call, ast.Assign):
        if isinstance(node, ast.Call):
            dependency = _drawn_from(node)
            if dependency is not None:
                yield _drawn_name(node), dependency
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(target := node.targets[0], ast.Name)
        ):
            dependency = _drawn_from(node.value)
            if dependency is not None:
                yield target.id, dependency


def blocking_session_calls(
    function: FunctionNode, ctx: FileContext, sessions: set[str]
) -> Iterator[tuple[ast.Call, str, str]]:
    """``(call, session variable, what to call it)`` for each call in ``function`` that does
    I/O on one of ``sessions`` on the loop's thread. An awaited call does not block (a
    coroutine the session is passed to is judged on its own); nor does a call inside
    ``to_thread`` / ``run_in_threadpool``."""
    if not sessions:
        return
    awaits = own_nodes_of(function, ast.Await)
    awaited = {id(node.value) for node in awaits}
    # A session the function awaits a method of is an async one, whatever its annotation says
    # (``conn: Connection`` handed an ``AsyncConnection``): a call left without await there is
    # a missing await, not a blocking call. Unless the function asks which one it got
    # (``isinstance(db, AsyncSession)``) and has a sync branch.
    awaited_sessions = sessions & {
        dotted(node.value.func.value)
        for node in awaits
        if isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute)
    }
    if awaited_sessions:
        sessions = sessions - (awaited_sessions - _type_checked(function))
    for call in own_nodes_of(function, ast.Call):
        if id(call) in awaited:
            # ``await db.execute(...)`` treats the session as an AsyncSession (a function typed
            # ``db: Session`` may branch on ``isinstance(db, AsyncSession)``): it never blocks.
            continue
        func = call.func
        holder = dotted(func.value) if isinstance(func, ast.Attribute) else ""
        if holder and holder in sessions:
            assert isinstance(func, ast.Attribute)
            if func.attr not in SYNC_SESSION_IO:
                continue
            variable, described = holder, f"{holder}.{func.attr}"
            if func.attr == "query" and _only_built(call, ctx):
                continue
            results = _results_of_kept_query(call, function, ctx) if func.attr == "query" else {}
            for result, method in results.items():
                if not wrapped_in_thread(result, ctx, function):
                    yield result, variable, f"{variable}.query(...).{method}"
            if results:
                continue
        else:
            passed = _passed_session(call, sessions)
            if passed is None or _scheduled(call, ctx):
                continue
            variable, described = passed, f"{dotted(func)}({passed})"
        if not wrapped_in_thread(call, ctx, function):
            yield call, variable, described


SCHEDULERS = frozenset({"create_task", "ensure_future", "gather", "run_coroutine_threadsafe"})
"""What runs a coroutine as a task of its own: ``asyncio.create_task(store(url, db))`` blocks
nothing where it is written; the coroutine is judged on its own (corpus 87)."""


def _scheduled(call: ast.Call, ctx: FileContext) -> bool:
    parent = ctx.parents.get(id(call))
    return (
        isinstance(parent, ast.Call)
        and call in parent.args
        and last_part(dotted(parent.func)) in SCHEDULERS
    )


def _type_checked(function: FunctionNode) -> set[str]:
    """The names ``function`` passes to ``isinstance`` as the object checked."""
    return {
        dotted(call.args[0])
        for call in own_nodes_of(function, ast.Call)
        if isinstance(call.func, ast.Name) and call.func.id == "isinstance" and call.args
    }


QUERY_RESULTS = frozenset(
    {"all", "first", "one", "one_or_none", "scalar", "count", "get", "delete", "update"}
    | {"exists", "paginate", "yield_per"}
)
"""Methods of a legacy ``Query`` that run it; ``filter``, ``order_by`` and the like only build."""


QUERY_BUILDERS = frozenset({"subquery", "scalar_subquery", "cte", "statement", "as_scalar"})
"""Methods of a legacy ``Query`` that turn it into SQL for another query, running nothing."""


def _only_built(call: ast.Call, ctx: FileContext) -> bool:
    """``db.query(...).filter(...).subquery()``: the query becomes part of another one, which
    is where it runs."""
    node: ast.AST = call
    parent = ctx.parents.get(id(node))
    while isinstance(parent, ast.Attribute | ast.Call):
        if isinstance(parent, ast.Attribute):
            if parent.attr in QUERY_BUILDERS:
                return True
            if parent.attr in QUERY_RESULTS:
                return False
        elif parent.func is not node:
            return False
        node, parent = parent, ctx.parents.get(id(parent))
    return False


def _runs(node: ast.expr) -> str:
    """The method that runs the query ``node`` calls (``all`` of ``q.all()``), else ""."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr if node.func.attr in QUERY_RESULTS else ""
    return ""


def _results_of_kept_query(
    call: ast.Call, function: FunctionNode, ctx: FileContext
) -> dict[ast.Call, str]:
    """Where a query built and kept in a variable runs: ``query = db.query(Task)`` queries
    nothing; ``query.order_by(...).all()`` three lines down does. Empty when ``call`` is not
    kept that way or the variable is never run here (then ``call``'s own line is cited)."""
    top: ast.expr = call
    parent = ctx.parents.get(id(call))
    while isinstance(parent, ast.Attribute | ast.Call) and not _runs(top):
        if isinstance(parent, ast.Call) and parent.func is not top:
            break
        top = parent
        parent = ctx.parents.get(id(parent))
    if _runs(top) or not isinstance(parent, ast.Assign) or parent.value is not top:
        return {}
    if len(parent.targets) != 1 or not isinstance(parent.targets[0], ast.Name):
        return {}
    kept, line = parent.targets[0].id, parent.lineno
    return {
        node: method
        for node in own_nodes_of(function, ast.Call)
        if (method := _runs(node))
        and node.lineno >= line
        and isinstance(root := chain_root(node), ast.Name)
        and root.id == kept
    }


def yielded_sessions(
    function: ast.FunctionDef | ast.AsyncFunctionDef, created: dict[str, tuple[str, str]]
) -> tuple[str, str] | None:
    """``(kind, factory)`` of the session a generator dependency yields, from the sessions it
    creates (``created``: variable -> kind and factory), or None."""
    return next((created[name] for name in yielded_names(function) if name in created), None)


def collect_session_signals(ctx: FileContext) -> Iterator[Signal]:
    """What the cross-file check pairs: this module's session aliases and session-yielding
    dependencies, and the blocking calls its async functions make on a parameter whose type
    only another module knows (an imported annotation, or an unannotated ``Depends(...)``)."""
    if ctx.in_tests:
        return
    aliases = session_aliases(ctx.tree, ctx.imports)
    for node in ctx.tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id in aliases:
            kind = aliases[target.id]
            yield Signal(
                kind=SESSION_ALIAS_SIGNAL, line=node.lineno, name=target.id, data={"kind": kind}
            )
    for name in module_sync_sessions(ctx.tree, ctx.imports):
        yield Signal(kind=MODULE_SESSION_SIGNAL, line=0, name=name)
    made_here = module_sessions(ctx.tree, ctx.imports)
    for function in functions(ctx.tree):
        if is_generator(function):
            created = {
                var.name: (var.kind, var.factory)
                for var in session_creations(function, ctx.imports)
                if var.kind or SESSION_LIKE_NAME.search(var.factory)
            }
            yielded = yielded_sessions(function, created) if created else None
            if yielded is not None:
                yield Signal(
                    kind=SESSION_DEPENDENCY_SIGNAL,
                    line=function.lineno,
                    name=function.name,
                    data={"kind": yielded[0], "factory": yielded[1]},
                )
        if isinstance(function, ast.AsyncFunctionDef):
            yield from _calls_on_foreign_sessions(function, ctx, aliases, made_here)
    kept = kept_sessions(ctx.tree, ctx.imports, aliases)
    yield from kept_session_signals(ctx.tree, kept)
    yield from _calls_on_kept_sessions(ctx, kept)


def _calls_on_kept_sessions(ctx: FileContext, kept: dict[str, dict[str, str]]) -> Iterator[Signal]:
    """The project check decides whether these sessions are sync: a kept ``AsyncSession``
    where the project has only sync engines, one typed with another module's alias (``db:
    Db``), or a session a base class in another module keeps (a kept sync session is reported
    by the file check)."""
    undecided = {
        method_id: {name: kind for name, kind in sessions.items() if kind != SYNC}
        for method_id, sessions in sessions_by_method(ctx.tree, kept).items()
    }
    inherited = {
        id(method): (bases, attributes)
        for method, bases, attributes in inherited_attributes(ctx.tree, ctx.imports, kept)
    }
    for method in functions(ctx.tree):
        if not isinstance(method, ast.AsyncFunctionDef):
            continue
        bases, attributes = inherited.get(id(method), ((), set()))
        declared = undecided.get(id(method), {})
        for call, variable, described in blocking_session_calls(
            method, ctx, attributes | set(declared)
        ):
            yield Signal(
                kind=KEPT_SESSION_CALL_SIGNAL,
                line=call.lineno,
                name=method.name,
                detail=variable,
                data={
                    "call": described,
                    "kind": declared.get(variable, ""),
                    "bases": " ".join(bases),
                },
            )


def _calls_on_foreign_sessions(
    function: ast.AsyncFunctionDef,
    ctx: FileContext,
    aliases: dict[str, str],
    made_here: dict[str, tuple[int, str, str]],
) -> Iterator[Signal]:
    """Only names that sound like a session (``SessionDep``, ``get_db``) are followed; the
    project check then wants them to be a sync alias or a sync-session dependency."""
    defaults = param_defaults(function.args)
    foreign: dict[str, tuple[str, str]] = {}
    for param in positional_params(function):
        annotation = param.annotation
        if session_kind(annotation, ctx.imports, aliases):
            continue
        dependency = depends_target(defaults.get(param.arg))
        # What ``Depends`` gives is the session, whatever the annotation says: a learner's
        # ``db: Session = Depends(get_db)`` may name their own ``Session = sessionmaker(...)``.
        if dependency is not None and SESSION_LIKE_NAME.search(dotted(dependency)):
            foreign[param.arg] = (qualified(dependency, ctx.imports), "depends")
        elif isinstance(annotation, ast.Name) and annotation.id in ctx.imports:
            if SESSION_LIKE_NAME.search(annotation.id):
                foreign[param.arg] = (ctx.imports[annotation.id], "alias")
    for name, dependency in _drawn_sessions(function):
        if name not in foreign and SESSION_LIKE_NAME.search(dotted(dependency)):
            foreign[name] = (qualified(dependency, ctx.imports), "depends")
    # ``from models import session``: a session another module made at import.
    imported = [name for name in ctx.imports if SESSION_LIKE_NAME.search(name)]
    if imported or made_here:
        bound = {param.arg for param in positional_params(function)}
        bound |= set(assigned_locals(function))
        for name in imported:
            if name not in foreign and name not in bound:
                foreign[name] = (ctx.imports[name], "module")
        # ``session = SessionLocal()`` at this module's top, of a factory another module makes:
        # every call the async function makes on it blocks when that factory is sync.
        for name, (_, kind, factory) in made_here.items():
            if not kind and factory in ctx.imports and name not in foreign and name not in bound:
                foreign[name] = (factory, "factory")
    for var in session_creations(function, ctx.imports):
        # ``db = SessionLocal()`` of a factory made with ``sessionmaker`` (in another module or
        # at this one's top, ``database.SessionLocal()`` too): the project knows its kind.
        if not var.kind and var.name not in foreign and SESSION_LIKE_NAME.search(var.factory):
            foreign[var.name] = (var.factory, "factory")
    for call, variable, described in blocking_session_calls(function, ctx, set(foreign)):
        name, via = foreign[variable]
        yield Signal(
            kind=FOREIGN_SESSION_CALL_SIGNAL,
            line=call.lineno,
            name=name,
            detail=function.name,
            data={"call": described, "via": via},
        )
