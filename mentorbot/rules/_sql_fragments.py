"""What MB108's SQL strings are put together from (``sql_string_formatting``): the literal parts
and the values of a formatted string, whether those values are constants no input can shape,
and the fragments a list of conditions collects before it is joined into a statement.

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
from mentorbot.rules.base import FileContext


def constant_text(node: ast.AST, constants: Mapping[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def formatting(node: ast.AST, constants: Mapping[str, str]) -> str | None:
    """The literal parts of a dynamically built string, or None if it is not one."""
    if isinstance(node, ast.JoinedStr):
        if not any(isinstance(value, ast.FormattedValue) for value in node.values):
            return None
        return "".join(
            value.value
            for value in node.values
            if isinstance(value, ast.Constant) and isinstance(value.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return constant_text(node.left, constants)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and (node.args or node.keywords)
    ):
        return constant_text(node.func.value, constants)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = concatenated(node)
        texts = [constant_text(part, constants) for part in parts]
        if any(text is None for text in texts) and any(text is not None for text in texts):
            return "".join(text for text in texts if text)
    return None


def interpolated(node: ast.AST) -> list[ast.expr]:
    """The expressions a dynamically built string takes its values from."""
    if isinstance(node, ast.JoinedStr):
        return [value.value for value in node.values if isinstance(value, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        right = node.right
        return list(right.elts) if isinstance(right, ast.Tuple) else [right]
    if isinstance(node, ast.Call):
        return [*node.args, *(keyword.value for keyword in node.keywords)]
    if isinstance(node, ast.BinOp):
        return concatenated(node)
    return []


def concatenated(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*concatenated(node.left), *concatenated(node.right)]
    return [node]


def assigned(scope: ast.AST) -> dict[str, list[ast.expr]]:
    """Variable -> every expression assigned (or ``+=``-ed) to it in this scope."""
    values: dict[str, list[ast.expr]] = {}
    nodes = own_nodes(scope) if not isinstance(scope, ast.Module) else iter(scope.body)
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            values.setdefault(target.id, []).append(value)
    return values


def module_constants(tree: ast.Module) -> dict[str, str]:
    constants: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            constants[node.targets[0].id] = node.value.value
    return constants


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
_NUMBER_BUILTINS = frozenset({"int", "float", "len", "round", "abs", "bool"})
MAX_DEPTH = 4


def joined_list(node: ast.expr) -> tuple[ast.expr, str] | None:
    """``(separator, list name)`` of ``separator.join(name)``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Name)
    ):
        return node.func.value, node.args[0].id
    return None


def constant_like(
    node: ast.expr, names: frozenset[str], local: Values | None = None, depth: int = 0
) -> bool:
    """A value no input can shape into SQL: a literal, a constant name (``names``), a local
    only ever bound to such values, a number made by ``int()`` and friends, an item of a dict
    literal of constants (whatever the key), an item or attribute of a constant, a choice
    between constants (``" FOR UPDATE" if lock else ""``), or a join of a complete local list
    of constants (``", ".join(update_fields)``)."""
    if depth > MAX_DEPTH:
        return False

    def constant(child: ast.expr) -> bool:
        return constant_like(child, names, local, depth + 1)

    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        if node.id in names:
            return True
        values = local.get(node.id) if local is not None else None
        return bool(values) and all(constant(value) for value in values or ())
    if isinstance(node, ast.Call):
        func = node.func
        if _joins_field_names_or_placeholders(node, names, local, depth):
            return True
        joined = joined_list(node)
        if joined is not None and isinstance(local, Locals):
            given = local.list_items(joined[1])
            return given.complete and all(map(constant, [joined[0], *given.items]))
        return isinstance(func, ast.Name) and func.id in _NUMBER_BUILTINS and func.id not in names
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Dict):
            return all(constant(value) for value in node.value.values)
        return constant(node.value) and constant(node.slice)
    if isinstance(node, ast.Attribute):
        return constant(node.value)
    if isinstance(node, ast.JoinedStr):
        return all(constant(value) for value in interpolated(node))
    if isinstance(node, ast.Tuple | ast.List | ast.Dict):
        items = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
        return all(item is not None and constant(item) for item in items)
    if isinstance(node, ast.BinOp):
        return constant(node.left) and constant(node.right)
    if isinstance(node, ast.IfExp):
        return constant(node.body) and constant(node.orelse)
    return False


_DUMPS = frozenset({"model_dump", "dict"})


def _joins_field_names_or_placeholders(
    node: ast.Call, names: frozenset[str], local: Values | None, depth: int
) -> bool:
    """``", ".join(row.keys())`` of a local bound to a model's ``model_dump()`` (its field
    names, which no input chooses), or ``", ".join(f"${i + 1}" for i in range(n))`` (the
    numbered placeholders the values are then bound to)."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "join" and len(node.args) == 1):
        return False
    joined = node.args[0]
    if isinstance(joined, ast.GeneratorExp | ast.ListComp):
        counters = {
            target.id
            for generator in joined.generators
            if isinstance(generator.target, ast.Name)
            and isinstance(generator.iter, ast.Call)
            and isinstance(generator.iter.func, ast.Name)
            and generator.iter.func.id == "range"
            for target in [generator.target]
        }
        if len(counters) != len(joined.generators):
            return False
        return constant_like(joined.elt, names | counters, local, depth + 1)
    if not (
        isinstance(joined, ast.Call)
        and isinstance(joined.func, ast.Attribute)
        and joined.func.attr == "keys"
        and isinstance(joined.func.value, ast.Name)
    ):
        return False
    values = local.get(joined.func.value.id) if local is not None else None
    return bool(values) and all(
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _DUMPS
        for value in values or ()
    )


def constant_names(ctx: FileContext) -> frozenset[str]:
    """Module-level names bound to constant values, and UPPER_CASE names imported (constants
    by convention: their values are out of sight, and no request's input is among them)."""
    names = {name for name in ctx.imports if name.isupper()}
    for node in ctx.tree.body:
        binding = single_binding(node)
        if binding is None:
            continue
        target, value = binding
        if isinstance(target, ast.Name):
            if constant_like(value, frozenset(names)):
                names.add(target.id)
            else:
                names.discard(target.id)
    return frozenset(names)


def from_constants(node: ast.AST, names: frozenset[str], local: Values | None = None) -> bool:
    return all(constant_like(value, names, local) for value in interpolated(node))


@dataclass(frozen=True)
class Fragments:
    """The formatted items with input that the lists a built string joins were given
    (``found``), and whether they are all that is not constant in it (``alone``)."""

    found: tuple[ast.expr, ...] = ()
    alone: bool = True

    def __add__(self, other: Fragments) -> Fragments:
        return Fragments((*self.found, *other.found), self.alone and other.alone)


def fragments(
    node: ast.expr,
    names: frozenset[str],
    local: Locals,
    constants: Mapping[str, str],
    resolving: frozenset[str] = frozenset(),
    depth: int = 0,
) -> Fragments:
    """The formatted fragments with input that ``node`` (a built string or one of its values)
    takes from joined local lists, through locals bound to such strings. A name in
    ``resolving`` is one whose every value is looked at already (the statement's variable)."""
    if constant_like(node, names, local):
        return Fragments()
    if depth > MAX_DEPTH:
        return Fragments(alone=False)
    joined = joined_list(node)
    if joined is not None:
        separator, name = joined
        items = local.list_items(name)
        found = Fragments(alone=items.complete and constant_like(separator, names, local))
        for item in items.items:
            if constant_like(item, names, local):
                continue
            is_fragment = formatting(item, constants) is not None
            found += Fragments((item,) if is_fragment else (), alone=is_fragment)
        return found
    if isinstance(node, ast.Name):
        if node.id in resolving:
            return Fragments()
        parts = local.get(node.id) or []
        resolving |= {node.id}
    elif isinstance(node, ast.IfExp):
        parts = [node.body, node.orelse]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = concatenated(node)
    elif isinstance(node, ast.JoinedStr) or formatting(node, constants) is not None:
        parts = interpolated(node)
    else:
        parts = []
    result = Fragments(alone=bool(parts))
    for part in parts:
        result += fragments(part, names, local, constants, resolving, depth + 1)
    return result
