"""A lesson's "History" line names where the place it shows was introduced: of a problem fixed
in nine places, one had come in with a later commit, and "introduced in" the first commit was
said of all nine."""

from __future__ import annotations

from mentorbot.domain import ReviewReport
from mentorbot.logfile_sections import Section, parse_log
from mentorbot.render import render_log
from tests.unit.render.conftest import RUBRIC


def _problems(report: ReviewReport, language: str) -> str:
    text = render_log(report, rubric=RUBRIC, language=language)
    sections = {part.name: part for part in parse_log(text) if isinstance(part, Section)}
    return sections["problems"].content


def test_a_lesson_of_several_places_dates_the_place_it_shows(report_en: ReviewReport) -> None:
    introduced = "deadbeef" * 5
    ruled = next(lesson for lesson in report_en.lessons if lesson.rule)
    one = ruled.model_copy(update={"introduced_in": introduced, "occurrences": 1})
    nine = ruled.model_copy(update={"introduced_in": introduced, "occurrences": 9})

    def history(lesson_copy: object, language: str) -> str:
        report = report_en.model_copy(update={"lessons": (lesson_copy,)})
        problems = _problems(report, language)
        return next(line for line in problems.splitlines() if "deadbeef" in line)

    assert history(one, "en").startswith("- **History**: introduced in `deadbeef`")
    assert history(nine, "en").startswith(
        "- **History**: the place shown was introduced in `deadbeef`"
    )
    assert history(one, "zh").startswith("- **来龙去脉**：在 `deadbeef`")
    assert history(nine, "zh").startswith("- **来龙去脉**：上面展示的这一处在 `deadbeef`")
