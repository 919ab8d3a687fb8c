"""Review records and graph checkpoints stored in a real PostgreSQL."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import TypedDict

import pytest
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot.domain import (
    Evidence,
    Finding,
    Metrics,
    NodeTiming,
    Plan,
    ReviewReport,
    SkillArea,
    SkillCell,
    SkillMatrix,
    Text,
)
from mentorbot.knowledge import reviews
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.db import Database


def make_report(repo: Path, learner: str, *, step: int = 1, head: str = "b" * 40) -> ReviewReport:
    """A small but complete report: one area, two findings, three timed nodes."""

    def cell(level: str, rubric: str) -> SkillCell:
        return SkillCell.model_validate(
            {"level": level, "rubric": rubric, "evidence": [{"path": "app/main.py", "line": 12}]}
        )

    area = SkillArea(
        key="fastapi",
        title=Text(zh="FastAPI 接口", en="FastAPI endpoints"),
        understanding=cell("good", "fastapi.u1"),
        practice=cell("good", "fastapi.p1"),
        code_quality=cell("partial", "fastapi.q1"),
        best_practice=cell("missing", "fastapi.b1"),
        overall=Text(zh="路由写得扎实，还缺响应模型", en="Solid routes, response models missing"),
        score=5,
    )
    findings = (
        Finding(
            rule="MB101",
            category="blocking-call-in-async",
            severity="high",
            path="app/main.py",
            line=12,
            message=Text(
                zh="异步函数里调用了阻塞的 requests.get", en="requests.get blocks in async"
            ),
            source="mentor",
            fingerprint="MB101:app/main.py:requests.get",
        ),
        Finding(
            rule="E722",
            category="bare-or-broad-except",
            severity="medium",
            path="app/db.py",
            line=30,
            message=Text(zh="裸 except 会吞掉所有异常", en="bare except hides every error"),
            source="ruff",
        ),
    )
    return ReviewReport(
        repo=str(repo),
        repo_name=repo.name,
        learner=learner,
        step=step,
        language="en",
        date="2025-03-04",
        head=head,
        findings=findings,
        skills=SkillMatrix(
            areas=(area,), overall=Text(zh="接口入门已稳", en="Getting solid on APIs")
        ),
        plan=Plan(
            stage_id="backend-2",
            stage_title=Text(zh="数据库与迁移", en="Databases and migrations"),
            stage_reason=Text(zh="还没有迁移脚本", en="no migrations yet"),
        ),
        metrics=Metrics(
            files=7,
            loc=412,
            commits=9,
            findings=2,
            nodes=(
                NodeTiming(node="scan", seconds=0.5),
                NodeTiming(node="assess", seconds=0.25),
                NodeTiming(node="scan", seconds=0.125),
            ),
            duration_s=1.5,
        ),
    )


async def start(session: AsyncSession, repo: Path, learner: str, step: int = 1) -> int:
    return await reviews.start_review(
        session,
        repo_path=repo,
        learner=learner,
        step=step,
        language="en",
        since="a" * 40,
        head="b" * 40,
    )


# --- review records -----------------------------------------------------------------------


async def test_completed_review_round_trips_as_the_last_completed_review(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = tmp_path / "shop-api"
    assert await reviews.last_completed_review(db_session, repo, learner) is None

    first = await start(db_session, repo, learner, step=1)
    await reviews.complete_review(
        db_session, first, make_report(repo, learner, step=1, head="1" * 40), None
    )
    second = await start(db_session, repo, learner, step=2)
    report = make_report(repo, learner, step=2)
    await reviews.complete_review(db_session, second, report, "docs/learning_log_step2.md")
    await start(db_session, repo, learner, step=3)  # still running: not a completed review

    last = await reviews.last_completed_review(db_session, repo, learner)
    assert last is not None
    assert (last.id, last.step, last.head_sha) == (second, 2, "b" * 40)
    assert last.finished_at is not None
    assert last.report == report.model_copy(update={"review_id": second})
    assert await reviews.last_completed_review(db_session, repo, "someone-else") is None

    detail = await reviews.get_review(db_session, second)
    assert detail is not None
    assert detail.status == "completed"
    assert detail.repo_name == "shop-api"
    assert detail.counts == {"files": 7, "loc": 412, "commits": 9, "findings": 2}
    assert detail.timings == {"scan": 0.625, "assess": 0.25}
    assert detail.duration_s == 1.5
    assert detail.log_path == "docs/learning_log_step2.md"

    rows = await db_session.execute(
        text(
            "SELECT rule, path, line, message_zh, source FROM review_findings "
            "WHERE review_id = :id ORDER BY rule"
        ),
        {"id": second},
    )
    assert [tuple(row) for row in rows] == [
        ("E722", "app/db.py", 30, "裸 except 会吞掉所有异常", "ruff"),
        ("MB101", "app/main.py", 12, "异步函数里调用了阻塞的 requests.get", "mentor"),
    ]
    skills = await db_session.execute(
        text(
            "SELECT dimension, level, score FROM skill_levels "
            "WHERE review_id = :id AND area = 'fastapi' ORDER BY dimension"
        ),
        {"id": second},
    )
    assert [tuple(row) for row in skills] == [
        ("best_practice", "missing", 0),
        ("code_quality", "partial", 1),
        ("practice", "good", 2),
        ("understanding", "good", 2),
    ]


async def test_completing_twice_replaces_the_finding_rows(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = tmp_path / "todo"
    review_id = await start(db_session, repo, learner)
    report = make_report(repo, learner)
    await reviews.complete_review(db_session, review_id, report, None)
    await reviews.complete_review(db_session, review_id, report, None)
    count = await db_session.scalar(
        text("SELECT count(*) FROM review_findings WHERE review_id = :id"), {"id": review_id}
    )
    assert count == 2


async def test_failed_review_keeps_its_error_and_a_late_cancel_keeps_a_completed_review(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = tmp_path / "blog"
    failed = await start(db_session, repo, learner)
    await reviews.fail_review(db_session, failed, "git log failed: not a git repository")
    detail = await reviews.get_review(db_session, failed)
    assert detail is not None
    assert (detail.status, detail.error) == ("failed", "git log failed: not a git repository")
    assert detail.finished_at is not None
    assert detail.duration_s is not None and detail.duration_s >= 0
    assert await reviews.last_completed_review(db_session, repo, learner) is None

    done = await start(db_session, repo, learner, step=2)
    await reviews.complete_review(db_session, done, make_report(repo, learner, step=2), None)
    await reviews.fail_review(db_session, done, "client disconnected", status="cancelled")
    detail = await reviews.get_review(db_session, done)
    assert detail is not None
    assert (detail.status, detail.error) == ("completed", None)

    with pytest.raises(reviews.ReviewNotFoundError, match="no review with id 999999999"):
        await reviews.fail_review(db_session, 999_999_999, "gone")


async def test_a_review_left_running_by_a_dead_process_is_closed_when_the_next_one_starts(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    """A CLI killed outright never records an outcome; its record must not say "running" for
    ever. One that started minutes ago may still be running (the API, a second terminal)."""
    repo = tmp_path / "blog"
    abandoned = await start(db_session, repo, learner)
    recent = await start(db_session, repo, learner, step=2)
    other_learner = await start(db_session, repo, f"{learner}-other")
    await db_session.execute(
        text(
            "UPDATE reviews SET started_at = now() - interval '7 hours' "
            "WHERE id = :abandoned OR id = :other"
        ),
        {"abandoned": abandoned, "other": other_learner},
    )
    await db_session.execute(
        text("UPDATE reviews SET started_at = now() - interval '5 minutes' WHERE id = :id"),
        {"id": recent},
    )
    await db_session.commit()

    await start(db_session, repo, learner, step=3)

    states = {}
    for review_id in (abandoned, recent, other_learner):
        detail = await reviews.get_review(db_session, review_id)
        assert detail is not None
        states[review_id] = (detail.status, detail.error)
    assert states == {
        abandoned: ("failed", reviews.ABANDONED),
        recent: ("running", None),
        other_learner: ("running", None),
    }


async def test_list_reviews_filters_by_learner_repo_and_status(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    api, cli = tmp_path / "api", tmp_path / "cli"
    first = await start(db_session, api, learner, step=1)
    await reviews.complete_review(db_session, first, make_report(api, learner), None)
    second = await start(db_session, api, learner, step=2)
    await reviews.fail_review(db_session, second, "timeout", status="cancelled")
    third = await start(db_session, cli, learner, step=1)

    everything = await reviews.list_reviews(db_session, learner=learner)
    assert [item.id for item in everything] == [third, second, first]
    assert {item.repo_path for item in everything} == {str(api), str(cli)}

    by_repo = await reviews.list_reviews(db_session, learner=learner, repo=api)
    assert [item.id for item in by_repo] == [second, first]
    running = await reviews.list_reviews(db_session, learner=learner, status="running")
    assert [(item.id, item.repo_name) for item in running] == [(third, "cli")]
    cancelled = await reviews.list_reviews(db_session, repo=api, status="cancelled")
    assert [(item.id, item.error) for item in cancelled] == [(second, "timeout")]
    page = await reviews.list_reviews(db_session, learner=learner, limit=1, offset=1)
    assert [item.id for item in page] == [second]
    assert await reviews.list_reviews(db_session, learner=f"{learner}-nobody") == []


# --- checkpointer -------------------------------------------------------------------------


class _NoteState(TypedDict):
    topic: str
    note: Text
    evidence: list[Evidence]


def _write_note(state: _NoteState) -> dict[str, object]:
    return {
        "note": Text(zh=f"复习{state['topic']}", en=f"review {state['topic']}"),
        "evidence": [Evidence(path="app/main.py", line=3)],
    }


async def test_checkpointer_saves_and_restores_domain_objects(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    builder = StateGraph(_NoteState)
    builder.add_node("write_note", _write_note)
    builder.add_edge(START, "write_note")
    builder.add_edge("write_note", END)
    thread: RunnableConfig = {"configurable": {"thread_id": f"test-{uuid.uuid4().hex}"}}

    async with open_checkpointer(database) as saver:
        graph = builder.compile(checkpointer=saver)
        start_state = _NoteState(topic="async", note=Text(zh="", en=""), evidence=[])
        await graph.ainvoke(start_state, thread)

    caplog.set_level(logging.WARNING)
    async with open_checkpointer(database) as saver:
        graph = builder.compile(checkpointer=saver)
        snapshot = await graph.aget_state(thread)
    assert snapshot.values["note"] == Text(zh="复习async", en="review async")
    assert snapshot.values["evidence"] == [Evidence(path="app/main.py", line=3)]
    assert not [r for r in caplog.records if "msgpack" in r.getMessage().lower()]
