"""The knowledge store on the session's PostgreSQL: ingest, hybrid search, isolation, updates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedders import local_embedder
from mentorbot.knowledge.ingest import IngestError
from mentorbot.knowledge.memory import learner_curriculum
from mentorbot.knowledge.store import KnowledgeStore

PLAN = """\
# 我的学习计划

## 第一阶段：异步基础

目标：写出不会卡住事件循环的 async 代码。

- [ ] 写一个真正 await 其他协程的 async 函数
- [ ] 理解事件循环，能解释阻塞调用的后果

## 第二阶段：数据库

- [ ] 用 Alembic 管理数据库迁移，不再依赖 create_all
- [ ] 用 Depends 注入数据库会话
"""

LOG_STEP1 = """\
<!-- mentor:begin title sha=0a1b2c3d4e5f -->
# Step 1 学习日志：todo-api
<!-- mentor:end title -->

<!-- mentor:begin problems sha=1a2b3c4d5e6f -->
## 问题与解决

### 尚待解决的问题

#### 异步函数里的阻塞调用（2 处，严重程度高）

**在 async 函数里调用了阻塞操作**，首次出现在 `app/main.py:19`

在协程里调用 `time.sleep(1)` 会卡住整个事件循环，其他请求只能排队。改成 `await asyncio.sleep(1)`。

- `app/main.py:19` `create_task` 是 async 函数，但直接调用了阻塞的 `time.sleep`（MB101）

#### 用字符串拼接 SQL（1 处，严重程度高）

- `app/main.py:36` SQL 语句由 f-string 拼接而成，请改用参数绑定（MB108）
<!-- mentor:end problems -->
"""

LOG_STEP2 = """\
<!-- mentor:begin title sha=2a1b2c3d4e5f -->
# Step 2 learning log: todo-api
<!-- mentor:end title -->

<!-- mentor:begin problems sha=3a2b3c4d5e6f -->
## Problems and solutions

### Still open

#### Secrets hard-coded in the source (1 place, high severity)

`app/config.py:3` keeps the OpenAI API key in the code; read it from an environment variable
with pydantic-settings instead (MB107).

#### Missing tests (1 place, medium severity)

There is no test for the task routes yet: add pytest tests with FastAPI's TestClient.
<!-- mentor:end problems -->
"""


@pytest.fixture
def store(database: Database) -> KnowledgeStore:
    return KnowledgeStore(db=database, embedder=local_embedder())


@pytest.fixture
def learner_files(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "study-plan.md").write_text(PLAN, encoding="utf-8")
    (tmp_path / "docs" / "learning_log_step1.md").write_text(LOG_STEP1, encoding="utf-8")
    (tmp_path / "docs" / "learning_log_step2.md").write_text(LOG_STEP2, encoding="utf-8")
    return tmp_path


async def _documents(database: Database, learner: str) -> list[tuple[str, str, int, int]]:
    async with database.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT source, kind, version, chunk_count FROM documents "
                "WHERE learner = :learner ORDER BY source"
            ),
            {"learner": learner},
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def test_plan_and_logs_answer_chinese_english_and_mixed_questions(
    store: KnowledgeStore, learner: str, learner_files: Path
) -> None:
    report = await store.ingest_paths(
        learner, [learner_files / "study-plan.md", learner_files / "docs"]
    )

    plan = str(learner_files / "study-plan.md")
    step1 = str(learner_files / "docs" / "learning_log_step1.md")
    step2 = str(learner_files / "docs" / "learning_log_step2.md")
    assert [(d.source, d.kind, d.status, d.chunks) for d in report.documents] == [
        (plan, "plan", "added", 2),
        (step1, "log", "added", 2),
        (step2, "log", "added", 2),
    ]

    mixed = await store.search(learner, "为什么 async 里不能用 time.sleep", k=3)
    assert (mixed[0].document, mixed[0].heading) == (
        step1,
        "异步函数里的阻塞调用（2 处，严重程度高）",
    )
    assert mixed[0].heading_path == (
        "Step 1 学习日志：todo-api",
        "问题与解决",
        "尚待解决的问题",
        "异步函数里的阻塞调用（2 处，严重程度高）",
    )
    assert "await asyncio.sleep(1)" in mixed[0].text

    english = await store.search(learner, "API key hard-coded in the config", k=3)
    assert (english[0].document, english[0].heading) == (
        step2,
        "Secrets hard-coded in the source (1 place, high severity)",
    )

    chinese = await store.search(learner, "什么时候学数据库迁移", k=3)
    assert (chinese[0].document, chinese[0].heading) == (plan, "第二阶段：数据库")

    plans_only = await store.search(learner, "事件循环", k=5, kinds=["plan"])
    assert {hit.document for hit in plans_only} == {plan}
    assert plans_only[0].heading == "第一阶段：异步基础"


async def test_no_query_ever_returns_another_learners_chunks(
    store: KnowledgeStore, learner: str, learner_files: Path, tmp_path: Path
) -> None:
    other = f"{learner}-other"
    await store.ingest_paths(learner, [learner_files / "docs"])
    private = tmp_path / "bob-notes.md"
    private.write_text(
        "# Bob 的笔记\n\n## Redis 缓存\n\nBob 用 Redis 做 cache-aside 缓存，TTL 加随机抖动。\n",
        encoding="utf-8",
    )
    await store.ingest_paths(other, [private, learner_files / "docs"])

    for query in ("Redis 缓存 TTL 抖动", "cache-aside", "time.sleep 阻塞", "hard-coded secrets"):
        for mode in ("hybrid", "vector", "text"):
            mine = await store.search(learner, query, k=10, mode=mode)
            if mode != "text":  # nearest neighbours always exist; shared words may not
                assert len(mine) == 4, (query, mode)
            assert all(hit.document != str(private) for hit in mine)
            ids = {hit.chunk_id for hit in mine} | {0}
            async with store.db.engine.connect() as conn:
                owners = set(
                    (
                        await conn.execute(
                            text("SELECT DISTINCT learner FROM chunks WHERE id = ANY(:ids)"),
                            {"ids": list(ids)},
                        )
                    ).scalars()
                )
            assert owners <= {learner}, (query, mode)

    theirs = await store.search(other, "Redis 缓存 TTL 抖动", k=1)
    assert theirs[0].document == str(private)
    assert await store.search(f"{learner}-nobody", "Redis 缓存", k=5) == []


async def test_unchanged_file_is_a_no_op_and_a_changed_one_replaces_its_chunks(
    store: KnowledgeStore, database: Database, learner: str, tmp_path: Path
) -> None:
    note = tmp_path / "async-notes.md"
    note.write_text("# 异步笔记\n\n## 睡眠\n\n用 time.sleep 会阻塞。\n", encoding="utf-8")
    first = await store.ingest_paths(learner, [note])
    async with database.engine.connect() as conn:
        ids_before = list(
            (
                await conn.execute(
                    text("SELECT id FROM chunks WHERE learner = :l ORDER BY id"), {"l": learner}
                )
            ).scalars()
        )

    again = await store.ingest_paths(learner, [note])
    assert [(d.status, d.chunks) for d in again.documents] == [("unchanged", 0)]
    async with database.engine.connect() as conn:
        ids_after = list(
            (
                await conn.execute(
                    text("SELECT id FROM chunks WHERE learner = :l ORDER BY id"), {"l": learner}
                )
            ).scalars()
        )
    assert ids_after == ids_before
    assert first.documents[0].version == 1

    note.write_text(
        "# 异步笔记\n\n## 睡眠\n\n应该用 await asyncio.sleep。\n\n## 线程池\n\n用 to_thread。\n",
        encoding="utf-8",
    )
    changed = await store.ingest_paths(learner, [note])

    assert [(d.status, d.version, d.chunks) for d in changed.documents] == [("updated", 2, 2)]
    assert await _documents(database, learner) == [(str(note), "note", 2, 2)]
    hits = await store.search(learner, "time.sleep 阻塞", k=5, mode="text")
    assert all("用 time.sleep 会阻塞" not in hit.text for hit in hits)
    assert [hit.heading for hit in await store.search(learner, "to_thread 线程池", k=1)] == [
        "线程池"
    ]


async def test_bad_input_writes_nothing(
    store: KnowledgeStore, database: Database, learner: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.md"
    good.write_text("# 好的笔记\n\n内容\n", encoding="utf-8")
    gbk = tmp_path / "gbk.md"
    gbk.write_bytes("中文笔记".encode("gbk"))

    with pytest.raises(IngestError) as error:
        await store.ingest_paths(learner, [good, gbk])

    assert str(error.value).startswith(f"nothing was ingested: {gbk}: not UTF-8 text")
    assert await _documents(database, learner) == []

    with pytest.raises(IngestError, match="empty, nothing to index"):
        await store.ingest_text(learner, "memo", "   ", "note")
    with pytest.raises(IngestError, match="--kind must be one of plan, log, note"):
        await store.ingest_paths(learner, [good], kind="diary")  # type: ignore[arg-type]
    assert await _documents(database, learner) == []


async def test_the_ingested_plan_becomes_the_learners_curriculum(
    store: KnowledgeStore, learner: str, learner_files: Path
) -> None:
    assert await learner_curriculum(store, learner) is None
    await store.ingest_paths(learner, [learner_files / "study-plan.md"])

    curriculum = await learner_curriculum(store, learner)

    assert curriculum is not None
    assert curriculum.source == str(learner_files / "study-plan.md")
    assert [stage.title.zh for stage in curriculum.stages] == [
        "第一阶段：异步基础",
        "第二阶段：数据库",
    ]
    assert curriculum.stages[0].goal.zh == "写出不会卡住事件循环的 async 代码。"
    second = curriculum.stages[1].checklist
    assert [item.text.zh for item in second] == [
        "用 Alembic 管理数据库迁移，不再依赖 create_all",
        "用 Depends 注入数据库会话",
    ]
    assert second[1].query is not None
    assert second[1].query.signal == "depends"


def _mentor(database_url: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    runner = (
        "from mentorbot.cli import app, main\n"
        "from mentorbot.cli_knowledge import register\n"
        "register(app)\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", runner, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": database_url, "MENTOR_HOME": str(home), "NO_COLOR": "1"},
        timeout=300,
        check=False,
    )


def test_cli_ingest_search_json_and_one_line_errors(
    database_url: str, mentor_home: Path, learner: str, learner_files: Path
) -> None:
    ingest = _mentor(database_url, mentor_home, "ingest", str(learner_files), "--learner", learner)
    assert ingest.returncode == 0, ingest.stderr
    assert "3 documents: 3 added, 0 updated, 0 unchanged · 6 chunks written" in ingest.stdout

    search = _mentor(
        database_url,
        mentor_home,
        "search",
        "为什么 async 里不能用 time.sleep",
        "--learner",
        learner,
        "--k",
        "2",
        "--json",
    )
    assert search.returncode == 0, search.stderr
    import json

    hits = json.loads(search.stdout)
    assert len(hits) == 2
    assert set(hits[0]) >= {"text", "score", "document", "heading"}
    assert hits[0]["document"] == str(learner_files / "docs" / "learning_log_step1.md")
    assert hits[0]["heading"] == "异步函数里的阻塞调用（2 处，严重程度高）"

    binary = learner_files / "scan.md"
    binary.write_bytes(b"\x00\x01\x02")
    bad = _mentor(database_url, mentor_home, "ingest", str(binary), "--learner", learner)
    assert bad.returncode == 2
    assert bad.stderr.strip() == f"error: nothing was ingested: {binary}: a binary file, not text"
