"""A chat bot's own scheduler runs jobs in the bot's process, as APScheduler does in an app's:
python-telegram-bot's ``JobQueue`` and discord.py's ``tasks.loop``. A reminder bot with two of
them read "Background jobs: not seen in this repo yet" (blind check t2)."""

from __future__ import annotations

import textwrap

from mentorbot.domain import SkillArea
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills
from tests.unit.facts.facts_helpers import of_kind, signals_of

PTB_REMINDERS = """\
import datetime

from telegram import Update
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes


async def send_reminder(context: ContextTypes.DEFAULT_TYPE):
    await context.bot.send_message(chat_id=1, text="Please water the plants today!")


async def check_soil(context: ContextTypes.DEFAULT_TYPE):
    await context.bot.send_message(chat_id=1, text="Touch the soil before watering.")


async def remind_me(update: Update, context: ContextTypes.DEFAULT_TYPE):
    context.job_queue.run_once(callback=send_reminder, when=60)


def main() -> None:
    app = ApplicationBuilder().token("x").build()
    app.add_handler(CommandHandler("remind", remind_me))
    app.job_queue.run_daily(send_reminder, datetime.time(hour=8))
    jq = app.job_queue
    jq.run_repeating(check_soil, interval=6 * 3600, first=60)
    app.run_polling()
"""
DISCORD_STATUS = """\
import discord
from discord.ext import commands, tasks
from discord.ext.tasks import loop

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@tasks.loop(minutes=30)
async def post_status():
    await bot.get_channel(1).send(f"I am online in {len(bot.guilds)} servers")


class Reminders(commands.Cog):
    @loop(hours=24)
    async def daily(self):
        await bot.get_channel(1).send("Daily reminder")
"""


def test_a_telegram_bots_job_queue_schedules_background_jobs() -> None:
    assert of_kind(signals_of(PTB_REMINDERS), "background-task") == [
        (16, "send_reminder", {"via": "JobQueue"}),
        (22, "send_reminder", {"via": "JobQueue"}),
        (24, "check_soil", {"via": "JobQueue"}),
    ]


def test_run_methods_of_other_objects_are_no_job_queue() -> None:
    """A ``run_once`` on a receiver not named for a job queue, or ``jq`` where telegram is not
    imported, is someone else's method."""
    source = """\
    from app.runner import Runner

    runner = Runner()
    runner.run_once(print, 5)
    jq = runner
    jq.run_daily(print, 5)
    """
    assert of_kind(signals_of(source), "background-task") == []


def test_a_discord_bots_task_loops_are_background_jobs() -> None:
    assert of_kind(signals_of(DISCORD_STATUS), "background-task") == [
        (9, "post_status", {"via": "tasks.loop"}),
        (15, "daily", {"via": "tasks.loop"}),
    ]


def test_a_loop_decorator_of_the_projects_own_is_no_discord_task() -> None:
    source = """\
    from app import tasks
    from app.retry import loop


    @tasks.loop(minutes=30)
    async def post_status():
        pass


    @loop(3)
    async def again():
        pass
    """
    assert of_kind(signals_of(textwrap.dedent(source)), "background-task") == []


def _background_jobs(path: str, source: str) -> SkillArea:
    sources = {path: source.encode()}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    return next(area for area in matrix.areas if area.key == "background-jobs")


def test_the_skill_matrix_sees_a_bots_scheduled_jobs_as_in_process_background_work() -> None:
    for path, source in (("main.py", PTB_REMINDERS), ("bot.py", DISCORD_STATUS)):
        area = _background_jobs(path, source)
        assert area.best_practice.rubric == "background-jobs.best_practice.partial"
    assert _background_jobs("main.py", PTB_REMINDERS).understanding.rubric == (
        "background-jobs.understanding.good"
    )
    # A bot with no handler at all: its status loop has nothing to be apart from (blind check c2).
    assert _background_jobs("bot.py", DISCORD_STATUS).understanding.rubric == (
        "background-jobs.understanding.local-partial"
    )
