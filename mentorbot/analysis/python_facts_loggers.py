"""Call facts about logging: a logger set up or a record written (``logging_setup``,
``log_record``), and the loggers a framework hands the code, which write records as any
``logging`` logger does.

A Scrapy spider logs through ``self.logger`` and its pipelines through ``spider.logger``; a
Flask app through ``app.logger`` or ``current_app.logger``. None of them is imported or made
with ``getLogger`` in the learner's module, yet each is a standard library logger: a Scrapy
project that logged in every spider was told "no logging" (blind check s1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_names import LOGGING_CALLS
from mentorbot.analysis.python_facts_support import FileState

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


def framework_logger(receiver: str, state: FileState) -> bool:
    """Whether ``receiver`` of a ``.info(...)``-like call is such a logger: ``self.logger`` in a
    module that imports Scrapy, ``spider.logger`` (what Scrapy passes a pipeline or a
    middleware), the ``logger`` of a Flask app made in the module or of Flask's
    ``current_app``."""
    owner, _, attribute = receiver.rpartition(".")
    if attribute != "logger":
        return False
    if owner == "spider":
        return True
    if owner == "self":
        return state.imports_library("scrapy")
    if owner == "current_app":
        return state.imported_from("current_app") == "flask"
    return owner in state.flask_apps


def logging_setup(site: CallSite) -> None:
    library = LOGGING_CALLS.get(site.func_path)
    if library is None and site.func_path == "getLogger":
        library = "logging" if site.state.imported_from("getLogger") == "logging" else None
    if library is not None:
        site.state.note_logging(site.line, library)


def log_record(site: CallSite) -> None:
    """``logging.warning(...)`` on the root logger, ``logger.info(...)`` on a logger another
    module made (``from app.core.log import logger``) or on one a framework hands the code
    (Scrapy's ``self.logger``): this module logs too."""
    receiver = site.func_path.rpartition(".")[0]
    named_logger = receiver.lower().endswith("logger") or receiver.lower() == "log"
    if receiver == "logging" and site.state.imported_from("logging") in ("", "logging"):
        site.state.note_logging(site.line, "logging")
    elif named_logger and site.state.imported_from(receiver):
        site.state.note_logging(site.line, "logging")
    elif framework_logger(receiver, site.state):
        site.state.note_logging(site.line, "logging")
