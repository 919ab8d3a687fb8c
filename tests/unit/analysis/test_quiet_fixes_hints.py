"""What a quiet commit's diff must show, and which rewritten lines credit it with a fix."""

from __future__ import annotations

import re

import pytest

from mentorbot.analysis.git import Hunk
from mentorbot.domain import Lesson, Text
from mentorbot.quiet_fixes import credited, removed_hint, shows_fix
from mentorbot.rules.registry import all_rules


@pytest.mark.parametrize(
    ("removed", "added", "shows"),
    [
        (["time.sleep(2)"], ["await asyncio.sleep(2)"], True),
        (["except:"], ["except ValueError:"], True),
        (['SECRET_KEY = "9f8e7d6c5b4a3928"'], ['SECRET_KEY = os.environ["SECRET_KEY"]'], True),
        (["session.commit()"], ["await session.commit()"], True),
        (['broker = "redis://:hunter2@redis:6379/0"'], ['broker = os.environ["BROKER"]'], True),
        (
            ["data = fetch_weather(city)"],
            ["data = await asyncio.to_thread(fetch_weather, city)"],
            True,
        ),
        # Handed to a thread with an argument renamed: "upload: only pdf, no duplicates" moved
        # an embedding call off the loop (blind check history 25).
        (
            ["process_new_pdf(file_path, file.filename)"],
            ["await asyncio.to_thread(process_new_pdf, file_path, filename)"],
            True,
        ),
        # An edit that only reorders or moves imports, or awaits something else, shows nothing.
        (["import time", "from fastapi import FastAPI"], ["from fastapi import FastAPI"], True),
        (["import time", "from fastapi import FastAPI"], ["import time, asyncio"], True),
        (["import time", "from fastapi import FastAPI"], ["import FastAPI", "import time"], False),
        (["from typing import List, Dict"], ["from typing import Dict, List"], False),
        # A name dropped with the code that used it is a change of approach, not tidying.
        (["import requests", "r = requests.get(url)"], ["r = fetch(url)"], True),
        (["from app.db import legacy", "rows = legacy.fetch()"], ["rows = fetch()"], False),
        (["import numpy as np"], ["import numpy as np  # arrays"], False),
        (["total = count(items)"], ["await notify(user)"], False),
        (['return {"status": "ok"}'], ['return {"status": "fine"}'], False),
        # The problems' safe forms: an async sleep, an awaited commit, a bound query.
        (["await asyncio.sleep(0.05)"], ["await asyncio.sleep(0.1)"], False),
        (["await db.commit()"], ["await session.commit()"], False),
        (['text("SELECT id FROM orders WHERE name = :name")'], ["text(QUERY)"], False),
        (["db.execute(f\"SELECT id FROM orders WHERE name = '{name}'\")"], [], True),
    ],
)
def test_what_a_diff_must_show_to_be_mined(
    removed: list[str], added: list[str], shows: bool
) -> None:
    assert shows_fix(removed, added, removed_hint()) is shows


def test_a_query_split_over_removed_lines_shows_a_fix_as_one_block() -> None:
    """Its ``select`` on one literal, its ``% (word,)`` three lines down: no line alone shows
    SQL built by formatting (blind check c2)."""
    removed = ['lists = sql_select("select * "', '"from book "', "\"where title like '%%%s%%' \""]
    removed.append("% (word, ))")
    added = ['cursor.execute("select * from book where title like ?", (word,))']

    assert not shows_fix(removed, added, removed_hint())
    assert shows_fix(removed, added, removed_hint(), [" ".join(removed)])
    assert not shows_fix(removed, added, removed_hint(), ['"select * " "from book"'])


def _lesson(rule: str) -> Lesson:
    title = Text(zh="题", en="title")
    return Lesson(title=title, category="other", status="solved", rule=rule, path="app/main.py")


def test_only_a_rewritten_line_of_a_hinted_rule_is_credited() -> None:
    rewritten = [Hunk(old_start=10, old_count=1, new_start=10, new_count=1)]
    deleted = [Hunk(old_start=8, old_count=5, new_start=7, new_count=0)]

    assert credited(_lesson("MB101"), rewritten, 10)
    assert not credited(_lesson("MB101"), deleted, 10)
    assert not credited(_lesson("MB101"), rewritten, 12)
    # An unused name ruff reports: tidying it up is no lesson without a message saying so.
    assert not credited(_lesson("MB201"), rewritten, 10)
    # Except an unused import, whose fix is to delete its line.
    unused = _lesson("MB201").model_copy(
        update={"found": Text(zh="未使用", en="`os` imported but unused (ruff F401)")}
    )
    assert credited(unused, deleted, 10)
    assert not credited(unused, rewritten, 12)
    twice = unused.model_copy(
        update={"found": Text(zh="重复", en="redefinition of unused `computed_field` (ruff F811)")}
    )
    assert credited(twice, deleted, 10)


def test_a_block_git_deleted_beside_the_hunk_that_rewrote_it_counts_as_rewritten() -> None:
    """A sync engine made async: git's -U0 diff wrote the new engine in the hunk over line 5
    and deleted the old ``engine = create_engine(...)`` (lines 7-8) in a hunk of its own."""
    rewritten_above = [
        Hunk(old_start=5, old_count=1, new_start=5, new_count=9),
        Hunk(old_start=7, old_count=2, new_start=14, new_count=0),
    ]
    far_away = [
        Hunk(old_start=1, old_count=1, new_start=1, new_count=1),
        Hunk(old_start=7, old_count=2, new_start=6, new_count=0),
    ]
    rewritten_below = [
        Hunk(old_start=7, old_count=2, new_start=6, new_count=0),
        Hunk(old_start=11, old_count=0, new_start=9, new_count=3),
    ]

    assert credited(_lesson("MB111"), rewritten_above, 7)
    assert credited(_lesson("MB111"), rewritten_below, 8)
    assert not credited(_lesson("MB111"), far_away, 7)


def test_every_rule_either_declares_fix_hints_or_is_never_credited_to_a_quiet_commit() -> None:
    unhinted = {rule.id for rule in all_rules() if not rule.fix_hints}
    # A syntax error, missing tests, ruff's general reports: their fixes look like any other
    # edit, so only a message saying "fix" makes them lessons. (MB110's hints are for the
    # create_all beside the migrations, which the fix deletes.)
    assert unhinted == {"MB001", "MB105", "MB201"}
    for rule in all_rules():
        if not rule.fix_hints.removed:
            continue
        hints = re.compile("|".join(f"(?:{hint})" for hint in rule.fix_hints.removed))
        flagged = [
            case.files[path].splitlines()[line - 1].strip()
            for case in rule.bad
            for path, line in case.hits
        ]
        assert any(hints.search(code) for code in flagged), rule.id
