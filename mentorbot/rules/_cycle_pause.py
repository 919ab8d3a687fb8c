"""The cycle collector paused while one file is analysed (``engine.analyze_python_file``)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector while one file is analysed.

    A file's tree and the lists kept on its nodes are several objects per source line, all
    freed by reference counting when the analysis ends (``forget_walk`` breaks the one cycle).
    Left on, the collector traced them again and again as they piled up: ~15% of the analysis
    time. Only the thread that paused it resumes it, so concurrent analyses end with it on.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
