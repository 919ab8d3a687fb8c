"""Hand-built scan results for the assess and plan tests.

``task_api`` is a FastAPI app with 4 routes, Depends, 3 ORM models and no tests; ``covered_api``
adds tests, Alembic revisions, settings, Docker and CI. Line numbers are fixed so the tests can
assert exact ``path:line`` citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mentorbot.analysis.stack import detect_stack
from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import (
    Commit,
    Evidence,
    FileAnalysis,
    Finding,
    Plan,
    Severity,
    Signal,
    SkillArea,
    SkillCell,
    SkillMatrix,
    StackItem,
    Text,
)
from mentorbot.planning import make_plan
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills
from mentorbot.skills_facts import Facts


def sig(kind: str, line: int, name: str = "", detail: str = "", **data: str) -> Signal:
    return Signal(kind=kind, line=line, name=name, detail=detail, data=dict(data))


def module(functions: int, annotated: int, docstring: bool) -> Signal:
    return sig(
        "module",
        1,
        functions=str(functions),
        annotated_functions=str(annotated),
        classes="0",
        docstring="1" if docstring else "0",
    )


def route(
    line: int, name: str, method: str, path: str, response_model: str = "", end: int = 0
) -> Signal:
    """A route whose handler spans ``line`` to ``end`` (default: six lines on)."""
    return sig(
        "route",
        line,
        name,
        f"{method} {path}",
        method=method,
        path=path,
        response_model=response_model,
        depends="1",
        returns="",
        end=str(end or line + 6),
        **{"async": "1"},
    )


def async_def(line: int, name: str, awaits: int) -> Signal:
    return sig("async-def", line, name, awaits=str(awaits), **{"class": ""})


def finding(rule: str, category: str, severity: Severity, path: str, line: int) -> Finding:
    return Finding(
        rule=rule,
        category=category,  # type: ignore[arg-type]
        severity=severity,
        path=path,
        line=line,
        message=Text(zh=f"{category} 问题", en=f"{category} problem"),
        source="mentor",
    )


def analysis(path: str, *signals: Signal) -> FileAnalysis:
    return FileAnalysis(path=path, blob_sha=f"sha-{path}", signals=signals)


@dataclass
class Scan:
    analyses: list[FileAnalysis]
    findings: list[Finding]
    stack: list[StackItem]
    paths: list[str]
    commits: list[Commit] = field(default_factory=list)


def _stack(*names: str) -> list[StackItem]:
    return [StackItem(name=n, category="library", source="requirements.txt") for n in names]


def _task_api_files() -> list[FileAnalysis]:
    return [
        analysis(
            "app/main.py",
            module(5, 4, True),
            sig("import", 3, "fastapi"),
            sig("app", 8, "app", type="FastAPI"),
            route(20, "create_task", "POST", "/tasks", "TaskRead"),
            async_def(20, "create_task", 2),
            sig("depends", 21, "get_session", function="create_task"),
            route(30, "list_tasks", "GET", "/tasks", "TaskRead"),
            async_def(30, "list_tasks", 1),
            sig("depends", 31, "get_session", function="list_tasks"),
            route(38, "get_task", "GET", "/tasks/{task_id}", "TaskRead"),
            async_def(38, "get_task", 1),
            sig("depends", 39, "get_session", function="get_task"),
            sig("http-exception", 42, detail="404", status="404"),
            route(47, "delete_task", "DELETE", "/tasks/{task_id}"),
            async_def(47, "delete_task", 0),
        ),
        analysis(
            "app/models.py",
            module(0, 0, False),
            sig("orm-model", 10, "Task", base="Base", table="tasks"),
            sig("orm-model", 22, "User", base="Base", table="users"),
            sig("orm-model", 35, "Tag", base="Base", table="tags"),
        ),
        analysis(
            "app/schemas.py",
            module(0, 0, True),
            sig("pydantic-model", 5, "TaskCreate", base="BaseModel", v1_config="0"),
            sig("pydantic-model", 12, "TaskRead", base="BaseModel", v1_config="0", v2_config="1"),
        ),
        analysis(
            "app/database.py",
            module(1, 1, True),
            sig("engine", 6, "engine", url_scheme="postgresql+asyncpg", **{"async": "1"}),
            sig("session-factory", 7, "SessionLocal", **{"async": "1"}),
            async_def(10, "get_session", 0),
        ),
        analysis(
            "app/crud.py",
            module(1, 0, False),
            async_def(8, "create_task_record", 2),
            sig("try-except", 14, handlers="Exception"),
        ),
    ]


def task_api() -> Scan:
    files = _task_api_files()
    return Scan(
        analyses=files,
        findings=[
            finding("MB103", "session-per-function", "medium", "app/crud.py", 9),
            finding("MB106", "bare-or-broad-except", "medium", "app/crud.py", 15),
            finding("MB105", "missing-tests", "medium", "app/main.py", 1),
            finding("MB110", "no-migrations", "medium", "app/models.py", 10),
        ],
        stack=_stack("fastapi", "SQLAlchemy[asyncio]", "asyncpg", "pydantic"),
        paths=[
            "README.md",
            "requirements.txt",
            "app/__init__.py",
            *(f.path for f in files),
        ],
        commits=[
            Commit(
                sha="a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                author="learner",
                date="2026-02-10T10:00:00+08:00",
                subject="feat: task CRUD endpoints",
                kind="feat",
                files=("app/main.py",),
            ),
            Commit(
                sha="0f1e2d3c4b5a69788796a5b4c3d2e1f012345678",
                author="learner",
                date="2026-02-09T10:00:00+08:00",
                subject="fix: await the session commit",
                kind="fix",
                files=("app/crud.py",),
            ),
        ],
    )


def covered_api() -> Scan:
    files = [
        analysis(
            "app/main.py",
            module(4, 4, True),
            sig("app", 12, "app", type="FastAPI"),
            sig("include-router", 13, "router", module="app.routes", stem="", resolved="1"),
            sig("lifespan", 12, "lifespan"),
            sig("exception-handler", 20, "TaskNotFound"),
            sig("logging", 5, detail="logging"),
        ),
        analysis(
            "app/routes.py",
            module(3, 3, True),
            sig("app", 6, "router", type="APIRouter"),
            route(10, "create_task", "POST", "/tasks", "TaskRead"),
            async_def(10, "create_task", 2),
            sig("depends", 11, "get_session", function="create_task"),
            route(18, "get_task", "GET", "/tasks/{task_id}", "TaskRead"),
            async_def(18, "get_task", 1),
            sig("depends", 19, "get_session", function="get_task"),
            route(26, "health", "GET", "/health"),
            async_def(26, "health", 0),
            sig("logging", 3, detail="logging"),
        ),
        analysis(
            "app/config.py",
            module(0, 0, True),
            sig("settings", 8, "Settings", base="BaseSettings"),
        ),
        analysis(
            "app/errors.py",
            module(0, 0, True),
            sig("custom-exception", 4, "TaskNotFound", base="Exception"),
        ),
        analysis(
            "app/models.py",
            module(0, 0, True),
            sig("orm-model", 9, "Task", base="Base", table="tasks"),
        ),
        analysis(
            "alembic/versions/0001_create_tasks.py",
            module(2, 2, True),
            sig("alembic-op", 14, "create_table"),
        ),
        analysis(
            "alembic/versions/0002_index_status.py",
            module(2, 2, True),
            sig("alembic-op", 12, "create_index"),
            sig("alembic-op", 13, "add_column"),
        ),
        analysis(
            "tests/conftest.py",
            module(1, 1, False),
            sig("fixture", 9, "client", scope="function"),
            sig("test-client", 11, "TestClient"),
        ),
        analysis(
            "tests/test_tasks.py",
            module(6, 0, False),
            *(
                sig("test-function", 5 + 6 * i, f"test_case_{i}", **{"async": "0"})
                for i in range(6)
            ),
        ),
    ]
    return Scan(
        analyses=files,
        findings=[finding("MB106", "bare-or-broad-except", "high", "app/routes.py", 30)],
        stack=_stack("fastapi", "sqlalchemy", "alembic", "pytest", "pydantic-settings"),
        paths=[
            "README.md",
            "docs/architecture.md",
            "alembic.ini",
            "Dockerfile",
            ".github/workflows/ci.yml",
            ".env.example",
            *(f.path for f in files),
        ],
    )


CITATION = re.compile(r"([\w./-]+\.py):(\d+)")


def known_positions(scan: Scan) -> set[tuple[str, int]]:
    """Every (path, line) the scan really contains: signal lines and finding lines."""
    positions = {(a.path, s.line) for a in scan.analyses for s in a.signals}
    return positions | {(f.path, f.line) for f in scan.findings}


def is_grounded(evidence: Evidence, scan: Scan) -> bool:
    if evidence.commit is not None:
        return evidence.commit in {c.sha for c in scan.commits}
    if evidence.line is not None:
        return (evidence.path or "", evidence.line) in known_positions(scan)
    return evidence.path in set(scan.paths)


@dataclass
class Planned:
    """A real review of files written to disk, up to the plan (no git, no database)."""

    findings: list[Finding]
    analyses: list[FileAnalysis]
    stack: list[StackItem]
    skills: SkillMatrix
    plan: Plan


def plan_files(root: Path, sources: dict[str, bytes]) -> Planned:
    """Write ``sources`` under ``root``, then run the rules, ruff, the skill matrix and the plan."""
    for path, data in sources.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    paths = list(sources)
    stack = detect_stack(root, paths)
    findings = review_sources(sources, stack)
    analyses = analyze_sources(sources)
    skills = assess_skills(analyses, findings, stack, paths, [])
    plan = make_plan(skills, findings, analyses, stack, paths, load_curriculum(None))
    return Planned(list(findings), list(analyses), list(stack), skills, plan)


def plan_for(scan: Scan, curriculum_path: Path | None = None) -> Plan:
    """The plan for ``scan`` against the built-in curriculum, or the one at ``curriculum_path``."""
    skills = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
    curriculum = load_curriculum(curriculum_path)
    return make_plan(skills, scan.findings, scan.analyses, scan.stack, scan.paths, curriculum)


def facts_of(scan: Scan) -> Facts:
    return Facts(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)


def assess(scan: Scan) -> dict[str, SkillArea]:
    matrix = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
    return {area.key: area for area in matrix.areas}


def cites(cell: SkillCell) -> list[str]:
    return [evidence.cite() for evidence in cell.evidence]
