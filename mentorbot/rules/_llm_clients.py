"""Requests made through a synchronous LLM client, which block the event loop for the seconds
a completion takes when an async function makes them (MB101).

A client is what a file binds to ``OpenAI(...)``, ``AzureOpenAI(...)``, ``Anthropic(...)`` and
the like, or to what a function of the file that makes one returns (``client =
get_openai_client(key)``): a module-level or local name, or ``self.<attr>`` set in a method.
Its requests end in ``create``, ``parse`` or ``stream`` (``client.chat.completions.create(...)``,
``client.messages.create(...)``); an awaited call is an async client's and is never one. The
pre-1.0 module-level API (``openai.ChatCompletion.create``) is synchronous too, and so is
Ollama's client (``Client(host=...).chat(...)``, ``ollama.chat(...)``). So are the sync
methods of LangChain and LangGraph objects (``llm.invoke``, ``chain.invoke``, ``graph.invoke``,
``vectorstore.similarity_search``, and a vector store built with ``FAISS.from_texts``): an
object counts when it is made by a class of those
packages, or derived from one (``prompt | llm``, ``builder.compile()``, ``.as_retriever()``),
or returned by a module-level function of the file (``graph = build_graph()``). Prompt templates
and output parsers are not among them: their ``invoke`` fills in or parses text, and
``prompt | StrOutputParser()`` reaches no model either.

Each file also reports the clients and objects it binds at module level, and the module-level
functions that return one (``LLM_OBJECT_SIGNAL``, ``LLM_FACTORY_SIGNAL``): ``_llm_imports``
pairs them with the requests async functions of other modules make (``from app.agent import
graph``, ``graph = build_graph()``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.analysis.python_facts_names import LLM_LIBRARIES
from mentorbot.domain import Signal
from mentorbot.rules._names import (
    assign_targets,
    dotted,
    last_parts,
    may_resolve_to,
    own_nodes_of,
    qualified,
    star_imported,
    walk_of,
)
from mentorbot.rules.base import FileContext

SYNC_CLIENTS = frozenset(
    {"openai.OpenAI", "openai.Client", "openai.AzureOpenAI", "anthropic.Anthropic"}
    | {
        "anthropic.AnthropicBedrock",
        "groq.Groq",
        "mistralai.Mistral",
        "cohere.Client",
        "cohere.ClientV2",
        "zhipuai.ZhipuAI",
    }
    | {"ollama.Client", "google.generativeai.GenerativeModel", "google.genai.Client"}
)
"""``openai.Client`` is the SDK's other name for ``OpenAI`` (``AsyncClient`` for
``AsyncOpenAI``): a Gradio chat that imported it went unreported (blind check l1)."""
OLLAMA_REQUESTS = frozenset({"chat", "generate", "embeddings", "embed"})
"""An Ollama client's requests to its server, also as module functions (``ollama.chat``)."""
LEGACY_CALLS = frozenset(
    f"openai.{api}.create" for api in ("ChatCompletion", "Completion", "Embedding", "Image")
) | frozenset(f"ollama.{request}" for request in OLLAMA_REQUESTS)
REQUEST_METHODS = frozenset({"create", "parse", "stream", "generate_content", "embed_content"})
REQUEST_METHODS |= OLLAMA_REQUESTS
REQUEST_METHODS |= {"list", "retrieve", "count_tokens"}
"""``client.models.list()`` asks the server as ``create`` does (blind check h4)."""
ASYNC_NAMESPACE = ".aio."
"""``client.aio.models.generate_content``: Gemini's client keeps its async twin under ``aio``."""
FRAMEWORK_PACKAGES = ("langchain", "langgraph", "llama_index")
FRAMEWORK_REQUESTS = frozenset(
    {"invoke", "batch", "stream", "embed_query", "embed_documents", "similarity_search"}
    | {"similarity_search_with_score", "max_marginal_relevance_search", "add_documents"}
    | {"add_texts", "get_relevant_documents", "predict", "query", "chat", "complete"}
    | {"run", "apply", "save_local", "delete"}
    | {"insert", "insert_nodes", "load_data", "persist", "retrieve"}
)
"""Their synchronous methods that reach a model, an embedding endpoint or a vector store (its
``delete`` too), or read and write a LlamaIndex index's files (``load_data``, ``persist``);
the async twins start
with ``a`` (``ainvoke``, ``arun``) and are awaited. Legacy chains and LLMs
(``RetrievalQA``, ``LLMChain``, an ``llm``) also run when called: ``qa({"query": q})``."""
FRAMEWORK_BUILDS = frozenset({"from_texts", "from_documents", "load_local"})
"""Class methods of a framework's vector store (``FAISS.from_texts``) that embed every text, or
read the index from disk, while they build it."""
COMPUTING_ONLY = ("PromptTemplate", "OutputParser", "MessagesPlaceholder")
"""Framework classes whose ``invoke`` only fills in or parses text (``ChatPromptTemplate``,
``StrOutputParser``): no model, endpoint or store is reached, so nothing blocks."""
_RUNNABLES = "_mentor_sync_llm_runnables"
CLIENT = "client"
FRAMEWORK = "framework"
LLM_OBJECT_SIGNAL = "rule:sync-llm-object"
"""A module-level name bound to a sync LLM client or a framework object (``detail``: its kind,
``CLIENT`` or ``FRAMEWORK``)."""
LLM_FACTORY_SIGNAL = "rule:sync-llm-factory"
"""A module-level sync function that returns one (``detail``: the kind it returns)."""
_CLIENT_ENDINGS = last_parts(SYNC_CLIENTS)
_LEGACY_ENDINGS = last_parts(LEGACY_CALLS)
_CLIENTS = "_mentor_sync_llm_clients"
_CONSTRUCTED = "_mentor_sync_llm_constructed"


def sync_clients(ctx: FileContext) -> frozenset[str]:
    """Dotted names the file binds to a synchronous LLM client: made by its class, or returned
    by a function of the file that makes one (``client = get_openai_client(key)`` of a ``def``
    returning ``OpenAI(...)``, blind check l1). Computed once per tree."""
    cached: frozenset[str] | None = ctx.tree.__dict__.get(_CLIENTS)
    if cached is None:
        made = factories(ctx)
        assigns: list[ast.Assign | ast.AnnAssign] = walk_of(ctx.tree, ast.Assign, ast.AnnAssign)
        from_factories = {
            name
            for node in assigns
            if made.get(_called_name(node.value)) == CLIENT
            for name in map(dotted, assign_targets(node))
            if name
        }
        cached = _constructed_clients(ctx) | from_factories
        setattr(ctx.tree, _CLIENTS, cached)
    return cached


def _constructed_clients(ctx: FileContext) -> frozenset[str]:
    """Dotted names the file binds to a synchronous LLM client's class called (computed once
    per tree)."""
    cached: frozenset[str] | None = ctx.tree.__dict__.get(_CONSTRUCTED)
    if cached is None:
        names: set[str] = set()
        assigns: list[ast.Assign | ast.AnnAssign] = walk_of(ctx.tree, ast.Assign, ast.AnnAssign)
        for node in assigns:
            if _constructs_client(node.value, ctx):
                names.update(name for name in map(dotted, assign_targets(node)) if name)
        cached = frozenset(names)
        setattr(ctx.tree, _CONSTRUCTED, cached)
    return cached


def _constructs_client(value: ast.expr | None, ctx: FileContext) -> bool:
    """``OpenAI(...)``, ``anthropic.Anthropic(...)``: a sync client's class called."""
    if not isinstance(value, ast.Call) or not may_resolve_to(value.func, _CLIENT_ENDINGS):
        return False
    return qualified(value.func, ctx.imports) in SYNC_CLIENTS


def _made_by_framework(value: ast.expr, ctx: FileContext, known: set[str]) -> bool:
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.BitOr):
        return _made_by_framework(value.left, ctx, known) or _made_by_framework(
            value.right, ctx, known
        )
    if isinstance(value, ast.Name | ast.Attribute):
        return dotted(value) in known
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and _made_by_framework(func.value, ctx, known):
        return True
    made_by = qualified(func, ctx.imports)
    if isinstance(func, ast.Name) and _star_imported_chat_model(func.id, ctx):
        return True
    return made_by.startswith(FRAMEWORK_PACKAGES) and not _computes_only(made_by)


STAR_CHAT_MODELS = frozenset(
    name for name, library in LLM_LIBRARIES.items() if library == "langchain"
)
"""LangChain's chat models by class name: under ``from app.services import *`` (a module
that imports ``ChatOpenAI``), the name is all a file shows of one (blind check c2)."""


def _star_imported_chat_model(name: str, ctx: FileContext) -> bool:
    """A chat model class a star import brings in: a well-known name the file neither imports
    nor defines, in a file that imports ``*`` (a name imported by name is what its import says;
    one a star import brings is the class, whichever module of the project imports it)."""
    named = name in ctx.imports and name not in ctx.star_imports
    if name not in STAR_CHAT_MODELS or named or not star_imported(ctx.tree):
        return False
    return not any(
        isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name == name
        for node in ctx.tree.body
    )


def _computes_only(made_by: str) -> bool:
    """``langchain_core.prompts.ChatPromptTemplate.from_template``: a prompt template."""
    return any(part.endswith(COMPUTING_ONLY) for part in made_by.split("."))


def framework_objects(ctx: FileContext) -> frozenset[str]:
    """Dotted names bound to LangChain / LangGraph / LlamaIndex objects, in source order so a
    chain built from an earlier one counts, then those bound to what a function of the file
    that returns one gives."""
    return _framework_names(ctx)[0]


def factories(ctx: FileContext) -> dict[str, str]:
    """The file's module-level functions that return a sync LLM client or a framework object,
    with the kind they return."""
    return _framework_names(ctx)[1]


def _framework_names(ctx: FileContext) -> tuple[frozenset[str], dict[str, str]]:
    """``framework_objects`` and ``factories``, computed together once per tree: a factory is
    known by the objects it returns, and more objects by the factories they come from."""
    cached: tuple[frozenset[str], dict[str, str]] | None = ctx.tree.__dict__.get(_RUNNABLES)
    if cached is not None:
        return cached
    known: set[str] = set()
    assigns: list[ast.Assign | ast.AnnAssign] = []
    if any(
        module.startswith(FRAMEWORK_PACKAGES) for module in ctx.imports.values()
    ) or star_imported(ctx.tree):
        assigns = sorted(
            (
                node
                for node in walk_of(ctx.tree, ast.Assign, ast.AnnAssign)
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
            ),
            key=lambda assign: assign.lineno,
        )
        for node in assigns:
            if node.value is not None and _made_by_framework(node.value, ctx, known):
                known.update(name for name in map(dotted, assign_targets(node)) if name)
    clients = _constructed_clients(ctx)
    made = _factories(ctx, known, clients) if known or clients or _imports_llm(ctx) else {}
    for node in assigns:
        if made.get(_called_name(node.value)) == FRAMEWORK:
            known.update(name for name in map(dotted, assign_targets(node)) if name)
    cached = (frozenset(known), made)
    setattr(ctx.tree, _RUNNABLES, cached)
    return cached


def _called_name(value: ast.expr | None) -> str:
    """``name`` for a value made by calling a bare name, ``name(...)``; else ""."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id
    return ""


def _kind_of(value: ast.expr, ctx: FileContext, objects: set[str], clients: frozenset[str]) -> str:
    """``CLIENT``, ``FRAMEWORK`` or "" for what ``value`` is."""
    if isinstance(value, ast.Call) and qualified(value.func, ctx.imports) in SYNC_CLIENTS:
        return CLIENT
    if isinstance(value, ast.Name | ast.Attribute) and dotted(value) in clients:
        return CLIENT
    return FRAMEWORK if _made_by_framework(value, ctx, objects) else ""


def _factories(ctx: FileContext, objects: set[str], clients: frozenset[str]) -> dict[str, str]:
    """Module-level sync functions that return a sync client or a framework object, with the
    kind they return."""
    found: dict[str, str] = {}
    for node in ctx.tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for returned in own_nodes_of(node, ast.Return):
            if returned.value is None:
                continue
            kind = _kind_of(returned.value, ctx, objects, clients)
            if kind:
                found[node.name] = kind
                break
    return found


def _imports_llm(ctx: FileContext) -> bool:
    return any(
        module.startswith(FRAMEWORK_PACKAGES) or module in SYNC_CLIENTS
        for module in ctx.imports.values()
    )


def collect_llm_signals(ctx: FileContext) -> Iterator[Signal]:
    """The sync LLM clients and framework objects this file binds at module level, and its
    module-level functions that return one, for other modules' requests to be paired with."""
    clients, objects, made = sync_clients(ctx), framework_objects(ctx), factories(ctx)
    if not clients and not objects and not made:
        return
    for node in ctx.tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            for name in map(dotted, assign_targets(node)):
                kind = CLIENT if name in clients else FRAMEWORK if name in objects else ""
                if kind and "." not in name:
                    yield Signal(kind=LLM_OBJECT_SIGNAL, line=node.lineno, name=name, detail=kind)
    for name, kind in made.items():
        line = next(n.lineno for n in ctx.tree.body if getattr(n, "name", None) == name)
        yield Signal(kind=LLM_FACTORY_SIGNAL, line=line, name=name, detail=kind)


def sync_llm_request(call: ast.Call, ctx: FileContext) -> str | None:
    """The dotted name of ``call`` when it is a request through a synchronous LLM client."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in framework_objects(ctx):
        return f"{func.id}(...)"  # a legacy chain or LLM called: it runs the model
    if isinstance(func, ast.Name) and ctx.imports.get(func.id) in LEGACY_CALLS:
        return func.id  # ``from ollama import chat``: the module's own request
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in FRAMEWORK_BUILDS and not isinstance(ctx.parents.get(id(call)), ast.Await):
        built = qualified(func.value, ctx.imports).startswith(FRAMEWORK_PACKAGES)
        return dotted(func) if built else None
    if func.attr not in REQUEST_METHODS and func.attr not in FRAMEWORK_REQUESTS:
        return None
    if ASYNC_NAMESPACE in f".{dotted(func)}.":
        return None
    if isinstance(ctx.parents.get(id(call)), ast.Await):
        return _awaited_sync_request(func, ctx)
    made = _made_in_chain(func, ctx)
    if made:
        return made
    name = dotted(func)
    if func.attr in FRAMEWORK_REQUESTS and dotted(func.value) in framework_objects(ctx):
        return name
    if func.attr not in REQUEST_METHODS:
        return None
    if may_resolve_to(func, _LEGACY_ENDINGS) and qualified(func, ctx.imports) in LEGACY_CALLS:
        return name
    clients = sync_clients(ctx)
    if clients and any(name.startswith(f"{client}.") for client in clients):
        return name
    return None


def _awaited_sync_request(func: ast.Attribute, ctx: FileContext) -> str | None:
    """A request the code awaits through a client that is sync wherever the file binds it
    (``await self.client.chat.completions.create(...)`` of an ``OpenAI()``): it blocks the loop
    for the whole request, then awaiting what it returned raises a TypeError."""
    if func.attr not in REQUEST_METHODS:
        return None
    chain = factory_chain(func.value)
    if chain is not None:
        made = qualified(chain[0].func, ctx.imports) in SYNC_CLIENTS
        return chain_text(func, *chain) if made else None
    name = dotted(func)
    client = next((c for c in sync_clients(ctx) if name.startswith(f"{c}.")), None)
    if client is None:
        return None
    assigns: list[ast.Assign | ast.AnnAssign] = walk_of(ctx.tree, ast.Assign, ast.AnnAssign)
    for node in assigns:
        value = node.value
        bound = {dotted(target) for target in assign_targets(node)}
        if client in bound and not (
            _constructs_client(value, ctx) or factories(ctx).get(_called_name(value)) == CLIENT
        ):
            return None  # also bound to something else (an AsyncOpenAI in another class)
    return name


def factory_chain(receiver: ast.expr) -> tuple[ast.Call, str] | None:
    """For the receiver of a request on what a call returns (``client().chat.completions`` of
    ``client().chat.completions.create``): that call and the attributes after it
    (``chat.completions``; "" for ``get_llm()`` of ``get_llm().invoke``)."""
    parts: list[str] = []
    current = receiver
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Call):
        return None
    return current, ".".join(reversed(parts))


def chain_text(func: ast.Attribute, root: ast.Call, rest: str) -> str:
    """How a request on a call's result is named in a finding:
    ``client().chat.completions.create``."""
    made = f"{dotted(root.func) or 'client'}()"
    return ".".join(part for part in (made, rest, func.attr) if part)


def _made_in_chain(func: ast.Attribute, ctx: FileContext) -> str:
    """A request on what a sync client's class or a factory of this file returns, made in one
    expression: ``OpenAI().chat.completions.create(...)``, ``client().embeddings.create(...)``
    where ``client()`` returns the module's ``OpenAI`` client, ``get_llm().invoke(...)``."""
    chain = factory_chain(func.value)
    if chain is None:
        return ""
    root, rest = chain
    made_by = qualified(root.func, ctx.imports)
    if made_by in SYNC_CLIENTS:
        kind = CLIENT
    elif made_by.startswith(FRAMEWORK_PACKAGES) and not _computes_only(made_by):
        kind = FRAMEWORK  # ``SimpleDirectoryReader(input_files=[path]).load_data()``
    elif isinstance(root.func, ast.Name):
        kind = factories(ctx).get(root.func.id, "")
    else:
        return ""
    methods = REQUEST_METHODS if kind == CLIENT else FRAMEWORK_REQUESTS if kind else frozenset()
    return chain_text(func, root, rest) if func.attr in methods else ""
