"""The collector's pace during reviews: a server must get its full collections back afterwards."""

from __future__ import annotations

import gc

import pytest

from mentorbot.collector import FULL_PASS_AFTER, review_pace


def test_full_collections_return_when_the_last_of_overlapping_reviews_ends() -> None:
    before = gc.get_threshold()
    first, second = review_pace(), review_pace()
    first.__enter__()
    assert gc.get_threshold()[2] >= FULL_PASS_AFTER
    assert gc.get_threshold()[:2] == before[:2]  # young objects are collected as usual
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[2] >= FULL_PASS_AFTER  # the second review still runs
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_a_failed_review_restores_the_pace() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), review_pace():
        raise RuntimeError("the scan failed")
    assert gc.get_threshold() == before
