"""A chat bot's handlers, what it serves as routes are an API's: aiogram 2
(``@dp.message_handler``, ``dp.register_message_handler(start)``) and 3
(``@router.message(...)``, ``dp.message.register(start)``), pyTelegramBotAPI
(``@bot.message_handler``), discord.py and its forks disnake and nextcord (``@bot.command()``,
``@bot.event``, a cog's ``@commands.Cog.listener()``, the ``async def on_message`` of a
``discord.Client`` subclass), and python-telegram-bot's
``CommandHandler("start", start)``, each where the module imports that library."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from mentorbot.analysis.python_facts_auth import from_library
from mentorbot.analysis.python_facts_support import (
    FileState,
    FunctionNode,
    first_arg,
    keyword,
    last_name,
    str_literal,
)
from mentorbot.domain import Signal

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite

BOT_DECORATORS = frozenset(
    {"message_handler", "callback_query_handler", "inline_handler", "channel_post_handler"}
    | {"message", "callback_query", "inline_query", "edited_message", "command", "slash_command"}
    | {"listener", "user_command", "message_command"}
)
"""Decorators that make a function a bot's handler, in a module of a bot library."""
BOT_ONLY_DECORATORS = frozenset(
    {"message_handler", "callback_query_handler", "inline_handler", "channel_post_handler"}
    | {"edited_message_handler", "pre_checkout_query_handler", "my_chat_member_handler"}
)
"""Decorators no web framework has: a module using them holds a bot's handlers, though it takes
its bot from the project's own ``loader.py`` and imports no bot library (blind check t1)."""
BOT_LIBRARIES = ("aiogram", "telebot", "discord", "disnake", "nextcord", "telegram")
TELEGRAM_CALLBACK_AT = {
    **dict.fromkeys(("CommandHandler", "MessageHandler", "TypeHandler"), 1),
    **dict.fromkeys(("StringCommandHandler", "StringRegexHandler"), 1),
    "PrefixHandler": 2,
    **dict.fromkeys(("CallbackQueryHandler", "InlineQueryHandler", "PollAnswerHandler"), 0),
    **dict.fromkeys(("ChosenInlineResultHandler", "PreCheckoutQueryHandler", "PollHandler"), 0),
    **dict.fromkeys(("ShippingQueryHandler", "ChatMemberHandler", "ChatJoinRequestHandler"), 0),
}
"""python-telegram-bot's handler classes, each given the callback it runs, by the position of
that argument: ``CommandHandler("start", start)``, ``MessageHandler(filters.TEXT, echo)``, but
``CallbackQueryHandler(on_button)`` (blind check t1: "2 bot handlers" for 3)."""
TELEGRAM_HANDLERS = tuple(TELEGRAM_CALLBACK_AT)
BARE_BOT_DECORATORS = frozenset({"event", "command", "listener"})
"""discord.py's decorators used without a call: ``@bot.event`` names the event by the function
(``on_message``, ``on_ready``)."""
DISCORD_LIBRARIES = ("discord", "disnake", "nextcord")
DISCORD_CLIENTS = frozenset(
    {"Client", "AutoShardedClient", "Bot", "AutoShardedBot"}
    | {"InteractionBot", "AutoShardedInteractionBot"}
)
"""The clients and bots of discord.py and its forks (``discord.Client``, ``commands.Bot``): a
subclass's ``async def on_message(self, message)`` is the event ``@client.event`` registers, as
discord.py's quickstart writes its bot (blind check t1)."""
DISCORD_ERROR_EVENTS = frozenset(
    {"on_error", "on_command_error", "on_app_command_error", "on_application_command_error"}
    | {"on_slash_command_error", "on_user_command_error", "on_message_command_error"}
)
"""discord.py's (and its forks') events for what a handler or a command raised: one place that
answers every error, as a web app's exception handler does."""
DISCORD_EVENT_DECORATORS = frozenset({"event", "listener", "listen"})
AIOGRAM_ERROR_OBSERVERS = frozenset({"errors", "error"})
"""aiogram 3's error observer of a dispatcher or router: ``@router.errors()``,
``dp.errors.register(on_error)``."""
BOT_ERROR_REGISTERS = {"add_error_handler": "telegram", "register_errors_handler": "aiogram"}
"""Calls that register a bot's error handler: python-telegram-bot's
``app.add_error_handler(on_error)``, aiogram 2's ``dp.register_errors_handler(on_error)``."""
AIOGRAM_OBSERVERS = frozenset(
    {"message", "callback_query", "inline_query", "edited_message", "channel_post"}
    | {"my_chat_member", "chat_member", "pre_checkout_query", "poll_answer", "chosen_inline_result"}
)
"""aiogram 3's event observers of a dispatcher or router: ``dp.message.register(start)``."""
AIOGRAM_REGISTER = "register"
AIOGRAM2_REGISTERS = frozenset(
    f"register_{kind}_handler"
    for kind in ("message", "callback_query", "inline", "edited_message", "channel_post")
)
"""aiogram 2's calls that register a handler: ``dp.register_message_handler(start)``."""


T = TypeVar("T")
REGISTERED = {"registered": "1"}
"""Marks a bot handler a call registers, which may be a decorated one registered again."""


def distinct_handlers(handlers: Sequence[T], place: Callable[[T], tuple[str, Signal]]) -> list[T]:
    """``handlers`` (in order) one per function: a handler both decorated and registered by a
    call is one; two decorated handlers of one name are two, the second ``def`` shadowing only
    the name (corpus 82). ``place`` gives an item's path and signal."""
    kept: list[T] = []
    named: set[tuple[str, str]] = set()
    for item in handlers:
        path, signal = place(item)
        if signal.data.get("registered") != "1":
            kept.append(item)
            named.add((path, signal.name))
    for item in handlers:
        path, signal = place(item)
        if signal.data.get("registered") == "1" and (path, signal.name) not in named:
            named.add((path, signal.name))
            kept.append(item)
    order = {id(item): position for position, item in enumerate(handlers)}
    return sorted(kept, key=lambda item: order[id(item)])


def bot_library(state: FileState) -> str:
    """The chat-bot library the module imports, "" when none."""
    return next((library for library in BOT_LIBRARIES if state.imports_library(library)), "")


def handler_library(
    attribute: str, function: ast.FunctionDef | ast.AsyncFunctionDef, state: FileState
) -> str:
    """The bot library whose handler ``@<bot>.<attribute>(...)`` makes ``function``: the one
    the module imports, or for a decorator only bots have, aiogram 2's (``async def``) or
    pyTelegramBotAPI's (``def``) when the bot comes from the project's own module."""
    library = bot_library(state) if attribute in BOT_DECORATORS else ""
    if library or attribute not in BOT_ONLY_DECORATORS:
        return library
    return "aiogram" if isinstance(function, ast.AsyncFunctionDef) else "telebot"


def telegram_handler(site: CallSite) -> None:
    """``CommandHandler("start", start)`` of python-telegram-bot: a bot handler, named by its
    callback."""
    if not from_library(site, "telegram"):
        return
    name = last_name(telegram_callback(site.call))
    if name:
        site.sink.emit("bot-handler", site.line, name, data={"library": "telegram", **REGISTERED})


def telegram_callback(call: ast.Call) -> ast.expr | None:
    """The callback a python-telegram-bot handler class is given, by position or as
    ``callback=``; None for any other call."""
    position = TELEGRAM_CALLBACK_AT.get(last_name(call.func))
    if position is None:
        return None
    return call.args[position] if len(call.args) > position else keyword(call, "callback")


def bot_error_decorator(decorator: ast.expr, function: FunctionNode, state: FileState) -> str:
    """The library whose error handler the decorator makes ``function``: aiogram's
    ``@dp.errors()``, ``@router.errors()`` or aiogram 2's ``@dp.errors_handler()``; discord.py's
    ``@bot.event`` (or a cog's listener) on ``on_command_error``, a command's own ``@hello.error``
    and ``@bot.tree.error``. "" for any other decorator."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if not isinstance(target, ast.Attribute):
        return ""
    if target.attr in AIOGRAM_ERROR_OBSERVERS | {"errors_handler"}:
        if state.imports_library("aiogram"):
            return "aiogram"
    discord = next((name for name in DISCORD_LIBRARIES if state.imports_library(name)), "")
    if not discord:
        return ""
    if target.attr == "error":
        return discord
    if target.attr not in DISCORD_EVENT_DECORATORS:
        return ""
    event = first_arg(decorator) if isinstance(decorator, ast.Call) else None
    named = str_literal(event) if event is not None else None
    return discord if (named or function.name) in DISCORD_ERROR_EVENTS else ""


def bot_error_handler(site: CallSite) -> None:
    """An error handler a call registers: ``app.add_error_handler(on_error)``,
    ``dp.register_errors_handler(on_error)``, or aiogram 3's ``dp.errors.register(on_error)``."""
    func = site.call.func
    if not isinstance(func, ast.Attribute):
        return
    library = BOT_ERROR_REGISTERS.get(func.attr, "")
    if func.attr == AIOGRAM_REGISTER:
        observer = func.value
        if isinstance(observer, ast.Attribute) and observer.attr in AIOGRAM_ERROR_OBSERVERS:
            library = "aiogram"
    if not library or not site.state.imports_library(library):
        return
    handler = site.call.args[0] if site.call.args else keyword(site.call, "callback")
    name = last_name(handler)
    if name:
        site.sink.emit("bot-error-handler", site.line, name, data={"library": library})


def bare_bot_decorator(decorator: ast.expr, state: FileState) -> str:
    """The library of ``@bot.event`` (or ``@client.command``) in a discord.py-like module, ""
    for any other decorator."""
    if not isinstance(decorator, ast.Attribute) or decorator.attr not in BARE_BOT_DECORATORS:
        return ""
    return next((name for name in DISCORD_LIBRARIES if state.imports_library(name)), "")


def client_library(
    bases: Sequence[str], library_of: Callable[[str], str], own: Mapping[str, str]
) -> str:
    """The discord-like library whose client or bot a class on ``bases`` (as written:
    ``discord.Client``, ``commands.Bot``) extends, "" for any other class. ``library_of`` gives
    the library a base was imported from; ``own`` the module's own client classes, by name."""
    for base in bases:
        if base in own:
            return own[base]
        library = library_of(base)
        if base.rsplit(".", 1)[-1] in DISCORD_CLIENTS and library in DISCORD_LIBRARIES:
            return library
    return ""


def is_event_method(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``async def on_ready(self)`` in a client's class: an event the client dispatches."""
    return isinstance(function, ast.AsyncFunctionDef) and function.name.startswith("on_")


def aiogram_registered(call: ast.Call) -> ast.expr | None:
    """The handler ``dp.message.register(start, CommandStart())`` (aiogram 3) or
    ``dp.register_message_handler(start)`` (aiogram 2) registers; None for any other call."""
    func = call.func
    if not isinstance(func, ast.Attribute) or not call.args:
        return None
    if func.attr == AIOGRAM_REGISTER:
        if not isinstance(func.value, ast.Attribute) or func.value.attr not in AIOGRAM_OBSERVERS:
            return None
    elif func.attr not in AIOGRAM2_REGISTERS:
        return None
    return call.args[0]


def registered_bot_handler(site: CallSite) -> None:
    """A handler aiogram registers by a call (``aiogram_registered``), named by the function it
    is given."""
    bot_error_handler(site)
    handler = aiogram_registered(site.call)
    if handler is None or not site.state.imports_library("aiogram"):
        return
    name = last_name(handler)
    if name:
        site.sink.emit("bot-handler", site.line, name, data={"library": "aiogram", **REGISTERED})
