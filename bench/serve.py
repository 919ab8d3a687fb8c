"""Chat serving benchmark: our API under uvicorn versus the same chat graph under `langgraph dev`.

Everything runs on loopback with bounded load and stops by itself:

1. A private embedded PostgreSQL (or ``DATABASE_URL``) gets the retrieval evaluation documents
   (``bench/retrieval_eval/docs``) ingested for one learner.
2. Our server (``api.app:create_app`` under uvicorn, as ``mentor serve`` runs it) and
   ``langgraph dev`` (the repo's ``langgraph.json``: the same chat graph, the same Postgres
   checkpointer) start as subprocesses on free ports.
3. Latency: one turn at a time, ``--latency-requests`` turns per server — time to the first SSE
   event, to the first answer token, and to the end of the stream (p50 / p95).
4. Concurrency: for each count in ``--streams`` (100, 500, 1,000), that many chat streams are
   opened at once; every turn must end with ``done`` (errors counted). The peak of streams open
   at the same moment is counted client-side; the server's resident memory is sampled during
   the burst, so memory per open stream = (peak RSS − RSS before) / peak open streams.
5. Reference: both servers stay up while ``--rounds`` alternating bursts of
   ``--reference-streams`` turns run against ours, then ``langgraph dev``; throughput (turns per
   second) is compared by the median of the rounds, so a passing change in the machine's load
   hits both sides.

Goals (issue text): first event under 50 ms p95 offline; 1,000 concurrent streams with no errors;
throughput at least 2x ``langgraph dev`` on the same graph. The client shares the machine with
both servers, so figures on a busy machine are pessimistic; the script prints the load average.

Run from the repo root with the venv active: ``python bench/serve.py [--streams 100,500,1000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import tomllib
from contextlib import ExitStack
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serve_load import (
    LEARNER,
    Burst,
    TurnResult,
    burst,
    langgraph_turn,
    latency,
    our_turn,
    percentile,
)
from bench.serve_servers import (
    ROOT,
    free_port,
    langgraph_command,
    our_command,
    raise_fd_limit,
    serving,
)
from bench.tables import markdown_table
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedded import ensure_embedded_server, release_embedded_server
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.settings import load_settings

EVAL = ROOT / "bench" / "retrieval_eval"
OFFLINE_ENV = {
    "LANGGRAPH_CLI_NO_ANALYTICS": "1",
    "LANGGRAPH_NO_VERSION_CHECK": "1",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
}
MIB = 1024 * 1024


# --- set-up -------------------------------------------------------------------------------


def questions() -> list[str]:
    data = tomllib.loads((EVAL / "questions.toml").read_text(encoding="utf-8"))
    return [str(item["q"]) for item in data["question"]]


async def prepare_corpus(database_url: str) -> int:
    """Ingest the evaluation documents for the bench learner; returns the chunk count."""
    settings = load_settings(database_url=database_url)
    db = await Database.connect(settings)
    try:
        store = KnowledgeStore.from_settings(db, settings)
        report = await store.ingest_paths(LEARNER, [EVAL / "docs"], kind="note")
        return sum(document.chunks for document in report.documents) or len(report.documents)
    finally:
        await db.dispose()


# --- report -------------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value * 1000:.1f}"


def latency_row(name: str, results: list[TurnResult]) -> list[str]:
    ok = [r for r in results if r.error is None]
    first = [r.first_event_s for r in ok if r.first_event_s is not None]
    token = [r.first_token_s for r in ok if r.first_token_s is not None]
    done = [r.done_s for r in ok if r.done_s is not None]
    cells = [name, f"{len(ok)}/{len(results)}"]
    for values in (first, token, done):
        cells += (
            [ms(percentile(values, 0.5)), ms(percentile(values, 0.95))] if values else ["-"] * 2
        )
    return cells


def burst_row(result: Burst) -> list[str]:
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(result.errors.items())) or "0"
    ttfe = [r.first_event_s for r in result.results if r.first_event_s is not None]
    return [
        result.name,
        f"{result.streams:,}",
        f"{result.ok:,}",
        errors,
        f"{result.peak_open:,}",
        f"{result.seconds:.2f}",
        f"{result.throughput:.0f}",
        ms(percentile(ttfe, 0.95)) if ttfe else "-",
        f"{result.rss_before / MIB:.0f} → {result.rss_peak / MIB:.0f}",
        f"{result.memory_per_stream / 1024:.1f}",
        f"{1000 * result.server_cpu_s / max(1, result.ok):.1f}",
        f"{1000 * result.client_cpu_s / max(1, result.ok):.1f}",
    ]


# --- main ---------------------------------------------------------------------------------


async def run(args: argparse.Namespace, database_url: str, home: Path, workdir: Path) -> None:
    chunks = await prepare_corpus(database_url)
    asked = questions()
    print(f"corpus: {chunks} chunks for learner {LEARNER!r}; {len(asked)} distinct questions\n")
    env = {**os.environ, **OFFLINE_ENV, "DATABASE_URL": database_url, "MENTOR_HOME": str(home)}
    env.pop("MENTOR_API_TOKEN", None)
    env.pop("MENTOR_API_TOKENS", None)
    env["PYTHONPATH"] = str(ROOT)

    latencies: list[list[str]] = []
    bursts: list[Burst] = []
    paired: list[tuple[Burst, Burst]] = []
    with ExitStack() as stack:
        ours = stack.enter_context(
            serving("ours", our_command(free_port()), env, workdir, "/health")
        )
        dev = None
        if not args.skip_reference:
            dev = stack.enter_context(
                serving("langgraph dev", langgraph_command(free_port()), env, workdir, "/ok")
            )
        await latency(ours, our_turn, asked[:10])  # warm-up: connections, model, templates
        latencies.append(
            latency_row(
                "ours (uvicorn)", await latency(ours, our_turn, asked[: args.latency_requests])
            )
        )
        for streams in args.streams:
            bursts.append(await burst(ours, our_turn, asked, streams))
            print(f"  ours: {streams} streams done", file=sys.stderr)
        if dev is not None:
            await latency(dev, langgraph_turn, asked[:10])
            latencies.append(
                latency_row(
                    "langgraph dev",
                    await latency(dev, langgraph_turn, asked[: args.latency_requests]),
                )
            )
            for round_index in range(args.rounds):
                pair = (
                    await burst(ours, our_turn, asked, args.reference_streams),
                    await burst(dev, langgraph_turn, asked, args.reference_streams),
                )
                paired.append(pair)
                print(f"  reference round {round_index + 1} done", file=sys.stderr)

    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs\n")  # fmt: skip
    print(f"### Latency, one turn at a time ({args.latency_requests} turns), ms\n")
    markdown_table(
        ["server", "ok", "first event p50", "p95", "first token p50", "p95", "end p50", "p95"],
        latencies,
        right_aligned=False,
    )
    print("### Concurrent streams (all started at once)\n")
    markdown_table(
        ["server", "streams", "ok", "errors", "peak open", "wall s", "turns/s",
         "first event p95 ms", "RSS MiB", "KiB per open stream", "server CPU ms/turn",
         "client CPU ms/turn"],
        [burst_row(b) for b in bursts],
        right_aligned=False,
    )  # fmt: skip
    if paired:
        print(
            f"### Throughput against the reference: {len(paired)} alternating rounds of "
            f"{args.reference_streams} streams, both servers up throughout\n"
        )
        markdown_table(
            ["round", "ours turns/s", "langgraph dev turns/s", "ratio",
             "ours server CPU ms/turn", "langgraph dev server CPU ms/turn"],
            [
                [str(index + 1), f"{mine.throughput:.1f}", f"{theirs.throughput:.1f}",
                 f"{mine.throughput / theirs.throughput:.2f}" if theirs.throughput else "-",
                 f"{1000 * mine.server_cpu_s / max(1, mine.ok):.1f}",
                 f"{1000 * theirs.server_cpu_s / max(1, theirs.ok):.1f}"]
                for index, (mine, theirs) in enumerate(paired)
            ],
            right_aligned=False,
        )  # fmt: skip
        mine_median = statistics.median(pair[0].throughput for pair in paired)
        theirs_median = statistics.median(pair[1].throughput for pair in paired)
        errors = sum(pair[0].streams - pair[0].ok + pair[1].streams - pair[1].ok for pair in paired)
        ratio = mine_median / theirs_median if theirs_median else float("nan")
        print(
            f"throughput at {args.reference_streams} streams (median of {len(paired)} rounds): "
            f"ours {mine_median:.1f} turns/s, langgraph dev {theirs_median:.1f} turns/s "
            f"→ {ratio:.2f}x (goal ≥ 2x); failed turns in these rounds: {errors}"
        )


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", default="100,500,1000", help="burst sizes, comma-separated")
    parser.add_argument("--latency-requests", type=int, default=66)
    parser.add_argument("--reference-streams", type=int, default=100)
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds of the reference comparison"
    )
    parser.add_argument("--skip-reference", action="store_true")
    args = parser.parse_args()
    args.streams = [int(part) for part in args.streams.split(",") if part.strip()]
    limit = raise_fd_limit()
    print(f"open-files limit: {limit}")
    with tempfile.TemporaryDirectory(prefix="mentor-bench-serve-") as temp:
        home = Path(temp) / "home"
        workdir = Path(temp) / "work"
        workdir.mkdir()
        os.chmod(temp, 0o755)
        database_url = os.environ.get("DATABASE_URL") or ensure_embedded_server(home)
        try:
            asyncio.run(run(args, database_url, home, workdir))
        finally:
            if not os.environ.get("DATABASE_URL"):
                release_embedded_server(home)


if __name__ == "__main__":
    main()
