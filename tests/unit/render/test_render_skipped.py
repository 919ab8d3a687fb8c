"""The overview's "Skipped" line counts the Python files that did not parse: a project whose
conftest used Python 3.12 syntax was told "nothing; every file took part in the assessment"
while no rule had read that file. Such a file is valid code, so it is counted apart and is no
open problem of the learner's."""

from __future__ import annotations

from mentorbot.domain import ReviewReport
from mentorbot.logfile_sections import Section, parse_log
from mentorbot.render import render_log
from tests.unit.render.conftest import RUBRIC, finding

NEWER_SYNTAX = finding(
    "MB001",
    "other",
    "low",
    "tests/conftest.py",
    30,
    "this f-string needs Python 3.12 or newer; the Python running the review (3.11) cannot read "
    "the file, so it was not analysed",
)
BROKEN = finding("MB001", "other", "high", "app/main.py", 7, "Syntax error: expected ':'")


def _overview(report: ReviewReport, language: str) -> str:
    text = render_log(report, rubric=RUBRIC, language=language)
    sections = {part.name: part for part in parse_log(text) if isinstance(part, Section)}
    return sections["overview"].content


def test_a_file_that_did_not_parse_is_counted_as_skipped(report_en: ReviewReport) -> None:
    unparsed = report_en.model_copy(update={"findings": (*report_en.findings, BROKEN, BROKEN)})

    english = _overview(unparsed, "en")
    chinese = _overview(unparsed, "zh")

    assert (
        "- **Skipped**: 2 binary files, 1 vendored file, 1 Python file that could not be parsed "
        "(left out of the assessment)\n" in english
    )
    assert "无法解析的 Python 文件 1 个" in chinese
    parsed = report_en.model_copy(
        update={"skipped": report_en.skipped.model_copy(update={"binary": 0, "vendored": 0})}
    )
    assert "- **Skipped**: nothing; every file took part in the assessment." in _overview(
        parsed, "en"
    )


def test_code_of_a_newer_python_is_counted_apart_and_is_no_open_problem(
    report_en: ReviewReport,
) -> None:
    newer = report_en.model_copy(
        update={
            "findings": (NEWER_SYNTAX,),
            "lessons": (),
            "skipped": report_en.skipped.model_copy(update={"binary": 0, "vendored": 0}),
        }
    )

    text = render_log(newer, rubric=RUBRIC, language="en")
    sections = {part.name: part.content for part in parse_log(text) if isinstance(part, Section)}

    assert (
        "- **Skipped**: 1 file written for a newer Python than the review runs on (left out of "
        "the assessment)\n" in sections["overview"]
    )
    assert "tests/conftest.py" not in sections["problems"]
    assert "No open problems were found this time." in sections["problems"]
    assert "Nothing is left open" in sections["reflection"]
    assert "`tests/conftest.py:30` | MB001 | low" in sections["appendix"]
    chinese = render_log(newer, rubric=RUBRIC, language="zh")
    assert "要更新版本 Python 才能读的文件 1 个" in chinese
