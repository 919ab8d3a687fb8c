"""Name resolution and scope walking shared by the detectors.

Detectors must match names the way Python resolves them: ``from app import schemas`` then
``schemas.Task`` is not the ORM ``app.models.Task``. These helpers turn local names into
qualified ones and walk a function's own body without descending into nested scopes.

A dozen detectors walk the same tree, so the walks are computed once per node and kept on it
(``walk``, ``functions``, ``own_nodes``): without that a file's tree was walked ~150 times and the
rules cost 25x the parse. The walks are also indexed by node type (``walk_of``,
``own_nodes_of``), so a detector that wants the calls looks at the calls only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import TypeVar, overload

from mentorbot.analysis.python_facts_support import children as children
from mentorbot.analysis.python_facts_support import dotted as dotted
from mentorbot.analysis.test_paths import defines_tests as defines_tests
from mentorbot.analysis.test_paths import in_tests_folder as in_tests_folder
from mentorbot.analysis.test_paths import is_test_module as is_test_module
from mentorbot.analysis.test_paths import is_test_path as is_test_path

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_NESTED_SCOPE_TYPES = frozenset(NESTED_SCOPES)
_WALK = "_mentor_walk"
_OWN = "_mentor_own"
_FUNCTIONS = "_mentor_functions"
_WALK_TYPES = "_mentor_walk_types"
_OWN_TYPES = "_mentor_own_types"
_ASSIGNED = "_mentor_assigned"
NodeT = TypeVar("NodeT", bound=ast.AST)


def walk(tree: ast.AST) -> list[ast.AST]:
    """Every node under ``tree`` in ``ast.walk`` order, computed once and kept on the tree."""
    cached: list[ast.AST] | None = tree.__dict__.get(_WALK)
    if cached is None:
        cached = [tree]
        extend = cached.extend
        for node in cached:  # breadth first: the loop reaches what it appends, in order
            extend(children(node))
        setattr(tree, _WALK, cached)
    return cached


def forget_walk(tree: ast.AST) -> None:
    """Drop the walk kept on ``tree``: it lists the tree itself, a reference cycle that only the
    cycle collector could free, while without it the whole tree dies by reference counting."""
    tree.__dict__.pop(_WALK, None)


def _positions_by_type(owner: ast.AST, nodes: Sequence[ast.AST], key: str) -> dict[type, list[int]]:
    """Where each node type sits in ``nodes``, computed once and kept on ``owner`` (positions,
    not nodes, so it makes no reference cycle)."""
    index: dict[type, list[int]] | None = owner.__dict__.get(key)
    if index is None:
        index = {}
        for position, node in enumerate(nodes):
            bucket = index.get(type(node))
            if bucket is None:
                index[type(node)] = [position]
            else:
                bucket.append(position)
        setattr(owner, key, index)
    return index


def _select(
    nodes: Sequence[ast.AST], index: dict[type, list[int]], kinds: tuple[type[NodeT], ...]
) -> list[NodeT]:
    if len(kinds) == 1:
        return [nodes[position] for position in index.get(kinds[0], ())]  # type: ignore[misc]
    positions = sorted(chain.from_iterable(index.get(kind, ()) for kind in kinds))
    return [nodes[position] for position in positions]  # type: ignore[misc]


def walk_of(tree: ast.AST, *kinds: type[NodeT]) -> list[NodeT]:
    """The nodes of ``walk(tree)`` whose type is one of ``kinds`` (concrete node classes), in
    walk order. A dozen detectors each want a few node types out of a tree of ~5 nodes per
    line; indexing the walk by type once lets each look at its own types only."""
    nodes = walk(tree)
    return _select(nodes, _positions_by_type(tree, nodes, _WALK_TYPES), kinds)


def own_nodes_of(function: ast.AST, *kinds: type[NodeT]) -> list[NodeT]:
    """``own_nodes(function)`` restricted to ``kinds``, in the same order (see ``walk_of``)."""
    nodes = own_nodes(function)
    return _select(nodes, _positions_by_type(function, nodes, _OWN_TYPES), kinds)


def module_of(path: str) -> str:
    """Dotted module of a repo path: ``src/app/models.py`` -> ``src.app.models``."""
    parts = path.replace("\\", "/").removesuffix(".py").split("/")
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(part for part in parts if part)


REPO_PACKAGE_NAMES = ("app.", "src.", "backend.")
"""Names a repo that is itself the package is imported by (``from app.users.dao import ...``
with ``users/dao.py`` at the repo's top: it was cloned into a folder named ``app``)."""


def module_matches(qualified_module: str, path: str) -> bool:
    """Whether an import's module is this file, allowing for a source root (``src/``) prefix,
    or for the package name of a repo that is itself the package."""
    candidate = module_of(path)
    if candidate == qualified_module or candidate.endswith("." + qualified_module):
        return True
    return qualified_module.startswith(REPO_PACKAGE_NAMES) and (
        qualified_module.split(".", 1)[1] == candidate
    )


def _package_of(path: str) -> list[str]:
    """The package a file's relative imports start from, as module parts."""
    package = module_of(path).split(".")
    return package if path.endswith("__init__.py") else package[:-1]


def _from_module(node: ast.ImportFrom, package: list[str]) -> str:
    """The absolute module a ``from ... import`` reads (``from .db import x`` in ``app/``:
    ``app.db``)."""
    base = node.module or ""
    if node.level:
        anchor = package[: len(package) - (node.level - 1)] if node.level > 1 else package
        base = ".".join([*anchor, base] if base else anchor)
    return base


def collect_imports(tree: ast.Module, path: str) -> dict[str, str]:
    """Local name -> qualified target for every import in the file (any depth)."""
    package = _package_of(path)
    names: dict[str, str] = {}
    for node in walk_of(tree, ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                names[local] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = _from_module(node, package)
            for alias in node.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = (
                        f"{base}.{alias.name}" if base else alias.name
                    )
    return names


def star_imported(tree: ast.Module) -> bool:
    """Whether ``from x import *`` hides where some names come from."""
    return bool(star_modules(tree, ""))


def star_modules(tree: ast.Module, path: str) -> list[str]:
    """The modules the file imports ``*`` from, at module level (``from api.routes import *``)."""
    package = _package_of(path)
    return [
        _from_module(node, package)
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
    ]


def assign_targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    """What an assignment binds: ``a = b = value`` has two targets, ``a: int = value`` one."""
    return node.targets if isinstance(node, ast.Assign) else [node.target]


def single_binding(node: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    """``(target, value)`` of ``x = value`` or ``x: T = value`` (one target); else None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        return node.targets[0], node.value
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return node.target, node.value
    return None


def local_bindings(function: ast.AST) -> Iterator[tuple[ast.expr, ast.expr, int]]:
    """(target, value, line) of each single-target assignment and each ``with ... as`` item of
    a function's own body: ``conn = get_conn()``, ``with SessionLocal() as db``."""
    for node in own_nodes_of(function, ast.Assign, ast.With, ast.AsyncWith):
        if isinstance(node, ast.Assign):
            if len(node.targets) == 1:
                yield node.targets[0], node.value, node.lineno
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None:
                    yield item.optional_vars, item.context_expr, node.lineno


def assigned_locals(function: ast.AST) -> Mapping[str, ast.expr]:
    """Each local name's value as the function last assigns it (``x = v`` or ``x: T = v``), in
    line order, so a returned name can be followed back to what it holds. Kept on the function:
    MB102's passes ask for it two or three times per function."""
    cached: dict[str, ast.expr] | None = function.__dict__.get(_ASSIGNED)
    if cached is not None:
        return cached
    assigned = dict(name_bindings(function))
    setattr(function, _ASSIGNED, assigned)
    return assigned


def name_bindings(function: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    """``(name, value)`` of each ``x = v`` / ``x: T = v`` of a function's own body, in line
    order."""
    nodes = own_nodes_of(function, ast.Assign, ast.AnnAssign)
    for node in sorted(nodes, key=lambda node: node.lineno):
        binding = single_binding(node)
        if binding is not None and isinstance(binding[0], ast.Name):
            yield binding[0].id, binding[1]


def yielded_names(function: ast.AST) -> list[str]:
    """The names a generator yields as they are (``yield session``), in walk order."""
    return [
        node.value.id
        for node in own_nodes_of(function, ast.Yield)
        if isinstance(node.value, ast.Name)
    ]


@overload
def unawaited(node: ast.expr) -> ast.expr: ...
@overload
def unawaited(node: ast.expr | None) -> ast.expr | None: ...
def unawaited(node: ast.expr | None) -> ast.expr | None:
    """What an ``await`` waits for (``await x`` -> ``x``); any other expression as it is."""
    while isinstance(node, ast.Await):
        node = node.value
    return node


def module_level_names(tree: ast.Module) -> set[str]:
    """Names the module itself binds at top level (classes, functions, assignments)."""
    bound: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            bound.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = assign_targets(node)
            bound.update(target.id for target in targets if isinstance(target, ast.Name))
    return bound


def qualified(node: ast.AST | None, imports: dict[str, str]) -> str:
    """The dotted name with its first part replaced by what it was imported as."""
    name = dotted(node)
    if not name:
        return ""
    head, _, rest = name.partition(".")
    target = imports.get(head, head)
    return f"{target}.{rest}" if rest else target


def qualified_in(node: ast.AST | None, imports: dict[str, str], module: str) -> str:
    """``qualified``, a bare name being one of ``module`` (``User`` in ``app/models.py``:
    ``app.models.User``)."""
    name = qualified(node, imports)
    return f"{module}.{name}" if name and "." not in name else name


_WRAPPING_ONE_TYPE = frozenset({"Optional", "FromDishka", "Injected"})
"""Subscripts that stand for the one type inside: ``Optional[X]``, and what the dependency
injection libraries hand a route (dishka's ``FromDishka[X]``, fastapi-injector's
``Injected[X]``)."""


def annotation_types(node: ast.AST | None, imports: dict[str, str]) -> Iterator[ast.AST]:
    """The types an annotation names, in order: through ``Annotated[X, ...]``, ``Optional[X]``,
    ``X | Y`` and a quoted annotation, leaving out ``None``; nothing for other subscripts
    (``list[X]`` names a list, not an X)."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return
    if isinstance(node, ast.Subscript):
        head = qualified(node.value, imports).rsplit(".", 1)[-1]
        if head == "Annotated" and isinstance(node.slice, ast.Tuple) and node.slice.elts:
            yield from annotation_types(node.slice.elts[0], imports)
        elif head in _WRAPPING_ONE_TYPE:
            yield from annotation_types(node.slice, imports)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        yield from annotation_types(node.left, imports)
        yield from annotation_types(node.right, imports)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            parsed = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return
        yield from annotation_types(parsed, imports)
    else:
        yield node


def chain_root(node: ast.expr) -> ast.expr:
    """What a chain of calls, attributes and subscripts starts from: ``conn`` of
    ``conn.cursor().execute``, ``db`` of ``db["users"].find``."""
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def last_part(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def last_parts(names: frozenset[str] | set[str] | dict[str, str]) -> frozenset[str]:
    return frozenset(last_part(name) for name in names)


def may_resolve_to(node: ast.AST, endings: frozenset[str]) -> bool:
    """Whether ``qualified(node, ...)`` can end in one of ``endings`` (see ``last_parts``).

    Resolving replaces only a name's first part, so ``x.y.attr`` keeps ``attr``: most calls
    are ruled out without resolving them. A bare name may be an alias and is never ruled out.
    """
    return not isinstance(node, ast.Attribute) or node.attr in endings


def own_nodes(function: ast.AST) -> list[ast.AST]:
    """Nodes of a function's body, skipping nested defs, lambdas and classes (other scopes),
    in source order (each node before its children), so "the first call" is the first one
    written."""
    cached: list[ast.AST] | None = function.__dict__.get(_OWN)
    if cached is None:
        cached = []
        stack: list[ast.AST] = [
            node
            for node in reversed(getattr(function, "body", []))
            if type(node) not in _NESTED_SCOPE_TYPES
        ]
        pop, push, keep = stack.pop, stack.append, cached.append
        while stack:
            node = pop()
            keep(node)
            for child in reversed(children(node)):
                if type(child) not in _NESTED_SCOPE_TYPES:
                    push(child)
        setattr(function, _OWN, cached)
    return cached


def functions(tree: ast.AST) -> list[FunctionNode]:
    """Every function definition under ``tree`` (nested ones included), in walk order."""
    cached: list[FunctionNode] | None = tree.__dict__.get(_FUNCTIONS)
    if cached is None:
        cached = walk_of(tree, ast.FunctionDef, ast.AsyncFunctionDef)
        setattr(tree, _FUNCTIONS, cached)
    return cached


def is_generator(function: FunctionNode) -> bool:
    return bool(own_nodes_of(function, ast.Yield, ast.YieldFrom))


def methods_of(cls: ast.ClassDef) -> list[FunctionNode]:
    """The functions a class body defines, sync and async."""
    return [node for node in cls.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def local_names(function: FunctionNode) -> set[str]:
    """The names a function binds itself (its parameters, what it assigns), which shadow the
    module's."""
    arguments = function.args
    params = positional_params(function)
    params += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
    stored = own_nodes_of(function, ast.Name)
    return {arg.arg for arg in params} | {n.id for n in stored if isinstance(n.ctx, ast.Store)}


def positional_params(function: FunctionNode) -> list[ast.arg]:
    arguments = function.args
    return [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]


def param_defaults(arguments: ast.arguments) -> dict[str, ast.expr]:
    """Parameter name -> its default expression, positional then keyword-only."""
    positional = [*arguments.posonlyargs, *arguments.args]
    found = dict(
        zip(
            (argument.arg for argument in positional[len(positional) - len(arguments.defaults) :]),
            arguments.defaults,
            strict=True,
        )
    )
    for argument, maybe in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if maybe is not None:
            found[argument.arg] = maybe
    return found


def truthy(value: str | None) -> bool:
    """Signals carry strings; accept the spellings a boolean may have been written with."""
    return (value or "").strip().lower() in {"1", "true", "yes", "y"}
