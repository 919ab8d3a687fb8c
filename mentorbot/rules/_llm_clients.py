"""Requests made through a synchronous LLM client, which block the event loop for the seconds
a completion takes when an async function makes them (MB101).

A client is what a file binds to ``OpenAI(...)``, ``AzureOpenAI(...)``, ``Anthropic(...)`` and
the like: a module-level or local name, or ``self.<attr>`` set in a method. Its requests end in
``create``, ``parse`` or ``stream`` (``client.chat.completions.create(...)``,
``client.messages.create(...)``); an awaited call is an async client's and is never one. The
pre-1.0 module-level API (``openai.ChatCompletion.create``) is synchronous too.
"""

from __future__ import annotations

import ast

from mentorbot.rules._names import dotted, last_parts, may_resolve_to, qualified, walk_of
from mentorbot.rules.base import FileContext

SYNC_CLIENTS = frozenset(
    {"openai.OpenAI", "openai.AzureOpenAI", "anthropic.Anthropic", "anthropic.AnthropicBedrock"}
    | {"groq.Groq", "mistralai.Mistral", "cohere.Client", "cohere.ClientV2", "zhipuai.ZhipuAI"}
)
LEGACY_CALLS = frozenset(
    f"openai.{api}.create" for api in ("ChatCompletion", "Completion", "Embedding", "Image")
)
REQUEST_METHODS = frozenset({"create", "parse", "stream"})
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
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(name for name in map(dotted, targets) if name)
        cached = frozenset(names)
        setattr(ctx.tree, _CLIENTS, cached)
    return cached


def sync_llm_request(call: ast.Call, ctx: FileContext) -> str | None:
    """The dotted name of ``call`` when it is a request through a synchronous LLM client."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in REQUEST_METHODS:
        return None
    if isinstance(ctx.parents.get(id(call)), ast.Await):
        return None
    name = dotted(func)
    if may_resolve_to(func, _LEGACY_ENDINGS) and qualified(func, ctx.imports) in LEGACY_CALLS:
        return name
    clients = sync_clients(ctx)
    if clients and any(name.startswith(f"{client}.") for client in clients):
        return name
    return None
