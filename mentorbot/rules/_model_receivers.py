"""What class the receiver of ``x.dict()`` holds, read from the function alone (MB104): a
parameter's annotation (``Optional[Model]`` too), a ``x = Model(...)`` assignment, the items of
a parameter typed as a list of models, and a model's field (``user_input.answers.dict()``: a
nested model, judged by the class of the name it hangs from)."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator

from mentorbot.rules._names import (
    FunctionNode,
    annotation_types,
    dotted,
    module_of,
    own_nodes_of,
    positional_params,
    qualified,
    qualified_in,
)
from mentorbot.rules.base import FileContext


def typed_locals(function: FunctionNode, ctx: FileContext) -> dict[str, list[tuple[int, str]]]:
    """Local name -> (line, qualified class) of each time it is typed: its annotation as a
    parameter (line 0) and its ``x = Class(...)`` assignments, in line order."""
    own = module_of(ctx.path)
    typed: dict[str, list[tuple[int, str]]] = {}

    def resolve(node: ast.expr) -> str:
        return qualified_in(node, ctx.imports, own)

    containers: dict[str, ast.expr] = {}
    for param in positional_params(function):
        for named in annotation_types(param.annotation, ctx.imports):
            if isinstance(named, ast.Name | ast.Attribute):
                typed.setdefault(param.arg, []).append((0, resolve(named)))
        if param.annotation is not None:
            containers[param.arg] = param.annotation
    # ``for p in precedences`` / ``[p.dict() for p in precedences]`` of a ``list[Model]``, and
    # ``for acc, ticks in data.items()`` then ``for sym, tick in ticks.items()`` of a
    # ``Dict[str, Dict[str, TickInfo]]`` (corpus 86).
    for target, contained in _loop_bindings(function, containers, ctx):
        if isinstance(contained, ast.Name | ast.Attribute):
            typed.setdefault(target, []).append((0, resolve(contained)))
        else:
            containers[target] = contained
    for node in sorted(own_nodes_of(function, ast.Assign), key=lambda node: node.lineno):
        if (
            len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and dotted(node.value.func)
        ):
            typed.setdefault(node.targets[0].id, []).append((node.lineno, resolve(node.value.func)))
    return typed


_SEQUENCES = frozenset({"list", "List", "Sequence", "Iterable", "set", "Set", "frozenset"})
_MAPPINGS = frozenset({"dict", "Dict", "Mapping", "MutableMapping", "DefaultDict", "OrderedDict"})


def _unwrapped(annotation: ast.AST | None, ctx: FileContext) -> ast.AST | None:
    """``X`` of ``Optional[X]`` and ``X | None``."""
    node = annotation
    while True:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            node = node.right if _is_none(node.left) else node.left
        elif isinstance(node, ast.Subscript) and _head(node, ctx) == "Optional":
            node = node.slice
        else:
            return node


def _contained(annotation: ast.AST | None, ctx: FileContext, method: str) -> ast.expr | None:
    """What a loop over a container of ``annotation`` binds: the items of ``list[X]`` (``method``
    ""), the values of ``dict[K, V]`` (``"values"``), or those as the second of ``.items()``'s
    pairs (``"items"``); a class's name or a container annotation in turn."""
    node = _unwrapped(annotation, ctx)
    if not isinstance(node, ast.Subscript):
        return None
    head = _head(node, ctx)
    if head in _SEQUENCES and not method:
        element = node.slice
    elif head in _MAPPINGS and method in {"items", "values"}:
        pair = node.slice
        if not (isinstance(pair, ast.Tuple) and len(pair.elts) == 2):
            return None
        element = pair.elts[1]
    else:
        return None
    return element if isinstance(element, ast.Name | ast.Attribute | ast.Subscript) else None


def _head(node: ast.Subscript, ctx: FileContext) -> str:
    return qualified(node.value, ctx.imports).rsplit(".", 1)[-1]


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _loop_bindings(
    function: FunctionNode, containers: dict[str, ast.expr], ctx: FileContext
) -> Iterator[tuple[str, ast.expr]]:
    """``(target, what it holds)`` of each ``for`` loop and comprehension, in line order, over
    a name ``containers`` types (``for p in people``, ``for v in d.values()``, ``for k, v in
    d.items()``); a target bound here types the loops nested in it."""
    loops: list[ast.For | ast.comprehension] = own_nodes_of(function, ast.For, ast.comprehension)
    for node in sorted(loops, key=lambda loop: (loop.iter.lineno, loop.iter.col_offset)):
        iterated: ast.expr = node.iter
        method = ""
        call = node.iter
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and not call.args:
            iterated, method = call.func.value, call.func.attr
        if not isinstance(iterated, ast.Name) or iterated.id not in containers:
            continue
        contained = _contained(containers[iterated.id], ctx, method)
        target: ast.expr | None = node.target
        if method == "items":
            pair = node.target.elts if isinstance(node.target, ast.Tuple) else []
            target = pair[1] if len(pair) == 2 else None
        if contained is not None and isinstance(target, ast.Name):
            yield target.id, contained


def type_at(bindings: list[tuple[int, str]], line: int) -> str:
    """The class a name holds where ``line`` reads it: the last binding before that line (in
    ``student = Student(**student.dict())`` the right side still reads the parameter)."""
    before = [reference for bound, reference in bindings if bound < line]
    return before[-1] if before else ""


def instance_method_calls(
    function: FunctionNode, methods: Collection[str]
) -> list[tuple[ast.Attribute, str]]:
    """``x.dict()``-like calls on a plain name, and ``x.field.dict()`` on a field of one (a
    nested model; ``copy`` left out, a field may be a list): (the called attribute, the name)."""
    calls: list[tuple[ast.Attribute, str]] = []
    for node in own_nodes_of(function, ast.Call):
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in methods:
            continue
        if isinstance(func.value, ast.Name):
            calls.append((func, func.value.id))
        elif func.attr in _NESTED_METHODS and isinstance(func.value, ast.Attribute):
            root = dotted(func.value).split(".", 1)[0]
            if root and root not in {"self", "cls"}:
                calls.append((func, root))
    return calls


_NESTED_METHODS = frozenset({"dict", "json"})
