"""Problems of the whole project are anchored at a line that only points at them; they began
with the project's state, not with that line. "No tests" is anchored at the line that makes the
app today and began with the first commit that served routes (or a bot's handlers) with no test
beside them; "no migrations" is anchored at the first model in path order and began with the
first table."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Lesson
from mentorbot.lessons import LessonMiner
from mentorbot.lessons_open import open_lessons
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo


def _open_problem(repo: GitRepo, tmp_path: Path, rule: str) -> Lesson:
    cache = AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=None, cache=cache)
    miner = LessonMiner(Path(scan.root), scan, cache)
    [lesson] = [x for x in miner.dated(open_lessons(scan.findings)) if x.rule == rule]
    return lesson


USER_ROUTES = """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
def list_users() -> list[str]:
    return []
"""


def test_no_tests_began_with_the_first_routes_not_with_the_file_that_makes_the_app_today(
    tmp_path: Path,
) -> None:
    """The routes had no test from the first commit; "no tests" was dated by the commit that
    wrote today's main.py, the line it is anchored at (blind checks history 31, 32 and 34)."""
    repo = GitRepo(tmp_path / "users").init()
    repo.write("app/routes.py", USER_ROUTES)
    first = repo.commit("init", date="2025-11-20T10:00:00+00:00")
    repo.write("app/routes.py", USER_ROUTES.replace("return []", 'return ["ada"]'))
    repo.commit("update routes", date="2025-11-25T10:00:00+00:00")
    repo.write(
        "app/main.py",
        "from fastapi import FastAPI\n\nfrom app.routes import router\n\n"
        "app = FastAPI()\napp.include_router(router)\n",
    )
    repo.commit("update main", date="2025-12-01T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB105")
    assert (lesson.path, lesson.introduced_in) == ("app/main.py", first)


LIST_USERS_TEST = """\
from app.routes import list_users


def test_no_user_is_listed_at_first() -> None:
    assert list_users() == []
"""


def test_no_tests_began_after_the_last_test_was_deleted_when_tests_existed_before(
    tmp_path: Path,
) -> None:
    """A project that had a test and lost it lacked tests only from that deletion on."""
    repo = GitRepo(tmp_path / "users").init()
    repo.write("app/routes.py", USER_ROUTES)
    repo.write("tests/test_routes.py", LIST_USERS_TEST)
    repo.commit("init", date="2025-11-20T10:00:00+00:00")
    repo.delete("tests/test_routes.py")
    dropped = repo.commit("remove tests", date="2025-11-25T10:00:00+00:00")
    repo.write("app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
    repo.commit("update main", date="2025-12-01T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB105")
    assert lesson.introduced_in == dropped


POST_MODEL = """\
from sqlalchemy import Column, Integer, String

from app.database import Base


class Post(Base):
    __tablename__ = "posts"

    id = Column(Integer, primary_key=True)
    title = Column(String(200))
"""


def test_no_migrations_began_with_the_first_table_not_with_the_model_first_in_path_order(
    tmp_path: Path,
) -> None:
    """``models/contact.py`` comes first in path order, but ``models/posts.py`` had a table
    and no migrations three commits before it was written (blind check history 35)."""
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("app/models/posts.py", POST_MODEL)
    first = repo.commit("init", date="2025-11-20T10:00:00+00:00")
    repo.write("app/models/posts.py", POST_MODEL.replace("String(200)", "String(300)"))
    repo.commit("update", date="2025-11-22T10:00:00+00:00")
    repo.write(
        "app/models/contact.py",
        POST_MODEL.replace("Post", "Contact").replace('"posts"', '"contacts"'),
    )
    repo.commit("добавил контакты", date="2025-11-25T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB110")
    assert (lesson.path, lesson.introduced_in) == ("app/models/contact.py", first)


def test_create_all_beside_migrations_is_dated_by_its_line(tmp_path: Path) -> None:
    """With migrations there, MB110 is about the ``create_all`` call: the commit that wrote it,
    when the migrations came first."""
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("app/models/posts.py", POST_MODEL)
    repo.write("alembic.ini", "[alembic]\nscript_location = alembic\n")
    repo.write("alembic/env.py", "from app.models.posts import Post\n")
    repo.commit("init", date="2025-11-20T10:00:00+00:00")
    repo.write(
        "app/main.py",
        "from fastapi import FastAPI\n\nfrom app.database import Base, engine\n\n"
        "Base.metadata.create_all(bind=engine)\napp = FastAPI()\n",
    )
    wrote = repo.commit("create tables at start", date="2025-11-25T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB110")
    assert (lesson.path, lesson.introduced_in) == ("app/main.py", wrote)


def test_create_all_written_before_the_migrations_became_a_problem_with_them(
    tmp_path: Path,
) -> None:
    """The create_all of the first commit was the project's way to make its tables until Alembic
    came: "create_all beside migrations" began with Alembic (blind check history 22, rerun)."""
    repo = GitRepo(tmp_path / "weather").init()
    repo.write("app/models/posts.py", POST_MODEL)
    repo.write(
        "app/main.py",
        "from fastapi import FastAPI\n\nfrom app.database import Base, engine\n\n"
        "Base.metadata.create_all(bind=engine)\napp = FastAPI()\n",
    )
    repo.commit("initial commit", date="2025-11-20T10:00:00+00:00")
    repo.write("app/models/posts.py", POST_MODEL.replace("String(200)", "String(300)"))
    repo.commit("crud", date="2025-11-22T10:00:00+00:00")
    repo.write("alembic.ini", "[alembic]\nscript_location = alembic\n")
    repo.write("alembic/env.py", "from app.models.posts import Post\n")
    alembic = repo.commit("add alembic", date="2025-11-25T10:00:00+00:00")
    repo.write("README.md", "# weather\n")
    repo.commit("docs", date="2025-11-27T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB110")
    assert (lesson.path, lesson.introduced_in) == ("app/main.py", alembic)


DECLARED_BASE = """\
from sqlalchemy.orm import DeclarativeBase, declared_attr


class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower() + "s"
"""


def test_a_base_that_names_tables_is_no_table_yet(tmp_path: Path) -> None:
    """A ``Base`` whose ``declared_attr`` names its subclasses' tables defines none: "no
    migrations" began with the first model on it (blind check history 23, rerun)."""
    repo = GitRepo(tmp_path / "blog").init()
    repo.write("app/core/database.py", DECLARED_BASE)
    repo.commit("move config and db to core", date="2025-11-20T10:00:00+00:00")
    repo.write(
        "app/models/posts.py",
        "from sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.core.database import Base\n"
        "\n\nclass Post(Base):\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
    )
    models = repo.commit("модели", date="2025-11-22T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB110")
    assert lesson.introduced_in == models


DISCORD_COG = """\
import discord
from discord import app_commands
from discord.ext import commands


class {name}(commands.Cog):
    @app_commands.command(name="{command}")
    async def {command}(self, interaction: discord.Interaction):
        await interaction.response.send_message("{command}")
"""
BOTS_FIRST_HANDLERS = {
    "discord app commands": DISCORD_COG.format(name="Ping", command="ping"),
    "discord events": "import discord\n\nclient = discord.Client(intents=None)\n\n\n"
    "@client.event\nasync def on_ready():\n    print('ready')\n",
    "aiogram router": "from aiogram import F, Router\n\nrouter = Router()\n\n\n"
    '@router.message(F.text == "quiz")\nasync def quiz(message):\n    await message.answer("?")\n',
    "pyTelegramBotAPI": "import telebot\n\nbot = telebot.TeleBot('x')\n\n\n"
    "@bot.message_handler(commands=['start'])\ndef start(message):\n"
    "    bot.reply_to(message, 'hi')\n",
    "python-telegram-bot": "from telegram.ext import ApplicationBuilder, CommandHandler\n\n\n"
    "async def start(update, context):\n    await update.message.reply_text('hi')\n\n\n"
    "app = ApplicationBuilder().token('x').build()\n"
    "app.add_handler(CommandHandler('start', start))\n",
}


@pytest.mark.parametrize("first_handlers", BOTS_FIRST_HANDLERS.values(), ids=BOTS_FIRST_HANDLERS)
def test_no_tests_began_with_a_bots_first_handlers_not_with_the_file_it_is_shown_at(
    tmp_path: Path, first_handlers: str
) -> None:
    """A bot with handlers and no test from its first commit: "since" named the commit that
    added the handler file "no tests" is shown at (blind check t2)."""
    repo = GitRepo(tmp_path / "bot").init()
    repo.write("commands/ping.py", first_handlers)
    first = repo.commit("first bot", date="2025-06-01T10:00:00+00:00")
    repo.write("commands/ask.py", DISCORD_COG.format(name="Ask", command="ask"))
    repo.commit("feat: /ask", date="2025-06-20T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB105")
    assert (lesson.path, lesson.introduced_in) == ("commands/ask.py", first)


def test_no_tests_of_a_bot_began_with_the_bot_not_with_a_command_line_tool_before_it(
    tmp_path: Path,
) -> None:
    """A click command is no handler MB105 counts: the bot added later began the problem."""
    repo = GitRepo(tmp_path / "bot").init()
    repo.write(
        "cli.py",
        "import click\n\n\n@click.group()\ndef cli():\n    pass\n\n\n"
        "@cli.command()\ndef sync():\n    click.echo('synced')\n",
    )
    repo.commit("cli", date="2025-06-01T10:00:00+00:00")
    repo.write("commands/ask.py", DISCORD_COG.format(name="Ask", command="ask"))
    bot = repo.commit("feat: /ask", date="2025-06-20T10:00:00+00:00")

    lesson = _open_problem(repo, tmp_path, "MB105")
    assert (lesson.path, lesson.introduced_in) == ("commands/ask.py", bot)
