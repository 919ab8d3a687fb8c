"""A chat bot's handlers are what it serves, as routes are an API's: aiogram's, pyTelegramBotAPI's
and python-telegram-bot's, each where the module imports that library."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of


def test_handlers_of_telegram_bots_are_bot_handlers() -> None:
    aiogram = signals_of(
        """
        from aiogram import F, Router, types

        from loader import dp

        router = Router()


        @dp.message_handler(commands=["news"])
        async def send_news(message: types.Message) -> None:
            await message.answer("news")


        @router.callback_query(F.data == "buy")
        async def buy(callback: types.CallbackQuery) -> None:
            await callback.answer()
        """,
        "handlers/users.py",
    )
    ptb = signals_of(
        """
        from telegram.ext import ApplicationBuilder, CommandHandler


        async def start(update, context) -> None:
            await update.message.reply_text("hi")


        app = ApplicationBuilder().token(TOKEN).build()
        app.add_handler(CommandHandler("start", start))
        """,
        "bot.py",
    )

    assert of_kind(aiogram, "bot-handler") == [
        (10, "send_news", {"library": "aiogram"}),
        (15, "buy", {"library": "aiogram"}),
    ]
    assert of_kind(ptb, "bot-handler") == [
        (10, "start", {"library": "telegram", "registered": "1"})
    ]


def test_a_message_decorator_outside_a_bot_library_is_no_handler() -> None:
    signals = signals_of(
        """
        from app.events import bus


        @bus.message("user.created")
        def on_user_created(payload: dict) -> None:
            print(payload)
        """,
        "app/listeners.py",
    )

    assert of_kind(signals, "bot-handler") == []


def test_commands_and_listeners_of_a_disnake_cog_are_bot_handlers() -> None:
    """A disnake bot with sixty commands was told "nothing stands out" about its missing tests:
    only discord.py's own import counted (blind check corpus 58)."""
    cog = signals_of(
        """
        import disnake
        from disnake.ext import commands


        class Levels(commands.Cog):
            @commands.command(name="lvl")
            async def lvl(self, ctx, member: disnake.Member = None):
                await ctx.send("level 1")

            @commands.slash_command()
            async def top(self, inter):
                await inter.response.send_message("top")

            @commands.Cog.listener()
            async def on_message(self, message):
                pass
        """,
        "cogs/levels.py",
    )

    assert of_kind(cog, "bot-handler") == [
        (8, "lvl", {"library": "disnake"}),
        (12, "top", {"library": "disnake"}),
        (16, "on_message", {"library": "disnake"}),
    ]


def test_discord_events_and_aiogram_registrations_are_bot_handlers() -> None:
    """``@bot.event`` without a call, and handlers registered with ``dp.message.register`` or
    aiogram 2's ``register_message_handler``: the achievements counted 8 of 15 handlers in one
    bot and 2 of 6 in another (blind check corpus 65). A ``register`` of something else is
    none."""
    discord_bot = signals_of(
        """
        import discord

        bot = discord.Client(intents=discord.Intents.default())


        @bot.event
        async def on_ready():
            print("ready")
        """,
        "bot.py",
    )
    aiogram_bot = signals_of(
        """
        from aiogram import Dispatcher, F

        from handlers import echo, start, stats

        dp = Dispatcher()
        dp.message.register(start, F.text == "/start")
        dp.callback_query.register(stats)
        dp.register_message_handler(echo)
        admin.site.register(Report)
        """,
        "main.py",
    )

    assert of_kind(discord_bot, "bot-handler") == [(8, "on_ready", {"library": "discord"})]
    assert of_kind(aiogram_bot, "bot-handler") == [
        (7, "start", {"library": "aiogram", "registered": "1"}),
        (8, "stats", {"library": "aiogram", "registered": "1"}),
        (9, "echo", {"library": "aiogram", "registered": "1"}),
    ]


def test_the_events_of_a_discord_client_subclass_are_bot_handlers() -> None:
    """discord.py's quickstart overrides ``on_message`` in a ``discord.Client`` subclass: that bot
    had no handlers, no missing-tests finding and no handler achievement, while the same bot
    written with ``@client.event`` had (blind check t1). ``commands.Bot``, nextcord's client
    and a subclass of the module's own client count too; a helper method does not."""
    quickstart = signals_of(
        """
        import discord


        class MyClient(discord.Client):
            async def on_ready(self):
                print(f"Logged on as {self.user}!")

            async def on_message(self, message):
                await message.channel.send("Hello World!")

            async def setup_hook(self):
                pass

            def on_private(self):
                pass
        """,
        "bot.py",
    )
    forks = signals_of(
        """
        from discord.ext import commands
        from nextcord import Client


        class MusicBot(commands.Bot):
            async def on_member_join(self, member):
                await member.send("welcome")


        class AdminBot(MusicBot):
            async def on_guild_join(self, guild):
                pass


        class Watcher(Client):
            async def on_ready(self):
                pass
        """,
        "bots.py",
    )

    assert of_kind(quickstart, "bot-handler") == [
        (6, "on_ready", {"library": "discord"}),
        (9, "on_message", {"library": "discord"}),
    ]
    assert of_kind(forks, "bot-handler") == [
        (7, "on_member_join", {"library": "discord"}),
        (12, "on_guild_join", {"library": "discord"}),
        (17, "on_ready", {"library": "nextcord"}),
    ]


def test_on_methods_of_other_classes_are_no_bot_handlers() -> None:
    """A game's ``on_message`` and a discord module's own class on another base are no
    handlers of a bot."""
    game = signals_of(
        """
        import arcade


        class Game(arcade.Window):
            async def on_message(self, message):
                pass
        """,
        "game.py",
    )
    helper = signals_of(
        """
        import discord

        from app.bus import Client


        class Relay(Client):
            async def on_message(self, message):
                pass


        class Embeds(discord.Embed):
            async def on_update(self):
                pass
        """,
        "relay.py",
    )

    assert of_kind(game, "bot-handler") == []
    assert of_kind(helper, "bot-handler") == []


def test_each_python_telegram_bot_handler_class_names_its_callback() -> None:
    """``CallbackQueryHandler(on_button)`` takes its callback first, ``PrefixHandler`` third:
    reading the second argument of each counted "2 bot handlers" of a bot with 3 (blind check
    t1). A conversation's entry points, states and fallbacks are handlers too."""
    signals = signals_of(
        """
        from telegram.ext import (
            CallbackQueryHandler,
            CommandHandler,
            ConversationHandler,
            MessageHandler,
            PrefixHandler,
            filters,
        )

        app.add_handler(CallbackQueryHandler(on_button))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
        app.add_handler(PrefixHandler("!", "hi", greet))
        app.add_handler(CallbackQueryHandler(callback=on_vote, pattern="^vote"))
        app.add_handler(
            ConversationHandler(
                entry_points=[CommandHandler("order", order)],
                states={0: [CallbackQueryHandler(pick_size, pattern="^size")]},
                fallbacks=[CommandHandler("cancel", cancel)],
            )
        )
        """,
        "bot.py",
    )

    named = [(line, name) for line, name, _ in of_kind(signals, "bot-handler")]
    assert named == [
        (11, "on_button"),
        (12, "echo"),
        (13, "greet"),
        (14, "on_vote"),
        (17, "order"),
        (18, "pick_size"),
        (19, "cancel"),
    ]


def test_a_handler_class_of_the_projects_own_names_no_bot_handler() -> None:
    signals = signals_of(
        """
        from app.events import CallbackQueryHandler

        handlers = [CallbackQueryHandler(on_click)]
        """,
        "app/ui.py",
    )

    assert of_kind(signals, "bot-handler") == []
