"""``mentor schedule|worker|batch|status``: scheduled and batch reviews over procrastinate."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from mentorbot.errors import ConfigError, MentorError, RepoError

if TYPE_CHECKING:
    from mentorbot.batch_run import RepoStatus
    from mentorbot.schedules import ScheduleRecord
    from mentorbot.services import Services

schedule_app = typer.Typer(help="Review repositories on a cron schedule.", no_args_is_help=True)
console = Console(soft_wrap=True)
err_console = Console(stderr=True)


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in ("zh", "en"):
        raise MentorError(f"--lang must be zh or en, not {lang!r}", code="usage")


def _repo_path(path: Path) -> str:
    if not path.is_dir():
        raise RepoError(f"No such directory: {path}", code="not-found")
    return str(path.resolve())


@schedule_app.command("add")
def schedule_add(
    repo: Annotated[Path, typer.Argument(help="The repository to review.")],
    cron: Annotated[str, typer.Option(help='When, as cron: "0 9 * * 1" is Monday 09:00 UTC.')],
    learner: Annotated[str, typer.Option(help="Whose reviews these are.")] = "default",
    lang: Annotated[str | None, typer.Option("--lang", help="Log language: zh or en.")] = None,
) -> None:
    """Review REPO whenever CRON fires (a running `mentor worker` does it)."""
    from mentorbot.schedules import ScheduleEntry, check_cron, save_schedules
    from mentorbot.services import open_services

    _check_lang(lang)
    entry = ScheduleEntry(
        repo_path=_repo_path(repo), learner=learner, cron=check_cron(cron), language=lang
    )

    async def add() -> list[int]:
        async with open_services() as services, services.db.session() as session:
            return await save_schedules(session, [entry])

    (schedule_id,) = asyncio.run(add())
    console.print(f"schedule {schedule_id}: {entry.repo_path} for {learner} at '{cron}'")


@schedule_app.command("add-many")
def schedule_add_many(
    file: Annotated[Path, typer.Argument(help="TOML with [[repo]] tables: path, learner, cron.")],
) -> None:
    """Add (or update) every [[repo]] of a TOML file; top-level keys are defaults."""
    from mentorbot.schedules import load_entries, save_schedules
    from mentorbot.services import open_services

    entries = load_entries(file)

    async def add() -> list[int]:
        async with open_services() as services, services.db.session() as session:
            return await save_schedules(session, entries)

    ids = asyncio.run(add())
    for schedule_id, entry in zip(ids, entries, strict=True):
        console.print(f"schedule {schedule_id}: {entry.repo_path} for {entry.learner}")


@schedule_app.command("list")
def schedule_list() -> None:
    """Show every schedule and when it last queued a review."""
    from mentorbot.schedules import list_schedules
    from mentorbot.services import open_services

    async def load() -> list[ScheduleRecord]:
        async with open_services() as services, services.db.session() as session:
            return await list_schedules(session)

    table = Table("id", "repo", "learner", "cron", "lang", "enabled", "last queued")
    for record in asyncio.run(load()):
        last = record.last_enqueued_at
        table.add_row(
            str(record.id),
            record.repo_path,
            record.learner,
            record.cron,
            record.language or "",
            "yes" if record.enabled else "no",
            last.isoformat(timespec="seconds") if last else "never",
        )
    console.print(table)


@schedule_app.command("remove")
def schedule_remove(schedule_id: Annotated[int, typer.Argument(help="Schedule id.")]) -> None:
    """Delete a schedule (queued reviews still run)."""
    from mentorbot.schedules import remove_schedule
    from mentorbot.services import open_services

    async def remove() -> bool:
        async with open_services() as services, services.db.session() as session:
            return await remove_schedule(session, schedule_id)

    if not asyncio.run(remove()):
        raise ConfigError(f"no schedule with id {schedule_id}")
    console.print(f"schedule {schedule_id} removed")


def worker(
    concurrency: Annotated[int, typer.Option(help="Reviews run at once.", min=1)] = 1,
    name: Annotated[str | None, typer.Option(help="Worker name in logs.")] = None,
    shutdown_timeout: Annotated[
        float | None,
        typer.Option(help="On SIGTERM, wait this long, then requeue (default: wait for all)."),
    ] = None,
    tick: Annotated[
        str, typer.Option(help="Cron of the schedule/stalled-job checks.", hidden=True)
    ] = "* * * * *",
    heartbeat: Annotated[float, typer.Option(help="Seconds between heartbeats.", hidden=True)] = 10,
    stalled_after: Annotated[
        float, typer.Option(help="A worker silent this long is dead.", hidden=True)
    ] = 30,
) -> None:
    """Run queued and scheduled reviews; start as many as you like against one database."""
    from mentorbot.batch import create_batch_app
    from mentorbot.batch_run import WorkerOptions, open_runtime, run_worker
    from mentorbot.services import open_services

    options = WorkerOptions(
        concurrency=concurrency,
        name=name,
        heartbeat_s=heartbeat,
        stalled_after_s=stalled_after,
        shutdown_timeout_s=shutdown_timeout,
    )

    async def serve() -> None:
        async with (
            open_services() as services,
            open_runtime(services, stalled_after_s=stalled_after) as runtime,
        ):
            app = create_batch_app(services.db.libpq_url, housekeeping_cron=tick)
            async with app.open_async():
                err_console.print(f"worker ready (concurrency {concurrency})")
                await run_worker(app, runtime, options)

    asyncio.run(serve())


def batch(
    repos: Annotated[list[Path], typer.Argument(help="Repositories to review.")],
    learner: Annotated[str, typer.Option(help="Whose reviews these are.")] = "default",
    lang: Annotated[str | None, typer.Option("--lang", help="Log language: zh or en.")] = None,
    concurrency: Annotated[
        int, typer.Option(help="Reviews this command runs itself; 0 = leave it to workers.")
    ] = 2,
) -> None:
    """Review many repos once: queue them, run them (here and on any worker), summarise."""
    from mentorbot.batch import create_batch_app, enqueue_review
    from mentorbot.batch_run import WorkerOptions, open_runtime, run_worker, wait_for_jobs
    from mentorbot.services import open_services

    _check_lang(lang)
    paths = [_repo_path(repo) for repo in repos]
    batch_id = uuid.uuid4().hex

    async def run() -> None:
        async with open_services() as services, contextlib.AsyncExitStack() as stack:
            app = create_batch_app(services.db.libpq_url)
            await stack.enter_async_context(app.open_async())
            job_ids = [
                (await enqueue_review(app, path, learner, language=lang, batch_id=batch_id))[0]
                for path in paths
            ]
            local = None
            if concurrency > 0:
                runtime = await stack.enter_async_context(open_runtime(services))
                options = WorkerOptions(concurrency=concurrency, install_signal_handlers=False)
                local = asyncio.create_task(run_worker(app, runtime, options))
            with Progress(console=err_console, transient=True) as progress:
                bar = progress.add_task("reviewing", total=len(job_ids))
                await wait_for_jobs(
                    app, job_ids, on_progress=lambda done: progress.update(bar, completed=done)
                )
            if local is not None:
                local.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await local
            await _print_summary(services, job_ids, paths)

    asyncio.run(run())


async def _print_summary(services: Services, job_ids: list[int], paths: list[str]) -> None:
    from mentorbot.batch_run import outcomes_for

    outcomes = await outcomes_for(services, job_ids)
    table = Table("repo", "result", "step", "solved", "open", "note")
    attention: list[str] = []
    for job_id, path in zip(job_ids, paths, strict=True):
        outcome = outcomes.get(job_id)
        if outcome is None:
            table.add_row(path, "failed", "", "", "", "no outcome recorded")
            continue
        note = outcome.reason or (outcome.log_path or "")
        table.add_row(
            path,
            outcome.outcome,
            str(outcome.step or ""),
            str(outcome.solved) if outcome.outcome == "reviewed" else "",
            str(outcome.open) if outcome.outcome == "reviewed" else "",
            note,
        )
        if outcome.dropped_areas:
            attention.append(
                f"{outcome.learner}: skill dropped in {', '.join(outcome.dropped_areas)} ({path})"
            )
        if outcome.recurring:
            attention.append(f"{outcome.learner}: {outcome.recurring} recurring problems ({path})")
    console.print(table)
    for line in attention:
        console.print(f"attention: {line}")


def status() -> None:
    """Per repo and learner: the newest queued review and how it stands."""
    from mentorbot.batch_run import repo_statuses
    from mentorbot.services import open_services

    async def load() -> list[RepoStatus]:
        async with open_services() as services:
            return await repo_statuses(services)

    table = Table("job", "repo", "learner", "state", "attempts", "step", "reason")
    for row in asyncio.run(load()):
        table.add_row(
            str(row.job_id),
            row.repo_path,
            row.learner,
            row.state,
            str(row.attempts),
            str(row.step or ""),
            row.reason or "",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add schedule, worker, batch and status to the ``mentor`` app."""
    app.add_typer(schedule_app, name="schedule")
    app.command()(worker)
    app.command()(batch)
    app.command()(status)
