"""Which chunk indexes a load drops and builds again after its COPY, instead of maintaining them.

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

from mentorbot.knowledge.space import INDEX_BUILD_MEMORY, build_index, drop_index
from mentorbot.knowledge.store_models import TEXT_INDEX

BULK_REBUILD_MIN = 1_000
HNSW_REBUILD_RATIO = 8
TEXT_REBUILD_RATIO = 1

_CREATE_TEXT_INDEX = f"CREATE INDEX {TEXT_INDEX} ON chunks USING gin (search_vector)"


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
        await drop_index(conn)
    if rebuild.text:
        await conn.execute(text(f"DROP INDEX IF EXISTS {TEXT_INDEX}"))


async def build_indexes(conn: AsyncConnection, rebuild: IndexRebuild) -> None:
    if rebuild.text:
        await conn.execute(text(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'"))
        await conn.execute(text(_CREATE_TEXT_INDEX))
    if rebuild.vectors:
        await build_index(conn)
