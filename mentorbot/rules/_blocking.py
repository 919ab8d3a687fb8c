"""What blocks the event loop when called from ``async def``, and the helpers that do.

The calls themselves are named in ``_blocking_calls``. A module-level sync function that makes
one is a blocking helper: the project check pairs each
call an async function makes with such a helper, by name, wherever the helper is defined
(``get_weather_data()`` wrapping ``requests.get`` in a CRUD module).

Sync methods count too, named with their class (``ChatService.ask``), and they are reached
through objects: a module-level ``service = ChatService()``, also imported from the module that
makes it (``from app.db import db`` then ``db.get_user(name)``), an attribute a class sets to
one (``self.chat_service = ChatService()``), a parameter annotated with the class
(``memory: ChatMemory = Depends(get_memory)``), or an attribute set to such a parameter
(``self.loader = loader`` in ``__init__(self, loader: DocumentLoader)``). A method that calls
a blocking method of another object blocks as well, so the controller a route calls, whose
service calls a sync OpenAI client in another module, is found:
``ChatController.send → ChatService.ask → ...create``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from mentorbot.domain import Signal
from mentorbot.rules._blocking_calls import blocking_name, wrapped_in_thread
from mentorbot.rules._names import (
    FunctionNode,
    annotation_types,
    assign_targets,
    children,
    dotted,
    functions,
    is_test_path,
    last_part,
    module_level_names,
    module_matches,
    own_nodes,
    own_nodes_of,
    positional_params,
    star_modules,
    walk_of,
)
from mentorbot.rules._session_io import blocking_session_calls
from mentorbot.rules._sessions import SYNC, session_creations
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import ProjectView

BLOCKING_DEF_SIGNAL = "rule:blocking-def"
ASYNC_CALLS_SIGNAL = "rule:async-calls"
METHOD_CALLS_SIGNAL = "rule:method-calls"
"""A sync function or method (``name``) calling a method of an object it holds (``detail``)."""
INSTANCE_SIGNAL = "rule:module-instance"
"""A module-level name (``name``) bound to an instance of a class (``detail``)."""
GENERIC_HELPER_NAMES = frozenset(
    {"get", "post", "put", "patch", "delete", "run", "main", "call", "send", "save", "load"}
    | {"create", "update", "fetch", "request", "handle", "handler", "process", "read", "write"}
)
"""Helper names too common to pair a call with a definition by name alone."""


def _constructed_class(value: ast.expr | None) -> str:
    """``Name`` for a value made by ``Name(...)`` or ``module.Name(...)``: a class by its
    capital; "" for anything else."""
    if not isinstance(value, ast.Call):
        return ""
    name = last_part(dotted(value.func))
    return name if name[:1].isupper() else ""


def instances(statements: Sequence[ast.AST], owner: str = "") -> dict[str, str]:
    """What ``<name> = Cls(...)`` binds among ``statements`` (``self.<name> = Cls(...)`` with
    owner ``self``): the dotted target -> the class's name."""
    prefix = f"{owner}." if owner else ""
    bound: dict[str, str] = {}
    for node in statements:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        made = _constructed_class(node.value)
        for target in assign_targets(node) if made else ():
            name = dotted(target)
            if name and name.startswith(prefix) and name.count(".") == prefix.count("."):
                bound[name] = made
    return bound


def _classes(ctx: FileContext) -> dict[str, str]:
    """The classes the module defines or imports, each as itself (an import by its own name):
    ``Service.reply(...)`` calls a static or class method, named as its definition is."""
    classes = {node.name: node.name for node in ctx.tree.body if isinstance(node, ast.ClassDef)}
    for local, target in ctx.imports.items():
        name = target.rsplit(".", 1)[-1]
        if name[:1].isupper() and "." in target:
            classes.setdefault(local, name)
    return classes


LIBRARY_CLASSES = frozenset(
    {"fastapi", "starlette", "sqlalchemy", "sqlmodel", "pydantic", "typing", "pathlib"}
    | {"datetime", "decimal", "uuid", "collections", "enum", "logging", "ipaddress"}
)
"""Where the classes of most annotated parameters and made-on-the-spot values come from
(``db: AsyncSession``, ``Decimal(x).quantize(...)``): never a project class, so not worth a
signal per call."""


def _class_named(node: ast.AST, ctx: FileContext) -> str:
    """The class a reference names (``ChatMemory``, ``services.ChatMemory``), unless it comes
    from one of the ``LIBRARY_CLASSES`` packages; "" for anything else."""
    name = last_part(dotted(node))
    source = ctx.imports.get(dotted(node).split(".", 1)[0], "")
    if name[:1].isupper() and source.split(".", 1)[0] not in LIBRARY_CLASSES:
        return name
    return ""


def _annotated_params(function: FunctionNode, ctx: FileContext) -> dict[str, str]:
    """Parameters annotated with a class (``memory: ChatMemory``, ``Annotated[ChatMemory,
    Depends(...)]``, ``ChatMemory | None``): the parameter's name -> the class's name."""
    found: dict[str, str] = {}
    for param in positional_params(function):
        for named in annotation_types(param.annotation, ctx.imports):
            name = _class_named(named, ctx)
            if name:
                found[param.arg] = name
                break
    return found


def _local_instances(function: FunctionNode, ctx: FileContext) -> dict[str, str]:
    """Locals a function binds to an instance it makes (``service = VectorService()``) of a
    class not from the ``LIBRARY_CLASSES`` packages."""
    bound: dict[str, str] = {}
    for node in own_nodes_of(function, ast.Assign, ast.AnnAssign):
        if not isinstance(node, ast.Assign | ast.AnnAssign) or not isinstance(node.value, ast.Call):
            continue
        if not _constructed_class(node.value):
            continue
        made = _class_named(node.value.func, ctx)
        for target in assign_targets(node):
            if isinstance(target, ast.Name):
                if made:
                    bound[target.id] = made
                else:
                    bound.pop(target.id, None)
    return bound


def _kept_params(method: FunctionNode, params: dict[str, str]) -> dict[str, str]:
    """``self.<attr> = <param>`` of a method whose parameters are annotated with classes."""
    kept: dict[str, str] = {}
    for node in own_nodes_of(method, ast.Assign, ast.AnnAssign):
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id in params:
            for target in assign_targets(node):
                name = dotted(target)
                if name.startswith("self.") and name.count(".") == 1:
                    kept[name] = params[value.id]
    return kept


def _held_objects(ctx: FileContext) -> tuple[dict[str, str], dict[int, dict[str, str]]]:
    """Module-level names bound to instances (and the classes themselves, for their static
    methods), and per function (by id) what it holds besides: in a method, ``self`` itself (its
    class's other methods) and the ``self.<attr>`` instances its class sets in any of its
    methods (made there or handed in), its parameters annotated with a class, and what the
    function it is defined in holds."""
    module = {**_classes(ctx), **instances(ctx.tree.body)}
    params = {id(function): _annotated_params(function, ctx) for function in functions(ctx.tree)}
    by_function: dict[int, dict[str, str]] = {}
    for cls in ctx.tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        methods = [
            node for node in cls.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        held = {**module, "self": cls.name}
        for method in methods:
            held.update(instances(own_nodes_of(method, ast.Assign, ast.AnnAssign), "self"))
            held.update(_kept_params(method, params[id(method)]))
        for method in methods:
            by_function[id(method)] = held
    own = {
        id(function): {**_local_instances(function, ctx), **params[id(function)]}
        for function in functions(ctx.tree)
    }
    for function in functions(ctx.tree):
        if own[id(function)]:
            by_function[id(function)] = {
                **by_function.get(id(function), module),
                **own[id(function)],
            }
    for function in functions(ctx.tree):  # outer functions first: walk order
        if id(function) in by_function:
            for inner in _nested_functions(function):
                by_function[id(inner)] = {**by_function[id(function)], **own[id(inner)]}
    return module, by_function


def _nested_functions(function: FunctionNode) -> list[FunctionNode]:
    """The functions defined in ``function``'s own body (a route's ``async def generate()``
    streaming its answer), which see what it holds."""
    return [
        child
        for node in (function, *own_nodes(function))
        for child in children(node)
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def _method_called(call: ast.Call, held: dict[str, str], ctx: FileContext) -> str:
    """``Cls.method`` for ``obj.method(...)`` where ``obj`` holds a ``Cls`` instance, or for
    ``Cls(...).method(...)`` on an instance made on the spot; else ""."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return ""
    made = held.get(dotted(func.value))
    if not made and isinstance(func.value, ast.Call):
        made = _class_named(func.value.func, ctx)
    return f"{made}.{func.attr}" if made else ""


def collect_helper_signals(ctx: FileContext) -> Iterator[Signal]:
    """Module-level sync functions and sync methods that make a blocking call (at that call's
    line), the methods of held objects each sync function or method calls, and each async
    function's first call to a function by a name this module defines or imports, or to a
    method of an object it holds."""
    if is_test_path(ctx.path):
        return
    module_objects, held_by_method = _held_objects(ctx)
    defined: set[str] = set()
    sync_defs: list[tuple[str, ast.FunctionDef, dict[str, str]]] = []
    for node in ctx.tree.body:
        if isinstance(node, ast.FunctionDef):
            defined.add(node.name)
            if node.name not in GENERIC_HELPER_NAMES:
                sync_defs.append((node.name, node, held_by_method.get(id(node), module_objects)))
        elif isinstance(node, ast.ClassDef):
            for method in node.body:
                if isinstance(method, ast.FunctionDef):
                    held = held_by_method[id(method)]
                    sync_defs.append((f"{node.name}.{method.name}", method, held))
    direct = [
        signal
        for name, definition, held in sync_defs
        for signal in _sync_def_signals(name, definition, held, ctx)
    ]
    yield from direct
    yield from _through_own_helpers(sync_defs, direct, ctx)
    for name, made in instances(ctx.tree.body).items():
        yield Signal(kind=INSTANCE_SIGNAL, line=0, name=name, detail=made)
    starred = _star_imported_names(ctx)
    for function in functions(ctx.tree):
        if isinstance(function, ast.AsyncFunctionDef):
            held = held_by_method.get(id(function), module_objects)
            calls = _helper_calls(function, ctx, defined, held, starred)
            for name, (line, through) in calls.items():
                data = {"through": through} if through else {}
                yield Signal(
                    kind=ASYNC_CALLS_SIGNAL, line=line, name=name, detail=function.name, data=data
                )


def _sync_def_signals(
    name: str, function: ast.FunctionDef, held: dict[str, str], ctx: FileContext
) -> Iterator[Signal]:
    """Of one sync function or method: its first blocking call, and its first call to each
    method of an object it holds (not handed to a thread)."""
    called: set[str] = set()
    blocked = False
    for node in own_nodes_of(function, ast.Call):
        blocking = None if blocked else blocking_name(node, ctx, function)
        method = _method_called(node, held, ctx)
        if method in called:
            method = ""
        if (blocking is None and not method) or wrapped_in_thread(node, ctx, function):
            continue
        if blocking is not None:
            blocked = True
            yield Signal(kind=BLOCKING_DEF_SIGNAL, line=node.lineno, name=name, detail=blocking)
        if method:
            called.add(method)
            yield Signal(kind=METHOD_CALLS_SIGNAL, line=node.lineno, name=name, detail=method)
    if not blocked:
        # A helper that opens its own sync session (``with Session(engine) as session:``)
        # queries the database on whatever thread calls it.
        made = {var.name for var in session_creations(function, ctx.imports) if var.kind == SYNC}
        for call, _, described in blocking_session_calls(function, ctx, made):
            yield Signal(kind=BLOCKING_DEF_SIGNAL, line=call.lineno, name=name, detail=described)
            break


def _through_own_helpers(
    sync_defs: Sequence[tuple[str, ast.FunctionDef, dict[str, str]]],
    direct: Sequence[Signal],
    ctx: FileContext,
) -> Iterator[Signal]:
    """Module-level sync functions that block through another one of this module
    (``parse_resume → extract_pdf_text → pdfplumber.open``), at their call of it."""
    blocking = {
        signal.name: signal.detail
        for signal in direct
        if signal.kind == BLOCKING_DEF_SIGNAL and "." not in signal.name
    }
    if not blocking:
        return  # most modules: no function of theirs blocks, so none blocks through one
    # Each waiting function with its calls by name, in line order: found once, tried each pass.
    waiting = {
        name: (node, sorted(_named_calls(node), key=lambda call: call[0].lineno))
        for name, node, _ in sync_defs
        if "." not in name and name not in blocking
    }
    found = True
    while found:
        found = False
        for name, (node, calls) in waiting.items():
            if name in blocking:
                continue
            for call, callee in calls:
                if callee in blocking and callee != name and not wrapped_in_thread(call, ctx, node):
                    blocking[name] = detail = f"{callee} → {blocking[callee]}"
                    yield Signal(
                        kind=BLOCKING_DEF_SIGNAL, line=call.lineno, name=name, detail=detail
                    )
                    found = True
                    break


def _named_calls(function: ast.FunctionDef) -> Iterator[tuple[ast.Call, str]]:
    """``(call, name)`` of each call ``function`` makes to a plain name (``helper(...)``)."""
    for call in own_nodes_of(function, ast.Call):
        if isinstance(call.func, ast.Name):
            yield call, call.func.id


def _helper_calls(
    function: ast.AsyncFunctionDef,
    ctx: FileContext,
    defined: set[str],
    held: dict[str, str],
    starred: dict[str, str],
) -> dict[str, tuple[int, str]]:
    """Name -> first line of each call, on the loop's thread (not awaited, not handed to a
    thread), to ``helper(...)`` or ``module.helper(...)`` (a function this module defines or
    imports, not a constructor or a generic name), to ``obj.method(...)`` on an object of a
    class or to ``Cls.method(...)`` on a class itself (``Cls.method``). With, for
    ``name.method(...)`` on an imported name, that import's target, which the project check
    resolves to a module or to an object another module makes (then a generic method name is
    fine: it is paired by its class), or the targets a star import may give the name
    (``starred``)."""
    awaited = {id(node.value) for node in own_nodes_of(function, ast.Await)}
    calls: dict[str, tuple[int, str]] = {}
    for call in own_nodes_of(function, ast.Call):
        func = call.func
        name, through = _method_called(call, held, ctx), ""
        if name:
            known = True
        elif isinstance(func, ast.Name):
            name, known = func.id, func.id in defined or func.id in ctx.imports
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            through = ctx.imports.get(func.value.id) or starred.get(func.value.id, "")
            name, known = func.attr, bool(through)
        else:
            continue
        if (
            known
            and name not in calls
            and (through or "." in name or _specific(name))
            and id(call) not in awaited
            and not wrapped_in_thread(call, ctx, function)
        ):
            calls[name] = (call.lineno, through)
    return calls


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


def _specific(name: str) -> bool:
    """A helper's name that says enough to pair a call with a definition by name alone."""
    return name not in GENERIC_HELPER_NAMES and not name[:1].isupper()


BlockingDefs = dict[str, list[tuple[str, str]]]
"""Function or ``Cls.method`` name -> (path, what it blocks on) of each definition."""


def _blocking_defs(project: ProjectView, known: BlockingDefs | None = None) -> BlockingDefs:
    """Each definition that blocks: directly, through a blocking method of an object it holds,
    or as ``known`` says (a request through another module's LLM client, ``_llm_imports``)."""
    blocking: BlockingDefs = {name: list(found) for name, found in (known or {}).items()}
    for path, signal in project.signals(BLOCKING_DEF_SIGNAL):
        blocking.setdefault(signal.name, []).append((path, signal.detail))
    edges = [
        (path, signal.name, signal.detail) for path, signal in project.signals(METHOD_CALLS_SIGNAL)
    ]
    grew = bool(blocking)
    while grew:
        grew = False
        for path, caller, callee in edges:
            if caller not in blocking and callee in blocking:
                blocking[caller] = [(path, f"{callee} → {blocking[callee][0][1]}")]
                grew = True
    return blocking


def pair_helper_signals(
    project: ProjectView, known: BlockingDefs | None = None
) -> Iterator[ProjectHit]:
    """Calls from async functions to a project function or method that blocks (``known``:
    definitions other checks found blocking)."""
    blocking = _blocking_defs(project, known)
    if not blocking:
        return
    classes_of = _instance_classes(project)
    for path, signal in project.targets(ASYNC_CALLS_SIGNAL):
        name = signal.name
        through = str(signal.data.get("through") or "")
        if through:
            made = _imported_class(through, classes_of)
            if made:
                name = f"{made}.{name}"
            elif not _specific(name):
                continue
        defined = blocking.get(name)
        if defined:
            inner = next((call for where, call in defined if where == path), defined[0][1])
            yield ProjectHit(
                path, signal.line, {"call": f"{name} → {inner}", "function": signal.detail}
            )


def _instance_classes(project: ProjectView) -> dict[str, list[tuple[str, str]]]:
    """Module-level instance name -> (path, class) of each file that makes one."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path, signal in project.signals(INSTANCE_SIGNAL):
        found.setdefault(signal.name, []).append((path, signal.detail))
    return found


def _imported_class(through: str, instances: dict[str, list[tuple[str, str]]]) -> str:
    """The class of the instance an import target (``app.db.db``; or the first of the
    space-separated targets a star import may give) names; "" for anything else (a module, a
    function)."""
    for target in through.split():
        module, _, name = target.rpartition(".")
        for path, made in instances.get(name, ()):
            if module_matches(module, path):
                return made
    return ""
