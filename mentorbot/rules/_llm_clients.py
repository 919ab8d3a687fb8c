"""Requests made through a synchronous LLM client, which block the event loop for the seconds
a completion takes when an async function makes them (MB101).

A client is what a file binds to ``OpenAI(...)``, ``AzureOpenAI(...)``, ``Anthropic(...)`` and
the like: a module-level or local name, or ``self.<attr>`` set in a method. Its requests end in
``create``, ``parse`` or ``stream`` (``client.chat.completions.create(...)``,
``client.messages.create(...)``); an awaited call is an async client's and is never one. The
pre-1.0 module-level API (``openai.ChatCompletion.create``) is synchronous too. So are the sync
methods of LangChain and LangGraph objects (``llm.invoke``, ``chain.invoke``, ``graph.invoke``,
``vectorstore.similarity_search``): an object counts when it is made by a class of those
packages, or derived from one (``prompt | llm``, ``builder.compile()``, ``.as_retriever()``).
"""

from __future__ import annotations

import ast

from mentorbot.rules._names import (
    assign_targets,
    dotted,
    last_parts,
    may_resolve_to,
    qualified,
    walk_of,
)
from mentorbot.rules.base import FileContext

SYNC_CLIENTS = frozenset(
    {"openai.OpenAI", "openai.AzureOpenAI", "anthropic.Anthropic", "anthropic.AnthropicBedrock"}
    | {"groq.Groq", "mistralai.Mistral", "cohere.Client", "cohere.ClientV2", "zhipuai.ZhipuAI"}
)
LEGACY_CALLS = frozenset(
    f"openai.{api}.create" for api in ("ChatCompletion", "Completion", "Embedding", "Image")
)
REQUEST_METHODS = frozenset({"create", "parse", "stream"})
FRAMEWORK_PACKAGES = ("langchain", "langgraph", "llama_index")
FRAMEWORK_REQUESTS = frozenset(
    {"invoke", "batch", "stream", "embed_query", "embed_documents", "similarity_search"}
    | {"similarity_search_with_score", "max_marginal_relevance_search", "add_documents"}
    | {"add_texts", "get_relevant_documents", "predict", "query", "chat", "complete"}
)
"""Their synchronous methods that reach a model, an embedding endpoint or a vector store; the
async twins start with ``a`` (``ainvoke``) and are awaited."""
_RUNNABLES = "_mentor_sync_llm_runnables"
_CLIENT_ENDINGS = last_parts(SYNC_CLIENTS)
_LEGACY_ENDINGS = last_parts(LEGACY_CALLS)
_CLIENTS = "_mentor_sync_llm_clients"


def sync_clients(ctx: FileContext) -> frozenset[str]:
    """Dotted names the file binds to a synchronous LLM client (computed once per tree)."""
    cached: frozenset[str] | None = ctx.tree.__dict__.get(_CLIENTS)
    if cached is None:
        names: set[str] = set()
        for node in walk_of(ctx.tree, ast.Assign, ast.AnnAssign):
            if not isinstance(node, ast.Assign | ast.AnnAssign):
                continue
            value = node.value
            if not isinstance(value, ast.Call) or not may_resolve_to(value.func, _CLIENT_ENDINGS):
                continue
            if qualified(value.func, ctx.imports) in SYNC_CLIENTS:
                names.update(name for name in map(dotted, assign_targets(node)) if name)
        cached = frozenset(names)
        setattr(ctx.tree, _CLIENTS, cached)
    return cached


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
    return qualified(func, ctx.imports).startswith(FRAMEWORK_PACKAGES)


def framework_objects(ctx: FileContext) -> frozenset[str]:
    """Dotted names bound to LangChain / LangGraph / LlamaIndex objects, in source order so a
    chain built from an earlier one counts (computed once per tree)."""
    cached: frozenset[str] | None = ctx.tree.__dict__.get(_RUNNABLES)
    if cached is None:
        known: set[str] = set()
        if any(module.startswith(FRAMEWORK_PACKAGES) for module in ctx.imports.values()):
            assigns = [
                node
                for node in walk_of(ctx.tree, ast.Assign, ast.AnnAssign)
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
            ]
            for node in sorted(assigns, key=lambda assign: assign.lineno):
                if node.value is not None and _made_by_framework(node.value, ctx, known):
                    known.update(name for name in map(dotted, assign_targets(node)) if name)
        cached = frozenset(known)
        setattr(ctx.tree, _RUNNABLES, cached)
    return cached


def sync_llm_request(call: ast.Call, ctx: FileContext) -> str | None:
    """The dotted name of ``call`` when it is a request through a synchronous LLM client."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr not in REQUEST_METHODS and func.attr not in FRAMEWORK_REQUESTS:
        return None
    if isinstance(ctx.parents.get(id(call)), ast.Await):
        return None
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
