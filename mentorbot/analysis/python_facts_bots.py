"""A chat bot's handlers, what it serves as routes are an API's: aiogram 2
(``@dp.message_handler``) and 3 (``@router.message(...)``), pyTelegramBotAPI
(``@bot.message_handler``), discord.py and its forks disnake and nextcord (``@bot.command()``,
a cog's ``@commands.Cog.listener()``), and python-telegram-bot's
``CommandHandler("start", start)``, each where the module imports that library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_auth import from_library
from mentorbot.analysis.python_facts_support import FileState, keyword, last_name

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite

BOT_DECORATORS = frozenset(
    {"message_handler", "callback_query_handler", "inline_handler", "channel_post_handler"}
    | {"message", "callback_query", "inline_query", "edited_message", "command", "slash_command"}
    | {"listener", "user_command", "message_command"}
)
"""Decorators that make a function a bot's handler, in a module of a bot library."""
BOT_LIBRARIES = ("aiogram", "telebot", "discord", "disnake", "nextcord", "telegram")
TELEGRAM_HANDLERS = ("CommandHandler", "MessageHandler", "CallbackQueryHandler")
"""python-telegram-bot's handler classes, each given the callback it runs."""


def bot_library(state: FileState) -> str:
    """The chat-bot library the module imports, "" when none."""
    return next((library for library in BOT_LIBRARIES if state.imports_library(library)), "")


def telegram_handler(site: CallSite) -> None:
    """``CommandHandler("start", start)`` of python-telegram-bot: a bot handler, named by its
    callback."""
    if not from_library(site, "telegram"):
        return
    callback = site.call.args[1] if len(site.call.args) > 1 else keyword(site.call, "callback")
    name = last_name(callback)
    if name:
        site.sink.emit("bot-handler", site.line, name, data={"library": "telegram"})
