"""Cheap timers around the review's expensive steps, to say where a review's time goes.

cProfile slows a review ~10x (the rules make millions of tiny ``ast`` calls), so the runner
instead wraps a dozen known-expensive functions, in the modules that call them, with a timer.
Only the benchmark's own review process is patched; behaviour is unchanged. The steps do not
nest, so their times can be compared side by side with the node timings.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

HOTSPOTS: tuple[tuple[str, str, str], ...] = (
    ("scan: walk the tree", "mentorbot.scanning", "walk_repo"),
    ("our rules, new files + versions", "mentorbot.analysis_pool", "AnalysisPool.analyse"),
    ("scan: ruff (cache misses)", "mentorbot.scanning", "run_ruff"),
    ("scan: project-wide rule pass", "mentorbot.scanning", "review_findings"),
    ("scan: git log", "mentorbot.analysis.git", "iter_commits"),
    ("analysis cache: get", "mentorbot.cache", "AnalysisCache.get"),
    ("analysis cache: put", "mentorbot.cache", "AnalysisCache.put"),
    ("lessons: screen the diffs of commits not called fixes", "mentorbot.lessons", "quiet_fixes"),
    ("lessons: git diff-tree per chunk of fix commits", "mentorbot.lessons", "commit_diffs"),
    ("lessons: git cat-file old/new versions", "mentorbot.analysis.git", "read_blobs"),
    ("lessons: ruff on old versions (misses)", "mentorbot.lessons", "run_ruff_on_sources"),
    ("lessons: project-wide pass per version", "mentorbot.lessons", "review_findings"),
    ("lessons: git diff per file with a quoted name", "mentorbot.analysis.git", "diff_hunks"),
    ("lessons: git blame, 4 at once (summed)", "mentorbot.analysis.git_blame", "blame_line"),
    ("assess: skill matrix", "nodes.assess", "assess_skills"),
    ("plan: make_plan", "nodes.plan", "make_plan"),
    ("render: Markdown log", "nodes.render", "render_log"),
    ("after the log: record the review", "nodes.render", "record_complete"),
    ("after the log: remember the log", "nodes.render", "remember_log"),
)

_lock = threading.Lock()
_totals: dict[str, list[float]] = {}


def _record(label: str, seconds: float) -> None:
    with _lock:
        entry = _totals.setdefault(label, [0.0, 0.0])
        entry[0] += seconds
        entry[1] += 1


def _timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def awaited(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                _record(label, time.perf_counter() - started)

        return awaited

    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def drained(*args: Any, **kwargs: Any) -> Iterator[Any]:
            started = time.perf_counter()
            items = list(function(*args, **kwargs))
            _record(label, time.perf_counter() - started)
            return iter(items)

        return drained

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _record(label, time.perf_counter() - started)

    return timed


def install() -> None:
    """Wrap every hotspot; a name that no longer exists is skipped, not an error."""
    for label, module_name, attribute in HOTSPOTS:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name, None)
        if callable(original):
            setattr(owner, name, _timed(label, original))


def totals() -> dict[str, tuple[float, int]]:
    """Seconds and calls per hotspot label, in the order of ``HOTSPOTS``."""
    with _lock:
        return {
            label: (_totals[label][0], int(_totals[label][1]))
            for label, _, _ in HOTSPOTS
            if label in _totals
        }
