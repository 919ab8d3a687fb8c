"""Batch review benchmark: repos reviewed per minute with 1 and 2 workers, and the queue overhead.

Generated learner repos (``bench/genrepo.py``) are queued with ``enqueue_review`` and reviewed by
real ``mentor worker`` processes (``--concurrency 1`` each: one worker process per core is the
scale-out unit, see the README). Each round starts its workers, waits until they are ready and
gives each one small warm-up review, so interpreter start-up and first-use costs (imports, the
embedding model) are not counted; it uses a fresh learner (nothing is skipped) and a fresh
analysis cache (nothing is reused from the previous round). Rounds alternate 1, 2, 1, 2...
with ``--repeats`` so a change in the machine's load hits both sides.

Time comes from procrastinate's own event log (``procrastinate_events``, stamped by the database
server), so client polling adds nothing: a round lasts from the first job's ``deferred`` to the
last job's end. The queue overhead is measured on an idle single worker: one job at a time, the
time from ``deferred`` to ``started`` (the worker fetching it); those jobs re-review an unchanged
repo, so they end as "skipped" in a few milliseconds and do not queue behind each other.

Goals (issue text): 2 workers >= 1.7x one worker on a 2-core machine; queue overhead < 50 ms.

Run from the repo root with the venv active: ``python bench/batch.py [--repos 6] [--loc 3000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from procrastinate import App

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.genrepo import generate_repo

READY_TIMEOUT_S = 120
FINAL_STATUSES = ("succeeded", "failed", "cancelled", "aborted")


@dataclass(frozen=True)
class Round:
    workers: int
    repos: int
    span_s: float
    mean_review_s: float
    mean_wait_s: float
    failed: int
    load_before: float
    load_after: float

    @property
    def per_minute(self) -> float:
        return self.repos / self.span_s * 60 if self.span_s > 0 else 0.0


@dataclass(frozen=True)
class Overhead:
    jobs: int
    defer_call_ms: list[float]
    queue_ms: list[float]


def _load() -> float:
    return os.getloadavg()[0]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Workers:
    """``mentor worker`` processes against the bench database, each with its stderr in a file."""

    def __init__(self, scratch: Path, database_url: str, count: int, tag: str) -> None:
        self.home = scratch / f"home-{tag}"
        self.tmp = scratch / f"tmp-{tag}"
        for folder in (self.home, self.tmp):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MENTOR_HOME": str(self.home),
            "TMPDIR": str(self.tmp),
            # One process per review: analysis in the worker itself, not in a pool of its own.
            "MENTOR_WORKERS": "1",
        }
        self.logs = [self.home / f"worker{index}.log" for index in range(count)]
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-m", "mentorbot", "worker", "--concurrency", "1"],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=log.open("w", encoding="utf-8"),
            )
            for log in self.logs
        ]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            for process, log in zip(self.processes, self.logs, strict=True):
                if process.poll() is not None:
                    sys.stderr.write(log.read_text(encoding="utf-8"))
                    raise SystemExit(f"a worker exited with {process.returncode} on start-up")
            if all("worker ready" in log.read_text(encoding="utf-8") for log in self.logs):
                return
            time.sleep(0.1)
        raise SystemExit("workers were not ready in time")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


_SPAN_SQL = """
SELECT j.id,
       min(e.at) FILTER (WHERE e.type = 'deferred') AS deferred,
       min(e.at) FILTER (WHERE e.type = 'started') AS started,
       max(e.at) FILTER (WHERE e.type IN ('succeeded', 'failed')) AS ended,
       j.status::text AS status
  FROM procrastinate_jobs j JOIN procrastinate_events e ON e.job_id = j.id
 WHERE j.id = ANY(%(ids)s)
 GROUP BY j.id
"""


@dataclass(frozen=True)
class JobTimes:
    """When the database saw a job deferred, fetched by a worker and finished."""

    deferred: datetime
    started: datetime
    ended: datetime
    status: str

    @property
    def waited_s(self) -> float:
        return (self.started - self.deferred).total_seconds()

    @property
    def ran_s(self) -> float:
        return (self.ended - self.started).total_seconds()


async def _job_times(app: App, job_ids: list[int]) -> list[JobTimes]:
    rows = await app.connector.execute_query_all_async(_SPAN_SQL, ids=job_ids)
    return [
        JobTimes(
            deferred=row["deferred"],
            started=row["started"],
            ended=row["ended"],
            status=str(row["status"]),
        )
        for row in rows
    ]


async def warm_up(app: App, scratch: Path, workers: int, learner: str) -> None:
    """One small review per worker, so first-use costs (imports, embedding model) are not timed.

    Each worker runs one job at a time, so ``workers`` jobs queued together go one to each.
    """
    from mentorbot.batch import enqueue_review
    from mentorbot.batch_run import wait_for_jobs

    job_ids: list[int] = []
    for index in range(workers):
        path = scratch / "warm-up" / f"repo{index}"
        if not path.exists():
            generate_repo(path, 300, 5, seed=100 + index)
        job_ids.append((await enqueue_review(app, str(path), f"{learner}-warm-up"))[0])
    await wait_for_jobs(app, job_ids, poll_s=0.1)


async def measure_round(
    database_url: str, repos: list[Path], workers: int, scratch: Path, tag: str
) -> Round:
    """Queue every repo for a fresh learner and time the round from the queue's event log."""
    from mentorbot.batch import create_batch_app, enqueue_review
    from mentorbot.batch_run import wait_for_jobs

    pool = Workers(scratch, database_url, workers, tag)
    try:
        pool.wait_ready()
        learner = f"bench-{tag}-{uuid.uuid4().hex[:8]}"
        app = create_batch_app(database_url)
        async with app.open_async():
            await warm_up(app, scratch, workers, learner)
            load_before = _load()
            job_ids = [
                (await enqueue_review(app, str(repo), learner, language="en"))[0] for repo in repos
            ]
            await wait_for_jobs(app, job_ids, poll_s=0.2)
            times = await _job_times(app, job_ids)
    finally:
        pool.stop()
    first = min(job.deferred for job in times)
    last = max(job.ended for job in times)
    return Round(
        workers=workers,
        repos=len(repos),
        span_s=(last - first).total_seconds(),
        mean_review_s=statistics.fmean(job.ran_s for job in times),
        mean_wait_s=statistics.fmean(job.waited_s for job in times),
        failed=sum(1 for job in times if job.status != "succeeded"),
        load_before=load_before,
        load_after=_load(),
    )


async def measure_overhead(database_url: str, repo: Path, jobs: int, scratch: Path) -> Overhead:
    """One idle worker; jobs queued one after another, each after the previous one ended."""
    from mentorbot.batch import create_batch_app, enqueue_review
    from mentorbot.batch_run import wait_for_jobs

    pool = Workers(scratch, database_url, 1, "overhead")
    learner = f"bench-overhead-{uuid.uuid4().hex[:8]}"
    defer_ms: list[float] = []
    job_ids: list[int] = []
    try:
        pool.wait_ready()
        app = create_batch_app(database_url)
        async with app.open_async():
            first, _ = await enqueue_review(app, str(repo), learner, language="en")
            await wait_for_jobs(app, [first], poll_s=0.05)
            for _ in range(jobs):
                started = time.perf_counter()
                job_id, _ = await enqueue_review(app, str(repo), learner, language="en")
                defer_ms.append((time.perf_counter() - started) * 1000)
                job_ids.append(job_id)
                await wait_for_jobs(app, [job_id], poll_s=0.01)
            times = await _job_times(app, job_ids)
    finally:
        pool.stop()
    queue_ms = [job.waited_s * 1000 for job in times]
    return Overhead(jobs=jobs, defer_call_ms=defer_ms, queue_ms=queue_ms)


def print_rounds(rounds: list[Round]) -> None:
    print(
        f"{'workers':>7}  {'repos':>5}  {'span s':>7}  {'repos/min':>9}  {'review s':>8}  "
        f"{'waited s':>8}  {'failed':>6}  {'load 1m':>11}"
    )
    for item in rounds:
        print(
            f"{item.workers:>7}  {item.repos:>5}  {item.span_s:>7.1f}  {item.per_minute:>9.1f}  "
            f"{item.mean_review_s:>8.2f}  {item.mean_wait_s:>8.2f}  {item.failed:>6}  "
            f"{item.load_before:>5.2f}→{item.load_after:<5.2f}"
        )
    by_workers: dict[int, list[float]] = {}
    for item in rounds:
        by_workers.setdefault(item.workers, []).append(item.per_minute)
    if 1 in by_workers:
        base = statistics.fmean(by_workers[1])
        for count, rates in sorted(by_workers.items()):
            if count != 1 and base > 0:
                speedup = statistics.fmean(rates) / base
                print(f"speed-up with {count} workers: {speedup:.2f}x (goal on 2 cores: >= 1.7x)")


def print_overhead(overhead: Overhead) -> None:
    def summary(values: list[float]) -> str:
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        middle = statistics.median(ordered)
        return f"median {middle:.1f} ms, p90 {p90:.1f} ms, max {ordered[-1]:.1f} ms"

    print(
        f"queue overhead (deferred → started, {overhead.jobs} jobs): {summary(overhead.queue_ms)}"
    )
    print(f"enqueue call (client side): {summary(overhead.defer_call_ms)} (goal: overhead < 50 ms)")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repos", type=int, default=6, help="generated repos per round")
    parser.add_argument("--loc", type=int, default=3000, help="lines of Python per repo")
    parser.add_argument("--commits", type=int, default=100, help="commits per repo")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, e.g. 1,2")
    parser.add_argument("--repeats", type=int, default=1, help="rounds per worker count")
    parser.add_argument("--overhead-jobs", type=int, default=20, help="jobs timed one by one")
    parser.add_argument("--keep", action="store_true", help="keep the scratch dir (printed)")
    return parser.parse_args()


async def _run(arguments: argparse.Namespace, scratch: Path, database_url: str) -> None:
    from mentorbot.knowledge.db import Database
    from mentorbot.settings import load_settings

    database = await Database.connect(load_settings(database_url=database_url))
    await database.dispose()
    repos: list[Path] = []
    for index in range(arguments.repos):
        path = scratch / "repos" / f"repo{index}"
        generate_repo(path, arguments.loc, arguments.commits, seed=index + 1)
        repos.append(path)
    counts = [int(word) for word in arguments.workers.split(",") if word.strip()]
    rounds: list[Round] = []
    for repeat in range(arguments.repeats):
        for count in counts:
            tag = f"w{count}-r{repeat}"
            print(f"round {tag}: {len(repos)} repos, {count} worker(s)...", file=sys.stderr)
            rounds.append(await measure_round(database_url, repos, count, scratch, tag))
    print_rounds(rounds)
    print_overhead(await measure_overhead(database_url, repos[0], arguments.overhead_jobs, scratch))


def main() -> None:
    from mentorbot.knowledge.embedded import ensure_embedded_server, release_embedded_server

    arguments = _arguments()
    scratch = Path(tempfile.mkdtemp(prefix="mentor-bench-batch-"))
    server_home = scratch / "server"
    print(
        f"{_cores()} cores, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}; "
        f"{arguments.repos} repos of {arguments.loc} lines and {arguments.commits} commits",
    )
    try:
        database_url = ensure_embedded_server(server_home)
        asyncio.run(_run(arguments, scratch, database_url))
        print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        release_embedded_server(server_home)
        if arguments.keep:
            print(f"scratch dir kept: {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
