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
