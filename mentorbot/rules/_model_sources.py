"""The ORM class whose instances an expression holds (MB102): what a route or the function it
calls hands back, read from the query that made it (``db.query(Task)...first()``, ``await
Task.filter(...).first()``) or the constructor (``Task(title=...)``)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from mentorbot.analysis.python_facts_support import last_name
from mentorbot.rules._blocking_calls import THREAD_WRAPPERS
from mentorbot.rules._names import (
    FunctionNode,
    assigned_locals,
    chain_root,
    dotted,
    last_part,
    name_bindings,
    own_nodes_of,
    unawaited,
)


class PlacedBindings(dict[str, ast.expr]):
    """Each local name's last value (as ``assigned_locals`` gives it) that also knows the earlier
    ones by line: a function that runs three queries through one ``result`` name returns, at
    each place, what the query just above it selected (corpus 86)."""

    def __init__(
        self, last: Mapping[str, ast.expr], bindings: Iterable[tuple[str, ast.expr]]
    ) -> None:
        super().__init__(last)
        self.timeline: dict[str, list[ast.expr]] = {}
        for name, value in bindings:
            self.timeline.setdefault(name, []).append(value)

    def reaching(self, name: ast.Name) -> ast.expr | None:
        """The value ``name`` holds where it is read: its latest binding on an earlier line,
        else its last one."""
        earlier = [value for value in self.timeline.get(name.id, ()) if value.lineno < name.lineno]
        return earlier[-1] if earlier else self.get(name.id)


def bound_value(assigned: Mapping[str, ast.expr], name: ast.Name) -> ast.expr | None:
    """What ``name`` holds where it is read, as far as ``assigned`` knows."""
    if isinstance(assigned, PlacedBindings):
        return assigned.reaching(name)
    return assigned.get(name.id)


_LOCAL_STEPS = 4
"""Locals followed back from the returned value at most (``stmt``, ``result``, ``rows``...)."""
_NOT_INSTANCES = frozenset(
    {"count", "delete", "update", "exists", "scalar", "statement", "values", "values_list"}
)
"""Query endings that give a number, a statement or plain rows, not the model's instances."""
_CLASS_QUERIES = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "get",
        "get_or_none",
        "get_by_id",
        "first",
        "create",
        "order_by",
        "limit",
        "offset",
        "prefetch_related",
        "select_related",
        "annotate",
        "distinct",
        "select",
        "find",
        "find_one",
        "find_all",
        "find_many",
    }
)
"""Queries an ORM class answers itself with its instances: Tortoise's ``await Item.all()`` and
``Item.get(id=1)``, peewee's ``Item.select()`` and ``Item.get_by_id(1)``, Beanie's
``Item.find_one(...)`` and ``Item.find_all().to_list()``."""


def _run_in_thread(value: ast.expr) -> ast.expr:
    """``run_in_threadpool(lambda: db.query(Task).all())``: the lambda's value is what the call
    gives back once awaited; any other expression as it is."""
    if not isinstance(value, ast.Call) or last_name(value.func) not in THREAD_WRAPPERS:
        return value
    function = next((arg for arg in value.args if isinstance(arg, ast.Lambda)), None)
    return function.body if function is not None else value


COLLECTORS = frozenset({"list", "tuple", "sorted"})
"""Builtins that gather the instances a query gives into another sequence of the same."""


def _collected(value: ast.expr) -> ast.expr:
    """``list(session.exec(statement).all())``: the instances gathered; any other expression as
    it is."""
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in COLLECTORS
        and len(value.args) == 1
        and not value.keywords
    ):
        return unawaited(value.args[0])
    return value


def model_source(
    value: ast.expr, assigned: Mapping[str, ast.expr] | None = None
) -> ast.expr | None:
    """The class whose instances ``value`` holds: ``Task(title=...)``, ``Task()``,
    ``db.query(Task)...first()``, ``session.get(Task, 1)``, ``await Task.filter(...).first()``,
    ``(await session.scalars(select(Task))).all()``, also in steps through the function's
    locals (``stmt = select(Task)``, ``result = await session.execute(stmt)``, then
    ``result.scalars().all()``); None otherwise.

    Only the call chain itself is followed (receivers, and the statement handed to ``scalars`` /
    ``exec`` / ``execute``), so models passed into a template's context are not the response.
    """
    steps = _LOCAL_STEPS
    value = _collected(_run_in_thread(unawaited(value)))
    if not isinstance(value, ast.Call):
        return None
    if isinstance(value.func, ast.Attribute) and value.func.attr in _NOT_INSTANCES:
        # ``session.scalar(select(User))`` is the first User; ``query.scalar()`` or a
        # ``select(func.count())`` handed to it a number (the statement decides, below).
        if not (value.func.attr == "scalar" and value.args):
            return None
    queried = _queried_class(value.func)
    if queried is not None:
        return queried
    if (
        isinstance(value.func, ast.Name | ast.Attribute)
        and not value.args
        and (value.keywords or last_part(dotted(value.func))[:1].isupper())
    ):
        return value.func  # ``Task(title=...)``, or ``Task()`` filled in field by field
    node: ast.expr = value
    while True:
        node = _run_in_thread(unawaited(node))
        if isinstance(node, ast.Name) and assigned and node.id in assigned and steps:
            node, steps = bound_value(assigned, node) or node, steps - 1
            continue
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        queried = _queried_class(func)
        if queried is not None:
            return queried
        if (isinstance(func, ast.Attribute) and func.attr in {"query", "get"}) or (
            isinstance(func, ast.Name) and func.id == "select"
        ):
            first = node.args[0] if node.args else None
            # A model is a class: ``repo.get(session, 1)`` hands over a session, not a model;
            # a base DAO's ``select(cls.model)`` names the model each subclass sets.
            if isinstance(first, ast.Name | ast.Attribute) and (
                _names_a_class(first) or class_attribute(first)
            ):
                return first
            if not (isinstance(func, ast.Attribute) and func.attr == "get"):
                return None
            # The legacy ``db.query(User).get(1)``: the class is in the query it is called on.
        if not isinstance(func, ast.Attribute):
            return None
        statement = func.attr in {"scalars", "scalar", "exec", "execute"} and node.args
        node = node.args[0] if statement else func.value


def _names_a_class(reference: ast.Name | ast.Attribute) -> bool:
    return last_part(dotted(reference))[:1].isupper()


def class_attribute(reference: ast.expr) -> str:
    """``model`` of ``cls.model`` / ``self.model``: a class attribute read at run time."""
    if (
        isinstance(reference, ast.Attribute)
        and isinstance(reference.value, ast.Name)
        and reference.value.id in ("cls", "self")
    ):
        return reference.attr
    return ""


def _queried_class(func: ast.expr) -> ast.Name | ast.Attribute | None:
    """``Item`` of ``Item.all`` / ``Item.get``: a query the class answers itself."""
    if not isinstance(func, ast.Attribute) or func.attr not in _CLASS_QUERIES:
        return None
    receiver = func.value
    if isinstance(receiver, ast.Name | ast.Attribute) and _names_a_class(receiver):
        return receiver
    return None


def annotation_names(node: ast.AST | None) -> list[ast.expr]:
    """The class references inside an annotation: ``list[Task] | None`` -> [Task]."""
    found: list[ast.expr] = []
    stack: list[ast.AST] = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Name | ast.Attribute) and dotted(current):
            found.append(current)  # type: ignore[arg-type]
        elif isinstance(current, ast.Subscript):
            stack.append(current.slice)
        elif isinstance(current, ast.Tuple | ast.List):
            stack.extend(current.elts)
        elif isinstance(current, ast.BinOp) and isinstance(current.op, ast.BitOr):
            stack.extend([current.left, current.right])
        elif isinstance(current, ast.Constant) and isinstance(current.value, str):
            try:
                stack.append(ast.parse(current.value, mode="eval").body)
            except SyntaxError:
                continue
    return [name for name in found if last_part(dotted(name)) not in _TYPING_WRAPPERS]


_TYPING_WRAPPERS = frozenset(
    {"list", "List", "Optional", "Union", "Sequence", "Iterable", "set", "Set", "tuple", "Tuple"}
    | {"dict", "Dict", "Annotated", "None", "Any", "str", "int", "float", "bool"}
)


QUERY_REFINERS = frozenset(
    {"where", "filter", "filter_by", "order_by", "limit", "offset", "join", "outerjoin"}
    | {"options", "group_by", "having", "distinct", "execution_options"}
)
"""Methods of a statement or legacy ``Query`` that return the same query, narrowed."""


def query_bindings(function: FunctionNode) -> PlacedBindings:
    """``assigned_locals``, where a query narrowed into its own name (``query =
    query.where(...)`` under an ``if``) keeps the statement it was built as: what it selects;
    each name also read as of where it is used (``PlacedBindings``)."""
    assigned = assigned_locals(function)
    bindings = list(name_bindings(function))
    narrowed = {name for name, value in assigned.items() if _narrows(value, name)}
    built: dict[str, ast.expr] = {}
    for name, value in bindings:
        if name in narrowed and (name not in built or not _narrows(value, name)):
            built[name] = value
    return PlacedBindings({**assigned, **built}, bindings)


def _narrows(value: ast.expr, name: str) -> bool:
    root = chain_root(value)
    return (
        isinstance(root, ast.Name)
        and root.id == name
        and isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in QUERY_REFINERS
    )


ROW_ACCESSORS = frozenset(
    {"scalar", "scalar_one", "scalar_one_or_none", "first", "one", "one_or_none", "get"}
)
"""A query result's methods that hand back one row's object."""


def returns_a_row(function: FunctionNode) -> bool:
    """Whether the function returns what a query result hands back (``return
    result.scalar_one()``, or a local bound to it): its annotation then names the class; a
    function that returns a dict it made from the row (``user.__data__``) is not taken at its
    word."""
    assigned = assigned_locals(function)
    for node in own_nodes_of(function, ast.Return):
        value = unawaited(node.value) if node.value is not None else None
        if isinstance(value, ast.Name):
            value = unawaited(assigned.get(value.id))
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr in ROW_ACCESSORS
        ):
            return True
    return False
