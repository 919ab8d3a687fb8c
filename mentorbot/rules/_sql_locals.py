"""A function's local bindings as MB108's constant checks see them (``_sql_fragments``): the
values assigned to each name, and the items of the lists it builds.

A list a function binds to a literal and only ever grows with ``append`` / ``insert`` /
``extend`` / ``+=`` of literal items is complete: its items are all it holds, so joining it is
constant when every item is (``update_fields.append("name = %s")``), and when the items that
are not constant are formatted fragments (``filters.append(f"city = '{city}'")``), those
fragments are where input gets into the statement. Any other use that might add to the list
(a parameter, a comprehension, handing it to a call, an item assigned) leaves it incomplete.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from mentorbot.rules._names import NESTED_SCOPES, own_nodes, single_binding


def assigned(scope: ast.AST) -> dict[str, list[ast.expr]]:
    """Variable -> every expression assigned (or ``+=``-ed) to it in this scope; a loop's
    counter (``for i in range(...)``, the ``i`` of ``enumerate``) is bound to a number."""
    values: dict[str, list[ast.expr]] = {}
    nodes = own_nodes(scope) if not isinstance(scope, ast.Module) else iter(scope.body)
    for node in nodes:
        if isinstance(node, ast.For | ast.AsyncFor):
            counter = _counter(node)
            if counter:
                values.setdefault(counter, []).append(ast.Constant(value=0))
            continue
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            values.setdefault(target.id, []).append(value)
    return values


def _counter(loop: ast.For | ast.AsyncFor) -> str:
    """The name a loop binds to numbers: ``i`` of ``for i in range(n)`` and of ``for i, row in
    enumerate(rows)``; "" for any other loop."""
    called = loop.iter.func if isinstance(loop.iter, ast.Call) else None
    called_name = called.id if isinstance(called, ast.Name) else ""
    target = loop.target
    if called_name == "range" and isinstance(target, ast.Name):
        return target.id
    if (
        called_name == "enumerate"
        and isinstance(target, ast.Tuple)
        and target.elts
        and isinstance(target.elts[0], ast.Name)
    ):
        return target.elts[0].id
    return ""


@dataclass(frozen=True)
class ListItems:
    """What a local list is given: ``items`` (each one appended, inserted or listed), and
    whether they are all it can hold (``complete``)."""

    items: tuple[ast.expr, ...] = ()
    complete: bool = False


_ADDING = {"append": 1, "insert": 2}
"""List methods that add their last positional argument, with their argument count."""
_READING = frozenset({"pop", "remove", "clear", "copy", "count", "index", "sort", "reverse"})
_LIST_READERS = frozenset({"len", "bool", "list", "tuple", "sorted", "reversed", "any", "all"})
"""Builtins that read a list handed to them and never add to it."""


@dataclass
class Locals:
    """One function's local bindings as the constant checks see them: the values assigned to
    each name, and (computed on demand) the items of the lists it builds."""

    scope: ast.AST
    parents: Mapping[int, ast.AST]
    values: dict[str, list[ast.expr]] = field(init=False)
    _lists: dict[str, ListItems] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.values = assigned(self.scope)
        arguments = getattr(self.scope, "args", None)
        if isinstance(arguments, ast.arguments):
            # A parameter reassigned a default (``if not choose: choose = "all"``) still holds
            # the caller's input on every other path.
            for name in _parameters(arguments):
                self.values.pop(name, None)

    def get(self, name: str) -> list[ast.expr] | None:
        return self.values.get(name)

    def list_items(self, name: str) -> ListItems:
        found = self._lists.get(name)
        if found is None:
            found = self._lists[name] = _list_items(self.scope, name, self.parents)
        return found


def _list_items(scope: ast.AST, name: str, parents: Mapping[int, ast.AST]) -> ListItems:
    """The items a list of ``scope`` is given; also, incomplete, those of a list it has from
    elsewhere (a parameter) or hands on."""
    arguments = getattr(scope, "args", None)
    complete = not (isinstance(arguments, ast.arguments) and name in _parameters(arguments))
    items: list[ast.expr] = []
    bound = False
    for node in ast.walk(scope):
        if isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
            complete = False
        if not isinstance(node, ast.Name) or node.id != name:
            continue
        added = _added(node, parents) if not _nested(node, scope, parents) else None
        if added is None:
            complete = False
            continue
        made, new_items = added
        bound = bound or made
        items.extend(new_items)
    return ListItems(tuple(items), complete=complete and bound)


def _parameters(arguments: ast.arguments) -> set[str]:
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
    return {arg.arg for arg in every}


def _nested(node: ast.AST, scope: ast.AST, parents: Mapping[int, ast.AST]) -> bool:
    """Whether ``node`` sits in a function, lambda or class inside ``scope``."""
    current = parents.get(id(node))
    while current is not None and current is not scope:
        if isinstance(current, NESTED_SCOPES):
            return True
        current = parents.get(id(current))
    return False


def _literal_items(node: ast.expr) -> list[ast.expr] | None:
    if isinstance(node, ast.List | ast.Tuple) and not any(
        isinstance(item, ast.Starred) for item in node.elts
    ):
        return list(node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "list":
        return [] if not node.args and not node.keywords else None
    return None


def _added(node: ast.Name, parents: Mapping[int, ast.AST]) -> tuple[bool, list[ast.expr]] | None:
    """What one use of a list's name gives it: ``(binds it, items)``, ``(False, [])`` for a
    use that only reads it, None for a use that might give it anything."""
    parent = parents.get(id(node))
    if isinstance(node.ctx, ast.Store):
        binding = single_binding(parent) if parent is not None else None
        if binding is not None and binding[0] is node:
            items = _literal_items(binding[1])
            return None if items is None else (True, items)
        if isinstance(parent, ast.AugAssign) and isinstance(parent.op, ast.Add):
            items = _literal_items(parent.value)
            return None if items is None else (False, items)
        return None
    if not isinstance(node.ctx, ast.Load):
        return None
    if isinstance(parent, ast.Attribute):
        call = parents.get(id(parent))
        if not isinstance(call, ast.Call) or call.func is not parent or call.keywords:
            return None
        if _ADDING.get(parent.attr) == len(call.args):
            return False, [call.args[-1]]
        if parent.attr == "extend" and len(call.args) == 1:
            items = _literal_items(call.args[0])
            return None if items is None else (False, items)
        return (False, []) if parent.attr in _READING else None
    if isinstance(parent, ast.Call):
        func = parent.func
        joined = isinstance(func, ast.Attribute) and func.attr == "join"
        read = isinstance(func, ast.Name) and func.id in _LIST_READERS
        return (False, []) if node in parent.args and (joined or read) else None
    tested = isinstance(parent, ast.If | ast.While | ast.IfExp) and parent.test is node
    if tested or isinstance(parent, ast.BoolOp | ast.UnaryOp | ast.Compare):
        return False, []
    if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Load):
        return False, []
    iterated = isinstance(parent, ast.For | ast.comprehension) and parent.iter is node
    return (False, []) if iterated else None


Values = Locals | Mapping[str, list[ast.expr]]
