"""The ``mentor`` command line: review a repo, manage the database.

Expected failures (bad path, database down, a log we must not overwrite) print one line and exit
non-zero; only a bug shows a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import uuid
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import typer
from langchain_core.runnables import RunnableConfig
from rich.console import Console
from rich.live import Live
from rich.table import Table

from mentorbot.cli_progress import NodeProgress, describe_progress, llm_summary
from mentorbot.collector import review_pace
from mentorbot.domain import Language
from mentorbot.errors import LogConflictError, MentorError
from mentorbot.jsonout import report_json
from mentorbot.logfile import MAX_STEP
from mentorbot.wording import count

app = typer.Typer(
    help="Mentor Bot: an evidence-backed learning log from your code and git history.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the database (embedded by default).", no_args_is_help=True)
app.add_typer(db_app, name="db")

err_console = Console(stderr=True)
INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells report it."""
TERMINATED = 143
"""Exit code after a stop signal (128 + SIGTERM): ``timeout``, a process manager, a cancelled CI
job."""
INTERRUPTED_REVIEW = "cancelled: interrupted (Ctrl-C or a stop signal) before the review finished"


async def _run_review(
    inputs: dict[str, Any], *, show_progress: bool, use_llm: bool = True
) -> dict[str, Any]:
    from graph.builder import REVIEW_NODES, build_review_graph
    from mentorbot.history import record_failure, stop_reason
    from mentorbot.knowledge.checkpoint import open_checkpointer
    from mentorbot.services import open_services

    progress = NodeProgress(REVIEW_NODES)
    async with (
        stop_signal_cancels(),
        open_services() as services,
        open_checkpointer(services.db) as saver,
    ):
        graph = build_review_graph(services, saver)
        live = Live(progress, console=err_console) if show_progress else contextlib.nullcontext()
        run = _ReviewRun()
        try:
            with live, review_pace(), stop_reason(INTERRUPTED_REVIEW):
                await run.drive(graph, inputs, use_llm, progress)
        except asyncio.CancelledError:  # Ctrl-C (asyncio.run) or SIGTERM cancels this task
            if run.review_id is not None:
                await record_failure(services.db, run.review_id, INTERRUPTED_REVIEW, "cancelled")
            raise
        # The output channels as streamed: reading the checkpoint back would also load the
        # scan's analyses (~0.5 s on a 100k-line repo) only to drop them.
        return run.values


class _StopSignal:
    received = False
    """Whether the process got SIGTERM (it then exits 143, not 130)."""


@contextlib.asynccontextmanager
async def stop_signal_cancels() -> AsyncIterator[None]:
    """While a review runs, SIGTERM cancels it as Ctrl-C does: the review marks its record
    cancelled and the exit hooks stop the embedded server. Left to its default, SIGTERM ended the
    process at once: the record stayed "running" and the server went on running. The handler is
    the event loop's own, so it works whatever the process inherited for SIGINT (a background
    job of a script ignores it)."""
    review = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def terminate() -> None:
        _StopSignal.received = True
        if review is not None:
            review.cancel()

    try:
        loop.add_signal_handler(signal.SIGTERM, terminate)
    except (NotImplementedError, RuntimeError, ValueError):  # no such handlers: Windows, a thread
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


class _ReviewRun:
    """One review driven through the graph: its output channels, and its record's id once the
    scan has created it (an interrupted review is marked cancelled under that id)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.review_id: int | None = None

    async def drive(
        self, graph: Any, inputs: dict[str, Any], use_llm: bool, progress: NodeProgress
    ) -> None:
        from graph.builder import ONE_SHOT
        from graph.context import ReviewContext

        config: RunnableConfig = {"configurable": {"thread_id": f"review-{uuid.uuid4()}"}}
        async for mode, chunk in graph.astream(
            inputs,
            config,
            context=ReviewContext(use_llm=use_llm),
            stream_mode=["tasks", "custom", "messages", "values"],
            durability=ONE_SHOT,
        ):
            if mode == "values" and isinstance(chunk, dict):
                self.values = dict(chunk)
            elif mode == "tasks" and isinstance(chunk, dict):
                if "result" in chunk or "error" in chunk:
                    progress.finish(chunk["name"])
                else:
                    progress.start(chunk["name"])
            elif mode == "custom" and isinstance(chunk, dict) and chunk.get("event") == "progress":
                if isinstance(chunk.get("review_id"), int):
                    self.review_id = chunk["review_id"]
                described = describe_progress(chunk)
                if described:
                    progress.note(*described)
            elif mode == "messages" and isinstance(chunk, tuple):
                message, metadata = chunk
                if metadata.get("langgraph_node") == "render" and isinstance(message.content, str):
                    progress.write(message.content)


def _output_file(output: str) -> Path:
    """``--output`` names a file: not empty, and not a folder (``logs/`` would otherwise be
    written as a file named ``logs``)."""
    if not output.strip():
        raise LogConflictError("--output is empty; give the log file's path")
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        raise LogConflictError(f"--output {output} is a directory; give the log file's path")
    return Path(output).resolve()


@app.command()
def review(
    repo: Annotated[Path, typer.Argument(help="The repository (or folder) to review.")],
    learner: Annotated[
        str | None,
        typer.Option(
            help="Whose review this is (default: .mentor.toml's learner, else 'default')."
        ),
    ] = None,
    step: Annotated[
        int | None, typer.Option(help="Step number of the log.", min=1, max=MAX_STEP)
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Log language: zh or en.")] = None,
    since: Annotated[str | None, typer.Option(help="Review history after this commit.")] = None,
    output: Annotated[str | None, typer.Option(help="Write the log to this file.")] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text (a log file + summary) or json.")
    ] = "text",
    no_llm: Annotated[
        bool,
        typer.Option(
            "--no-llm", help="Write the deterministic log even when an LLM is configured."
        ),
    ] = False,
) -> None:
    """Review REPO and write docs/learning_log_step<N>.md in it."""
    if output_format not in ("text", "json"):
        raise MentorError(f"--format must be text or json, not {output_format!r}", code="usage")
    if lang is not None and lang not in ("zh", "en"):
        raise MentorError(f"--lang must be zh or en, not {lang!r}", code="usage")
    inputs: dict[str, Any] = {"repo_path": str(repo)}
    if learner is not None:
        inputs["learner"] = learner
    if step is not None:
        inputs["step"] = step
    if lang is not None:
        inputs["language"] = lang
    if since is not None:
        inputs["since"] = since
    if output is not None:
        inputs["output"] = str(_output_file(output))
    show_progress = output_format == "text" and err_console.is_terminal
    try:
        values = asyncio.run(_run_review(inputs, show_progress=show_progress, use_llm=not no_llm))
    except asyncio.CancelledError:
        if _StopSignal.received:  # told as Ctrl-C is, with the stop signal's exit code
            raise KeyboardInterrupt from None
        raise
    report = values["report"]
    log_path = values.get("log_path")
    if output_format == "json":
        language: Language = report.language
        json.dump(
            report_json(report, language, log_path=log_path),
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    solved = sum(1 for lesson in report.lessons if lesson.status == "solved")
    console = Console(soft_wrap=True)
    console.print(f"[bold]Learning log written:[/bold] {log_path}")
    metrics = report.metrics
    counts = " · ".join(
        count(number, noun)
        for number, noun in (
            (metrics.files, "file"),
            (metrics.loc, "line"),
            (metrics.commits, "commit"),
            (metrics.findings, "finding"),
            (solved, "solved problem"),
        )
    )
    console.print(f"  step {report.step} · {counts} · {metrics.duration_s:.2f}s")
    if report.metrics.llm:
        console.print(f"  {llm_summary(report.metrics.llm)}")


@app.command()
def rubric(
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
) -> None:
    """Print the whole skill rubric: what decides each level of each area and dimension."""
    from mentorbot.skills import rubric_lines

    if lang not in ("zh", "en"):
        raise MentorError(f"--lang must be zh or en, not {lang!r}", code="usage")
    table = Table("id", "level", "criterion", show_lines=False)
    for line in rubric_lines():
        table.add_row(line.id, line.level, line.zh if lang == "zh" else line.en)
    Console().print(table)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (they also run automatically)."""
    from mentorbot.services import open_services

    async def upgrade() -> str | None:
        async with open_services() as services:
            return await services.db.current_revision()

    revision = asyncio.run(upgrade())
    Console().print(f"database at revision {revision}")


from mentorbot.cli_history import register as register_history  # noqa: E402

register_history(app)

from mentorbot.cli_knowledge import register as register_knowledge  # noqa: E402

register_knowledge(app)

from mentorbot.cli_batch import register as register_batch  # noqa: E402

register_batch(app)

from mentorbot.cli_serve import register as register_serve  # noqa: E402

register_serve(app)


def _is_usage_error(error: Exception) -> bool:
    """Click's own errors about the command line, whether from click or from the copy of click
    that recent typer versions carry (``typer._click``), which does not derive from click's."""
    return any(kind.__name__ == "ClickException" for kind in type(error).__mro__) and isinstance(
        getattr(error, "exit_code", None), int
    )


def main() -> None:
    """Entry point: runs the app and turns expected errors into one line."""
    warnings.filterwarnings("ignore", module="platformdirs")
    try:
        code = app(standalone_mode=False)
    except MentorError as error:
        err_console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:  # said below, with the code typer hands back for it
        code = INTERRUPTED
    except (typer.Exit, typer.Abort) as stop:
        raise SystemExit(getattr(stop, "exit_code", 1)) from None
    except Exception as error:
        if _is_usage_error(error):  # a missing argument, an unknown option: usage, exit 2
            error.show()  # type: ignore[attr-defined]
            raise SystemExit(error.exit_code) from None  # type: ignore[attr-defined]
        raise
    # Outside standalone mode typer hands an exit code back instead of raising: 130 for Ctrl-C,
    # and for the stop signal that took Ctrl-C's path.
    if code == INTERRUPTED and _StopSignal.received:
        err_console.print("[red]terminated[/red]")
        code = TERMINATED
    elif code == INTERRUPTED:
        err_console.print("[red]interrupted[/red]")
    if isinstance(code, int) and code:
        raise SystemExit(code)
