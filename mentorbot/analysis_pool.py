"""Worker processes for file analysis, started once per process and reused by every review.

The rules are pure Python and hold the GIL, so only processes use a second core. A worker that
starts as a fresh interpreter spends ~0.2 s importing the rules, so the pool starts only when a
batch is big enough to repay it, and then stays up for the scan, the lesson miner's batches and —
in the server and the batch workers — every later review.

Workers are never forked from the review process itself: it has threads, and a fork can inherit
a lock another thread holds. Where the platform has a fork server (Linux, macOS), they are forked
from that: a clean single-threaded process that imports the analysis once. A first review of a
repo starts it (``prepare``) as soon as it knows it is one, so those imports run on another core
while the review records its start and walks the tree, and each worker then starts in
milliseconds (a cold review of the 10k-line bench repo: 0.97 -> 0.77 s). Later reviews, which the
cache mostly serves, start it only when a batch needs workers. Elsewhere workers are spawned.

Workers import the owner's main module, so only entry points whose main module is guarded by
``if __name__ == "__main__"`` (the ``mentor`` CLI, the server, batch workers) create a pool with
more than one worker; library callers get the serial default.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import TypeVar, cast

from mentorbot.cancel import NEVER, StopFlag
from mentorbot.domain import FileAnalysis
from mentorbot.rules.engine import analyze_python_file, analyze_text_file

log = logging.getLogger(__name__)

R = TypeVar("R")
AnalysisJob = tuple[str, bool, bytes]
"""(repo path, is Python, file bytes)."""

START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
_FORK_SERVER_IMPORTS = ["mentorbot.analysis_pool", "mentorbot.analysis.python_facts"]
"""What the fork server imports once for all its workers: the engine, the rules and the facts."""

START_MIN_BYTES = 256_000
"""Below ~8k lines of uncached source, starting the workers costs more than they save."""
START_MIN_JOBS = 24
USE_MIN_JOBS = 4
"""Once the workers are up, any batch of a few files is worth handing them."""


def analyse_job(job: AnalysisJob) -> FileAnalysis:
    path, is_python, data = job
    return analyze_python_file(path, data) if is_python else analyze_text_file(path, data)


class AnalysisPool:
    """Analyses batches of files, in ``workers`` processes when that pays; owned and closed by
    whoever opened the services."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._start_method = START_METHOD

    @property
    def started(self) -> bool:
        return self._executor is not None

    def prepare(self) -> None:
        """Start, in the background, the fork server the workers will be forked from. Returns at
        once; does nothing when it runs already, with one worker, or without a fork server."""
        if self.workers < 2 or self._start_method != "forkserver":
            return
        from multiprocessing import forkserver

        try:
            forkserver.set_forkserver_preload(_FORK_SERVER_IMPORTS)
            forkserver.ensure_running()
        except OSError as error:  # it talks over a unix socket in a temp dir: a sandbox may refuse
            log.warning("no fork server for the analysis workers (%s); spawning them", error)
            self._start_method = "spawn"

    def _worth_it(self, jobs: Sequence[AnalysisJob]) -> bool:
        if self.workers < 2 or len(jobs) < USE_MIN_JOBS:
            return False
        if self._executor is not None:
            return True
        return len(jobs) >= START_MIN_JOBS and sum(len(job[2]) for job in jobs) >= START_MIN_BYTES

    def analyse(self, jobs: Sequence[AnalysisJob], stop: StopFlag = NEVER) -> list[FileAnalysis]:
        """One analysis per job, in job order; identical to analysing them one by one.

        ``stop`` is checked between files (between results with workers, whose pending work is
        then cancelled), so a cancelled review stops analysing within a file or two.
        """
        if not self._worth_it(jobs):
            analyses: list[FileAnalysis] = []
            for job in jobs:
                stop.check()
                analyses.append(analyse_job(job))
            return analyses
        with self._lock:
            if self._executor is None:
                self.prepare()
                context = multiprocessing.get_context(self._start_method)
                self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            executor = self._executor
        chunk = max(1, len(jobs) // (self.workers * 8))
        # A generator in fact: closing it cancels the chunks not started yet.
        results = cast(
            Generator[FileAnalysis, None, None],
            executor.map(analyse_job, jobs, chunksize=chunk),
        )
        analyses = []
        try:
            for analysis in results:
                stop.check()
                analyses.append(analysis)
        finally:
            results.close()
        return analyses

    def analyse_beside(
        self, jobs: Sequence[AnalysisJob], beside: Callable[[], R], stop: StopFlag = NEVER
    ) -> tuple[list[FileAnalysis], R]:
        """``analyse(jobs)`` with ``beside`` run in a thread meanwhile: work that waits on its
        own process (ruff) then costs no time of its own. Both results, once both are done."""
        with ThreadPoolExecutor(1, thread_name_prefix="beside-analysis") as thread:
            running = thread.submit(beside)
            analyses = self.analyse(jobs, stop)
            return analyses, running.result()

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


SERIAL = AnalysisPool(1)
"""The default for library callers: analyse in this process."""
