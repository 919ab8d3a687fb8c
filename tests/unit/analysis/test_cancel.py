"""A cancelled review stops its thread work instead of finishing a scan nobody will read."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from mentorbot.analysis.repo import open_repo
from mentorbot.analysis_pool import AnalysisPool
from mentorbot.cache import AnalysisCache
from mentorbot.cancel import ReviewCancelled, StopFlag, in_thread
from mentorbot.scanning import scan_repository


def _write_project(root: Path, files: int) -> None:
    (root / "app").mkdir(parents=True)
    for index in range(files):
        (root / "app" / f"module_{index}.py").write_text(
            f"def handler_{index}(value):\n    return value + {index}\n", encoding="utf-8"
        )


def test_a_set_flag_stops_the_scan_before_it_analyses(tmp_path: Path) -> None:
    _write_project(tmp_path / "repo", files=5)
    stop = StopFlag()
    stop.set()
    with pytest.raises(ReviewCancelled):
        scan_repository(
            open_repo(tmp_path / "repo"), since=None, cache=AnalysisCache(None), stop=stop
        )


def test_the_pool_stops_between_files_once_the_flag_is_set() -> None:
    stop = StopFlag()
    jobs = [(f"app/m{i}.py", True, b"x = 1\n") for i in range(10)]
    pool = AnalysisPool(1)
    assert [a.path for a in pool.analyse(jobs[:3], stop)] == ["app/m0.py", "app/m1.py", "app/m2.py"]
    stop.set()
    with pytest.raises(ReviewCancelled):
        pool.analyse(jobs[3:], stop)


async def test_cancelling_the_awaiting_task_stops_the_thread() -> None:
    started = threading.Event()
    finished: list[str] = []

    def work(stop: StopFlag) -> None:
        started.set()
        try:
            while True:
                stop.check()
                threading.Event().wait(0.01)
        except ReviewCancelled:
            finished.append("stopped")

    stop = StopFlag()
    task = asyncio.create_task(in_thread(stop, work, stop))
    await asyncio.to_thread(started.wait, 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert stop.is_set
    for _ in range(500):
        if finished:
            break
        await asyncio.sleep(0.01)
    assert finished == ["stopped"]
