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
    assert of_kind(ptb, "bot-handler") == [(10, "start", {"library": "telegram"})]


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
