"""A hand-built review of a small FastAPI task runner, shared by the render tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mentorbot.domain import (
    Achievement,
    Commit,
    Evidence,
    Finding,
    Lesson,
    Metrics,
    NodeTiming,
    Plan,
    PlanTask,
    ReviewReport,
    SkillArea,
    SkillCell,
    SkillMatrix,
    SkippedFiles,
    StackItem,
    Text,
)
from mentorbot.logfile_sections import Section, parse_log

FIX_SHA = "3f9c2a7be41d5c0e8a6b2f1d9e7c4a3b2d1e0f9a"
FIX2_SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
HEAD_SHA = "c0ffee1234567890abcdef1234567890abcdef12"
FIRST_SHA = "0badf00d00000000000000000000000000000001"

AREAS: tuple[tuple[str, str, str], ...] = (
    ("async", "异步 Python", "Async Python"),
    ("fastapi", "FastAPI", "FastAPI"),
    ("validation", "数据校验", "Data validation"),
    ("orm", "ORM 与数据库设计", "ORM and database design"),
    ("migrations", "数据库迁移", "Migrations"),
    ("di", "依赖注入", "Dependency injection"),
    ("errors", "错误处理", "Error handling"),
    ("testing", "测试", "Testing"),
    ("security", "安全", "Security"),
    ("background", "后台任务", "Background jobs"),
    ("config", "容器与配置", "Containers and config"),
    ("llm", "LLM 与智能体", "LLM and agents"),
)

# level of (understanding, practice, code_quality, best_practice) per area
LEVELS: dict[str, tuple[str, str, str, str]] = {
    "async": ("good", "good", "partial", "partial"),
    "fastapi": ("good", "good", "good", "partial"),
    "validation": ("good", "good", "good", "good"),
    "orm": ("good", "partial", "partial", "missing"),
    "migrations": ("partial", "missing", "missing", "missing"),
    "di": ("good", "good", "partial", "partial"),
    "errors": ("partial", "partial", "missing", "missing"),
    "testing": ("partial", "partial", "missing", "missing"),
    "security": ("partial", "missing", "missing", "missing"),
    "background": ("missing", "missing", "missing", "missing"),
    "config": ("good", "partial", "partial", "missing"),
    "llm": ("missing", "missing", "missing", "missing"),
}
PREVIOUS_SCORES_CHANGED = {"testing": ("missing", "missing", "missing", "missing")}
OVERALL = {
    "good": Text(zh="熟练", en="confident"),
    "partial": Text(zh="掌握基础", en="getting there"),
    "missing": Text(zh="待学习", en="to learn"),
}

EVIDENCE: dict[str, tuple[Evidence, ...]] = {
    "fastapi": (
        Evidence(path="app/main.py", line=12, note="GET /tasks"),
        Evidence(path="app/main.py", line=20, note="POST /tasks"),
    ),
    "async": (Evidence(path="app/crud.py", line=5, note="async def list_tasks"),),
    "validation": (Evidence(path="app/schemas.py", line=4, note="TaskCreate"),),
    "testing": (Evidence(path="tests/test_tasks.py", line=3, note="test_create_task"),),
}


def _score(levels: tuple[str, ...]) -> int:
    return sum(2 if level == "good" else 1 if level == "partial" else 0 for level in levels)


def _area(key: str, zh: str, en: str, levels: tuple[str, str, str, str]) -> SkillArea:
    cells = [
        SkillCell(level=level, rubric=f"{key}.{dim}.{level}", evidence=EVIDENCE.get(key, ()))  # type: ignore[arg-type]
        for dim, level in zip(
            ("understanding", "practice", "code_quality", "best_practice"), levels, strict=True
        )
    ]
    score = _score(levels)
    overall = OVERALL["good" if score >= 6 else "partial" if score >= 3 else "missing"]
    return SkillArea(
        key=key,
        title=Text(zh=zh, en=en),
        understanding=cells[0],
        practice=cells[1],
        code_quality=cells[2],
        best_practice=cells[3],
        overall=overall,
        score=score,
    )


def skill_matrix(levels: dict[str, tuple[str, str, str, str]]) -> SkillMatrix:
    return SkillMatrix(
        areas=tuple(_area(key, zh, en, levels[key]) for key, zh, en in AREAS),
        overall=Text(zh="后端基础已经成形", en="The backend basics are in place"),
    )


def finding(rule: str, category: str, severity: str, path: str, line: int, en: str) -> Finding:
    return Finding(
        rule=rule,
        category=category,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        path=path,
        line=line,
        message=Text(zh=f"（中）{en}", en=en),
        source="mentor",
    )


def build_report(language: str = "zh", **overrides: object) -> ReviewReport:
    findings = (
        finding(
            "MB101", "blocking-call-in-async", "high", "app/main.py", 12, "time.sleep in async def"
        ),
        finding(
            "MB101",
            "blocking-call-in-async",
            "high",
            "app/worker.py",
            30,
            "requests.get in async def",
        ),
        finding(
            "MB301",
            "bare-or-broad-except",
            "medium",
            "app/crud.py",
            41,
            "except Exception swallows errors",
        ),
        finding("MB501", "missing-tests", "low", "app/crud.py", 1, "no test covers app/crud.py"),
    )
    lessons = (
        Lesson(
            title=Text(zh="ORM 对象被直接返回", en="ORM object returned as the response"),
            category="orm-as-response-model",
            status="solved",
            rule="MB201",
            commit=FIX_SHA,
            commit_date="2024-05-06T21:14:03+08:00",
            path="app/main.py",
            before='@app.post("/tasks", response_model=Task)',
            after='@app.post("/tasks", response_model=TaskRead)',
            explanation=Text(
                zh="接口返回专门的响应模型。", en="Return a dedicated response schema."
            ),
            evidence=(Evidence(commit=FIX_SHA, path="app/main.py"),),
        ),
        Lesson(
            title=Text(zh="修复：会话泄漏", en="Fix: session leak"),
            category="session-per-function",
            status="solved",
            commit=FIX2_SHA,
            commit_date="2024-05-08T10:00:00+08:00",
            path="app/crud.py",
            before="session = SessionLocal()",
            after=(
                "async def get_session():\n"
                "    async with SessionLocal() as session:\n"
                "        yield session"
            ),
            evidence=(Evidence(commit=FIX2_SHA, path="app/crud.py"),),
        ),
        Lesson(
            title=Text(zh="在 async 函数里阻塞", en="Blocking inside async def"),
            category="blocking-call-in-async",
            status="open",
            rule="MB101",
            path="app/main.py",
            line=12,
            before="    time.sleep(1)",
            explanation=Text(zh="用 asyncio.sleep 代替。", en="Use asyncio.sleep instead."),
            evidence=(
                Evidence(path="app/main.py", line=12, note="MB101"),
                Evidence(path="app/worker.py", line=30, note="MB101"),
            ),
            occurrences=2,
            recurring=True,
        ),
    )
    commits = (
        Commit(
            sha=HEAD_SHA,
            author="Li Lei",
            date="2024-05-10T18:00:00+08:00",
            subject="feat: task status",
            kind="feat",
        ),
        Commit(
            sha=FIX2_SHA,
            author="Li Lei",
            date="2024-05-08T10:00:00+08:00",
            subject="fix: close db sessions",
            kind="fix",
        ),
        Commit(
            sha=FIX_SHA,
            author="Li Lei",
            date="2024-05-06T21:14:03+08:00",
            subject="fix: use TaskRead as response model",
            kind="fix",
        ),
        Commit(
            sha=FIRST_SHA,
            author="Li Lei",
            date="2024-05-01T09:30:00+08:00",
            subject="init project",
            kind="other",
        ),
    )
    plan = Plan(
        stage_id="step4-async-jobs",
        stage_title=Text(zh="Step 4：后台任务与消息队列", en="Step 4: background jobs and queues"),
        stage_reason=Text(
            zh="接口和数据模型已经稳定，后台任务还是空白。",
            en="Your endpoints and data model are stable; background work is still missing.",
        ),
        checklist=(
            (Text(zh="接口有响应模型", en="Endpoints declare response models"), True),
            (Text(zh="有 pytest 测试", en="pytest tests exist"), False),
        ),
        tasks=(
            PlanTask(
                text=Text(
                    zh="把 time.sleep 换成 asyncio.sleep",
                    en="Replace time.sleep with asyncio.sleep",
                ),
                files=("app/main.py",),
                horizon="short",
            ),
            PlanTask(
                text=Text(zh="为 CRUD 写测试", en="Write tests for the CRUD layer"),
                files=("app/crud.py", "tests/test_tasks.py"),
                horizon="medium",
            ),
            PlanTask(text=Text(zh="引入任务队列", en="Introduce a job queue"), horizon="long"),
        ),
        strengths=(
            Text(
                zh="路由清晰，统一用了依赖注入。",
                en="Clear routes with dependency injection throughout.",
            ),
        ),
        improvements=(Text(zh="异常处理太宽。", en="Exception handling is too broad."),),
    )
    fields: dict[str, object] = dict(
        repo="/home/lilei/code/task-runner",
        repo_name="task-runner",
        learner="lilei",
        step=3,
        language=language,
        date="2024-05-11",
        head=HEAD_SHA,
        since=None,
        first_commit_date="2024-05-01T09:30:00+08:00",
        last_commit_date="2024-05-10T18:00:00+08:00",
        stack=(
            StackItem(
                name="fastapi", version="0.115.0", category="framework", source="pyproject.toml"
            ),
            StackItem(name="sqlalchemy", version="2.0.30", category="orm", source="pyproject.toml"),
            StackItem(
                name="pydantic", version=None, category="validation", source="pyproject.toml"
            ),
        ),
        languages={"Python": 812, "TOML": 40},
        skipped=SkippedFiles(binary=2, vendored=1),
        commits=commits,
        findings=findings,
        skills=skill_matrix(LEVELS),
        previous_skills=skill_matrix(
            {**LEVELS, **PREVIOUS_SCORES_CHANGED, "async": ("good", "good", "good", "partial")}
        ),
        lessons=lessons,
        achievements=(
            Achievement(
                kind="endpoints",
                title=Text(zh="实现了 4 个任务接口", en="Four task endpoints"),
                evidence=(Evidence(path="app/main.py", line=12),),
            ),
        ),
        plan=plan,
        practices=(
            Text(zh="用 lifespan 管理引擎。", en="Manage the engine in the lifespan handler."),
        ),
        notes=(),
        metrics=Metrics(
            files=9,
            loc=852,
            commits=4,
            findings=4,
            nodes=(NodeTiming(node="scan", seconds=0.42), NodeTiming(node="render", seconds=0.05)),
            duration_s=1.234,
        ),
        review_id=17,
    )
    fields.update(overrides)
    return ReviewReport.model_validate(fields)


@dataclass(frozen=True)
class FakeRubricLine:
    id: str
    area: str
    dimension: str
    level: str
    zh: str
    en: str


RUBRIC = (
    FakeRubricLine(
        "fastapi.practice.good",
        "fastapi",
        "practice",
        "good",
        "至少三个路由声明了响应模型",
        "Three or more routes declare a response model",
    ),
    FakeRubricLine(
        "testing.practice.partial",
        "testing",
        "practice",
        "partial",
        "至少一个测试函数",
        "At least one test function",
    ),
)


@pytest.fixture
def report_zh() -> ReviewReport:
    return build_report("zh")


@pytest.fixture
def report_en() -> ReviewReport:
    return build_report("en")


def _sections(text: str) -> dict[str, Section]:
    return {seg.name: seg for seg in parse_log(text) if isinstance(seg, Section)}
