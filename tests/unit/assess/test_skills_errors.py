"""Error handling's best practice for a program that answers no requests: a game, a desktop app
or a script names its errors with exception classes of its own, and is not told its errors are
"never mapped to HTTP responses" (blind checks a1, u1)."""

from __future__ import annotations

from mentorbot.domain import SkillArea
from mentorbot.rules.review import analyze_sources
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
    best = _errors({"game/main.py": GAME}).best_practice

    assert best.rubric == "error-handling.best_practice.partial"
    assert "serves no requests" in rubric_line(best.rubric).en


def test_a_game_with_an_exception_class_of_its_own_follows_the_practice() -> None:
    best = _errors({"game/main.py": GAME, "game/saves.py": OWN_ERROR}).best_practice

    assert best.rubric == "error-handling.best_practice.good"


def test_an_api_whose_errors_never_become_responses_is_still_missing_the_practice() -> None:
    best = _errors({"app/main.py": API}).best_practice

    assert best.rubric == "error-handling.best_practice.missing"
    assert "HTTP responses" in rubric_line(best.rubric).en
