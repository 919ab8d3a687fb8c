"""The schedule table: which repos are reviewed for whom, on which cron.

Functions take an open ``AsyncSession`` and commit their writes. Time is always passed in
(``now``), never read here, so "is it due?" is testable with any clock.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from croniter import croniter
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot.domain import Language
from mentorbot.errors import ConfigError
from mentorbot.knowledge.batch_models import Schedule


class ScheduleEntry(BaseModel):
    """One schedule as the user gives it (``schedule add`` or a line of ``repos.toml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    repo_path: str
    learner: str = "default"
    cron: str
    language: Language | None = None


class ScheduleRecord(ScheduleEntry):
    """A stored schedule."""

    id: int
    enabled: bool
    created_at: datetime
    last_enqueued_at: datetime | None


def check_cron(cron: str) -> str:
    """The cron expression, or a ConfigError naming it (5 fields; a 6th means seconds)."""
    if not croniter.is_valid(cron):
        raise ConfigError(f"cron: {cron!r} is not a valid cron expression (e.g. '0 9 * * 1')")
    return cron


def next_fire(cron: str, after: datetime) -> datetime:
    """The first time ``cron`` fires strictly after ``after`` (timezone-aware, UTC)."""
    fire: datetime = croniter(cron, after.astimezone(UTC)).get_next(datetime)
    return fire


def is_due(record: ScheduleRecord, now: datetime) -> bool:
    """Due when the cron fired since the schedule was last enqueued (or created)."""
    since = record.last_enqueued_at or record.created_at
    return record.enabled and next_fire(record.cron, since) <= now


def load_entries(path: Path) -> list[ScheduleEntry]:
    """Read ``[[repo]]`` tables (path, learner, cron, lang) from a TOML file.

    Relative paths are taken from the file's folder, so the file can travel with the repos.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read it ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    defaults = {key: data[key] for key in ("learner", "cron", "lang") if key in data}
    entries: list[ScheduleEntry] = []
    for index, table in enumerate(data.get("repo", [])):
        merged = {**defaults, **table}
        if "path" not in merged:
            raise ConfigError(f"{path}: repo #{index + 1} has no 'path'")
        repo = (path.parent / str(merged.pop("path"))).resolve()
        cron = str(merged.pop("cron", ""))
        if not croniter.is_valid(cron):
            raise ConfigError(
                f"{path}: repo #{index + 1}: cron {cron!r} is not a valid cron expression"
            )
        try:
            entry = ScheduleEntry(
                repo_path=str(repo),
                learner=merged.pop("learner", "default"),
                cron=cron,
                language=merged.pop("lang", None),
                **merged,
            )
        except ValidationError as error:
            first = error.errors()[0]
            key = ".".join(str(part) for part in first["loc"])
            raise ConfigError(f"{path}: repo #{index + 1}: {key}: {first['msg']}") from None
        entries.append(entry)
    if not entries:
        raise ConfigError(f"{path}: no [[repo]] tables found")
    return entries


async def save_schedules(session: AsyncSession, entries: Sequence[ScheduleEntry]) -> list[int]:
    """Insert or update (by repo and learner) each schedule; re-enables a disabled one."""
    ids: list[int] = []
    for entry in entries:
        check_cron(entry.cron)
        statement = (
            pg_insert(Schedule)
            .values(
                repo_path=entry.repo_path,
                learner=entry.learner,
                cron=entry.cron,
                language=entry.language,
                enabled=True,
            )
            .on_conflict_do_update(
                index_elements=[Schedule.repo_path, Schedule.learner],
                set_={"cron": entry.cron, "language": entry.language, "enabled": True},
            )
            .returning(Schedule.id)
        )
        ids.append(int((await session.execute(statement)).scalar_one()))
    await session.commit()
    return ids


def _record(row: Schedule) -> ScheduleRecord:
    return ScheduleRecord(
        id=row.id,
        repo_path=row.repo_path,
        learner=row.learner,
        cron=row.cron,
        language=row.language,  # type: ignore[arg-type]
        enabled=row.enabled,
        created_at=row.created_at,
        last_enqueued_at=row.last_enqueued_at,
    )


async def list_schedules(session: AsyncSession) -> list[ScheduleRecord]:
    rows = (await session.scalars(select(Schedule).order_by(Schedule.id))).all()
    return [_record(row) for row in rows]


async def remove_schedule(session: AsyncSession, schedule_id: int) -> bool:
    """Delete a schedule; False when there was none with that id."""
    result = await session.execute(
        delete(Schedule).where(Schedule.id == schedule_id).returning(Schedule.id)
    )
    await session.commit()
    return result.scalar_one_or_none() is not None


async def claim_due(session: AsyncSession, now: datetime) -> list[ScheduleRecord]:
    """Lock the due schedules, mark them enqueued at ``now`` and return them.

    ``SKIP LOCKED`` lets several workers run this at once: each due schedule goes to exactly one
    of them. The caller enqueues the reviews and then commits; a crash in between rolls back.
    """
    rows = (
        await session.scalars(
            select(Schedule)
            .where(Schedule.enabled.is_(True))
            .order_by(Schedule.id)
            .with_for_update(skip_locked=True)
        )
    ).all()
    due = [_record(row) for row in rows if is_due(_record(row), now)]
    if due:
        await session.execute(
            update(Schedule)
            .where(Schedule.id.in_([record.id for record in due]))
            .values(last_enqueued_at=now)
        )
    return due
