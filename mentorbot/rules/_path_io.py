"""File I/O through pathlib, for MB101: ``Path("notes.md").read_text()``, and the same through a
name bound to a path, the way an upload route writes its file (``target = UPLOAD_DIR / name``,
then ``with target.open("wb")``).

A name is a path when the function or the module binds it to one: ``Path(...)``, a path joined
with ``/``, a step such as ``.with_suffix(...)``, ``.parent`` or ``.parents[1]`` of one, or a
parameter annotated ``Path``. Awaited calls are left alone (``anyio.Path`` and aiopath answer
with coroutines).
"""

from __future__ import annotations

import ast
from collections.abc import Collection

from mentorbot.rules._names import (
    FunctionNode,
    annotation_types,
    own_nodes_of,
    qualified,
    single_binding,
)
from mentorbot.rules.base import FileContext

PATH_IO_METHODS = frozenset({"read_text", "write_text", "read_bytes", "write_bytes", "open"})
PATH_CLASSES = frozenset({"pathlib.Path", "Path", "pathlib.PosixPath", "pathlib.WindowsPath"})
_PATH_STEPS = frozenset(
    {"joinpath", "with_name", "with_suffix", "with_stem", "resolve", "absolute", "expanduser"}
)
_PATH_ATTRIBUTES = frozenset({"parent"})


def path_io_call(call: ast.Call, ctx: FileContext, function: FunctionNode) -> str | None:
    """``Path.<method>`` when ``call`` reads or writes a file through a path, else None."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in PATH_IO_METHODS:
        return None
    if isinstance(ctx.parents.get(id(call)), ast.Await):
        return None
    receiver = func.value
    # A path made on the spot needs no look at what the function and module bind.
    if _is_path(receiver, (), ctx.imports) or _is_path(
        receiver, _path_names(function, ctx), ctx.imports
    ):
        return f"Path.{func.attr}"
    return None


def _is_path(node: ast.expr, names: Collection[str], imports: dict[str, str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _is_path(node.left, names, imports)
    if isinstance(node, ast.Attribute) and node.attr in _PATH_ATTRIBUTES:
        return _is_path(node.value, names, imports)
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "parents"
    ):
        return _is_path(node.value.value, names, imports)  # ``Path(__file__).parents[1]``
    if not isinstance(node, ast.Call):
        return False
    if qualified(node.func, imports) in PATH_CLASSES:
        return True
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in _PATH_STEPS
        and _is_path(func.value, names, imports)
    )


def _path_names(function: FunctionNode, ctx: FileContext) -> set[str]:
    """The names bound to a path where ``function`` can see them: at module level, as its
    parameters, and by its own assignments (in source order, so ``b = a / "x"`` follows ``a``)."""
    names: set[str] = set()
    _bind(ctx.tree.body, names, ctx.imports)
    arguments = function.args
    for parameter in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
        if parameter.annotation is not None and _annotated_path(parameter.annotation, ctx):
            names.add(parameter.arg)
    assigns: list[ast.Assign | ast.AnnAssign] = own_nodes_of(function, ast.Assign, ast.AnnAssign)
    _bind(sorted(assigns, key=lambda node: node.lineno), names, ctx.imports)
    return names


def _annotated_path(annotation: ast.expr, ctx: FileContext) -> bool:
    return qualified(annotation, ctx.imports) in PATH_CLASSES


def _bind(statements: list[ast.stmt], names: set[str], imports: dict[str, str]) -> None:
    for statement in statements:
        binding = single_binding(statement)
        if binding is None:
            continue
        target, value = binding
        if isinstance(target, ast.Name) and _is_path(value, names, imports):
            names.add(target.id)


UPLOAD_FILE_CLASSES = frozenset({"fastapi.UploadFile", "starlette.datastructures.UploadFile"})
UPLOAD_FILE_IO = frozenset({"read", "readlines", "readline", "write"})


def upload_file_io(call: ast.Call, ctx: FileContext, function: FunctionNode) -> str | None:
    """``upload.file.read()`` of an ``UploadFile`` parameter: its ``file`` is the spooled
    temporary file under the async ``upload.read()``, read on the loop's thread (a whole PDF
    parsed in the route; corpus 83). None for any other call."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in UPLOAD_FILE_IO:
        return None
    holder = func.value
    if not (
        isinstance(holder, ast.Attribute)
        and holder.attr == "file"
        and isinstance(holder.value, ast.Name)
    ):
        return None
    name = holder.value.id
    for param in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs):
        if param.arg == name:
            named = annotation_types(param.annotation, ctx.imports)
            if any(qualified(kind, ctx.imports) in UPLOAD_FILE_CLASSES for kind in named):
                return f"{name}.file.{func.attr}"
    return None
