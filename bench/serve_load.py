"""The load client of the chat serving benchmark: timed chat turns, one at a time or in bursts.

One turn posts a chat message and reads its event stream, timing the first event, the first
answer token and the end, against our ``/chat`` or against ``/runs/stream`` of ``langgraph dev``.
Latency runs such turns one after another; a burst starts many at once, counting the streams open
at the same moment and sampling the server's memory and CPU meanwhile. Kept apart from
``bench/serve.py`` so that the script reads as the run and its report.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import httpx
import orjson

from bench.serve_servers import Server

LEARNER = "bench-chat"
BURST_TIMEOUT_S = 300
SAMPLE_S = 0.02


# --- one turn -----------------------------------------------------------------------------


@dataclass
class Gauge:
    """Streams open right now (headers received, end not yet), and the most at once."""

    open: int = 0
    peak: int = 0

    def opened(self) -> None:
        self.open += 1
        self.peak = max(self.peak, self.open)

    def closed(self) -> None:
        self.open -= 1


@dataclass
class TurnResult:
    first_event_s: float | None = None
    first_token_s: float | None = None
    done_s: float | None = None
    error: str | None = None


async def stream_turn(
    client: httpx.AsyncClient,
    gauge: Gauge,
    path: str,
    body: Mapping[str, object],
    is_token: Callable[[str, bytes], bool],
    is_done: Callable[[str], bool],
) -> TurnResult:
    """POST ``body`` and read the event stream, timing its first event, first token and end."""
    result = TurnResult()
    started = time.perf_counter()
    event = "message"
    finished = False
    try:
        async with client.stream("POST", path, json=body) as response:
            if response.status_code != 200:
                result.error = f"HTTP {response.status_code}"
                return result
            gauge.opened()
            try:
                async for line in response.aiter_lines():
                    if line.startswith("event:"):
                        event = line[6:].strip()
                        if result.first_event_s is None:
                            result.first_event_s = time.perf_counter() - started
                        if event == "error":
                            result.error = "error event"
                    elif line.startswith("data:"):
                        data = line[5:].strip().encode()
                        if result.first_token_s is None and is_token(event, data):
                            result.first_token_s = time.perf_counter() - started
                        finished = finished or is_done(event)
            finally:
                gauge.closed()
    except httpx.HTTPError as error:
        result.error = type(error).__name__
        return result
    if not finished and result.error is None:
        result.error = "stream ended without its final event"
    result.done_s = time.perf_counter() - started
    return result


def our_turn(question: str) -> Callable[[httpx.AsyncClient, Gauge], Awaitable[TurnResult]]:
    body = {"learner": LEARNER, "message": question}

    def token(event: str, _: bytes) -> bool:
        return event == "token"

    return lambda client, gauge: stream_turn(
        client, gauge, "/chat", body, token, lambda event: event == "done"
    )


def langgraph_turn(question: str) -> Callable[[httpx.AsyncClient, Gauge], Awaitable[TurnResult]]:
    body = {
        "assistant_id": "chat",
        "input": {"learner": LEARNER, "message": question},
        "stream_mode": ["messages-tuple"],
        "on_completion": "delete",
    }

    def token(event: str, data: bytes) -> bool:
        if event != "messages":
            return False
        chunk, metadata = orjson.loads(data)
        return bool(metadata.get("langgraph_node") == "respond" and chunk.get("content"))

    # A run stream has no explicit end event: it ends after the last chunk, without ``error``.
    return lambda client, gauge: stream_turn(
        client, gauge, "/runs/stream", body, token, lambda event: event == "messages"
    )


# --- measurements -------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Burst:
    name: str
    streams: int
    seconds: float
    results: list[TurnResult]
    peak_open: int
    rss_before: int
    rss_peak: int
    server_cpu_s: float
    client_cpu_s: float
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> int:
        return sum(1 for result in self.results if result.error is None)

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def memory_per_stream(self) -> float:
        return max(0, self.rss_peak - self.rss_before) / max(1, self.peak_open)


def client_for(server: Server, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(
        base_url=server.url, limits=limits, timeout=httpx.Timeout(BURST_TIMEOUT_S)
    )


async def latency(
    server: Server, make: Callable[[str], Callable[..., Awaitable[TurnResult]]], asked: list[str]
) -> list[TurnResult]:
    """One turn at a time: the latency a single user sees."""
    results = []
    async with client_for(server, 4) as client:
        for question in asked:
            results.append(await make(question)(client, Gauge()))
    return results


async def burst(
    server: Server,
    make: Callable[[str], Callable[..., Awaitable[TurnResult]]],
    asked: list[str],
    streams: int,
) -> Burst:
    """``streams`` turns started at the same moment, each on its own connection."""
    gauge = Gauge()
    rss_before = server.rss()
    rss_peak = rss_before
    stop = asyncio.Event()

    async def sample() -> None:
        nonlocal rss_peak
        while not stop.is_set():
            rss_peak = max(rss_peak, server.rss())
            await asyncio.sleep(SAMPLE_S)

    sampler = asyncio.create_task(sample())
    cpu_before, client_before = server.cpu(), time.process_time()
    async with client_for(server, streams + 8) as client:
        turns = [make(asked[i % len(asked)]) for i in range(streams)]
        started = time.perf_counter()
        results = await asyncio.wait_for(
            asyncio.gather(*(turn(client, gauge) for turn in turns)), BURST_TIMEOUT_S
        )
        seconds = time.perf_counter() - started
    server_cpu, client_cpu = server.cpu() - cpu_before, time.process_time() - client_before
    stop.set()
    await sampler
    errors: dict[str, int] = {}
    for result in results:
        if result.error is not None:
            errors[result.error] = errors.get(result.error, 0) + 1
    return Burst(
        server.name,
        streams,
        seconds,
        results,
        gauge.peak,
        rss_before,
        rss_peak,
        server_cpu,
        client_cpu,
        errors,
    )
