"""When a call left without ``await`` is a mistake, for MB109: a coroutine made and dropped, or
kept and then used as if it were its result (``if user:``, ``len(contents)``)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.analysis.python_facts_support import last_name
from mentorbot.rules._names import FunctionNode, dotted, own_nodes_of
from mentorbot.rules._routes import route_decorator
from mentorbot.rules.base import FileContext

VALUE_READERS = frozenset(
    {"len", "print", "str", "int", "float", "bool", "list", "dict", "set", "tuple", "sorted"}
    | {"sum", "min", "max", "enumerate", "zip", "json.loads", "json.dumps"}
    | {"jsonify", "flask.jsonify", "render_template", "flask.render_template"}
)
"""Calls that use what they are given as a value: handing them a coroutine is the mistake."""
VALUE_SENDERS = frozenset(
    {"send", "reply", "answer", "send_message", "edit", "edit_text", "write", "publish", "put"}
)
"""Methods that send or store what they are given (``msg.channel.send(completion)``): a
coroutine there is sent as its text, never run (blind check corpus 72)."""
RUNNERS = frozenset({"Task", "Future", "Thread", "Process", "Timer"})
"""Classes whose objects may run what they are given, unlike a model or a response that holds
it as data."""
_HANDED_ON = (
    ast.Await,
    ast.Call,
    ast.keyword,
    ast.Starred,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Dict,
    ast.Assign,
    ast.Yield,
)


def _used_as_result(name: str, function: FunctionNode, ctx: FileContext) -> bool:
    """Whether a coroutine stored in ``name`` is used as if it were the awaited result.

    Testing or dereferencing it (``if user:``, ``user.name``) is misuse whatever else happens
    to it. Otherwise any read that awaits it or hands it on (to ``gather``, ``create_task``, a
    list, another name) clears it, and it is misused when it is read as a value
    (``len(contents)``) or never read at all; being only returned is left alone.
    """
    reads = [
        node
        for node in own_nodes_of(function, ast.Name)
        if node.id == name and isinstance(node.ctx, ast.Load)
    ]
    parents = [ctx.parents.get(id(node)) for node in reads]
    if any(
        _tested_or_dereferenced(node, parent) for node, parent in zip(reads, parents, strict=True)
    ):
        return True
    if route_decorator(function) is not None and any(_answered(parent, ctx) for parent in parents):
        return True
    if any(_read_in_a_container(node, ctx) for node in reads):
        return True
    if any(isinstance(parent, _HANDED_ON) and not _reads_value(parent, ctx) for parent in parents):
        return False
    return not reads or any(not isinstance(parent, ast.Return) for parent in parents)


def _read_in_a_container(node: ast.expr, ctx: FileContext) -> bool:
    """``jsonify({"results": results})``: held in a dict or list that a call reads as a value,
    the coroutine is serialised (or fails to be), never run (blind check corpus 93)."""
    parent = ctx.parents.get(id(node))
    if not isinstance(parent, ast.Dict | ast.List | ast.Tuple):
        return False
    while isinstance(parent, ast.Dict | ast.List | ast.Tuple):
        parent = ctx.parents.get(id(parent))
    return _reads_value(parent, ctx)


def _answered(parent: ast.AST | None, ctx: FileContext) -> bool:
    """A dict or list the route returns (``return {"count": result}``): FastAPI serialises what
    it holds, and a coroutine cannot be."""
    return isinstance(parent, ast.Dict | ast.List | ast.Tuple) and isinstance(
        ctx.parents.get(id(parent)), ast.Return
    )


def _tested_or_dereferenced(node: ast.expr, parent: ast.AST | None) -> bool:
    """``if article:``, ``not article``, ``article.title``, ``article["id"]``: never right for a
    coroutine (always true, no such attribute), whatever else the function hands it to."""
    if isinstance(parent, ast.If | ast.While | ast.IfExp | ast.Assert):
        return parent.test is node
    if isinstance(parent, ast.Attribute | ast.Subscript):
        return parent.value is node
    return isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not)


def _reads_value(parent: ast.AST | None, ctx: FileContext) -> bool:
    """A call that reads its argument as a value (``len(contents)``, ``json.loads(body)``, a
    model or response built with it: ``PostShowDetail(owner=owner)``), which a coroutine is
    not, as opposed to one that takes it to run (``gather``, ``asyncio.Task``)."""
    if isinstance(parent, ast.keyword):
        parent = ctx.parents.get(id(parent))
    if not isinstance(parent, ast.Call):
        return False
    name = dotted(parent.func)
    if name in VALUE_READERS:
        return True
    if isinstance(parent.func, ast.Attribute) and parent.func.attr in VALUE_SENDERS:
        return True
    last = name.rsplit(".", 1)[-1]
    if isinstance(parent.func, ast.Name) and parent.func.id in _plain_helpers(ctx):
        return True
    return last[:1].isupper() and last not in RUNNERS and not name.startswith("asyncio.")


COROUTINE_RUNNERS = frozenset(
    {"run", "run_until_complete", "create_task", "ensure_future", "gather", "wait", "wait_for"}
    | {"run_coroutine_threadsafe", "shield", "add_task", "submit"}
)
"""What a plain function may hand a coroutine on to, to have it run."""
_PLAIN_HELPERS = "_mentor_plain_helpers"


def _plain_helpers(ctx: FileContext) -> frozenset[str]:
    """The module's own plain ``def`` functions that run nothing they are given: a coroutine
    handed to one (``helper(vec(q))``, ``helper(v)``) is used as if it were its result
    (blind check z1)."""
    helpers: frozenset[str] | None = ctx.tree.__dict__.get(_PLAIN_HELPERS)
    if helpers is None:
        helpers = frozenset(
            node.name
            for node in ctx.tree.body
            if isinstance(node, ast.FunctionDef)
            and not any(
                last_name(call.func) in COROUTINE_RUNNERS for call in own_nodes_of(node, ast.Call)
            )
        )
        setattr(ctx.tree, _PLAIN_HELPERS, helpers)
    return helpers


def _awaited_chain(call: ast.Call, ctx: FileContext) -> bool:
    """``await Post.get(id=1).prefetch_related("likes")``, ``await Like.filter(...).delete()``:
    a query builder (Tortoise, Beanie, Motor) whose methods chain until the whole is awaited or
    iterated with ``async for``. The call's result is not a coroutine read in place."""
    node: ast.AST = call
    parent = ctx.parents.get(id(node))
    while isinstance(parent, ast.Attribute) and parent.value is node:
        outer = ctx.parents.get(id(parent))
        if not isinstance(outer, ast.Call) or outer.func is not parent:
            return False
        node, parent = outer, ctx.parents.get(id(outer))
    if node is call:
        return False
    if isinstance(parent, ast.Await):
        return True
    if isinstance(parent, ast.comprehension):
        return bool(parent.is_async) and parent.iter is node
    return isinstance(parent, ast.AsyncFor) and parent.iter is node


def _used_in_place(call: ast.Call, parent: ast.AST | None) -> bool:
    """The call's value is tested or read where it is made: ``if get_user(...):``, ``not
    check(...)``, ``a() and b()``, ``find(...) is None``, ``load(...).title``: a coroutine
    there is always true, never None, and has no such attribute."""
    if isinstance(parent, ast.BoolOp):
        return True
    if isinstance(parent, ast.Compare):
        return parent.left is call or call in parent.comparators
    return _tested_or_dereferenced(call, parent)


def unawaited_calls(function: FunctionNode, ctx: FileContext) -> Iterator[ast.Call]:
    """The calls ``function`` leaves without ``await`` in a way that is wrong for a coroutine:
    a bare statement, a value kept in a name that is then used as a result or never read, or
    a value tested or read where it is made, or handed straight to a call that reads it."""
    for call in own_nodes_of(function, ast.Call):
        parent = ctx.parents.get(id(call))
        if _used_in_place(call, parent) and not _awaited_chain(call, ctx):
            yield call
        elif isinstance(parent, ast.Call | ast.keyword) and call is not getattr(parent, "func", 0):
            # Handed straight to what reads it as a value: ``len(load(p))``, ``helper(vec(q))``.
            if _reads_value(parent, ctx) and not _awaited_chain(call, ctx):
                yield call
    for node in own_nodes_of(function, ast.Expr, ast.Assign, ast.AnnAssign):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            yield node.value
        elif (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(node.value, ast.Call)
            and isinstance(
                target := (node.targets[0] if isinstance(node, ast.Assign) else node.target),
                ast.Name,
            )
            and _used_as_result(target.id, function, ctx)
        ):
            yield node.value
