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

    elements: dict[str, str] = {}
    for param in positional_params(function):
        for named in annotation_types(param.annotation, ctx.imports):
            if isinstance(named, ast.Name | ast.Attribute):
                typed.setdefault(param.arg, []).append((0, resolve(named)))
        element = _element_type(param.annotation, ctx)
        if element is not None:
            elements[param.arg] = resolve(element)
    if elements:
        # ``for p in precedences`` / ``[p.dict() for p in precedences]`` of a ``list[Model]``
        for target, iterated in _loop_bindings(function):
            if iterated in elements:
                typed.setdefault(target, []).append((0, elements[iterated]))
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


def _element_type(annotation: ast.AST | None, ctx: FileContext) -> ast.expr | None:
    """``X`` of ``list[X]`` / ``List[X]`` / ``Sequence[X]`` (also optional: ``Optional[List[X]]``,
    ``list[X] | None``), when ``X`` is a class's name."""
    node = annotation
    while True:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            node = node.right if _is_none(node.left) else node.left
        elif isinstance(node, ast.Subscript) and _head(node, ctx) == "Optional":
            node = node.slice
        else:
            break
    if not isinstance(node, ast.Subscript) or _head(node, ctx) not in _SEQUENCES:
        return None
    return node.slice if isinstance(node.slice, ast.Name | ast.Attribute) else None


def _head(node: ast.Subscript, ctx: FileContext) -> str:
    return qualified(node.value, ctx.imports).rsplit(".", 1)[-1]


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _loop_bindings(function: FunctionNode) -> Iterator[tuple[str, str]]:
    """``(target, iterated name)`` of each ``for`` loop and comprehension over a plain name."""
    loops: list[ast.For | ast.comprehension] = own_nodes_of(function, ast.For, ast.comprehension)
    for node in loops:
        if isinstance(node.target, ast.Name) and isinstance(node.iter, ast.Name):
            yield node.target.id, node.iter.id


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
