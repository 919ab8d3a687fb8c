"""MB106's cases for broad handlers that log the failure without its traceback: the error is
in the logs as a warning or an error, so it is not hidden (ruff's BLE001 asks for
``logging.exception`` or ``exc_info=True``)."""

from __future__ import annotations

LOGGED_FALLBACKS = """\
import logging

from sqlalchemy.orm import Session

from app.models import Category

logger = logging.getLogger(__name__)


def delete_category(db: Session, category_id: int) -> bool:
    try:
        db.query(Category).filter(Category.id == category_id).delete()
        db.commit()
        return True
    except Exception as error:
        db.rollback()
        logging.warning("could not delete category %s: %s", category_id, error)
        return False


def category_names(db: Session) -> list[str]:
    try:
        return [category.name for category in db.query(Category).all()]
    except Exception as error:
        logger.error(f"listing categories failed: {error}")
        return []


class CategoryCache:
    def __init__(self) -> None:
        self.logger = logging.getLogger("cache")
        self.names: list[str] = []

    def refresh(self, db: Session) -> None:
        try:
            self.names = category_names(db)
        except Exception:
            self.logger.warning("category cache not refreshed")
"""
