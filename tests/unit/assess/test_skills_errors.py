"""Error handling's best practice for a program that answers no requests: a game, a desktop app
or a script names its errors with exception classes of its own, and is not told its errors are
"never mapped to HTTP responses" (blind checks a1, u1)."""

from __future__ import annotations

from mentorbot.domain import SkillArea, SkillMatrix
from mentorbot.render_growth import growth
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills, rubric_line

GAME = b"""\
import json

import pygame

HIGH_SCORES = "scores.json"


def load_scores() -> list[int]:
    try:
        with open(HIGH_SCORES, encoding="utf-8") as scores:
            return json.load(scores)
    except (OSError, json.JSONDecodeError):
        return []


def main() -> None:
    pygame.init()
    screen = pygame.display.set_mode((800, 600))
    print(load_scores(), screen)
"""
OWN_ERROR = b"""\
class SaveError(Exception):
    \"\"\"The game could not be saved.\"\"\"


def save(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as out:
            out.write(data)
    except OSError as error:
        raise SaveError(path) from error
"""
API = b"""\
from fastapi import FastAPI

app = FastAPI()


@app.get("/scores")
def scores() -> list[int]:
    try:
        return [1, 2]
    except ValueError:
        return []
"""


def _errors(sources: dict[str, bytes]) -> SkillArea:
    analyses = analyze_sources(sources)
    matrix = assess_skills(analyses, [], [], sorted(sources), [])
    return next(area for area in matrix.areas if area.key == "error-handling")


def test_a_game_that_catches_its_errors_is_partial_and_not_told_of_http() -> None:
    """Its criterion is the one of a program that serves no requests alone: the log had printed
    the web app's "explicit status codes" beside it (blind check x1)."""
    best = _errors({"game/main.py": GAME}).best_practice
    line = rubric_line(best.rubric)

    assert (best.rubric, best.level) == ("error-handling.best_practice.local-partial", "partial")
    assert "answers no HTTP request" in line.en and "status code" not in line.en
    assert "不响应 HTTP 请求" in line.zh and "HTTPException" not in line.zh


def test_a_game_with_an_exception_class_of_its_own_follows_the_practice() -> None:
    best = _errors({"game/main.py": GAME, "game/saves.py": OWN_ERROR}).best_practice
    line = rubric_line(best.rubric)

    assert (best.rubric, best.level) == ("error-handling.best_practice.local-good", "good")
    assert "exception classes of its own" in line.en and "exception handler" not in line.en


def test_an_api_that_answers_with_status_codes_is_told_of_an_exception_handler() -> None:
    """The web app's partial criterion speaks of status codes, not of a program without
    requests."""
    raising = API.replace(b"return []", b"raise HTTPException(status_code=404)").replace(
        b"import FastAPI", b"import FastAPI, HTTPException"
    )
    best = _errors({"app/main.py": raising}).best_practice

    assert best.rubric == "error-handling.best_practice.partial"
    assert "no central exception handler" in rubric_line(best.rubric).en
    assert "answers no HTTP request" not in rubric_line(best.rubric).en


def test_an_api_whose_errors_never_become_responses_is_still_missing_the_practice() -> None:
    best = _errors({"app/main.py": API}).best_practice

    assert best.rubric == "error-handling.best_practice.missing"
    assert "HTTP responses" in rubric_line(best.rubric).en


PTB_BOT = b"""\
import logging

from telegram.ext import ApplicationBuilder, CommandHandler

logger = logging.getLogger(__name__)


async def start(update, context) -> None:
    try:
        amount = int(context.args[0])
    except ValueError:
        await update.message.reply_text("Send a number")
        return
    await update.message.reply_text("Hi! " * amount)


async def on_error(update, context) -> None:
    logger.error("update %s caused an error", update, exc_info=context.error)


app = ApplicationBuilder().token("x").build()
app.add_handler(CommandHandler("start", start))
app.add_error_handler(on_error)
"""
DISCORD_BOT = b"""\
import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.command()
async def roll(ctx, sides: str) -> None:
    try:
        await ctx.send(str(int(sides)))
    except ValueError:
        await ctx.send("a number, please")


@bot.event
async def on_command_error(ctx, error) -> None:
    await ctx.send(f"Something went wrong: {error}")
"""


def _without_error_handler(source: bytes, handler: bytes) -> bytes:
    kept = source.replace(handler, b"")
    assert kept != source
    return kept


def test_a_bot_with_an_error_handler_follows_the_practice() -> None:
    """A python-telegram-bot bot that registers ``app.add_error_handler(on_error)`` was told its
    errors were "never mapped to HTTP responses" (blind check t1); discord.py's
    ``on_command_error`` is the same practice."""
    cases = (("bot.py", PTB_BOT, 23, "on_error"), ("cogs.py", DISCORD_BOT, 16, "on_command_error"))
    for path, source, line, handler in cases:
        errors = _errors({path: source})

        assert errors.best_practice.rubric == "error-handling.best_practice.good"
        assert [(e.cite(), e.note) for e in errors.best_practice.evidence] == [
            (f"{path}:{line}", f"bot-error-handler {handler}")
        ]
        assert "chat bot's error handler" in rubric_line(errors.best_practice.rubric).en
        assert "聊天机器人" in rubric_line(errors.best_practice.rubric).zh


def test_a_bot_without_an_error_handler_is_told_of_one_not_of_http() -> None:
    bot = _without_error_handler(PTB_BOT, b"app.add_error_handler(on_error)\n")
    best = _errors({"bot.py": bot}).best_practice
    line = rubric_line(best.rubric)

    assert best.rubric == "error-handling.best_practice.bot-missing"
    assert best.level == "missing"
    assert [e.cite() for e in best.evidence] == ["bot.py:9"]
    assert "add_error_handler" in line.en and "HTTP" not in line.en
    assert "错误处理器" in line.zh and "HTTP" not in line.zh


def test_an_api_beside_a_bot_is_still_told_of_http_responses() -> None:
    """Where a web app serves requests too, its errors still want mapping to responses."""
    bot = _without_error_handler(PTB_BOT, b"app.add_error_handler(on_error)\n")
    best = _errors({"bot.py": bot, "app/main.py": API}).best_practice

    assert best.rubric == "error-handling.best_practice.missing"
    assert "HTTP responses" in rubric_line(best.rubric).en


DJANGO_VIEW = b"""\
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Room


def room(request, name):
    found = get_object_or_404(Room, name=name)
    if not found.open:
        raise Http404("closed")
    return render(request, "room.html", {"room": found})
"""


def test_django_s_answers_are_cited_in_django_s_words() -> None:
    """``get_object_or_404`` was cited as "HTTPException (404)", FastAPI's words in a Django
    project (blind check w1)."""
    errors = _errors({"chat/views.py": DJANGO_VIEW})

    notes = [(e.cite(), e.note) for e in errors.understanding.evidence]
    assert notes == [
        ("chat/views.py:8", "get_object_or_404 (404)"),
        ("chat/views.py:10", "Http404"),
    ]


LIBRARY = b"""\
BOOKS: dict[int, str] = {}


def titles() -> list[str]:
    return sorted(BOOKS.values())
"""
BORROW = b"""

def borrow(book_id: str, user: str) -> None:
    try:
        BOOKS.pop(int(book_id))
    except Exception:
        pass
"""


def _matrix(sources: dict[str, bytes]) -> SkillMatrix:
    analyses = analyze_sources(sources)
    findings = review_sources(sources, with_ruff=False)
    return assess_skills(analyses, findings, [], sorted(sources), [])


def test_a_try_that_swallows_its_error_is_no_progress_in_error_handling() -> None:
    """``except Exception: pass``, the only handler a learner added, was reported as a new
    MB106 problem while the matrix scored it ❌→⚠️ in three cells and cited it as the concept
    shown (blind check c1): the area's only code is that problem, and it stays unscored."""
    before = _matrix({"library.py": LIBRARY})
    after = _matrix({"library.py": LIBRARY + BORROW})
    errors = next(area for area in after.areas if area.key == "error-handling")

    assert [e.cite() for e in errors.code_quality.evidence] == ["library.py:11"]
    assert errors.code_quality.rubric == "error-handling.code_quality.only-problems"
    assert [errors.understanding.level, errors.practice.level, errors.code_quality.level] == [
        "missing"
    ] * 3
    assert errors.understanding.evidence == ()
    assert errors.score == 0
    assert (errors.overall.zh, errors.overall.en) == ("入门", "beginning")
    assert [
        (row.trend, row.changes) for row in growth(after, before) if row.area.key == errors.key
    ] == [("same", ())]


def test_a_named_error_let_go_is_still_error_handling() -> None:
    """``except ValueError: pass`` lets an expected error go on purpose: MB106 is silent and the
    try is handling."""
    named = _errors(
        {"library.py": LIBRARY + BORROW.replace(b"except Exception", b"except ValueError")}
    )

    assert named.understanding.rubric == "error-handling.understanding.partial"
    assert [e.cite() for e in named.understanding.evidence] == ["library.py:9"]
