"""A chat bot's error handler answers its errors in one place, as a web app's exception handler
does: python-telegram-bot's ``add_error_handler``, aiogram's ``dp.errors``, discord.py's
``on_error`` and ``on_command_error`` (blind check t1)."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of


def test_telegram_bots_register_their_error_handlers() -> None:
    ptb = signals_of(
        """
        from telegram.ext import ApplicationBuilder


        async def on_error(update, context) -> None:
            print(context.error)


        app = ApplicationBuilder().token(TOKEN).build()
        app.add_error_handler(on_error)
        """,
        "bot.py",
    )
    aiogram = signals_of(
        """
        from aiogram import Dispatcher, Router
        from aiogram.types import ErrorEvent

        dp = Dispatcher()
        router = Router()


        @router.errors()
        async def on_router_error(event: ErrorEvent) -> None:
            print(event.exception)


        @dp.errors_handler()
        async def on_old_error(update, exception) -> bool:
            return True


        async def on_error(event: ErrorEvent) -> None:
            print(event.exception)


        dp.errors.register(on_error)
        dp.register_errors_handler(on_old_error)
        """,
        "main.py",
    )

    assert of_kind(ptb, "bot-error-handler") == [(10, "on_error", {"library": "telegram"})]
    assert of_kind(aiogram, "bot-error-handler") == [
        (10, "on_router_error", {"library": "aiogram"}),
        (15, "on_old_error", {"library": "aiogram"}),
        (23, "on_error", {"library": "aiogram"}),
        (24, "on_old_error", {"library": "aiogram"}),
    ]


def test_discord_bots_answer_errors_in_their_error_events() -> None:
    decorated = signals_of(
        """
        import discord
        from discord.ext import commands

        bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


        @bot.event
        async def on_command_error(ctx, error):
            await ctx.send(str(error))


        @bot.command()
        async def hello(ctx):
            await ctx.send("hi")


        @hello.error
        async def hello_error(ctx, error):
            await ctx.send("hello failed")


        @bot.listen("on_error")
        async def log_error(event, *args):
            print(event)
        """,
        "bot.py",
    )
    subclassed = signals_of(
        """
        import discord


        class MyClient(discord.Client):
            async def on_message(self, message):
                pass

            async def on_error(self, event, *args, **kwargs):
                print(event)
        """,
        "client.py",
    )

    assert of_kind(decorated, "bot-error-handler") == [
        (9, "on_command_error", {"library": "discord"}),
        (19, "hello_error", {"library": "discord"}),
        (24, "log_error", {"library": "discord"}),
    ]
    assert of_kind(subclassed, "bot-error-handler") == [(9, "on_error", {"library": "discord"})]


def test_error_decorators_and_calls_outside_a_bot_library_are_no_bot_error_handlers() -> None:
    """A web app's ``@app.errorhandler`` is its exception handler, a form's ``errors`` and a
    logger's ``error`` no bot's; a discord bot's other events are its handlers only."""
    web = signals_of(
        """
        from flask import Flask

        app = Flask(__name__)
        form.errors.register(on_invalid)
        app.add_error_handler(on_invalid)


        @app.errorhandler(404)
        def not_found(error):
            return "missing", 404


        @validator.error
        def on_invalid(value):
            return value
        """,
        "app.py",
    )
    discord_bot = signals_of(
        """
        import discord

        client = discord.Client(intents=discord.Intents.default())


        @client.event
        async def on_message(message):
            pass
        """,
        "bot.py",
    )

    assert of_kind(web, "bot-error-handler") == []
    assert of_kind(discord_bot, "bot-error-handler") == []
