"""Review memory end to end: logs remembered, recurring problems linked, the learner's plan."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text

from graph.builder import build_review_graph
from graph.context import ReviewContext
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Lesson, ReviewReport
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import Embedder, local_embedder
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.services import Services
from mentorbot.settings import load_settings
from tests.integration.test_knowledge_space import HashEmbeddings
from tests.repos import TaskApi, build_task_api

LEGACY = """\
from app.schemas import TaskCreate


def as_dict(payload: TaskCreate) -> dict:
    return payload.dict()
"""

BLOCKING_ZH = "异步函数里的阻塞调用（4 处，严重程度高）"
BLOCKING_ANCHOR = "异步函数里的阻塞调用4-处严重程度高"

PLAN_ZH = """\
# 我的后端学习计划

## 第一阶段：FastAPI 入门

目标：写出能跑的 CRUD 接口。

- [ ] 写 3 个路由
- [ ] 用 Depends 注入数据库会话

## 第二阶段：数据库与部署

目标：数据库结构可迁移，服务可以一键启动。

- [ ] 用 Alembic 写数据库迁移
- [ ] 写 Dockerfile 把服务容器化
- [ ] 读一遍 SQLAlchemy 2.0 的官方教程
"""

PLAN_EN = """\
# Backend roadmap

## Week 1: tests first

- [ ] Write pytest tests for every route
- [ ] Add a CI workflow with GitHub Actions

## Week 2: containers

- [ ] Package the app with a Dockerfile
"""


async def _documents(database: Database, learner: str) -> list[tuple[str, str, int]]:
    async with database.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT source, kind, version FROM documents WHERE learner = :learner "
                "ORDER BY kind, source"
            ),
            {"learner": learner},
        )
        return [(row.source, row.kind, row.version) for row in rows]


def _open(report: ReviewReport, category: str) -> Lesson:
    return next(
        lesson
        for lesson in report.lessons
        if lesson.status == "open" and lesson.category == category
    )


def _add_legacy(api: TaskApi) -> None:
    """A second week's change: a pydantic v1 call the first log never showed."""
    api.repo.write("app/legacy.py", LEGACY)
    api.repo.commit("feat: legacy helper", date="2026-02-09T10:00:00+00:00")


async def test_second_review_links_the_recurring_problem_to_the_first_log(
    tmp_path: Path, review: Any, learner: str, database: Database
) -> None:
    api = build_task_api(tmp_path / "task-api")
    first = await review(repo_path=str(api.path), learner=learner)
    step1 = Path(first["log_path"])
    assert await _documents(database, learner) == [(str(step1), "log", 1)]
    assert f"#### {BLOCKING_ZH}" in step1.read_text(encoding="utf-8")

    _add_legacy(api)
    second = await review(repo_path=str(api.path), learner=learner, language="en")
    report: ReviewReport = second["report"]

    blocking = _open(report, "blocking-call-in-async")
    link = f"learning_log_step1.md#{BLOCKING_ANCHOR}"
    assert blocking.recurring is True
    assert blocking.recurring_source == link
    assert blocking.recurring_from is not None
    assert blocking.recurring_from.model_dump() == {
        "log": str(step1),
        "repo": None,
        "step": 1,
        "heading": BLOCKING_ZH,
        "link": link,
    }
    # Only the problems the first log showed recur; the new pydantic v1 call does not.
    legacy = _open(report, "pydantic-v1-api-in-v2")
    assert (legacy.recurring, legacy.recurring_from) == (False, None)
    assert all(lesson.status == "open" for lesson in report.lessons if lesson.recurring)

    log = Path(second["log_path"]).read_text(encoding="utf-8")
    # The same project's earlier log: "seen before", as it may never have gone away; the
    # word "recurring" is kept for another project's (a mistake made again).
    recurring = f"(seen before in step 1 › [{BLOCKING_ZH}]({link}))"
    assert f"**{blocking.title.en}** {recurring}" in log
    # Both logs are remembered, the second one too.
    assert [source for source, _, _ in await _documents(database, learner)] == [
        str(step1),
        second["log_path"],
    ]


async def test_a_recurring_problem_from_a_deleted_log_is_named_without_a_dead_link(
    tmp_path: Path, review: Any, learner: str
) -> None:
    api = build_task_api(tmp_path / "task-api")
    first = await review(repo_path=str(api.path), learner=learner)
    Path(first["log_path"]).unlink()

    _add_legacy(api)
    second = await review(repo_path=str(api.path), learner=learner, language="en", step=2)

    blocking = _open(second["report"], "blocking-call-in-async")
    assert blocking.recurring_from is not None
    assert (blocking.recurring_from.step, blocking.recurring_from.link) == (1, "")
    log = Path(second["log_path"]).read_text(encoding="utf-8")
    assert f"**{blocking.title.en}** (seen before in step 1 › {BLOCKING_ZH})" in log


async def test_a_problem_first_seen_in_another_project_is_named_by_that_project(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The same learner's second project: its "step 1" would read as this project's own."""
    first_project = build_task_api(tmp_path / "task-api")
    first = await review(repo_path=str(first_project.path), learner=learner)
    second_project = build_task_api(tmp_path / "todo-api")

    second = await review(repo_path=str(second_project.path), learner=learner, language="en")

    blocking = _open(second["report"], "blocking-call-in-async")
    assert blocking.recurring_from is not None
    assert (blocking.recurring_from.log, blocking.recurring_from.repo) == (
        first["log_path"],
        "task-api",
    )
    link = f"../../task-api/docs/learning_log_step1.md#{BLOCKING_ANCHOR}"
    log = Path(second["log_path"]).read_text(encoding="utf-8")
    assert f"(recurring: seen in task-api › step 1 › [{BLOCKING_ZH}]({link}))" in log


async def test_a_problem_seen_in_another_project_s_log_kept_outside_it_names_that_project(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A log written with --output into a notes folder says nothing of its project by where it
    is: the review that wrote it does."""
    first_project = build_task_api(tmp_path / "task-api")
    notes = tmp_path / "notes" / "task-api.md"
    await review(repo_path=str(first_project.path), learner=learner, output=str(notes))
    second_project = build_task_api(tmp_path / "todo-api")

    second = await review(repo_path=str(second_project.path), learner=learner, language="en")

    blocking = _open(second["report"], "blocking-call-in-async")
    assert blocking.recurring_from is not None
    assert (blocking.recurring_from.log, blocking.recurring_from.repo) == (str(notes), "task-api")
    log = Path(second["log_path"]).read_text(encoding="utf-8")
    assert "(recurring: seen in task-api › step 1 › [" in log


async def test_rerunning_a_step_does_not_call_its_own_problems_recurring(
    tmp_path: Path, review: Any, learner: str, database: Database
) -> None:
    api = build_task_api(tmp_path / "task-api")
    first = await review(repo_path=str(api.path), learner=learner, step=1)
    api.repo.write("README.md", "# Task Runner\n\nNow with a README.\n")
    api.repo.commit("docs: readme", date="2026-02-16T10:00:00+00:00")
    again = await review(repo_path=str(api.path), learner=learner, step=1)

    assert again["log_path"] == first["log_path"]
    assert not any(lesson.recurring for lesson in again["report"].lessons)
    # The re-run's log replaced the first one in memory (version 2), it was not added beside it.
    assert await _documents(database, learner) == [(first["log_path"], "log", 2)]


def test_cli_json_and_output_file_carry_the_recurring_link(
    tmp_path: Path, mentor_cli: Any, learner: str
) -> None:
    api = build_task_api(tmp_path / "task-api")
    elsewhere = tmp_path / "notes" / "week1.md"
    first = mentor_cli(
        "review", str(api.path), "--learner", learner, "--output", str(elsewhere),
        "--format", "json",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["log_path"] == str(elsewhere)

    _add_legacy(api)
    second = mentor_cli("review", str(api.path), "--learner", learner, "--format", "json")
    assert second.returncode == 0, second.stderr
    document = json.loads(second.stdout)
    blocking = next(
        lesson
        for lesson in document["lessons"]
        if lesson["status"] == "open" and lesson["category"] == "blocking-call-in-async"
    )
    # The second log goes to docs/ in the repo; the link climbs to the --output file.
    link = f"../../notes/week1.md#{BLOCKING_ANCHOR}"
    assert blocking["recurring"] is True
    assert blocking["recurring_from"] == {
        "log": str(elsewhere),
        "repo": None,
        "step": 1,
        "heading": BLOCKING_ZH,
        "link": link,
    }
    assert document["plan"]["curriculum"] == "builtin"
    written = Path(document["log_path"]).read_text(encoding="utf-8")
    assert f"（之前的回顾里也有：第 1 步 › [{BLOCKING_ZH}]({link})）" in written


async def test_plan_follows_the_learners_ingested_plan(
    tmp_path: Path, review: Any, learner: str, services: Services
) -> None:
    api = build_task_api(tmp_path / "task-api")
    plan_file = tmp_path / "my-plan.md"
    plan_file.write_text(PLAN_ZH, encoding="utf-8")
    await services.knowledge.ingest_paths(learner, [plan_file])

    result = await review(repo_path=str(api.path), learner=learner)
    plan = result["report"].plan

    assert plan.curriculum == str(plan_file)
    # Stage one (3 routes, Depends) is done in this repo, so the plan moves on to stage two.
    assert (plan.stage_id, plan.stage_title.zh) == ("plan-stage-2", "第二阶段：数据库与部署")
    assert [(item.zh, done) for item, done in plan.checklist] == [
        ("用 Alembic 写数据库迁移", False),
        ("写 Dockerfile 把服务容器化", False),
        ("读一遍 SQLAlchemy 2.0 的官方教程", False),
    ]
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    assert f"- **依据的计划**：你的学习计划 `{plan_file}`" in log
    assert f"**建议阶段**：第二阶段：数据库与部署（出自你的学习计划 `{plan_file}`）" in log
    assert "- [ ] 写 Dockerfile 把服务容器化" in log


async def test_mentor_toml_study_plan_is_ingested_once_and_followed(
    tmp_path: Path, review: Any, learner: str, database: Database, services: Services
) -> None:
    api = build_task_api(tmp_path / "task-api")
    api.repo.write("docs/roadmap.md", PLAN_EN)
    api.repo.write(".mentor.toml", f'learner = "{learner}"\nstudy_plan = "docs/roadmap.md"\n')
    api.repo.commit("docs: my roadmap", date="2026-02-09T10:00:00+00:00")
    # A plan ingested by hand loses to the one the repo names.
    other = tmp_path / "old-plan.md"
    other.write_text(PLAN_ZH, encoding="utf-8")
    await services.knowledge.ingest_paths(learner, [other])

    first = await review(repo_path=str(api.path), language="en")
    plan = first["report"].plan
    roadmap = str((api.path / "docs" / "roadmap.md").resolve())

    assert plan.curriculum == "docs/roadmap.md"
    assert (plan.stage_id, plan.stage_title.en) == ("plan-stage-1", "Week 1: tests first")
    assert [(item.en, done) for item, done in plan.checklist] == [
        ("Write pytest tests for every route", True),
        ("Add a CI workflow with GitHub Actions", False),
    ]
    log = Path(first["log_path"]).read_text(encoding="utf-8")
    assert "- **Plan followed**: your study plan `docs/roadmap.md`" in log
    plans = [row for row in await _documents(database, learner) if row[1] == "plan"]
    assert plans == [(str(other), "plan", 1), (roadmap, "plan", 1)]

    # Unchanged: the next review writes nothing; changed: a new version is stored and used.
    await review(repo_path=str(api.path), language="en")
    assert (roadmap, "plan", 1) in await _documents(database, learner)
    api.repo.write("docs/roadmap.md", PLAN_EN.replace("Week 1: tests first", "Week 1: testing"))
    third = await review(repo_path=str(api.path), language="en")
    assert third["report"].plan.stage_title.en == "Week 1: testing"
    assert (roadmap, "plan", 2) in await _documents(database, learner)


async def test_learners_never_see_each_others_memory(
    tmp_path: Path, review: Any, learner: str, database: Database, services: Services
) -> None:
    api = build_task_api(tmp_path / "task-api")
    plan_file = tmp_path / "my-plan.md"
    plan_file.write_text(PLAN_ZH, encoding="utf-8")
    await services.knowledge.ingest_paths(learner, [plan_file])
    await review(repo_path=str(api.path), learner=learner)

    stranger = f"{learner}-other"
    _add_legacy(api)
    theirs = await review(repo_path=str(api.path), learner=stranger)
    report: ReviewReport = theirs["report"]

    assert not any(lesson.recurring for lesson in report.lessons)
    assert report.plan.curriculum == "builtin"
    assert await _documents(database, stranger) == [(theirs["log_path"], "log", 1)]
    hits = await services.knowledge.search(stranger, "阻塞调用 学习计划 Alembic", k=20)
    assert {hit.document for hit in hits} == {theirs["log_path"]}


async def test_a_store_of_another_model_leaves_memory_out_but_the_review_runs(
    tmp_path: Path, private_database: Database, learner: str
) -> None:
    """After MENTOR_EMBEDDINGS changes and before `mentor reindex`: a full log, a note, no write."""
    await KnowledgeStore(db=private_database, embedder=local_embedder()).ingest_text(
        learner, "notes.md", "# 笔记\n\n## 阻塞\n\ntime.sleep 会卡住事件循环。\n", "note"
    )
    switched = KnowledgeStore(
        db=private_database, embedder=Embedder(embeddings=HashEmbeddings(8), name="test/hash-8")
    )
    services = Services(
        settings=load_settings(database_url=private_database.libpq_url),
        db=private_database,
        cache=AnalysisCache(tmp_path / "cache"),
        knowledge=switched,
    )
    api = build_task_api(tmp_path / "task-api")
    api.repo.write("docs/roadmap.md", PLAN_EN)
    api.repo.write(".mentor.toml", f'learner = "{learner}"\nstudy_plan = "docs/roadmap.md"\n')
    api.repo.commit("docs: my roadmap", date="2026-02-09T10:00:00+00:00")

    async with open_checkpointer(private_database) as saver:
        graph = build_review_graph(services, saver)
        config = {"configurable": {"thread_id": f"test-{uuid.uuid4()}"}}
        result = await graph.ainvoke(
            {"repo_path": str(api.path), "language": "en"}, config, context=ReviewContext()
        )

    report: ReviewReport = result["report"]
    note = (
        "This review ran without your memory (earlier logs, study plan): the knowledge store "
        "holds vectors of wordllama/l2_supercat-256 (256 dimensions) but MENTOR_EMBEDDINGS "
        "selects test/hash-8 (8 dimensions): run `mentor reindex` to re-embed every document "
        "with the new model"
    )
    assert [n.en for n in report.notes if "memory" in n.en] == [note]
    assert note in Path(result["log_path"]).read_text(encoding="utf-8")
    # The repo's plan is still followed, read from the file; nothing was written to the store.
    assert report.plan.curriculum == "docs/roadmap.md"
    assert await _documents(private_database, learner) == [("notes.md", "note", 1)]


async def test_a_step_rerun_under_another_name_is_not_its_own_earlier_log(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Step 1 in English to one ``--output``, then step 1 again in Chinese to another: the
    second log called every open problem recurring, "seen before in step 1", linking the first
    (blind check h3)."""
    api = build_task_api(tmp_path / "task-api")
    english = tmp_path / "out" / "step1.en.md"
    await review(
        repo_path=str(api.path), learner=learner, step=1, language="en", output=str(english)
    )
    again = await review(repo_path=str(api.path), learner=learner, step=1, language="zh")

    assert again["log_path"] != str(english)
    assert not any(lesson.recurring for lesson in again["report"].lessons)
    # A later step still finds step 1's problems, under either name.
    _add_legacy(api)
    later = await review(repo_path=str(api.path), learner=learner, step=2)
    assert _open(later["report"], "blocking-call-in-async").recurring


async def test_a_second_learner_s_first_review_says_whose_the_earlier_log_is(
    review: Any, learner: str, tmp_path: Path
) -> None:
    """A second learner's first review of a repo, numbered step 2 by the first learner's log in
    docs/, said the database remembered no review of the repository: it held the first
    learner's (blind check z1)."""
    api = build_task_api(tmp_path / "task-api")
    await review(repo_path=str(api.path), learner=learner, language="en")
    second = f"{learner}-second"

    values = await review(repo_path=str(api.path), learner=second, language="en")

    report = values["report"]
    assert (report.step, report.previous_step, report.other_learners) == (2, None, (learner,))
    log = Path(values["log_path"]).read_text(encoding="utf-8")
    assert f"No earlier review of this repository by {second} is recorded" in log
    assert f"The database does hold reviews of it by {learner}:" in log
    assert "came from reviews it does not remember" not in log


async def test_reviews_written_to_output_files_number_their_steps_on(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Two reviews to ``--output`` files, a commit apart, were both step 1: docs/ held no log to
    count from (blind check g1). A step asked for by number is still that step."""
    api = build_task_api(tmp_path / "task-api")
    first = await review(
        repo_path=str(api.path), learner=learner, output=str(tmp_path / "out" / "first.md")
    )
    _add_legacy(api)

    second = await review(
        repo_path=str(api.path), learner=learner, output=str(tmp_path / "out" / "second.md")
    )

    assert (first["report"].step, second["report"].step) == (1, 2)
    assert second["report"].previous_step == 1
    assert not (api.path / "docs").exists()


async def test_a_default_review_after_one_written_elsewhere_is_the_next_step(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Step 1 written to an ``--output`` file, then a plain review: it wrote
    docs/learning_log_step1.md, "compared with the step 1 review" (blind check h4)."""
    api = build_task_api(tmp_path / "task-api")
    await review(
        repo_path=str(api.path), learner=learner, step=1, output=str(tmp_path / "first.md")
    )
    _add_legacy(api)

    second = await review(repo_path=str(api.path), learner=learner)

    assert (second["report"].step, second["report"].previous_step) == (2, 1)
    assert second["log_path"] == str(api.path / "docs" / "learning_log_step2.md")
