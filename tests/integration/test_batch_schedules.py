"""When a schedule is due (an injected clock) and what a repos.toml file turns into."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mentorbot.errors import ConfigError
from mentorbot.schedules import ScheduleRecord, is_due, load_entries

MONDAY_NINE = "0 9 * * 1"


def _schedule(last: datetime | None) -> ScheduleRecord:
    return ScheduleRecord(
        id=1,
        repo_path="/repos/alpha",
        learner="alice",
        cron=MONDAY_NINE,
        enabled=True,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        last_enqueued_at=last,
    )


def test_a_weekly_schedule_is_due_from_monday_nine_until_it_is_enqueued() -> None:
    # 2026-01-05 is a Monday.
    assert not is_due(_schedule(None), datetime(2026, 1, 5, 8, 59, tzinfo=UTC))
    assert is_due(_schedule(None), datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    enqueued = datetime(2026, 1, 5, 9, 0, 30, tzinfo=UTC)
    assert not is_due(_schedule(enqueued), datetime(2026, 1, 11, 23, 0, tzinfo=UTC))
    assert is_due(_schedule(enqueued), datetime(2026, 1, 12, 9, 0, tzinfo=UTC))


def test_repos_toml_paths_are_relative_to_the_file_and_top_level_keys_are_defaults(
    tmp_path: Path,
) -> None:
    config = tmp_path / "repos.toml"
    config.write_text(
        'cron = "0 9 * * 1"\nlearner = "alice"\n\n'
        '[[repo]]\npath = "alpha"\n\n'
        '[[repo]]\npath = "beta"\nlearner = "bob"\nlang = "en"\n',
        encoding="utf-8",
    )
    entries = load_entries(config)
    assert [(e.repo_path, e.learner, e.cron, e.language) for e in entries] == [
        (str(tmp_path / "alpha"), "alice", MONDAY_NINE, None),
        (str(tmp_path / "beta"), "bob", MONDAY_NINE, "en"),
    ]


def test_a_bad_cron_in_repos_toml_names_the_file_and_the_value(tmp_path: Path) -> None:
    config = tmp_path / "repos.toml"
    config.write_text('[[repo]]\npath = "alpha"\ncron = "every monday"\n', encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"repos.toml: repo #1: cron 'every monday' is not a valid cron"
    ):
        load_entries(config)
