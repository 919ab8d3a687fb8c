"""The review's memory: logs are remembered, and a problem seen in an earlier log is recurring."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from mentorbot.domain import Finding, ReviewReport, Text
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import local_embedder
from mentorbot.knowledge.memory import recurring_problems, remember_review_log
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.lessons_open import open_lessons
from tests.repos import TaskApi, build_task_api

LEGACY = """\
from app.schemas import TaskCreate


def as_dict(payload: TaskCreate) -> dict:
    return payload.dict()
"""


@pytest.fixture
def task_api(tmp_path: Path) -> TaskApi:
    return build_task_api(tmp_path / "task-api")


@pytest.fixture
def store(database: Database) -> KnowledgeStore:
    return KnowledgeStore(db=database, embedder=local_embedder())


async def test_a_problem_from_the_first_review_is_recurring_in_the_second(
    task_api: TaskApi, review: Any, learner: str, store: KnowledgeStore
) -> None:
    first = await review(repo_path=str(task_api.path), learner=learner)
    step1 = Path(first["log_path"])
    # The review remembered its log itself; remembering the same text again writes nothing.
    remembered = await remember_review_log(store, learner, step1, step1.read_text(encoding="utf-8"))
    assert [(d.kind, d.status) for d in remembered.documents] == [("log", "unchanged")]

    task_api.repo.write("app/legacy.py", LEGACY)
    task_api.repo.commit("feat: legacy helper", date="2026-02-09T10:00:00+00:00")
    second = await review(repo_path=str(task_api.path), learner=learner)
    report: ReviewReport = second["report"]
    lessons = list(report.lessons)
    by_category = {
        lesson.category: index for index, lesson in enumerate(lessons) if lesson.status == "open"
    }
    assert {"blocking-call-in-async", "hardcoded-secret", "pydantic-v1-api-in-v2"} <= set(
        by_category
    )

    hits = await recurring_problems(store, learner, lessons, exclude=[second["log_path"]])

    blocking = hits[by_category["blocking-call-in-async"]]
    assert blocking.source == str(step1)
    assert blocking.heading == "异步函数里的阻塞调用（4 处，严重程度高）"
    assert blocking.anchor == "异步函数里的阻塞调用4-处严重程度高"
    assert blocking.link(step1.parent) == "learning_log_step1.md#异步函数里的阻塞调用4-处严重程度高"
    assert blocking.rule == "MB101"
    assert blocking.matched_rule is True

    secret = hits[by_category["hardcoded-secret"]]
    assert (secret.source, secret.heading) == (str(step1), "写死在代码里的密钥（2 处，严重程度高）")

    # New in this round: the first log never showed it, so it is not recurring.
    assert by_category["pydantic-v1-api-in-v2"] not in hits
    # Solved lessons are progress, never "recurring".
    assert all(lessons[index].status == "open" for index in hits)


async def test_no_earlier_log_means_nothing_recurs(
    task_api: TaskApi, review: Any, learner: str, store: KnowledgeStore
) -> None:
    result = await review(repo_path=str(task_api.path), learner=learner)
    log = Path(result["log_path"])
    lessons = list(result["report"].lessons)

    # The log of this very review is not "an earlier log" of itself, remembered or not.
    assert await recurring_problems(store, learner, lessons, exclude=[log]) == {}
    await remember_review_log(store, learner, log, log.read_text(encoding="utf-8"))
    assert await recurring_problems(store, learner, lessons, exclude=[log]) == {}
    # Another learner's logs never count.
    assert await recurring_problems(store, f"{learner}-other", lessons) == {}


async def test_memory_keeps_the_log_but_not_its_run_metadata(
    task_api: TaskApi, review: Any, learner: str, store: KnowledgeStore
) -> None:
    """A re-run that only changes the run's own figures (id, durations) re-embeds nothing,
    and searching memory never turns up those figures."""
    first = await review(repo_path=str(task_api.path), learner=learner)
    log = Path(first["log_path"])
    text = log.read_text(encoding="utf-8")
    assert "## 元数据" in text and "**总耗时**" in text

    rerun = re.sub(r"(\*\*总耗时\*\*：)[0-9.]+", r"\g<1>99.99", text)
    assert rerun != text
    remembered = await remember_review_log(store, learner, log, rerun)
    assert [d.status for d in remembered.documents] == ["unchanged"]
    hits = await store.search(learner, "元数据 总耗时 回顾编号", k=20, kinds=["log"], mode="text")
    assert [hit.heading for hit in hits if "总耗时" in hit.text] == []

    edited = text.replace("## 学习概览", "## 学习概览\n\n我这周重写了任务接口。", 1)
    assert edited != text
    remembered = await remember_review_log(store, learner, log, edited)
    assert [d.status for d in remembered.documents] == ["updated"]


CALC_LOG = """\
# Step 1 learning log: calc

## Problems and solutions

### Still open

#### Other problems (1 place, low severity)

**Common problems found by ruff**, first at `calculator.py:1`

- `calculator.py:1` `math` imported but never used (ruff F401) (MB201)
"""


def _ruff_finding(path: str, message: str) -> Finding:
    return Finding(
        rule="MB201",
        category="other",
        severity="low",
        path=path,
        line=1,
        message=Text(zh=message, en=message),
        source="ruff",
    )


async def test_ruffs_problems_recur_by_their_code_not_by_their_catch_all_rule(
    tmp_path: Path, learner: str, store: KnowledgeStore
) -> None:
    """A request without a timeout was "recurring: seen in calc › Other problems", a section
    that showed only an unused import: both are MB201, ruff's catch-all (blind check x1)."""
    await remember_review_log(store, learner, tmp_path / "calc/learning_log_step1.md", CALC_LOG)
    timeout = [_ruff_finding("weather.py", "request without a timeout (ruff S113)")]
    unused = [_ruff_finding("weather.py", "`os` imported but never used (ruff F401)")]

    new_problem = await recurring_problems(store, learner, open_lessons(timeout), findings=timeout)
    seen_before = await recurring_problems(store, learner, open_lessons(unused), findings=unused)

    assert new_problem == {}
    assert seen_before[0].heading == "Other problems (1 place, low severity)"
