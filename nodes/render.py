"""render: the Markdown log, merged into the learner's file and recorded in the database."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from graph.context import ReviewContext, llm_for
from graph.state import ReviewState
from mentorbot.domain import NodeTiming, ReviewReport, Text
from mentorbot.history import record_complete, trend_chart
from mentorbot.knowledge.review_memory import remember_log
from mentorbot.llm_review import with_llm_usage, write_reflection
from mentorbot.logfile import write_review_log
from mentorbot.render import render_log
from mentorbot.repo_snippets import read_snippet
from mentorbot.report import build_report
from mentorbot.rules.secret_lines import secret_lines_by_path
from mentorbot.services import Services
from mentorbot.skills import rubric_lines


async def _record_and_remember(
    services: Services, state: ReviewState, report: ReviewReport, log_path: str | None
) -> list[Text]:
    """Record the finished review and remember its log, side by side: they touch different
    tables, and embedding the log need not wait for the review's row (when the
    record fails, remembering is called off). The notes memory adds."""
    learner = state.get("learner") or "default"
    review_id = state.get("review_id")

    async def remember() -> list[Text]:
        if not log_path:
            return []
        return await remember_log(services.knowledge, learner, Path(log_path), report.notes)

    remembering = asyncio.create_task(remember())
    try:
        if review_id is not None:
            await record_complete(services.db, review_id, report, log_path)
    except BaseException:
        remembering.cancel()
        raise
    return await remembering


async def render(
    state: ReviewState, runtime: Runtime[ReviewContext], *, services: Services
) -> dict[str, Any]:
    started = time.perf_counter()
    context = runtime.context or ReviewContext()
    scan = state["scan"]
    root = Path(scan.root)
    step = state["resolved_step"]
    timings = list(state.get("timings", []))
    plan, usage, llm_notes = state["plan"], list(state.get("llm_usage", [])), []
    llm = llm_for(services, runtime.context)
    if llm is not None:
        reflected = await write_reflection(
            llm,
            plan,
            state["skills"],
            state.get("lessons", []),
            scan,
            state.get("previous"),
            state["resolved_language"],
            runtime.stream_writer,
        )
        plan, llm_notes = reflected.value, reflected.notes
        usage = [*usage, *reflected.usage]

    def report_with(seconds: float) -> Any:
        return build_report(
            scan=scan,
            learner=state.get("learner") or "default",
            step=step,
            language=state["resolved_language"],
            skills=state["skills"],
            lessons=state.get("lessons", []),
            achievements=state.get("achievements", []),
            plan=plan,
            practices=state.get("practices", []),
            notes=[*state.get("notes", []), *llm_notes],
            timings=[*timings, NodeTiming(node="render", seconds=seconds)],
            previous=state.get("previous"),
            other_learners=state.get("other_learners", ()),
            review_id=state.get("review_id"),
            findings=state.get("findings"),
            fixed_findings=state.get("fixed_findings", []),
            follow_up=state.get("follow_up", []),
        )

    draft = with_llm_usage(usage, report_with(time.perf_counter() - started))
    secrets = secret_lines_by_path(draft.findings)
    chart = await trend_chart(services.db, draft)
    markdown = await asyncio.to_thread(
        render_log,
        draft,
        rubric=rubric_lines(),
        snippet=lambda path, line: read_snippet(
            root, path, line, secret_lines=secrets.get(path, ())
        ),
        max_open_problems=state.get("max_open_problems") or context.max_open_problems,
        trend_chart=chart,
        max_lessons=context.max_lessons,
    )
    log_path: str | None = None
    if context.write_log:
        output = state.get("output")
        written = await asyncio.to_thread(
            write_review_log, root, step, markdown, output=Path(output) if output else None
        )
        log_path = str(written.path)
    elapsed = time.perf_counter() - started
    report = with_llm_usage(usage, report_with(elapsed))
    memory_notes = await _record_and_remember(services, state, report, log_path)
    if memory_notes:
        report = report.model_copy(update={"notes": (*report.notes, *memory_notes)})
    return {
        # Nothing after the log reads the per-file analyses (the cache keeps them by content), so
        # the state the run ends with, and its checkpoint, leave them out: 4 MB at 100k lines.
        "scan": scan.model_copy(update={"analyses": ()}),
        "report": report,
        "log_path": log_path,
        "log_markdown": markdown,
        "llm_usage": usage[len(state.get("llm_usage", [])) :],
        "notes": memory_notes,
        "timings": [NodeTiming(node="render", seconds=elapsed)],
    }
