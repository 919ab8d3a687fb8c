"""What the live progress table says about each step of a review, counted in words."""

from __future__ import annotations

from mentorbot.cli_progress import describe_progress


def test_progress_counts_one_thing_in_the_singular_and_more_in_the_plural() -> None:
    assert describe_progress({"stage": "walk", "files": 1}) == ("scan", "1 file")
    assert describe_progress({"stage": "analysing", "files": 12, "cache_hits": 3}) == (
        "scan",
        "analysing 12 files, 3 from cache",
    )
    assert describe_progress({"stage": "history", "commits": 1}) == ("scan", "1 commit")
    assert describe_progress({"stage": "lessons", "solved": 2}) == (
        "extract_lessons",
        "2 solved problems",
    )
    assert describe_progress({"stage": "unknown"}) is None
