"""Loggers a framework hands the code, which write records as any ``logging`` logger does.

A Scrapy spider logs through ``self.logger`` and its pipelines through ``spider.logger``; a
Flask app through ``app.logger`` or ``current_app.logger``. None of them is imported or made
with ``getLogger`` in the learner's module, yet each is a standard library logger: a Scrapy
project that logged in every spider was told "no logging" (blind check s1).
"""

from __future__ import annotations

from mentorbot.analysis.python_facts_support import FileState


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
