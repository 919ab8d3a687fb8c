"""Coroutines that libraries hand a learner, for MB109: known without the project defining them.

- Methods of the objects FastAPI passes a route: ``await file.read()`` for an ``UploadFile``
  (or each of a ``list[UploadFile]``), ``await request.json()``, ``await
  websocket.send_text(...)``; and those aiogram passes a bot's handler: ``await
  message.answer(...)`` for a ``Message``, ``await bot.send_message(...)`` for its ``Bot``.
- What discord.py hands a command or an event: ``await ctx.send(...)``, ``await
  message.channel.send(...)``; and what an HTTP middleware is handed: ``await call_next(request)``.
- asyncio's own functions: ``asyncio.sleep``, ``asyncio.wait_for``, ``asyncio.to_thread``...
- Async clients, bound to a name or attribute from their class (``client = AsyncOpenAI()``,
  ``async with httpx.AsyncClient() as client``, ``self.client = ...``, or a parameter annotated
  with it): an HTTP client's request methods (``client.get``), an LLM client's requests
  (``client.chat.completions.create``).
- The ``a``-prefixed methods LangChain and LlamaIndex give every model, chain and retriever
  (``llm.ainvoke``, ``retriever.aget_relevant_documents``, ``engine.aquery``).

Only a name whose every binding in scope is known counts: a function that rebinds ``client`` to
something else is left alone. An ``a``-method the project itself defines with a plain ``def``
is no coroutine: MB109's project check drops those.
"""

from __future__ import annotations

import ast
from functools import cached_property

from mentorbot.analysis.python_facts_bots import DISCORD_LIBRARIES
from mentorbot.rules._names import (
    FunctionNode,
    annotation_types,
    assign_targets,
    dotted,
    own_nodes_of,
    positional_params,
    qualified,
    walk_of,
)
from mentorbot.rules.base import FileContext

_UPLOAD = frozenset({"read", "write", "seek", "close"})
_REQUEST = frozenset({"json", "body", "form"})
_WEBSOCKET = frozenset(
    {"accept", "close", "receive", "receive_text", "receive_bytes", "receive_json"}
    | {"send", "send_text", "send_bytes", "send_json"}
)
_BOT_MESSAGE = frozenset(
    {"answer", "reply", "edit_text", "edit_caption", "edit_reply_markup", "delete", "forward"}
    | {"answer_photo", "answer_document", "answer_video", "answer_audio", "answer_sticker"}
    | {"reply_photo", "reply_document", "copy_to", "send_copy", "pin", "unpin"}
)
_BOT_CALLBACK = frozenset({"answer"})
_BOT = frozenset(
    {"send_message", "send_photo", "send_document", "send_video", "send_audio", "send_sticker"}
    | {"delete_message", "edit_message_text", "forward_message", "copy_message", "get_chat"}
    | {"get_chat_member", "ban_chat_member", "answer_callback_query", "set_my_commands"}
)
PARAMETER_COROUTINES: dict[str, frozenset[str]] = {
    "aiogram.types.Message": _BOT_MESSAGE,
    "aiogram.types.message.Message": _BOT_MESSAGE,
    "aiogram.types.CallbackQuery": _BOT_CALLBACK,
    "aiogram.types.callback_query.CallbackQuery": _BOT_CALLBACK,
    "aiogram.Bot": _BOT,
    "aiogram.client.bot.Bot": _BOT,
    "fastapi.UploadFile": _UPLOAD,
    "starlette.datastructures.UploadFile": _UPLOAD,
    "fastapi.Request": _REQUEST,
    "starlette.requests.Request": _REQUEST,
    "fastapi.WebSocket": _WEBSOCKET,
    "starlette.websockets.WebSocket": _WEBSOCKET,
}
"""A parameter's annotation -> the methods of that object that are coroutines."""
FUNCTION_COROUTINES = frozenset(
    {"asyncio.sleep", "asyncio.wait_for", "asyncio.to_thread", "asyncio.open_connection"}
    | {"asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "anyio.sleep"}
)
_HTTP = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send"})
_LLM = frozenset({"create", "parse", "generate"})
HTTP_CLIENTS = frozenset({"httpx.AsyncClient", "aiohttp.ClientSession"})
"""Their request methods are the client's own: ``client.get(...)``."""
LLM_CLIENTS = frozenset(
    {"openai.AsyncOpenAI", "openai.AsyncClient", "openai.AsyncAzureOpenAI"}
    | {"anthropic.AsyncAnthropic", "groq.AsyncGroq"}
)
"""Their requests sit under a resource: ``client.chat.completions.create(...)``."""
A_METHODS = frozenset(
    {"ainvoke", "abatch", "apredict", "apredict_messages", "agenerate", "acall", "arun"}
    | {"aget_relevant_documents", "asimilarity_search", "aembed_query", "aembed_documents"}
    | {"aadd_documents", "aadd_texts", "aquery", "achat", "acomplete", "aretrieve", "adelete"}
)
REDIS_CLIENTS = frozenset(
    {"redis.asyncio.Redis", "redis.asyncio.from_url", "redis.asyncio.Redis.from_url"}
    | {"redis.asyncio.client.Redis", "redis.asyncio.StrictRedis", "aioredis.from_url"}
    | {"aioredis.Redis", "aioredis.Redis.from_url"}
)
"""redis-py's asyncio client (and aioredis, which it absorbed): every command is a coroutine."""
_REDIS = frozenset(
    {"get", "set", "setex", "setnx", "getdel", "delete", "exists", "expire", "ttl", "incr"}
    | {"decr", "mget", "mset", "keys", "hget", "hset", "hgetall", "hdel", "lpush", "rpush"}
    | {"lpop", "rpop", "lrange", "llen", "sadd", "srem", "smembers", "zadd", "zrange"}
    | {"publish", "ping", "flushdb", "aclose", "close"}
)
"""Its commands (not ``pipeline()`` or ``pubsub()``, which hand back helpers synchronously)."""
_CLIENTS = HTTP_CLIENTS | LLM_CLIENTS | REDIS_CLIENTS
DISCORD_OBJECTS = frozenset({"ctx", "context", "message", "msg", "interaction", "inter"})
"""What discord.py's commands and events are handed, by the names they are always given."""
DISCORD_COROUTINES = frozenset(
    {"send", "reply", "add_reaction", "remove_reaction", "delete", "edit", "pin"}
    | {"channel.send", "author.send", "response.send_message", "followup.send"}
    | {"response.defer", "response.edit_message", "channel.purge"}
)
"""Their methods that are coroutines (``ctx.send(...)``, ``message.channel.send(...)``)."""
MIDDLEWARE_NEXT = "call_next"
"""What an HTTP middleware is handed to pass the request on: ``await call_next(request)``."""
_SEQUENCES = frozenset({"list", "List", "Sequence", "tuple", "Tuple", "Iterable"})


def _annotated_class(annotation: ast.expr | None, imports: dict[str, str]) -> str:
    """The class an annotation names first: ``X``, ``Annotated[X, ...]``, ``X | None``,
    ``Optional[X]``."""
    return next((qualified(named, imports) for named in annotation_types(annotation, imports)), "")


def _item_class(annotation: ast.expr | None, imports: dict[str, str]) -> str:
    """The class of the items of a parameter annotated ``list[X]`` (``files: list[UploadFile]``,
    looped over)."""
    if not isinstance(annotation, ast.Subscript):
        return ""
    if qualified(annotation.value, imports).rsplit(".", 1)[-1] not in _SEQUENCES:
        return ""
    return _annotated_class(annotation.slice, imports)


def _made_by(value: ast.expr | None, imports: dict[str, str]) -> str:
    """The class a bound value was made from: ``AsyncOpenAI()`` -> ``openai.AsyncOpenAI``."""
    if isinstance(value, ast.Call):
        return qualified(value.func, imports)
    return ""


def _bindings(nodes: list[ast.AST], imports: dict[str, str]) -> dict[str, set[str]]:
    """Dotted target -> the classes (or "" for anything else) it is bound from in ``nodes``."""
    found: dict[str, set[str]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            made = _made_by(node.value, imports)
            for target in assign_targets(node):
                if name := dotted(target):
                    found.setdefault(name, set()).add(made)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None and (name := dotted(item.optional_vars)):
                    found.setdefault(name, set()).add(_made_by(item.context_expr, imports))
    return found


class LibraryCoroutines:
    """Tells which calls of one file are library coroutines."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._by_function: dict[int, dict[str, set[str]]] = {}

    @cached_property
    def _module_bindings(self) -> dict[str, set[str]]:
        return _bindings(list(self.ctx.tree.body), self.ctx.imports)

    @cached_property
    def _attribute_bindings(self) -> dict[str, set[str]]:
        """``self.client = ...`` anywhere in the file, keyed ``self.client``."""
        nodes: list[ast.AST] = [*walk_of(self.ctx.tree, ast.Assign, ast.AnnAssign)]
        return {
            name: made
            for name, made in _bindings(nodes, self.ctx.imports).items()
            if name.startswith("self.")
        }

    def coroutine(self, call: ast.Call, function: FunctionNode) -> bool:
        """Whether ``call`` (made in ``function``) returns a library coroutine."""
        func = call.func
        imports = self.ctx.imports
        if not isinstance(func, ast.Attribute):
            if isinstance(func, ast.Name) and func.id == MIDDLEWARE_NEXT:
                return any(param.arg == MIDDLEWARE_NEXT for param in positional_params(function))
            return qualified(func, imports) in FUNCTION_COROUTINES
        if func.attr in A_METHODS:
            return True
        if qualified(func, imports) in FUNCTION_COROUTINES:
            return True
        chain = dotted(func)
        if not chain:
            return False
        parts = chain.split(".")
        if self._discord_handed(parts[0], function):
            return ".".join(parts[1:]) in DISCORD_COROUTINES
        for length in range(len(parts) - 1, 0, -1):
            owner = ".".join(parts[:length])
            made = self._classes(owner, function)
            if made:
                return self._method_of(made, parts[length:])
        return False

    def _discord_handed(self, name: str, function: FunctionNode) -> bool:
        """Whether ``name`` is the context, message or interaction a discord.py handler is
        handed: a parameter by one of their usual names, in a module of a discord library."""
        return (
            name in DISCORD_OBJECTS
            and self._discord_module
            and any(param.arg == name for param in positional_params(function))
        )

    @cached_property
    def _discord_module(self) -> bool:
        libraries = {target.split(".")[0] for target in self.ctx.imports.values()}
        return any(library in libraries for library in DISCORD_LIBRARIES)

    def _classes(self, owner: str, function: FunctionNode) -> str:
        """The one known class ``owner`` holds in ``function``; "" when unknown or mixed."""
        if owner.startswith("self."):
            made = self._attribute_bindings.get(owner, set())
        elif "." in owner:
            return ""
        else:
            made = self._local_classes(owner, function)
        if len(made) != 1:
            return ""
        (only,) = made
        return only if only in _CLIENTS or only in PARAMETER_COROUTINES else ""

    def _local_classes(self, name: str, function: FunctionNode) -> set[str]:
        local = self._function_bindings(function)
        return local[name] if name in local else self._module_bindings.get(name, set())

    def _function_bindings(self, function: FunctionNode) -> dict[str, set[str]]:
        """What ``function`` binds each local name to: parameters by their annotation, loop
        variables over a ``list[X]`` parameter as X, assignments and ``with`` targets by their
        value's class (computed once per function: every call of it asks)."""
        found = self._by_function.get(id(function))
        if found is not None:
            return found
        imports = self.ctx.imports
        params = {param.arg: param.annotation for param in positional_params(function)}
        found = _bindings(
            own_nodes_of(function, ast.Assign, ast.AnnAssign, ast.With, ast.AsyncWith), imports
        )
        for loop in own_nodes_of(function, ast.For):
            if isinstance(loop.iter, ast.Name) and (name := dotted(loop.target)):
                found.setdefault(name, set()).add(_item_class(params.get(loop.iter.id), imports))
        found.update(
            (name, {_annotated_class(annotation, imports)}) for name, annotation in params.items()
        )
        self._by_function[id(function)] = found
        return found

    @staticmethod
    def _method_of(made: str, rest: list[str]) -> bool:
        if made in PARAMETER_COROUTINES:
            return len(rest) == 1 and rest[0] in PARAMETER_COROUTINES[made]
        if made in HTTP_CLIENTS:
            return len(rest) == 1 and rest[0] in _HTTP
        if made in REDIS_CLIENTS:
            return len(rest) == 1 and rest[0] in _REDIS
        return len(rest) >= 2 and rest[-1] in _LLM
