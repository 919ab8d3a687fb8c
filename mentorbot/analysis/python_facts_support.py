"""Small AST helpers and the per-file state shared by the Python facts extractor.

Kept apart from the walker so the call and definition classifiers can share them without
import cycles, and so each module stays short enough to read in one sitting.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from mentorbot.analysis.test_paths import is_test_path
from mentorbot.domain import Signal

QUEUE_LIBRARIES = ("procrastinate", "celery", "huey", "taskiq")
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
FLASK_LIKE = frozenset({"flask", "quart"})
"""Frameworks whose apps and blueprints take ``.get("/path")`` routes like FastAPI's."""
OTHER_WEB_FRAMEWORKS = frozenset(
    {"sanic", "aiohttp", "ninja", "bottle", "robyn", "blacksheep", "litestar", "tornado", "falcon"}
)
"""Other frameworks whose ``@app.get("/path")`` (or a route table's) looks like FastAPI's; the
skill matrix judges none of them."""
UNKNOWN_QUEUE = "task-queue"

TRUE = "1"
FALSE = "0"


def flag(value: bool) -> str:
    """Signals carry strings only; booleans become "1"/"0"."""
    return TRUE if value else FALSE


def safe_unparse(node: ast.AST | None) -> str:
    """``ast.unparse`` that never raises: pathological nesting must not crash a review."""
    if node is None:
        return ""
    try:
        return ast.unparse(node)
    except (RecursionError, ValueError, AttributeError):
        return ""


_NOT_NODES = frozenset(
    {"id", "name", "attr", "arg", "module", "asname", "level", "kind", "conversion", "is_async"}
    | {"type_comment", "simple", "tag", "lineno", "rest", "ctx", "op", "ops", "kwd_attrs"}
)
"""Fields that hold names, numbers, flags, or the ``ctx``/``op`` singletons (``Load``, ``+``,
``==``...), never a node to walk into."""
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {
    ast.Constant: (),
    ast.MatchSingleton: (),
    ast.Global: (),
    ast.Nonlocal: (),
}
if hasattr(ast, "TypeAlias"):  # Python 3.12+: its ``name`` is a Name node
    _CHILD_FIELDS[ast.TypeAlias] = ("name", "type_params", "value")


_CHILDREN = "_mentor_children"


def child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    """The fields of a node type that may hold child nodes, in ``_fields`` order.

    A third of a tree's nodes are names and constants; with this, looking for their children
    costs one lookup instead of a ``getattr`` per field.
    """
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = tuple(name for name in kind._fields if name not in _NOT_NODES)
        _CHILD_FIELDS[kind] = fields
    return fields


def children(node: ast.AST) -> Sequence[ast.AST]:
    """``ast.iter_child_nodes`` in the same order, without its generator overhead and without
    the ``Load``/``Store``/operator singletons no detector looks at except through their parent
    (``node.ctx``, ``node.op``): a third of a tree's nodes.

    Computed once per node and kept on it: the facts' walk, the rules' walk of the tree, each
    function's own nodes and the parent map all ask for the same children (1.08M calls for 0.5M
    nodes at 100k lines).
    """
    cached: list[ast.AST] | None = node.__dict__.get(_CHILDREN)
    if cached is not None:
        return cached
    fields = _CHILD_FIELDS.get(type(node))
    if fields is None:
        fields = child_fields(type(node))
    if not fields:
        return ()
    found: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if type(value) is list:
            # Lists of nodes; only a dict's keys (``**rest``) and keyword-only defaults hold None.
            found.extend(value if None not in value else [v for v in value if v is not None])
        elif isinstance(value, ast.AST):
            found.append(value)
    node.__dict__[_CHILDREN] = found
    return found


def dotted(node: ast.AST | None) -> str:
    """``a.b.c`` for a chain of names and attributes; "" for anything else (calls, subscripts)."""
    parts: list[str] = []
    current = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return ""
    parts.append(current.id)
    return ".".join(reversed(parts))


def last_name(node: ast.AST | None) -> str:
    """The rightmost identifier of a name or attribute: ``c`` for ``a.b.c``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def strip_subscript(node: ast.expr) -> ast.expr:
    """``Generic[T]`` / ``RootModel[int]`` -> the subscripted base, so bases match by name."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return node


def str_literal(node: ast.AST | None) -> str | None:
    """The value of a plain string constant, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value passed as ``name=`` to a call, if any."""
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def first_arg(call: ast.Call, name: str | None = None) -> ast.expr | None:
    """First positional argument, falling back to a keyword argument of that role."""
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return keyword(call, name) if name else None


def literal_or_text(node: ast.AST | None) -> str:
    """A string constant's value, else the expression's source text."""
    value = str_literal(node)
    return value if value is not None else safe_unparse(node)


def contains_call(node: ast.AST | None, names: frozenset[str]) -> bool:
    """Whether a (small) expression contains a call to one of ``names``; iterative walk."""
    if node is None:
        return False
    return any(
        isinstance(child, ast.Call) and last_name(child.func) in names for child in ast.walk(node)
    )


@dataclass
class FunctionFrame:
    """A function being walked: its awaits are counted before its signal is written."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    owner_class: str
    seq: int
    awaits: int = 0


@dataclass(frozen=True)
class Scope:
    """Where a node sits: the enclosing class body and/or function (innermost wins)."""

    class_name: str = ""
    function: FunctionFrame | None = None
    in_class_body: bool = False

    @property
    def at_module_level(self) -> bool:
        return self.function is None and not self.in_class_body


@dataclass
class FileState:
    """What the walk has learned so far about names declared or imported in this file."""

    path: str
    functions: int = 0
    annotated_functions: int = 0
    classes: int = 0
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)
    apps: dict[str, str] = field(default_factory=dict)
    route_prefixes: dict[str, str] = field(default_factory=dict)
    """Routers declared with a literal ``prefix``: their routes' paths start with it."""
    flask_apps: set[str] = field(default_factory=set)
    """Names bound to a Flask (or Quart) app or blueprint: their ``.get("/x")`` is no FastAPI
    route."""
    web_apps: dict[str, str] = field(default_factory=dict)
    """Names bound to a Sanic app or blueprint (``sanic``) or an aiohttp route table
    (``aiohttp``): their decorators register that framework's routes."""
    orm_bases: set[str] = field(default_factory=set)
    orm_models: set[str] = field(default_factory=set)
    """Concrete ORM models of this file: a class on one of them is a model too (Tortoise's
    ``class Level(Item)``, SQLAlchemy's joined-table inheritance)."""
    pydantic_classes: set[str] = field(default_factory=set)
    sqlmodel_classes: set[str] = field(default_factory=set)
    document_classes: dict[str, str] = field(default_factory=dict)
    settings_classes: set[str] = field(default_factory=set)
    config_classes: set[str] = field(default_factory=set)
    exception_classes: set[str] = field(default_factory=set)
    declared_classes: set[str] = field(default_factory=set)
    dependency_aliases: set[str] = field(default_factory=set)
    router_dependencies: set[int] = field(default_factory=set)
    """ids of the ``Depends(...)`` calls an ``APIRouter(dependencies=[...])`` lists."""
    background_names: set[str] = field(default_factory=set)
    http_exceptions: dict[str, str] = field(default_factory=dict)
    """Names bound to an ``HTTPException(...)``, with its status as written: raising one of
    them answers the client like raising the call."""
    checkpointer_connections: set[str] = field(default_factory=set)
    """Names of connections handed to a LangGraph checkpointer (``AsyncSqliteSaver(conn)``):
    the graph's storage, not the app's database."""
    startup_functions: set[str] = field(default_factory=set)
    """Lifespan and startup handlers: a task they start keeps running beside the app."""
    module_strings: dict[str, str] = field(default_factory=dict)
    class_strings: dict[str, str] = field(default_factory=dict)
    serves_flask: bool = False
    """A Flask (or Quart) view was found here, whatever the module imports."""
    local_strings: dict[tuple[str, str], str] = field(default_factory=dict)
    """Strings a function binds to a local name, by (function, name), as far as the walk got."""
    queue_apps: dict[str, str] = field(default_factory=dict)
    test_case_classes: set[str] = field(default_factory=set)
    inheriting_classes: set[str] = field(default_factory=set)
    """Classes on a base imported from another module, which may be a ``TestCase`` there."""
    env_readers: set[str] = field(default_factory=set)
    """Names bound to an environs or envparse ``Env``: ``env.str("SECRET_KEY")`` reads one."""
    dotenv_maps: set[str] = field(default_factory=set)
    """Names bound to python-dotenv's ``dotenv_values(...)``: a key read from one is a setting."""
    environ_copies: list[tuple[int, str]] = field(default_factory=list)
    """(line, name) of each copy of ``os.environ`` bound to a name or attribute."""
    assign_targets: dict[int, str] = field(default_factory=dict)
    consumed_calls: set[int] = field(default_factory=set)
    alembic_ops: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, operation, table or "") of each ``op.*`` call."""
    alembic_op_imported: bool = False
    logging_at: tuple[int, str] | None = None
    module_defs: dict[str, bool] = field(default_factory=dict)
    """The module's own functions (name -> async) and, under ``Class.method``, its classes'
    methods: a route registered by a call (``add_api_route``) names one of them."""
    called_functions: set[str] = field(default_factory=set)
    """Names a function of the module calls bare (``remember_color(request, note)``)."""
    plain_function_views: set[str] = field(default_factory=set)
    """Undecorated function views: one another function calls is a helper of views."""
    module_instances: dict[str, str] = field(default_factory=dict)
    """Module-level ``name = Class(...)``: the class each such name is an instance of."""
    django_views: dict[str, dict[str, str]] = field(default_factory=dict)
    """Django's class-based views by name, with their facts: a class on one is a view too."""
    bot_clients: dict[str, str] = field(default_factory=dict)
    """Classes on a discord-like client or bot, with its library: their ``on_*`` events."""
    in_tests: bool = field(init=False)
    """Whether the file is test code: by its path, until the walk reads its tree
    (``is_test_file``)."""

    def __post_init__(self) -> None:
        self.in_tests = is_test_path(self.path)

    def learn_module_defs(self, body: Sequence[ast.stmt]) -> None:
        """Record the functions, methods and instances a module's top level defines."""
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.module_defs[node.name] = isinstance(node, ast.AsyncFunctionDef)
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        is_async = isinstance(item, ast.AsyncFunctionDef)
                        self.module_defs[f"{node.name}.{item.name}"] = is_async
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)
            ):
                self.module_instances[node.targets[0].id] = last_name(node.value.func)

    def defined_async(self, endpoint: ast.expr | None) -> bool | None:
        """Whether a function this module defines, named as ``name`` or ``instance.method``
        of a class it defines, is async; None when it is defined elsewhere."""
        if isinstance(endpoint, ast.Name):
            return self.module_defs.get(endpoint.id)
        if isinstance(endpoint, ast.Attribute) and isinstance(endpoint.value, ast.Name):
            owner = self.module_instances.get(endpoint.value.id, endpoint.value.id)
            return self.module_defs.get(f"{owner}.{endpoint.attr}")
        return None

    def imported_from(self, local: str) -> str:
        """Full module a local name was imported from ("" when not imported)."""
        found = self.imports.get(local)
        return found[0] if found else ""

    def library_of(self, name: str) -> str:
        """The top-level package the head of a dotted name was imported from (``me.Document``
        with ``import mongoengine as me``: ``mongoengine``), "" when it was not imported."""
        return self.imported_from(name.split(".")[0]).split(".")[0]

    def remember_prefix(self, name: str, prefix: str | None) -> None:
        """A router or blueprint declared with a literal prefix: its routes' paths start with it."""
        if prefix and prefix.startswith("/"):
            self.route_prefixes[name] = prefix.rstrip("/")

    def full_path(self, receiver: str, path: str) -> str:
        """A route's path as served: behind its router's prefix (``/users`` + ``/{id}``)."""
        if not path or path.startswith("/"):
            return self.route_prefixes.get(receiver, "") + path
        return path

    def imports_library(self, top_level: str) -> bool:
        return any(
            module.split(".")[0] == top_level
            for module, _ in self.imports.values()
            if module  # relative imports are recorded with an empty module
        )

    def queue_of(self, base: str) -> str:
        """Which task queue ``<base>.task`` belongs to, from the app variable or the imports;
        ``task-queue`` when neither tells."""
        if base in self.queue_apps:
            return self.queue_apps[base]
        if base == "celery":
            return "celery"
        for library in QUEUE_LIBRARIES:
            if self.imports_library(library):
                return library
        return UNKNOWN_QUEUE

    def note_logging(self, line: int, library: str) -> None:
        if self.logging_at is None or line < self.logging_at[0]:
            self.logging_at = (line, library)


class SignalSink:
    """Collects signals with a sequence number so equal lines keep their discovery order."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, Signal]] = []
        self._seq = 0

    def reserve(self) -> int:
        self._seq += 1
        return self._seq

    def emit(
        self,
        kind: str,
        line: int,
        name: str = "",
        detail: str = "",
        data: dict[str, str] | None = None,
        seq: int | None = None,
    ) -> None:
        order = seq if seq is not None else self.reserve()
        signal = Signal(kind=kind, line=line, name=name, detail=detail, data=data or {})
        self._items.append((line, order, signal))

    def signals(self) -> list[Signal]:
        return [signal for _, _, signal in sorted(self._items, key=lambda item: item[:2])]

    def drop(self, kind: str, names: Collection[str]) -> None:
        """Take back the signals of ``kind`` whose name the rest of the file showed to be
        something else."""
        self._items = [
            item for item in self._items if item[2].kind != kind or item[2].name not in names
        ]

    def drop_lines(self, kinds: Collection[str], lines: Collection[int]) -> None:
        """Take back the signals of ``kinds`` at these lines, which the rest of the file showed
        to be something else (a GraphQL endpoint's mount, read as a route)."""
        self._items = [
            item for item in self._items if item[2].kind not in kinds or item[0] not in lines
        ]
