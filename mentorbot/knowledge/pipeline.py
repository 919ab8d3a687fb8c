"""The ingestion pipeline: segment and embed one slice while the server copies the one before.

Measured on a 2-core machine with the retrieval bench's 443-character chunks of mixed Chinese and
English: segmenting (rjieba) takes about 0.16 ms a chunk and the bundled model about 0.25 ms,
while the server spends about 0.25 ms a chunk on the COPY itself (heap, generated tsvector,
b-trees) plus its index work. The client's share runs in a worker thread (both libraries spend
their time in native code), so it overlaps with the server's instead of adding to it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from dataclasses import replace

from mentorbot.knowledge.chunking import segment_many
from mentorbot.knowledge.embedders import Matrix
from mentorbot.knowledge.ingest import PreparedDocument

# Small enough that the first slice (which nothing overlaps) is short, large enough that a COPY
# round trip per slice is noise. A smaller load is cut into at least OVERLAP_SLICES slices (of
# at least MIN_SLICE_CHUNKS) so that it overlaps too: 920 chunks as one slice took 0.50 s, as
# four 0.42 s.
SLICE_CHUNKS = 1000
MIN_SLICE_CHUNKS = 100
OVERLAP_SLICES = 4

Embed = Callable[[Sequence[str]], Awaitable[Matrix]]
PreparedSlice = tuple[list[PreparedDocument], list[Matrix]]


def _slices(documents: Sequence[PreparedDocument]) -> list[list[PreparedDocument]]:
    total = sum(len(document.chunks) for document in documents)
    limit = min(SLICE_CHUNKS, max(MIN_SLICE_CHUNKS, -(-total // OVERLAP_SLICES)))
    slices: list[list[PreparedDocument]] = [[]]
    size = 0
    for document in documents:
        if size >= limit:
            slices.append([])
            size = 0
        slices[-1].append(document)
        size += len(document.chunks)
    return slices


def _spans(part: Sequence[PreparedDocument]) -> list[slice]:
    """Where each document's chunks lie in the slice's flat per-chunk results (words, vectors)."""
    spans: list[slice] = []
    offset = 0
    for document in part:
        spans.append(slice(offset, offset + len(document.chunks)))
        offset += len(document.chunks)
    return spans


async def _prepare(part: list[PreparedDocument], embed: Embed) -> PreparedSlice:
    """Segment (in a thread) and embed one slice: its documents with words, and their vectors."""
    texts = [chunk.indexed_text() for document in part for chunk in document.chunks]
    words = await asyncio.to_thread(segment_many, texts)
    spans = _spans(part)
    ready = [
        replace(document, search_texts=tuple(words[span]))
        for document, span in zip(part, spans, strict=True)
    ]
    matrix = await embed([text for document in ready for text in document.embedding_inputs()])
    return ready, [matrix[span] for span in spans]


async def prepared_slices(
    documents: Sequence[PreparedDocument], embed: Embed
) -> AsyncGenerator[PreparedSlice, None]:
    """Yield (segmented documents, their vectors) one slice at a time, the next one in flight.

    While the caller writes a slice, the next one is being prepared in a task; if the caller
    stops early (an error in its write), that task is cancelled.
    """
    if not documents:
        return
    slices = _slices(documents)
    pending = asyncio.ensure_future(_prepare(slices[0], embed))
    try:
        for index in range(len(slices)):
            prepared = await pending
            if index + 1 < len(slices):
                pending = asyncio.ensure_future(_prepare(slices[index + 1], embed))
            yield prepared
    finally:
        if not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending
