"""Stopping thread work when the review that asked for it is cancelled.

Cancelling an asyncio task stops the node's coroutine at its next await, but the thread doing
the scan or mining lessons for it would run on, burning CPU for a result nobody reads (a client
that hangs up on a 100k-line review). The node hands that thread a ``StopFlag``, sets it when the
task is cancelled, and the thread gives up at its next checkpoint.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class ReviewCancelled(Exception):
    """Raised inside thread work whose review was cancelled; nobody waits for its result."""


class StopFlag:
    """Set once, from any thread; ``check`` raises ``ReviewCancelled`` after that."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    @property
    def is_set(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise ReviewCancelled("the review was cancelled")


NEVER = StopFlag()
"""The default for callers that never cancel (library use, tests): nobody sets it."""


async def in_thread(
    stop: StopFlag, func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """``asyncio.to_thread`` whose work is told to stop when the awaiting task is cancelled."""
    try:
        return await asyncio.to_thread(func, *args, **kwargs)
    except asyncio.CancelledError:
        stop.set()
        raise
