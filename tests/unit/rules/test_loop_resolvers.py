"""A sync Strawberry resolver's blocking call is reported as what it is: a plain ``def`` that
Strawberry's async integration calls on the loop, not an ``async def`` (blind check g1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.rules import _strawberry_cases as cases
from tests.unit.rules import review_files


def test_a_sync_resolver_s_blocking_calls_say_strawberry_calls_it_on_the_loop(
    tmp_path: Path,
) -> None:
    files = {"app/schema.py": cases.SCHEMA, "app/main.py": cases.FASTAPI_MAIN}
    found = review_files(tmp_path, files)

    [quote] = [f for f in found if f.rule == "MB101" and f.line == 31]
    assert quote.message.en == (
        "`requests.get` blocks the event loop inside `quote`, a sync Strawberry resolver that "
        "Strawberry's async integration calls on the loop (make it `async def` and await an "
        "async counterpart, or run the call with `asyncio.to_thread`)"
    )
    assert "`quote` 是普通 def 的 Strawberry 解析函数" in quote.message.zh
    assert [f.message.en for f in found if f.rule == "MB111" and f.line == 25] == [
        "sync database driver (sqlite3) is used from `books`, a sync Strawberry resolver that "
        "Strawberry's async integration calls on the event loop, and blocks the loop"
    ]
    assert not any("async function" in f.message.en for f in found if f.rule in {"MB101", "MB111"})
