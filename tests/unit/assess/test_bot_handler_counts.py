"""A bot's handler decorated and also registered by a call is one handler, not two."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from mentorbot.rules import _test_named_cases as named
from mentorbot.rules.review import analyze_sources
from tests.unit.rules import review_files

BOT = """\
from aiogram import Bot, Dispatcher, types

bot = Bot(token="x")
dp = Dispatcher(bot)


@dp.message_handler(commands=["start"])
async def start(message: types.Message) -> None:
    await message.answer("hi")


async def help_command(message: types.Message) -> None:
    await message.answer("help")


def register(dispatcher: Dispatcher) -> None:
    dispatcher.register_message_handler(start, commands=["begin"])
    dispatcher.register_message_handler(help_command, commands=["help"])
"""


def test_a_handler_registered_twice_counts_once(tmp_path: Path) -> None:
    """ "13 bot handlers" were 7 functions, six of them both decorated and registered (blind
    check history 48); "2 bot handlers" was one (corpus 77)."""
    [missing_tests] = [f for f in review_files(tmp_path, {"bot.py": BOT}) if f.rule == "MB105"]
    assert missing_tests.message.en.endswith("the project has 2 bot handlers")

    analyses = analyze_sources({"bot.py": BOT.encode()})
    achievements = {a.kind: a for a in find_achievements(analyses, [], ["bot.py"], [])}
    assert achievements["bot-handlers"].title.en.startswith("2 bot handlers")


SHADOWED = """\
from aiogram import Dispatcher, types

dp = Dispatcher()


@dp.callback_query_handler(text="join")
async def callback_handler(query: types.CallbackQuery) -> None:
    await query.answer("joined")


@dp.callback_query_handler(text="leave")
async def callback_handler(query: types.CallbackQuery) -> None:
    await query.answer("left")
"""


def test_two_decorated_handlers_of_one_name_count_twice(tmp_path: Path) -> None:
    """The second ``def callback_handler`` shadows the name, not the handler the first
    decorator registered: "7 bot handlers" were 8 (blind check corpus 82)."""
    [missing_tests] = [
        f for f in review_files(tmp_path, {"settings.py": SHADOWED}) if f.rule == "MB105"
    ]
    assert missing_tests.message.en.endswith("the project has 2 bot handlers")

    analyses = analyze_sources({"settings.py": SHADOWED.encode()})
    achievements = {a.kind: a for a in find_achievements(analyses, [], ["settings.py"], [])}
    assert achievements["bot-handlers"].title.en.startswith("2 bot handlers")


def test_handlers_on_a_bot_from_the_projects_loader_count(tmp_path: Path) -> None:
    """A handler module that takes ``bot`` from ``loader.py`` imports no bot library: "1 bot
    handler" of a bot with two, in the achievements and the missing-tests finding (blind check
    t1). A web app's own decorators stay routes of nothing."""
    from mentorbot.rules import _ruff_general_cases as cases

    files = {
        "loader.py": cases.TELEBOT_LOADER,
        "handlers/__init__.py": cases.TELEBOT_HANDLERS,
        "handlers/start.py": cases.TELEBOT_START,
        "handlers/help.py": cases.TELEBOT_START.replace("start", "help"),
        "app/events.py": (
            'from app.hub import hub\n\n\n@hub.on("message")\ndef log(m):\n    print(m)\n'
        ),
    }
    [missing_tests] = [f for f in review_files(tmp_path, files) if f.rule == "MB105"]
    assert missing_tests.message.en.endswith("the project has 2 bot handlers")

    analyses = analyze_sources({path: text.encode() for path, text in files.items()})
    achievements = {a.kind: a for a in find_achievements(analyses, [], list(files), [])}
    assert achievements["bot-handlers"].title.en.startswith("2 bot handlers")


def test_the_events_of_a_discord_client_subclass_are_credited() -> None:
    """discord.py's quickstart bot (``class MyClient(discord.Client)`` overriding ``on_ready``
    and ``on_message``) had no handler achievement, while the same bot written with
    ``@client.event`` had one (blind check t1)."""
    from mentorbot.rules import _missing_tests_cases as cases

    analyses = analyze_sources({"bot.py": cases.DISCORD_CLIENT.encode()})
    achievements = {a.kind: a for a in find_achievements(analyses, [], ["bot.py"], [])}

    assert achievements["bot-handlers"].title.en.startswith("2 bot handlers")
    assert [e.cite() for e in achievements["bot-handlers"].evidence] == ["bot.py:7", "bot.py:10"]


MENU_BOT = """\
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = [[InlineKeyboardButton("Random fact", callback_data="random")]]
    await update.message.reply_text("Menu:", reply_markup=InlineKeyboardMarkup(keyboard))


async def random_fact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(chat_id=update.effective_chat.id, text="Three hearts.")


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer()


app = ApplicationBuilder().token("x").build()
app.add_handler(CommandHandler("start", start))
app.add_handler(CommandHandler("random", random_fact))
app.add_handler(CallbackQueryHandler(on_button))
"""


def test_a_callback_query_handlers_callback_counts(tmp_path: Path) -> None:
    """``CallbackQueryHandler(on_button)`` takes its callback first: the log said "2 bot
    handlers" of a bot with 3 (blind check t1)."""
    [missing_tests] = [f for f in review_files(tmp_path, {"bot.py": MENU_BOT}) if f.rule == "MB105"]
    assert missing_tests.message.en.endswith("the project has 3 bot handlers")

    analyses = analyze_sources({"bot.py": MENU_BOT.encode()})
    achievements = {a.kind: a for a in find_achievements(analyses, [], ["bot.py"], [])}
    assert achievements["bot-handlers"].title.en.startswith("3 bot handlers")


CMD = """\
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

router = Router()


@router.message(Command("help"))
async def cmd_help(message: Message):
    await message.answer("Send 'quiz' to start the theory test")
"""


def test_handlers_of_a_module_only_named_like_a_test_are_counted(tmp_path: Path) -> None:
    """A quiz bot's ``handlers/theory_test.py`` holds no test: its two handlers are the bot's,
    so the project has three, and a real test at the root still counts as tests (blind check
    t2)."""
    files = {
        "db.py": named.QUIZ_DATABASE,
        "handlers/cmd.py": CMD,
        "handlers/theory_test.py": named.THEORY_TEST,
    }
    [missing_tests] = [f for f in review_files(tmp_path / "a", files) if f.rule == "MB105"]
    assert missing_tests.message.en.endswith("the project has 3 bot handlers")
    analyses = analyze_sources({path: text.encode() for path, text in files.items()})
    achievements = {a.kind: a for a in find_achievements(analyses, [], list(files), [])}
    assert achievements["bot-handlers"].title.en.startswith("3 bot handlers across 2 files")

    tested = {**files, "test_quiz.py": named.QUIZ_TEST}
    assert not [f for f in review_files(tmp_path / "b", tested) if f.rule == "MB105"]
    analyses = analyze_sources({path: text.encode() for path, text in tested.items()})
    achievements = {a.kind: a for a in find_achievements(analyses, [], list(tested), [])}
    assert achievements["bot-handlers"].title.en.startswith("3 bot handlers across 2 files")
