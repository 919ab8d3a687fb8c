"""Which findings of the last review are the same problem now, though their line was edited."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mentorbot.domain import Finding, PreviousReview, Text
from mentorbot.finding_pairs import pair_moved
from mentorbot.lifecycle import rules_change
from mentorbot.rules.engine import fingerprint
from mentorbot.rules.secret_patterns import MARK


def finding(rule: str, line: int, code: str, en: str, source: Any = "mentor") -> Finding:
    return Finding(
        rule=rule,
        category="blocking-call-in-async" if rule == "MB101" else "sql-string-formatting",
        severity="high",
        path="app/main.py",
        line=line,
        message=Text(zh=en, en=en),
        source=source,
        snippet=code,
        fingerprint=fingerprint(rule, "app/main.py", code),
    )


def blocks(line: int, call: str, function: str, args: str = "url, json=body") -> Finding:
    """MB101's finding of ``call`` (a chain ``helper → call`` for a sync helper) in ``function``."""
    text = f"`{call}` blocks the event loop inside async function `{function}`"
    return finding("MB101", line, f"{call.split(' → ')[0]}({args})", text)


BLOCKS = "`db.execute` blocks the event loop inside async function `search_tasks`"
SQL = "SQL built with an f-string; use bound parameters instead"


def test_an_edited_line_naming_the_same_place_is_the_same_problem_a_generic_one_is_not() -> None:
    """In a folder without git (no commit to read the old files at): the blocking call in
    ``search_tasks`` was edited but still blocks; one f-string query was fixed and another,
    elsewhere in the file, was written. Only the first pair is one problem."""
    before = (
        finding("MB101", 10, 'db.execute(f"SELECT {q}")', BLOCKS),
        finding("MB108", 10, 'db.execute(f"SELECT {q}")', SQL),
    )
    now = [
        finding("MB101", 10, 'db.execute(text("SELECT :q"), {"q": q})', BLOCKS),
        finding("MB108", 50, 'db.execute(f"DELETE {table}")', SQL),
    ]
    previous = PreviousReview(review_id=1, step=3, head=None, findings=before)

    change = rules_change(now, previous, miner=None)  # type: ignore[arg-type]

    assert change.reworded == {now[0].fingerprint: 3}
    assert [f.rule for f in change.gone] == ["MB108"]


def test_no_tests_anchored_elsewhere_in_its_file_and_an_edited_unused_import_stay_open() -> None:
    """A refactor moved the app's line, where "no tests" is shown, and trimmed an import line
    that still imports ``create_engine`` for nothing: both were called fixed and new at once
    (blind check history 43). Another unused name on an edited line is a new problem."""
    unused = "`sqlalchemy.create_engine` imported but never used (ruff F401)"
    other = "`sqlalchemy.Column` imported but never used (ruff F401)"
    before = (
        finding("MB105", 9, "app = FastAPI()", "no tests found"),
        finding("MB201", 1, "from sqlalchemy import create_engine, Column", unused, "ruff"),
    )
    now = [
        finding("MB105", 21, 'app = FastAPI(title="2FA")', "no tests found"),
        finding("MB201", 1, "from sqlalchemy import create_engine", unused, "ruff"),
        finding("MB201", 2, "from sqlalchemy import Column", other, "ruff"),
    ]
    previous = PreviousReview(review_id=1, step=2, head=None, findings=before)

    change = rules_change(now, previous, miner=None)  # type: ignore[arg-type]

    assert change.reworded == {now[0].fingerprint: 2, now[1].fingerprint: 2}
    assert change.gone == []


def test_a_blocking_call_moved_into_a_helper_the_same_route_calls_is_still_open() -> None:
    """``requests.post`` went from ``update_order`` into a sync ``notify_sync`` it calls: the
    log said the blocking call was fixed and, at once, new (blind check history 45). Another
    route that blocks now is a new problem."""

    before = (blocks(20, "requests.post", "update_order"),)
    now = [
        blocks(22, "notify_sync → requests.post", "update_order"),
        blocks(40, "notify_sync → requests.post", "delete_order"),
    ]
    previous = PreviousReview(review_id=1, step=1, head=None, findings=before)

    change = rules_change(now, previous, miner=None)  # type: ignore[arg-type]

    assert change.reworded == {now[0].fingerprint: 1}
    assert change.gone == []


def test_another_blocking_call_written_in_the_same_function_is_new_and_the_old_one_gone() -> None:
    """``fetch_weather`` was made async, and a ``time.sleep`` written later in the same
    ``on_message``: the log called the sleep "open since step 1", counted no new problem and
    left the fix out (blind check t1). A helper whose call was edited and that now blocks
    through another call is still the helper's problem."""
    before = (
        blocks(25, "fetch_weather → requests.get", "on_message"),
        blocks(60, "load_rates → requests.get", "on_rates"),
    )
    now = [
        blocks(29, "time.sleep", "on_message"),
        blocks(61, "load_rates → httpx.get", "on_rates", args="base='EUR'"),
    ]
    previous = PreviousReview(review_id=1, step=1, head=None, findings=before)

    change = rules_change(now, previous, miner=None)  # type: ignore[arg-type]

    assert change.reworded == {now[1].fingerprint: 1}
    assert [f.line for f in change.gone] == [25]


def test_in_a_folder_without_git_what_an_untouched_file_gains_or_loses_is_the_rules_doing(
    tmp_path: Path,
) -> None:
    """A newer Mentor Bot stopped reporting a handler and a secret-looking label in a file the
    learner has not touched since the last review: retired, not "fixed" (the label's line is
    compared as the log showed it, redacted); a finding it now reports there is open since then,
    not new. A gone finding whose line is not in the file any more (an unzipped copy keeps old
    times), or in a file edited since, is fixed."""
    untouched, edited = tmp_path / "app" / "main.py", tmp_path / "app" / "jobs.py"
    untouched.parent.mkdir()
    untouched.write_text(
        "try:\n    run()\nexcept Exception:\n    log.exception('x')\n"
        'PSQL_PASS = "psql_password"\n'
    )
    hour_ago = time.time() - 3600
    os.utime(untouched, (hour_ago, hour_ago))
    finished = datetime.fromtimestamp(time.time() - 60, tz=UTC).isoformat()
    edited.write_text("def job():\n    return 1\n")

    def at(path: str, base: Finding) -> Finding:
        return base.model_copy(
            update={"path": path, "fingerprint": fingerprint(base.rule, path, base.snippet)}
        )

    handler = at("app/main.py", finding("MB101", 3, "except Exception:", BLOCKS))
    label = at("app/main.py", finding("MB101", 5, f'PSQL_PASS = "{MARK}"', BLOCKS))
    copied_in = at("app/main.py", finding("MB108", 9, 'db.execute(f"DROP {t}")', SQL))
    query = at("app/jobs.py", finding("MB108", 2, 'db.execute(f"SELECT {q}")', SQL))
    newly_reported = at("app/main.py", finding("MB108", 2, "run()", SQL))
    previous = PreviousReview(
        review_id=1, step=2, head=None, date=finished, findings=(handler, label, copied_in, query)
    )

    change = rules_change([newly_reported], previous, SimpleNamespace(root=tmp_path))  # type: ignore[arg-type]

    assert change.retired == [handler, label]
    assert change.gone == [query, copied_in]
    assert change.already_there == {newly_reported.fingerprint}


def _at(found: Finding, path: str, code: str | None = None) -> Finding:
    code = found.snippet if code is None else code
    return found.model_copy(
        update={"path": path, "snippet": code, "fingerprint": fingerprint(found.rule, path, code)}
    )


def test_a_problem_that_moved_to_another_file_is_paired_with_its_new_place() -> None:
    """A module moved and reformatted kept its blocking calls, and a class Config moved out of
    a file that stayed; "no tests" moved to another route's file: the log called each fixed and
    new at once (blind check history 39)."""
    blocking = finding("MB101", 6, "cursor.execute('''CREATE TABLE users", BLOCKS)
    blocking = _at(blocking, "utils/create_datebase.py")
    config = _at(
        finding("MB104", 12, "class Config:", "`class Config` is pydantic v1"), "db/models.py"
    )
    untested = _at(finding("MB105", 9, "async def start(message):", "no tests found"), "start.py")
    sql = finding("MB108", 30, "cur.execute(f'select {x}')", SQL)
    gone = [blocking, config, untested, sql]
    arrived = [
        _at(blocking, "database/create_database.py", "cursor.execute('''"),
        _at(config, "schemas/location.py"),
        _at(untested, "admins/users.py", "async def users(message):"),
        _at(sql, "app/other.py", "cur.execute(f'select {y}')"),
    ]
    present = {"db/models.py", "start.py", "app/main.py", *(f.path for f in arrived)}

    still_gone, moved = pair_moved(gone, arrived, 1, present, set())

    assert still_gone == [sql]
    assert set(moved) == {f.fingerprint for f in arrived[:3]}
    # The old module still there, the same message names a place in another file: not paired.
    assert pair_moved([blocking], arrived[:1], 1, present | {blocking.path}, set())[1] == {}


def test_a_moved_file_keeps_its_own_bare_excepts_and_a_deleted_file_loses_its_own() -> None:
    """``routers/users_mongoDB.py`` moved to ``db_mongo/router.py`` with its four ``except:``
    and ``routers/users.py`` was deleted with its two: every ``except:`` has the same code, and
    the deleted file's two took the moved file's first two places, so the log said two of the
    moved file's were "fixed in changes not committed yet" (blind check history 53)."""
    bare = "a bare `except:` also catches KeyboardInterrupt and SystemExit"
    swallows = "`except:` in `{}` swallows the error instead of re-raising it"
    moved_file = [
        _at(finding("MB106", 30, "except:", bare), "routers/users_mongoDB.py"),
        _at(finding("MB106", 47, "except:", bare), "routers/users_mongoDB.py"),
        _at(
            finding("MB106", 88, "except:", swallows.format("searchUserDB")),
            "routers/users_mongoDB.py",
        ),
        _at(
            finding("MB106", 106, "except:", swallows.format("updateUser")),
            "routers/users_mongoDB.py",
        ),
    ]
    deleted_file = [
        _at(finding("MB106", 44, "except:", bare), "routers/users.py"),
        _at(finding("MB106", 83, "except:", swallows.format("searchUser")), "routers/users.py"),
    ]
    arrived = [_at(gone, "db_mongo/router.py") for gone in moved_file]

    still_gone, moved = pair_moved(
        [*moved_file, *deleted_file], arrived, 1, {"db_mongo/router.py"}, set()
    )

    assert still_gone == deleted_file
    assert set(moved) == {arrived[0].fingerprint}  # one fingerprint for the four: all open


def test_an_import_line_copied_to_another_file_is_not_its_unused_name_moved() -> None:
    """``from typing import Optional, List`` left unused ``List`` in crud.py; a new router
    copied the line and left ``Optional`` unused. The log said the router's unused import was
    open since step 1 and crud.py's was never fixed (blind check history 56)."""
    line = "from typing import Optional, List"
    unused_list = _at(
        finding("MB201", 4, line, "`typing.List` imported but never used (ruff F401)", "ruff"),
        "app/crud.py",
    )
    unused_optional = _at(
        finding("MB201", 3, line, "`typing.Optional` imported but never used (ruff F401)", "ruff"),
        "app/routers/users.py",
    )

    still_gone, moved = pair_moved(
        [unused_list], [unused_optional], 1, {"app/crud.py", "app/routers/users.py"}, set()
    )

    assert (still_gone, moved) == ([unused_list], {})
    moved_file = _at(unused_list, "app/repository.py")
    assert pair_moved([unused_list], [moved_file], 1, {"app/repository.py"}, set())[1] == {
        moved_file.fingerprint: 1
    }
