"""The chunks table's two search indexes: how they are built and dropped, and which of them a
load drops and builds again after its COPY instead of maintaining them.

Both indexes of the chunks table cost more to maintain row by row than to build in one pass over
the whole table, but a rebuild pays for every row already there, so the rule depends on how the
load compares with the table. Measured here (2 cores, 443-character chunks):

- HNSW: inserting costs 1-2 ms a new row, building about 0.15-0.25 ms a row of the whole table,
  so a rebuild pays off while the table holds up to about eight times the new rows.
- GIN (full text): inserting costs about 0.3 ms a new row (the pending list fills and is merged
  again and again), building about 0.15 ms a row of the whole table, so a rebuild pays off while
  the table holds no more rows than the load adds.

A dropped index is rebuilt in the load's own transaction, which holds the table's exclusive lock
from the drop until commit: searches wait for the load rather than read a half-built index.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from mentorbot.knowledge.store_models import HNSW_INDEX, HNSW_OPERATORS, HNSW_OPTIONS, TEXT_INDEX

# Below this many new chunks a load keeps the indexes whatever the table's size: near the ratios
# above a small rebuild gains little (260 chunks into 2,000: 0.4 s rebuilt, 0.3 s kept), while
# 920 chunks into a table of 72 took 0.80 s kept and 0.50 s rebuilt.
BULK_REBUILD_MIN = 500
HNSW_REBUILD_RATIO = 8
TEXT_REBUILD_RATIO = 1

INDEX_BUILD_MEMORY = "512MB"
"""Enough for HNSW's graph of 100k 256-dimension vectors to be built in memory, in parallel."""

_CREATE_TEXT_INDEX = f"CREATE INDEX {TEXT_INDEX} ON chunks USING gin (search_vector)"
_CREATE_HNSW = (
    f"CREATE INDEX {HNSW_INDEX} ON chunks USING hnsw (embedding {HNSW_OPERATORS}) "
    f"WITH (m = {HNSW_OPTIONS['m']}, ef_construction = {HNSW_OPTIONS['ef_construction']})"
)


@dataclass(frozen=True)
class IndexRebuild:
    """The indexes a load drops before its COPY and builds after it."""

    vectors: bool = False
    text: bool = False

    def __bool__(self) -> bool:
        return self.vectors or self.text


def rebuild_for_load(
    new_chunks: int, existing: int, minimum: int = BULK_REBUILD_MIN
) -> IndexRebuild:
    """Rebuild an index when the load is large and the table is small next to it (see above)."""
    if new_chunks < minimum:
        return IndexRebuild()
    return IndexRebuild(
        vectors=existing <= HNSW_REBUILD_RATIO * new_chunks,
        text=existing <= TEXT_REBUILD_RATIO * new_chunks,
    )


async def drop_indexes(conn: AsyncConnection, rebuild: IndexRebuild) -> None:
    if rebuild.vectors:
        await conn.execute(text(f"DROP INDEX IF EXISTS {HNSW_INDEX}"))
    if rebuild.text:
        await conn.execute(text(f"DROP INDEX IF EXISTS {TEXT_INDEX}"))


async def build_indexes(conn: AsyncConnection, rebuild: IndexRebuild) -> None:
    """Build the indexes over the whole table, with memory for them to be built in one pass
    (HNSW in parallel)."""
    if not rebuild:
        return
    await conn.execute(text(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'"))
    if rebuild.text:
        await conn.execute(text(_CREATE_TEXT_INDEX))
    if rebuild.vectors:
        await conn.execute(text(_CREATE_HNSW))
