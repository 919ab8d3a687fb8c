"""Requests through a synchronous Redis, MongoDB, AWS (boto3), MinIO or HTTP (``requests.Session``)
client, a vector store's client (Chroma, Qdrant, Pinecone, Milvus) or a DB-API connection
(``sqlite3``, ``psycopg2``...), which wait on the network or the disk on the loop's thread when
an async function makes them (MB101); and a Celery task's result waited on
(``task.delay(...).get()``), which holds the loop until a worker has run the task.

Learners add a Redis cache, a MongoDB store or S3 uploads to a FastAPI app with the clients
every tutorial starts with, ``redis.Redis``, ``pymongo.MongoClient`` and ``boto3.client``,
inside ``async def`` routes: each ``cache.get(key)``, ``users.find_one(...)`` or
``s3.upload_fileobj(...)`` then stalls every request; so does a ``requests.Session`` kept for
an external API (ruff's ASYNC212 knows httpx's sync client, not that one). So does a
``sqlite3`` or ``psycopg2`` connection opened at import and used by the routes, the first
database most tutorials show before an ORM: ``cursor.execute(...)`` and ``conn.commit()`` run
the query on the loop's thread. A RAG app's retriever does the same with ``collection.query``
of a Chroma ``PersistentClient``, a ``QdrantClient``'s ``search``, a Pinecone index's
``query`` or a ``MilvusClient``'s ``search``, and so does a sentence-transformers model's
``encode`` or a ``CrossEncoder``'s ``predict``, which hold the loop's thread while the model
runs, and so does a Pillow image's ``thumbnail``, ``resize`` or ``save`` (an upload's thumbnail
made in the route: decoding, resampling and encoding a photo take a CPU for a while), and so
does a LangChain document loader's ``load()``, which reads the file or fetches the page.
(``redis.asyncio``, ``motor``, ``aioboto3``, ``aiosqlite``, asyncpg and psycopg's
``AsyncConnection`` are async clients, awaited, and never match.)

A client is a name or ``self.<attr>`` a file binds to one of those classes (or to a parameter
annotated with one: a service class handed its client), a parameter annotated with one, and the
clients taken from one: MongoDB databases and collections (``client["shop"]``, ``db.users``,
``db.get_collection("users")``), boto3 resources (``s3.Bucket(name)``), a connection's cursors
(``conn.cursor()``, also in ``with``). A client another module defines is matched across files:
each file reports the clients it binds at module level and the requests its async functions
make through imported names; the project check pairs them. A sync helper that makes such a
request is a blocking helper like any other (``_blocking``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.analysis.python_facts_tasks import handed_to_thread
from mentorbot.rules._client_kinds import (
    CLIENT_HANDOUTS,
    CLIENT_STEPS,
    DATAFRAME,
    IMAGE,
    LOADER_MODULES,
    REQUESTS,
    SMTP,
    client_kind,
)
from mentorbot.rules._frame_targets import writes_to_a_file
from mentorbot.rules._names import (
    FunctionNode,
    assign_targets,
    dotted,
    functions,
    own_nodes_of,
    param_defaults,
    positional_params,
    qualified,
    walk_of,
)
from mentorbot.rules._provided_classes import (
    dependency_aliases,
    depends_target,
    param_dependency,
)
from mentorbot.rules.base import FileContext

ANY_REQUEST = frozenset().union(*REQUESTS.values())
TASK_SENDS = frozenset({"delay", "apply_async"})
RESULT_WAITS = frozenset({"get", "wait", "join"})
"""What a Celery task's result does to wait for the worker: until the task has run."""
_CLIENT_PACKAGES: tuple[str, ...] = ("redis", "pymongo", "gridfs", "boto3", "requests", "sqlite3")
_CLIENT_PACKAGES += ("psycopg", "pymysql", "mysql", "MySQLdb", "chromadb", "qdrant_client")
_CLIENT_PACKAGES += (
    "pinecone",
    "pymilvus",
    "sentence_transformers",
    "PIL",
    "minio",
    "pandas",
    "reportlab",
    "google.cloud.storage",
    "google.cloud.vision",
    "azure.storage.blob",
    "peewee",
    "playhouse",
    "smtplib",
    "google.cloud.speech",
    "supabase",
    *LOADER_MODULES,
)
_CLIENT_PACKAGES += ("confluent_kafka", "kafka", "yfinance", "yt_dlp", "youtube_dl", "jwt", "pika")
_ALL_STEPS = frozenset().union(*CLIENT_STEPS.values())
_HANDED_OUT = frozenset().union(*CLIENT_HANDOUTS.values())
_CLIENTS = "_mentor_sync_data_clients"
_FUNCTION_CLIENTS = "_mentor_function_clients"


def _kind_made(value: ast.expr | None, known: dict[str, str], ctx: FileContext) -> str:
    """The kind of client ``value`` gives: a client class's call, or a step down from a known
    client of a kind that hands out more (a MongoDB collection, an S3 bucket), also as either
    branch of a conditional (``PyPDFLoader(path) if pdf else TextLoader(path)``)."""
    if isinstance(value, ast.IfExp):
        return _kind_made(value.body, known, ctx) or _kind_made(value.orelse, known, ctx)
    if isinstance(value, ast.Await) and isinstance(value.value, ast.Call):
        # ``job = await run_in_threadpool(Job.fetch, job_id, connection=redis)``: made in a
        # thread, the client is the same one, its requests as sync as ever.
        thread = value.value
        handed = handed_to_thread(thread, dotted(thread.func).rsplit(".", 1)[-1])
        return _kind_made(handed, known, ctx) if handed is not None else ""
    if isinstance(value, ast.Call):
        made = client_kind(qualified(value.func, ctx.imports))
        if made:
            return made
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr in _HANDED_OUT:
            handouts = CLIENT_HANDOUTS.get(root_kind(func.value, known, ctx.imports), {})
            if func.attr in handouts:
                return handouts[func.attr]
        if isinstance(func, ast.Attribute) and func.attr in _ALL_STEPS:
            kind = root_kind(func.value, known, ctx.imports) or _kind_made(func.value, known, ctx)
            return kind if func.attr in CLIENT_STEPS.get(kind, ()) else ""
        if isinstance(func, ast.Name) and not value.args and not value.keywords:
            return factory_kind(func.id, known, ctx)
        return ""
    if isinstance(value, ast.Subscript | ast.Attribute):
        kind = root_kind(value, known, ctx.imports)
        return kind if kind in CLIENT_STEPS else ""
    return ""


def factory_kind(name: str, known: dict[str, str], ctx: FileContext) -> str:
    """The kind of client a module-level function of this file returns or, as a dependency,
    yields (``def get_client(): s3 = boto3.client("s3"); return s3``; ``def get_db(): db =
    pool.get_connection(); yield db``), by what it hands out or its return annotation (a
    cached client made on first call: ``global _client; _client = Minio(...)``)."""
    for node in ctx.tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return handed_out_kind(node, known, ctx)
    return ""


def handed_out_kind(function: ast.FunctionDef, known: dict[str, str], ctx: FileContext) -> str:
    """The kind of client a sync function or method returns or yields, "" for none."""
    if function.returns is not None and (
        declared := client_kind(qualified(function.returns, ctx.imports))
    ):
        return declared  # ``def get_minio_client() -> Minio``
    made_here = {
        dotted(target): made
        for assign in own_nodes_of(function, ast.Assign)
        if (made := _kind_made(assign.value, known, ctx))
        for target in assign.targets
    }
    handed: list[ast.Return | ast.Yield] = own_nodes_of(function, ast.Return, ast.Yield)
    for returned in handed:
        value = returned.value
        if isinstance(value, ast.Call) and dotted(value.func) == function.name:
            continue  # it calls itself: no client to find there
        named = dotted(value) if isinstance(value, ast.Name) else ""
        kind = (known.get(named, "") or made_here.get(named, "")) if named else ""
        if kind or (kind := _kind_made(value, known, ctx)):
            return kind
    return ""


def root_kind(node: ast.expr, known: dict[str, str], imports: dict[str, str]) -> str:
    """The kind of the client ``node`` is or, for a kind that hands out clients, was taken
    from (``client.shop.users``, ``db["users"]``, ``MongoClient(url)["shop"]``,
    ``s3.Bucket(name)``); "" when it is not a known client."""
    current: ast.expr = node
    while True:
        name = dotted(current)
        kind = known.get(name, "") if name else ""
        if not kind and isinstance(current, ast.Call):
            kind = client_kind(qualified(current.func, imports))
        if kind:
            return kind if current is node or kind in CLIENT_STEPS else ""
        if isinstance(current, ast.Subscript | ast.Attribute):
            current = current.value
        elif (
            isinstance(current, ast.Call)
            and isinstance(current.func, ast.Attribute)
            and current.func.attr in _ALL_STEPS
        ):
            current = current.func.value
        else:
            return ""


def imports_a_client(ctx: FileContext) -> bool:
    """Without an import from redis, pymongo or boto3 a file can neither make nor annotate a
    client."""
    return any(module.startswith(_CLIENT_PACKAGES) for module in ctx.imports.values())


def file_clients(ctx: FileContext) -> dict[str, str]:
    """Dotted names the file binds to a sync client, with their kind, in source order so a
    collection taken from an earlier client counts (computed once per tree)."""
    cached: dict[str, str] | None = ctx.tree.__dict__.get(_CLIENTS)
    if cached is None:
        cached = {}
        if imports_a_client(ctx):
            assigns: list[ast.Assign | ast.AnnAssign] = walk_of(ctx.tree, ast.Assign, ast.AnnAssign)
            in_class = _class_attributes(ctx.tree)
            for node in sorted(assigns, key=lambda assign: assign.lineno):
                kind = _kind_made(node.value, cached, ctx)
                if kind:
                    names = [name for name in map(dotted, assign_targets(node)) if name]
                    if id(node) in in_class:  # ``cache = redis.Redis()``, read as ``self.cache``
                        names += [f"{owner}.{name}" for name in names for owner in ("self", "cls")]
                    cached.update((name, kind) for name in names)
            cached.update(_with_clients(ctx, cached))
            cached.update(_injected_clients(ctx, cached))
        setattr(ctx.tree, _CLIENTS, cached)
    return cached


def _class_attributes(tree: ast.Module) -> set[int]:
    """The assignments that sit in a class body: attributes its methods read through ``self``."""
    return {
        id(statement)
        for cls in walk_of(tree, ast.ClassDef)
        for statement in cls.body
        if isinstance(statement, ast.Assign | ast.AnnAssign)
    }


def _with_clients(ctx: FileContext, known: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Names a ``with`` statement binds to a client it makes (``with requests.Session() as
    http:``) or takes from a ``known`` one (``with conn.cursor() as cur:``)."""
    for node in walk_of(ctx.tree, ast.With):
        for item in node.items:
            kind = _kind_made(item.context_expr, known, ctx)
            if kind and isinstance(item.optional_vars, ast.Name):
                yield item.optional_vars.id, kind


def dependency_of(param: ast.arg, defaults: dict[str, ast.expr], imports: dict[str, str]) -> str:
    """The name of what FastAPI hands a parameter (``db=Depends(get_db)``, ``Annotated[...,
    Depends(get_db)]``), "" when it is no dependency's."""
    target = depends_target(param_dependency(param, defaults, imports))
    return dotted(target) if target is not None else ""


def _client_params(
    function: FunctionNode, ctx: FileContext, known: dict[str, str]
) -> dict[str, str]:
    """The parameters ``function`` annotates with a client class, or is handed by a dependency
    of this file that gives one (``known``: the file's clients), with their kind."""
    arguments = function.args
    defaults = param_defaults(arguments) if arguments.defaults or arguments.kw_defaults else {}
    found: dict[str, str] = {}
    for param in positional_params(function):
        annotation = _alias_type(param.annotation, ctx)
        kind = client_kind(qualified(annotation, ctx.imports))
        if not kind and (defaults or param.annotation is not None):
            provider = dependency_of(param, defaults, ctx.imports)
            kind = factory_kind(provider, known, ctx) if provider.isidentifier() else ""
        if kind:
            found[param.arg] = kind
    return found


def _alias_type(annotation: ast.expr | None, ctx: FileContext) -> ast.expr | None:
    """The type an annotation names: ``Minio`` for ``s3: S3Client`` where the module binds
    ``S3Client = Annotated[Minio, Depends(get_s3_client)]``; else the annotation itself."""
    if not isinstance(annotation, ast.Name):
        return annotation
    for node, provided_type, _ in dependency_aliases(ctx):
        if any(isinstance(t, ast.Name) and t.id == annotation.id for t in node.targets):
            return provided_type
    return annotation


def _injected_clients(ctx: FileContext, known: dict[str, str]) -> Iterator[tuple[str, str]]:
    """``self.<attr>`` set from a parameter annotated as a client (``def __init__(self, redis:
    Redis)`` then ``self.redis = redis``): a service class handed its client."""
    for function in functions(ctx.tree):
        params = _client_params(function, ctx, known)
        assigns: list[ast.Assign] = own_nodes_of(function, ast.Assign) if params else []
        for node in assigns:
            if isinstance(node.value, ast.Name) and node.value.id in params:
                for name in map(dotted, node.targets):
                    if name.startswith("self."):
                        yield name, params[node.value.id]


def clients_in(function: FunctionNode, ctx: FileContext) -> dict[str, str]:
    """The file's clients plus the parameters ``function`` declares or is handed as clients
    and what it takes from them (``cursor = db.cursor()``); computed once per function."""
    cached: dict[str, str] | None = function.__dict__.get(_FUNCTION_CLIENTS)
    if cached is None:
        known = file_clients(ctx)
        params = _client_params(function, ctx, known)
        cached = {**known, **params}
        if params:
            _take_from(function, ctx, cached)
        setattr(function, _FUNCTION_CLIENTS, cached)
    return cached


def _take_from(function: FunctionNode, ctx: FileContext, known: dict[str, str]) -> None:
    """Adds to ``known`` the names ``function`` binds to a client it takes from a known one
    (``cursor = db.cursor()``, ``with db.cursor() as cursor:``), in source order."""
    statements: list[ast.Assign | ast.With] = own_nodes_of(function, ast.Assign, ast.With)
    for node in sorted(statements, key=lambda statement: statement.lineno):
        bound: list[tuple[ast.expr | None, ast.expr]]
        if isinstance(node, ast.Assign):
            bound = [(target, node.value) for target in node.targets]
        else:
            bound = [(item.optional_vars, item.context_expr) for item in node.items]
        for target, value in bound:
            kind = _kind_made(value, known, ctx) if target is not None else ""
            name = dotted(target) if kind else ""
            if name:
                known[name] = kind


def _sends_task(value: ast.expr | None) -> bool:
    """``task.delay(...)``, ``task.apply_async(...)`` or ``AsyncResult(task_id)``."""
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr in TASK_SENDS:
        return True
    return dotted(func).rsplit(".", 1)[-1] == "AsyncResult"


def _task_result(receiver: ast.expr, function: FunctionNode) -> bool:
    """Whether ``receiver`` is a Celery task's result: sent right there, or a name ``function``
    binds to one."""
    if _sends_task(receiver):
        return True
    if not isinstance(receiver, ast.Name):
        return False
    assigns: list[ast.Assign | ast.AnnAssign] = own_nodes_of(function, ast.Assign, ast.AnnAssign)
    return any(
        _sends_task(node.value)
        and any(dotted(target) == receiver.id for target in assign_targets(node))
        for node in assigns
    )


def client_request(call: ast.Call, ctx: FileContext, function: FunctionNode) -> str | None:
    """The dotted name of ``call`` when it is a request through a sync client of this file (or
    a parameter of ``function``); it must not be awaited."""
    func = call.func
    if not isinstance(func, ast.Attribute) or isinstance(ctx.parents.get(id(call)), ast.Await):
        return None
    if func.attr in RESULT_WAITS and _task_result(func.value, function):
        return dotted(func) or f"AsyncResult.{func.attr}"
    kind = request_kind(call, ctx, function)
    return (dotted(func) or f"{kind}.{func.attr}") if kind else None


def request_kind(call: ast.Call, ctx: FileContext, function: FunctionNode) -> str:
    """The kind of sync client ``call`` makes a request through (``dbapi`` for
    ``cursor.execute(...)``), "" for any other call."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in ANY_REQUEST:
        return ""
    if not imports_a_client(ctx):
        return ""
    kind = root_kind(func.value, clients_in(function, ctx), ctx.imports)
    saved = kind == DATAFRAME or (kind == IMAGE and func.attr == "save")
    if saved and not writes_to_a_file(call, function):
        return ""  # ``image.save(buffer, format="JPEG")`` into a BytesIO waits on no disk
    if kind == SMTP and _opened_here(func.value, function):
        return ""  # ``smtplib.SMTP(...)`` in this function is reported where it connects
    return kind if kind and func.attr in REQUESTS[kind] else ""


def _opened_here(client: ast.expr, function: FunctionNode) -> bool:
    """Whether ``client`` is a name this function binds (``with smtplib.SMTP(...) as server``)."""
    name = client.id if isinstance(client, ast.Name) else ""
    if not name:
        return False
    bound: list[ast.expr | None] = []
    for node in own_nodes_of(function, ast.With, ast.Assign):
        if isinstance(node, ast.With):
            bound += [item.optional_vars for item in node.items]
        elif isinstance(node, ast.Assign):
            bound += node.targets
    return any(isinstance(target, ast.Name) and target.id == name for target in bound)
