"""Files only named like tests, and real tests named alike, for the rules that leave tests out
(MB101, MB105, MB201): a quiz bot's ``handlers/theory_test.py`` ("theory test" is the quiz)
holds its handlers, and had its handlers uncounted, its blocking calls and its unused imports
unreported, while the log said the project had no tests (blind check t2)."""

from __future__ import annotations

QUIZ_DATABASE = """\
import sqlite3


class Database:
    def __init__(self, path="quiz.db"):
        self.con = sqlite3.connect(path)

    def save_result(self, tg_id, score):
        self.con.execute("INSERT INTO results (tg_id, score) VALUES (?, ?)", (tg_id, score))
        self.con.commit()
"""
THEORY_TEST = """\
from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from db import Database

router = Router()
database = Database()


class Quiz(StatesGroup):
    answering = State()


@router.message(F.text == "quiz")
async def start_quiz(message: Message, state: FSMContext):
    await state.set_state(Quiz.answering)
    await message.answer("What does a function without return give back?")


@router.message(Quiz.answering)
async def answer(message: Message, state: FSMContext):
    score = 1 if message.text.strip() == "None" else 0
    database.save_result(message.from_user.id, score)
    await state.clear()
    await message.answer(f"Your score: {score}")
"""
THEORY_TEST_UNUSED = 2
"""``Command``, imported and never used."""
THEORY_TEST_HANDLER = 18
THEORY_TEST_BLOCKING = 26
"""The sqlite3 write through the module's ``Database`` in the async handler ``answer``."""
QUIZ_TEST = """\
import os
import time

from db import Database


async def test_saved_result_is_read_back(tmp_path):
    database = Database(str(tmp_path / "quiz.db"))
    time.sleep(0.01)
    database.save_result(1, 1)
"""
"""A real test at the project's root, named like one and holding one: still a test (its
unused ``os``, its sleep and its sqlite3 call are the test's business)."""
QUIZ_UNITTEST = """\
import os
import unittest

from db import Database


class QuizDatabase(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.database = Database(":memory:")
        self.database.save_result(1, 1)
"""
"""A ``test_*.py`` whose only class is a ``TestCase`` without a ``test`` method yet: it imports
unittest, so it is test code all the same."""
