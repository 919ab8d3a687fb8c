"""The benchmark's results and how they are printed: Markdown tables, verdicts, a profile."""

from __future__ import annotations

import pstats
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.genrepo import GeneratedRepo

COLD_GOAL_FACTOR = 2.0
RERUN_GOAL_SHARE = 0.10
FLAT_MEMORY_SHARE = 0.10
MIB = 1024.0


@dataclass(frozen=True)
class RepoResult:
    """Everything measured on one generated repo (review results are runner JSON lines)."""

    repo: GeneratedRepo
    target_loc: int
    generate_s: float
    parse_s: float
    ruff_s: float
    cold: dict[str, Any]
    rerun: dict[str, Any]
    rerun_full: dict[str, Any]

    @property
    def goal_s(self) -> float:
        return COLD_GOAL_FACTOR * (self.parse_s + self.ruff_s)

    @property
    def label(self) -> str:
        return f"{self.repo.python_lines:,} lines / {self.repo.commits:,} commits"


def _mib(kib: float) -> str:
    return f"{kib / MIB:.0f}"


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right_aligned: bool = True
) -> None:
    """Print a Markdown table, ready to paste into a note; numbers read best right-aligned."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" if right_aligned else " --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def _main_table(results: Sequence[RepoResult]) -> None:
    header = (
        "LOC", "commits", "files", "cold s", "re-review s (incremental)",
        "re-review s (full history, warm cache)", "re-review/cold %", "full/cold %", "parse s",
        "ruff s", "goal 2×(parse+ruff) s", "cold within goal?", "peak MiB",
    )  # fmt: skip
    rows = []
    for r in results:
        cold = r.cold["wall_s"]
        rows.append(
            (
                f"{r.repo.python_lines:,}",
                f"{r.repo.commits:,}",
                str(r.repo.python_files),
                f"{cold:.2f}",
                f"{r.rerun['wall_s']:.2f}",
                f"{r.rerun_full['wall_s']:.2f}",
                _share(r.rerun["wall_s"], cold),
                _share(r.rerun_full["wall_s"], cold),
                f"{r.parse_s:.3f}",
                f"{r.ruff_s:.3f}",
                f"{r.goal_s:.2f}",
                f"{'yes' if cold <= r.goal_s else 'no'} ({cold / r.goal_s:.1f}×)",
                _mib(max(r.cold["peak_rss_kib"], r.rerun_full["peak_rss_kib"])),
            )
        )
    markdown_table(header, rows)


def _detail_table(results: Sequence[RepoResult]) -> None:
    header = (
        "repo", "generate s", "cold s in the log (nodes)", "db open s", "findings",
        "solved lessons", "commits reviewed cold/incr/full", "cache hits cold/incr/full",
        "RSS before review MiB", "peak MiB cold/incr/full",
    )  # fmt: skip
    rows = []
    for r in results:
        runs = (r.cold, r.rerun, r.rerun_full)
        rows.append(
            (
                r.label,
                f"{r.generate_s:.2f}",
                f"{r.cold['duration_s']:.2f}",
                f"{r.cold['open_services_s']:.2f}",
                str(r.cold["findings"]),
                str(r.cold["solved_lessons"]),
                "/".join(str(run["commits"]) for run in runs),
                "/".join(f"{run['cache_hits']}" for run in runs),
                _mib(r.cold["rss_before_review_kib"]),
                "/".join(_mib(run["peak_rss_kib"]) for run in runs),
            )
        )
    markdown_table(header, rows)


def _verdicts(results: Sequence[RepoResult]) -> None:
    within = [r for r in results if r.cold["wall_s"] <= r.goal_s]
    worst = max(results, key=lambda r: r.cold["wall_s"] / r.goal_s)
    print(
        f"- Cold review within 2×(parse+ruff): met on {len(within)} of {len(results)} repos; "
        f"worst {worst.label}: {worst.cold['wall_s']:.2f}s against a goal of "
        f"{worst.goal_s:.2f}s ({worst.cold['wall_s'] / worst.goal_s:.1f}×)."
    )
    for key, name in (("rerun", "incremental"), ("rerun_full", "full-history")):
        shares = [(getattr(r, key)["wall_s"] / r.cold["wall_s"], r) for r in results]
        met = sum(1 for share, _ in shares if share < RERUN_GOAL_SHARE)
        share, r = max(shares, key=lambda pair: pair[0])
        print(
            f"- Re-review ({name}) under 10% of cold: met on {met} of {len(results)} repos; "
            f"worst {r.label}: {100 * share:.1f}%."
        )
    by_loc: dict[int, list[RepoResult]] = {}
    for r in results:
        by_loc.setdefault(r.target_loc, []).append(r)
    lines = []
    for group in by_loc.values():
        if len(group) < 2:
            continue
        fewest = min(group, key=lambda r: r.repo.commits)
        most = max(group, key=lambda r: r.repo.commits)
        low, high = fewest.cold["peak_rss_kib"], most.cold["peak_rss_kib"]
        growth = (high - low) / low
        verdict = "flat" if growth <= FLAT_MEMORY_SHARE else "NOT flat"
        lines.append(
            f"{fewest.repo.python_lines:,} lines: {_mib(low)} → {_mib(high)} MiB "
            f"({fewest.repo.commits} → {most.repo.commits} commits, "
            f"{100 * growth:+.1f}%, {verdict})"
        )
    if lines:
        print("- Memory flat in the number of commits (cold peak RSS): " + "; ".join(lines) + ".")
    print()


def _node_breakdown(result: RepoResult) -> None:
    cold = result.cold
    stages = cold["scan_stages"]
    scan_parts: list[tuple[str, float]] = []
    if {"start", "walk", "analysis", "history"} <= stages.keys():
        scan_parts = [
            ("scan: open repo, previous review, record start", stages["start"]),
            ("scan: walk the tree", stages["walk"] - stages["start"]),
            ("scan: analyse files + ruff (cache misses)", stages["analysis"] - stages["walk"]),
            ("scan: rule findings + git log", stages["history"] - stages["analysis"]),
        ]
    print(f"Per-node timing of the largest cold review ({result.label}):\n")
    header = ("node", "cold s", "% of cold", "full-history re-review s", "incremental re-review s")
    rows = []
    total = cold["wall_s"]
    for node, seconds in cold["nodes"].items():
        rows.append(
            (
                node,
                f"{seconds:.2f}",
                _share(seconds, total),
                f"{result.rerun_full['nodes'].get(node, 0.0):.2f}",
                f"{result.rerun['nodes'].get(node, 0.0):.2f}",
            )
        )
        if node == "scan":
            rows.extend(
                (f"  {part}", f"{seconds:.2f}", _share(seconds, total), "", "")
                for part, seconds in scan_parts
            )
    for label, seconds_of in (
        ("before the graph: connect, check migrations", _before_graph),
        ("after the log: record the review, remember the log", _after_log),
    ):
        rows.append(
            (
                label,
                f"{seconds_of(cold):.2f}",
                _share(seconds_of(cold), total),
                f"{seconds_of(result.rerun_full):.2f}",
                f"{seconds_of(result.rerun):.2f}",
            )
        )
    markdown_table(header, rows)


def _before_graph(run: dict[str, Any]) -> float:
    return float(run["wall_s"] - run["graph_s"])


def _after_log(run: dict[str, Any]) -> float:
    return float(run["graph_s"] - run["duration_s"])


def _hotspot_table(result: RepoResult) -> None:
    runs = (result.cold, result.rerun_full, result.rerun)
    labels = list(result.cold["hotspots"])
    labels += [label for run in runs[1:] for label in run["hotspots"] if label not in labels]
    print(f"Where the time goes ({result.label}; instrumented steps, they do not nest):\n")
    header = ("step", "cold s", "calls", "full-history re-review s", "calls", "incremental s")
    rows = []
    for label in sorted(labels, key=lambda name: -result.cold["hotspots"].get(name, (0.0, 0))[0]):
        cells = [label]
        for index, run in enumerate(runs):
            seconds, calls = run["hotspots"].get(label, (0.0, 0))
            cells.append(f"{seconds:.2f}")
            if index < 2:
                cells.append(str(calls))
        rows.append(cells)
    markdown_table(header, rows)


def print_results(results: Sequence[RepoResult]) -> None:
    """The whole report on stdout, in Markdown."""
    if not results:
        print("no repos measured")
        return
    print("\n## Review benchmark\n")
    _main_table(results)
    _verdicts(results)
    _detail_table(results)
    largest = max(results, key=lambda r: (r.repo.python_lines, r.repo.commits))
    _node_breakdown(largest)
    _hotspot_table(largest)
    sys.stdout.flush()


def print_profile(out: Path, what: str) -> None:
    """Where a profiled review spent its time, our code first."""
    print(f"Profile of a {what} (cProfile, all threads; slower than unprofiled):\n")
    print("```")
    stats = pstats.Stats(str(out), stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(r"mentorbot|/nodes/|/graph/", 25)
    stats.sort_stats("tottime").print_stats(15)
    print("```")
    sys.stdout.flush()
