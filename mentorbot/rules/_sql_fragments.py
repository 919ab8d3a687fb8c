"""What MB108's SQL strings are put together from (``sql_string_formatting``): the literal parts
and the values of a formatted string, whether those values are constants no input can shape,
and the fragments a list of conditions collects before it is joined into a statement (what a
function's lists are given: ``_sql_locals``).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from mentorbot.rules._names import single_binding, walk_of
from mentorbot.rules._sql_locals import Locals, Values
from mentorbot.rules.base import FileContext


def constant_text(node: ast.AST, constants: Mapping[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return constants.get(f"{node.value.id}.{node.attr}")
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


def module_constants(tree: ast.Module) -> dict[str, str]:
    """The text of each string the module binds to a name at its top level (``QUERY``), and of
    each a class of it binds in its body, as the class's methods read it (``self.QUERY``,
    ``cls.QUERY``) and as anyone does (``Database.QUERY``): a template kept there and filled
    with ``.format()`` is built SQL as much as a literal one (blind check l1)."""
    constants = _strings_bound(tree.body)
    by_self: dict[str, str | None] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for name, text in _strings_bound(cls.body).items():
            constants[f"{cls.name}.{name}"] = text
            by_self[name] = text if by_self.get(name, text) == text else None
    overridden = {
        node.attr
        for node in walk_of(tree, ast.Attribute)
        if isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name)
    }
    for name, kept in by_self.items():
        if kept is not None and name not in overridden:
            constants[f"self.{name}"] = constants[f"cls.{name}"] = kept
    return constants


def _strings_bound(body: list[ast.stmt]) -> dict[str, str]:
    """``name = "text"`` statements of a module's or a class's body."""
    return {
        node.targets[0].id: node.value.value
        for node in body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


_NUMBER_BUILTINS = frozenset({"int", "float", "len", "round", "abs", "bool"})
MAX_DEPTH = 4


def _joined(node: ast.expr) -> tuple[ast.expr, ast.expr] | None:
    """``(separator, what it joins)`` of ``separator.join(...)``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and len(node.args) == 1
        and not node.keywords
    ):
        return node.func.value, node.args[0]
    return None


def joined_list(node: ast.expr) -> tuple[ast.expr, str] | None:
    """``(separator, list name)`` of ``separator.join(name)``."""
    joined = _joined(node)
    if joined is not None and isinstance(joined[1], ast.Name):
        return joined[0], joined[1].id
    return None


def constant_like(
    node: ast.expr, names: frozenset[str], local: Values | None = None, depth: int = 0
) -> bool:
    """A value no input can shape into SQL: a literal, a constant name (``names``), a local
    only ever bound to such values, a number made by ``int()`` and friends, an item of a dict
    literal of constants (whatever the key), an item or attribute of a constant, a class's
    UPPER_CASE attribute (``Status.DONE.value``), a choice
    between constants (``" FOR UPDATE" if lock else ""``), or a join of a complete local list
    of constants (``", ".join(update_fields)``) or of a constant (``", ".join(COLUMNS)``,
    ``", ".join(["%s"] * len(COLUMNS))``)."""
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
        joined = _joined(node)
        if joined is not None:
            separator, source = joined
            if isinstance(source, ast.Name) and source.id not in names:
                given = local.list_items(source.id) if isinstance(local, Locals) else None
                return (
                    given is not None
                    and given.complete
                    and all(map(constant, [separator, *given.items]))
                )
            return constant(separator) and constant(source)
        return isinstance(func, ast.Name) and func.id in _NUMBER_BUILTINS and func.id not in names
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Dict):
            return all(constant(value) for value in node.value.values)
        return constant(node.value) and constant(node.slice)
    if isinstance(node, ast.Attribute):
        return _class_constant(node) or constant(node.value)
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


def _class_constant(node: ast.Attribute) -> bool:
    """``Status.INITIALIZED``: an UPPER_CASE attribute of a class (an enum's member, a class
    constant), which no request sets; ``request.GET`` is an object's, and stays input."""
    owner = node.value
    return node.attr.isupper() and isinstance(owner, ast.Name) and owner.id[:1].isupper()


_DUMPS = frozenset({"model_dump", "dict"})


def _joins_field_names_or_placeholders(
    node: ast.Call, names: frozenset[str], local: Values | None, depth: int
) -> bool:
    """``", ".join(row.keys())`` of a local bound to a model's ``model_dump()`` (its field
    names, which no input chooses), ``", ".join(f"${i + 1}" for i in range(n))`` (the
    numbered placeholders the values are then bound to), or ``",".join("?" for _ in ids)``
    (one placeholder per value of an IN list, blind check m2)."""
    joined = _joined(node)
    if joined is None:
        return False
    items = joined[1]
    if isinstance(items, ast.GeneratorExp | ast.ListComp):
        targets = {
            name.id
            for generator in items.generators
            for name in ast.walk(generator.target)
            if isinstance(name, ast.Name)
        }
        if constant_like(items.elt, names - targets, local, depth + 1) and not (
            targets & {name.id for name in ast.walk(items.elt) if isinstance(name, ast.Name)}
        ):
            # ``",".join("?" for _ in ids)``: one placeholder per value, whatever the values.
            return True
        counters = [
            generator.target.id
            for generator in items.generators
            if isinstance(generator.target, ast.Name) and _counts(generator.iter)
        ]
        if len(counters) != len(items.generators):
            return False
        return constant_like(items.elt, names | set(counters), local, depth + 1)
    if not (
        isinstance(items, ast.Call)
        and isinstance(items.func, ast.Attribute)
        and items.func.attr == "keys"
        and isinstance(items.func.value, ast.Name)
    ):
        return False
    values = local.get(items.func.value.id) if local is not None else None
    return bool(values) and all(
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _DUMPS
        for value in values or ()
    )


def _counts(node: ast.expr) -> bool:
    """``range(...)``: numbers, whatever the bounds."""
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
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
