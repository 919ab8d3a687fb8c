"""The ``--format json`` document: the report with every bilingual text in the review's language."""

from __future__ import annotations

from typing import Any

from mentorbot.domain import Language, ReviewReport


def _localise(value: Any, language: Language) -> Any:
    if isinstance(value, dict):
        if set(value) == {"zh", "en"}:
            return value[language]
        return {key: _localise(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_localise(item, language) for item in value]
    return value


def report_json(
    report: ReviewReport, language: Language, *, log_path: str | None
) -> dict[str, Any]:
    """Findings carry rule, category, severity, path, line, message, source (DESIGN.md).

    After a first review they also carry ``status``: new, open (with ``since_step``) or fixed
    (with ``fixed_by``); fixed ones are the previous review's findings that are gone.
    """
    document: dict[str, Any] = _localise(report.model_dump(mode="json"), language)
    document["findings"] = [*document["findings"], *document.pop("fixed_findings")]
    document["log_path"] = log_path
    document["metrics"]["duration_s"] = report.metrics.duration_s
    return document
