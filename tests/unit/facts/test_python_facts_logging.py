"""A module logs when it writes a record, not only when it makes a logger: a gallery whose CRUD
modules call ``logging.warning(...)`` on the root logger, and whose routes call a ``logger``
made in another module, was told "logging is used in exactly 1 module"."""

from __future__ import annotations

from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills
from tests.unit.facts.facts_helpers import signals_of

ROOT_LOGGER = """\
import logging


def delete_category(category_id: int) -> bool:
    try:
        return remove(category_id)
    except Exception as error:
        logging.warning("could not delete category %s: %s", category_id, error)
        return False
"""
SHARED_LOGGER = """\
from app.core.log import logger


def upload(name: str) -> None:
    logger.info("uploading %s", name)
"""
NOT_LOGGING = """\
import math

from app import catalog


def entropy(p: float) -> float:
    catalog.log("entropy")
    return -p * math.log(p)
"""


def _logging_lines(source: str) -> list[int]:
    return [signal.line for signal in signals_of(source) if signal.kind == "logging"]


def test_records_written_to_the_root_logger_or_an_imported_logger_count_as_logging() -> None:
    assert _logging_lines(ROOT_LOGGER) == [8]
    assert _logging_lines(SHARED_LOGGER) == [5]
    assert _logging_lines(NOT_LOGGING) == []


def test_two_modules_that_write_records_make_the_logging_practice_good() -> None:
    sources = {
        "app/crud/category.py": ROOT_LOGGER.encode(),
        "app/routes/images.py": SHARED_LOGGER.encode(),
        "app/stats.py": NOT_LOGGING.encode(),
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    quality = next(area for area in matrix.areas if area.key == "code-quality")

    assert quality.best_practice.rubric == "code-quality.best_practice.good"
    assert [evidence.cite() for evidence in quality.best_practice.evidence] == [
        "app/crud/category.py:8",
        "app/routes/images.py:5",
    ]


SPIDER = """\
import scrapy


class BooksSpider(scrapy.Spider):
    name = "books"

    def parse(self, response):
        self.logger.info("parsed %s", response.url)
"""
PIPELINE = """\
import sqlite3


class SQLitePipeline:
    def process_item(self, item, spider):
        try:
            self.connection.execute("INSERT INTO books VALUES (?)", (item["title"],))
        except sqlite3.IntegrityError as error:
            spider.logger.warning("could not save %s: %s", item["title"], error)
        return item
"""
FLASK_APP = """\
from flask import Flask, current_app

app = Flask(__name__)


@app.get("/")
def index():
    app.logger.info("index")
    current_app.logger.debug("served")
    return "ok"
"""
SELF_LOGGER_ELSEWHERE = """\
class Cart:
    def add(self, item):
        self.logger.info("added %s", item)
        self.items.append(item)
"""


def test_the_loggers_scrapy_and_flask_hand_the_code_count_as_logging() -> None:
    """A Scrapy project logging in its spider and pipeline was told "no logging" (blind check
    s1). A ``self.logger`` outside a Scrapy module is whatever the class made, unseen here."""
    assert _logging_lines(SPIDER) == [8]
    assert _logging_lines(PIPELINE) == [9]
    assert _logging_lines(FLASK_APP) == [8]
    assert _logging_lines(FLASK_APP.replace('    app.logger.info("index")\n', "")) == [8]
    assert _logging_lines(SELF_LOGGER_ELSEWHERE) == []

    sources = {"books/spiders/books.py": SPIDER.encode(), "books/pipelines.py": PIPELINE.encode()}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    quality = next(area for area in matrix.areas if area.key == "code-quality")
    assert quality.best_practice.rubric == "code-quality.best_practice.good"
