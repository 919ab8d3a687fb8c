"""The overview's "Skipped" line counts the Python files that did not parse: a project whose
conftest used Python 3.12 syntax was told "nothing; every file took part in the assessment"
while no rule had read that file. A file only a newer Python reads is valid code, counted apart."""

from __future__ import annotations

from mentorbot.domain import ReviewReport
from mentorbot.logfile_sections import Section, parse_log
from mentorbot.render import render_log
from tests.unit.render.conftest import RUBRIC, finding

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
        "- **Skipped**: 2 binary files, 1 vendored folder, 1 Python file that could not be parsed "
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
    """The scan counts such files apart and gives them no finding (blind check p1)."""
    newer = report_en.model_copy(
        update={
            "findings": (),
            "lessons": (),
            "skipped": report_en.skipped.model_copy(
                update={"binary": 0, "vendored": 0, "newer_python": 1}
            ),
        }
    )

    text = render_log(newer, rubric=RUBRIC, language="en")
    sections = {part.name: part.content for part in parse_log(text) if isinstance(part, Section)}

    assert (
        "- **Skipped**: 1 file written for a newer Python than the review runs on (left out of "
        "the assessment)\n" in sections["overview"]
    )
    assert "No open problems were found this time." in sections["problems"]
    assert "Nothing is left open" in sections["reflection"]
    chinese = render_log(newer, rubric=RUBRIC, language="zh")
    assert "要更新版本 Python 才能读的文件 1 个" in chinese


def test_skipped_folders_are_called_folders_and_a_build_is_build_output(
    report_en: ReviewReport,
) -> None:
    """A committed frontend/dist of three files read "1 vendored file" (blind check m1)."""
    skipped = report_en.skipped.model_copy(update={"binary": 0, "vendored": 2, "build_output": 1})
    built = report_en.model_copy(update={"findings": (), "skipped": skipped})

    assert (
        "- **Skipped**: 2 vendored folders, 1 folder of build output (left out of the "
        "assessment)\n" in _overview(built, "en")
    )
    assert "第三方代码目录 2 个，构建产物目录 1 个" in _overview(built, "zh")
