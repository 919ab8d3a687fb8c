"""Runs one review in a fresh process and prints its timings and memory as one JSON line.

``bench/review.py`` starts one of these per review, so each review's peak RSS is its own
(``ru_maxrss`` of this process) and nothing warmed up by an earlier review leaks into the next.
The graph is driven exactly as ``mentor review`` drives it; the progress events the scan emits
are timestamped to split the scan node into walk / analysis / history.

Usage: ``python bench/runner.py '{"repo_path": ..., "learner": ..., "step": 1}' [PROFILE_OUT]``, or
``python bench/runner.py --migrate`` to only migrate the database the environment names.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import resource
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import hotspots


def current_rss_kib() -> int:
    """Resident set size now, from /proc (0 where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


async def run_review(inputs: dict[str, Any]) -> dict[str, Any]:
    """One review, measured: services open, graph run, state read back."""
    from graph.builder import ONE_SHOT, build_review_graph
    from graph.context import ReviewContext
    from mentorbot.collector import review_pace
    from mentorbot.knowledge.checkpoint import open_checkpointer
    from mentorbot.services import open_services

    opening = time.perf_counter()
    async with open_services() as services, open_checkpointer(services.db) as saver:
        opened_s = time.perf_counter() - opening
        rss_before_kib = current_rss_kib()
        graph = build_review_graph(services, saver)
        config: Any = {"configurable": {"thread_id": f"bench-{uuid.uuid4()}"}}
        stages: dict[str, float] = {}
        values: dict[str, Any] = {}
        started = time.perf_counter()
        with review_pace():
            async for mode, chunk in graph.astream(
                inputs,
                config,
                context=ReviewContext(),
                stream_mode=["custom", "values"],
                durability=ONE_SHOT,
            ):
                if mode == "values" and isinstance(chunk, dict):
                    values = chunk
                elif isinstance(chunk, dict) and chunk.get("event") == "progress":
                    stages[str(chunk.get("stage"))] = time.perf_counter() - started
        finished = time.perf_counter()
        report = values["report"]
        return {
            "duration_s": report.metrics.duration_s,
            "wall_s": finished - opening,
            "graph_s": finished - started,
            "open_services_s": opened_s,
            "nodes": {timing.node: timing.seconds for timing in report.metrics.nodes},
            "scan_stages": stages,
            "files": report.metrics.files,
            "loc": report.metrics.loc,
            "commits": report.metrics.commits,
            "findings": report.metrics.findings,
            "solved_lessons": sum(1 for lesson in report.lessons if lesson.status == "solved"),
            "cache_hits": services.cache.hits,
            "cache_misses": services.cache.misses,
            "rss_before_review_kib": rss_before_kib,
        }


def profiled(inputs: dict[str, Any], out: Path) -> dict[str, Any]:
    """The review under cProfile in every thread (the nodes' work runs in worker threads)."""
    profiles: list[cProfile.Profile] = []
    main_profile = cProfile.Profile()
    profiles.append(main_profile)

    def start_thread_profile(*_: object) -> None:
        sys.setprofile(None)
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()

    threading.setprofile(start_thread_profile)
    main_profile.enable()
    try:
        return asyncio.run(run_review(inputs))
    finally:
        main_profile.disable()
        threading.setprofile(None)  # type: ignore[arg-type]
        import pstats

        stats = pstats.Stats(main_profile)
        for profile in profiles[1:]:
            profile.create_stats()
            stats.add(profile)
        stats.dump_stats(str(out))


async def migrate() -> None:
    """Bring the database and the checkpointer's tables to the newest schema."""
    from mentorbot.knowledge.checkpoint import open_checkpointer
    from mentorbot.services import open_services

    async with open_services() as services, open_checkpointer(services.db):
        pass


def main() -> None:
    if sys.argv[1] == "--migrate":
        asyncio.run(migrate())
        return
    inputs = json.loads(sys.argv[1])
    profile_out = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    hotspots.install()
    result = profiled(inputs, profile_out) if profile_out else asyncio.run(run_review(inputs))
    result["hotspots"] = hotspots.totals()
    result["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
