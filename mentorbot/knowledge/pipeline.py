"""The ingestion pipeline: segment (jieba), embed, hand over for COPY — slice by slice, overlapped.

Measured on a 2-core machine: jieba needs 0.4-1.2 ms a chunk (1.2 ms for the benchmark's
443-character chunks of mixed Chinese and English), the bundled model about 0.3 ms, and the
server's COPY (generated tsvector, GIN) about 0.2 ms, so segmenting is the long stage. jieba is
pure Python and holds the GIL, so a large load segments in a separate worker process while this
one embeds the previous slice and the server copies the one before: the stages overlap instead of
adding up. A small load (one log, a few notes) segments in a thread: starting a process would
cost more than it saves.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from mentorbot.knowledge.chunking import segment_many
from mentorbot.knowledge.embedders import Matrix
from mentorbot.knowledge.ingest import PreparedDocument

SLICE_CHUNKS = 2000
# Loads of at least this many chunks segment in a worker process (it costs ~1 s to start).
PROCESS_MIN_CHUNKS = 5_000

Embed = Callable[[Sequence[str]], Awaitable[Matrix]]

_pool: ProcessPoolExecutor | None = None


def _segmenter() -> ProcessPoolExecutor:
    """One jieba worker process per interpreter, started (spawned) on the first large load."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _discard_segmenter() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
    _pool = None


def _slices(documents: Sequence[PreparedDocument]) -> list[list[PreparedDocument]]:
    slices: list[list[PreparedDocument]] = [[]]
    size = 0
    for document in documents:
        if size >= SLICE_CHUNKS:
            slices.append([])
            size = 0
        slices[-1].append(document)
        size += len(document.chunks)
    return slices


def _texts(part: Sequence[PreparedDocument]) -> list[str]:
    return [chunk.indexed_text() for document in part for chunk in document.chunks]


def _with_words(part: Sequence[PreparedDocument], words: list[str]) -> list[PreparedDocument]:
    out, offset = [], 0
    for document in part:
        count = len(document.chunks)
        out.append(replace(document, search_texts=tuple(words[offset : offset + count])))
        offset += count
    return out


def _queue_in_process(slices: list[list[PreparedDocument]]) -> list[Future[list[str]]] | None:
    """Every slice queued on the worker at once, so it never waits for us; None if unavailable."""
    try:
        pool = _segmenter()
        return [pool.submit(segment_many, _texts(part)) for part in slices]
    except (BrokenProcessPool, OSError, RuntimeError):
        _discard_segmenter()
        return None


async def _words(
    index: int,
    slices: list[list[PreparedDocument]],
    queued: list[Future[list[str]]] | None,
    pending: asyncio.Future[list[str]] | None,
) -> list[str]:
    if queued is not None:
        try:
            return await asyncio.wrap_future(queued[index])
        except BrokenProcessPool:  # e.g. a script without a __main__ guard: do it here instead
            _discard_segmenter()
    if pending is not None:
        return await pending
    return await asyncio.to_thread(segment_many, _texts(slices[index]))


async def prepared_slices(
    documents: Sequence[PreparedDocument], embed: Embed
) -> AsyncIterator[tuple[list[PreparedDocument], list[Matrix]]]:
    """Yield (segmented documents, their vectors) one slice at a time, the next one in flight."""
    if not documents:
        return
    slices = _slices(documents)
    total = sum(len(document.chunks) for document in documents)
    queued = _queue_in_process(slices) if total >= PROCESS_MIN_CHUNKS else None
    pending: asyncio.Future[list[str]] | None = None
    if queued is None:
        pending = asyncio.ensure_future(asyncio.to_thread(segment_many, _texts(slices[0])))
    for index, part in enumerate(slices):
        words = await _words(index, slices, queued, pending)
        if queued is None and index + 1 < len(slices):
            pending = asyncio.ensure_future(
                asyncio.to_thread(segment_many, _texts(slices[index + 1]))
            )
        else:
            pending = None
        ready = _with_words(part, words)
        matrix = await embed([text for document in ready for text in document.embedding_inputs()])
        vectors: list[Matrix] = []
        offset = 0
        for document in ready:
            vectors.append(matrix[offset : offset + len(document.chunks)])
            offset += len(document.chunks)
        yield ready, vectors
