"""Requests an async function makes through a sync LLM client or a LangChain / LangGraph object
that another module builds (MB101).

The usual agent project builds its graph in one module and serves it from another: ``from
app.agent import graph``, or ``graph = build_graph()`` with ``build_graph`` imported; the route
then calls ``graph.invoke(...)``, and the whole completion, tool calls included, runs on the
event loop's thread. Each file reports the requests its async functions make through imported
names, or through names it binds to what an imported function returns; the defining module
reports its clients, objects and factories (``_llm_clients``); the project check pairs them.
A sync helper that makes such a request (``run_agent`` wrapping ``graph.invoke``) is reported
too: paired, it is a blocking helper like any other (``_blocking``), and an async function that
calls it blocks.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from mentorbot.domain import Signal
from mentorbot.rules._blocking import sync_definitions
from mentorbot.rules._blocking_calls import wrapped_in_thread
from mentorbot.rules._blocking_pairs import BlockingDefs
from mentorbot.rules._llm_clients import (
    CLIENT,
    FRAMEWORK,
    FRAMEWORK_REQUESTS,
    LLM_FACTORY_SIGNAL,
    LLM_OBJECT_SIGNAL,
    REQUEST_METHODS,
    chain_text,
    factory_chain,
    sync_llm_request,
)
from mentorbot.rules._names import (
    FunctionNode,
    assign_targets,
    dotted,
    functions,
    module_matches,
    own_nodes_of,
    qualified,
)
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import IndexBuilder, PathsIndex, ProjectView

LLM_CALLS_SIGNAL = "rule:llm-calls"
"""A request an async function makes through an imported name (``via`` "object") or through a
name bound to an imported function's result (``via`` "factory"): ``name`` is the dotted target,
``detail`` the method."""
LLM_HELPER_CALLS_SIGNAL = "rule:llm-helper-calls"
"""The same, made by a module-level sync function or a sync method (``data["function"]``: its
name, ``Cls.method`` for a method): its first such request."""
OBJECT = "object"
FACTORY = "factory"
CALLED = "__call__"
"""A legacy chain or LLM called as a function (``qa({"query": q})``) runs, as ``invoke`` does."""
METHODS = {CLIENT: REQUEST_METHODS, FRAMEWORK: FRAMEWORK_REQUESTS | {CALLED}}
_ANY_METHOD = REQUEST_METHODS | FRAMEWORK_REQUESTS


def _factory_results(
    statements: list[ast.Assign | ast.AnnAssign], imports: dict[str, str]
) -> dict[str, str]:
    """Names bound to what an imported function returns: name -> that function's target."""
    bound: dict[str, str] = {}
    for node in statements:
        value = node.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            target = imports.get(value.func.id, "")
            if "." in target:
                bound.update((name, target) for name in map(dotted, assign_targets(node)) if name)
    return bound


def _target(receiver: ast.expr, imports: dict[str, str], made: dict[str, str]) -> tuple[str, str]:
    """(dotted target, via) of the object a request goes through; ("", "") when it is not
    imported nor made by an imported function."""
    name = dotted(receiver)
    if not name:
        return _factory_chain_target(receiver, imports)
    if name in made:  # ``self.llm``, set from a factory in another method
        return made[name], FACTORY
    head, _, rest = name.partition(".")
    if head in made:
        return made[head] + (f".{rest}" if rest else ""), FACTORY
    if head in imports:
        return qualified(receiver, imports), OBJECT
    return "", ""


def _factory_chain_target(receiver: ast.expr, imports: dict[str, str]) -> tuple[str, str]:
    """(target, via) of a request on what an imported function returns, made in one
    expression: ``client().chat.completions`` with ``client`` from ``rag.llm`` gives
    ``rag.llm.client.chat.completions``."""
    chain = factory_chain(receiver)
    if chain is None:
        return "", ""
    root, rest = chain
    target = imports.get(root.func.id, "") if isinstance(root.func, ast.Name) else ""
    if "." not in target:
        return "", ""
    return target + (f".{rest}" if rest else ""), FACTORY


def collect_llm_call_signals(ctx: FileContext) -> Iterator[Signal]:
    """The requests this file's async functions make through names another module provides."""
    if ctx.in_tests:
        return
    module_assigns = [n for n in ctx.tree.body if isinstance(n, ast.Assign | ast.AnnAssign)]
    module_made = _factory_results(module_assigns, ctx.imports)
    by_method = _attributes_made(ctx.tree, ctx.imports)
    for function in functions(ctx.tree):
        if isinstance(function, ast.AsyncFunctionDef):
            made = {**module_made, **by_method.get(id(function), {})}
            yield from _function_requests(function, ctx, made, LLM_CALLS_SIGNAL)
    for name, definition in sync_definitions(ctx.tree):
        first = next(
            _function_requests(definition, ctx, module_made, LLM_HELPER_CALLS_SIGNAL, name), None
        )
        if first is not None:
            yield first


def _attributes_made(tree: ast.Module, imports: dict[str, str]) -> dict[int, dict[str, str]]:
    """Per method (by id) of each module-level class: the ``self.<attr>`` its class binds, in
    any method, to what an imported function returns (``self.llm = get_llm()`` in
    ``__init__``)."""
    by_method: dict[int, dict[str, str]] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        methods = [n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        assigns: list[ast.Assign | ast.AnnAssign] = []
        for method in methods:
            assigns.extend(own_nodes_of(method, ast.Assign, ast.AnnAssign))
        made = {
            name: target
            for name, target in _factory_results(assigns, imports).items()
            if name.startswith("self.")
        }
        by_method.update((id(method), made) for method in methods)
    return by_method


def _function_requests(
    function: FunctionNode,
    ctx: FileContext,
    module_made: dict[str, str],
    kind: str,
    name: str = "",
) -> Iterator[Signal]:
    """Signals of ``kind`` for the requests ``function`` makes on the loop's thread through an
    imported name or a name bound to an imported function's result (``name``: how the
    function is named in them, by default its own name)."""
    calls: list[ast.Call] = own_nodes_of(function, ast.Call)
    requests = [
        call
        for call in calls
        if isinstance(call.func, ast.Attribute) and call.func.attr in _ANY_METHOD
    ]
    named = [call for call in calls if isinstance(call.func, ast.Name)]
    if not requests and not named:
        return
    made = {
        **module_made,
        **_factory_results(own_nodes_of(function, ast.Assign, ast.AnnAssign), ctx.imports),
    }
    # ``rag_chain = get_rag_chain()`` then ``rag_chain(question)``: the chain itself called.
    requests += [call for call in named if isinstance(call.func, ast.Name) and call.func.id in made]
    for call in sorted(requests, key=lambda node: (node.lineno, node.col_offset)):
        func = call.func
        if isinstance(ctx.parents.get(id(call)), ast.Await) or wrapped_in_thread(
            call, ctx, function
        ):
            continue
        if isinstance(func, ast.Name):
            target, via = made[func.id], FACTORY
            yield Signal(
                kind=kind,
                line=call.lineno,
                name=target,
                detail=CALLED,
                data={"function": name or function.name, "call": f"{func.id}(...)", "via": via},
            )
            continue
        assert isinstance(func, ast.Attribute)
        if sync_llm_request(call, ctx) is not None:
            continue  # this file's own client or object: the per-file check reports it
        target, via = _target(func.value, ctx.imports, made)
        if "." in target:  # a module's object or factory (``subprocess.run`` is neither)
            chain = factory_chain(func.value)
            described = chain_text(func, *chain) if chain else dotted(func)
            yield Signal(
                kind=kind,
                line=call.lineno,
                name=target,
                detail=func.attr,
                data={"function": name or function.name, "call": described, "via": via},
            )


def _by_kind_and_name(kind: str) -> IndexBuilder:
    """``kind:name -> paths`` of every signal of ``kind``: a client and a framework object of
    the same name are told apart."""

    def build(project: ProjectView) -> PathsIndex:
        index: PathsIndex = {}
        for path, signal in project.signals(kind):
            index.setdefault(f"{signal.detail}:{signal.name}", []).append(path)
        return index

    return build


_OBJECTS = _by_kind_and_name(LLM_OBJECT_SIGNAL)
_FACTORIES = _by_kind_and_name(LLM_FACTORY_SIGNAL)


def _defined(project: ProjectView, via: str, kind: str, module: str, name: str) -> bool:
    index = project.lookup(_FACTORIES if via == FACTORY else _OBJECTS)
    return any(module_matches(module, path) for path in index.get(f"{kind}:{name}"))


Defined = Callable[[str, str, str, str], bool]
"""Whether a module defines an LLM object or factory: (via, kind, module, name)."""


def _blocks(project: ProjectView, signal: Signal) -> bool:
    return goes_through_defined_llm(
        signal, lambda via, kind, module, name: _defined(project, via, kind, module, name)
    )


def goes_through_defined_llm(signal: Signal, defined: Defined) -> bool:
    """Whether the target names a sync client (any depth: ``client.chat.completions``) or a
    framework object (the request's own receiver) that the module it names defines."""
    parts = signal.name.split(".")
    if len(parts) < 2:
        return False  # an imported object's target always names its module
    via = signal.data.get("via", OBJECT)
    for kind, methods in METHODS.items():
        if signal.detail not in methods:
            continue
        cuts = range(len(parts) - 1, 0, -1) if kind == CLIENT else (len(parts) - 1,)
        for cut in cuts:
            if defined(via, kind, ".".join(parts[:cut]), parts[cut]):
                return True
    return False


def pair_llm_call_signals(project: ProjectView) -> Iterator[ProjectHit]:
    """Requests async functions make through a sync LLM client or framework object another
    module binds or builds."""
    if not (project.has(LLM_OBJECT_SIGNAL) or project.has(LLM_FACTORY_SIGNAL)):
        return
    for path, signal in project.targets(LLM_CALLS_SIGNAL):
        if _blocks(project, signal):
            call = signal.data.get("call") or f"{signal.name}.{signal.detail}"
            yield ProjectHit(
                path, signal.line, {"call": call, "function": signal.data.get("function", "")}
            )


def llm_blocking_helpers(project: ProjectView) -> BlockingDefs:
    """Sync helpers that make a request through another module's sync LLM client or framework
    object, as ``_blocking`` lists blocking definitions: name -> (path, the request)."""
    helpers: BlockingDefs = {}
    if not project.has(LLM_HELPER_CALLS_SIGNAL):
        return helpers
    for path, signal in project.signals(LLM_HELPER_CALLS_SIGNAL):
        if _blocks(project, signal):
            call = signal.data.get("call") or f"{signal.name}.{signal.detail}"
            helpers.setdefault(signal.data.get("function", ""), []).append((path, call))
    return helpers
