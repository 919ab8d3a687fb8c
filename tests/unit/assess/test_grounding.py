"""Property: every citation in the matrix, the achievements and the plan points at the input.

Runs the whole assess → achievements → plan chain over the hand-built scans and over many
seeded random scans drawn from the real signal vocabulary, and checks each piece of evidence
against the signals, findings, paths and commits that were given.
"""

from __future__ import annotations

import random

import pytest

from mentorbot.achievements import find_achievements
from mentorbot.analysis.signals import SIGNAL_KINDS
from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import CATEGORIES, Commit, Signal, StackItem
from mentorbot.planning import make_plan
from mentorbot.skills import assess_skills, cell_evidence, rubric_line
from tests.unit.assess.scenarios import (
    CITATION,
    Scan,
    analysis,
    covered_api,
    finding,
    is_grounded,
    known_positions,
    task_api,
)

FILES = (
    "app/main.py",
    "app/models.py",
    "app/api/routes.py",
    "app/worker.py",
    "tests/test_api.py",
    "tests/conftest.py",
    "alembic/versions/0001_init.py",
)
OTHER_PATHS = (
    "README.md",
    "docs/guide.md",
    "Dockerfile",
    "compose.yaml",
    ".github/workflows/ci.yml",
    ".env",
    ".env.example",
    "alembic.ini",
)
VALUES = (
    "0",
    "1",
    "",
    "TaskRead",
    "list[Task]",
    "GET",
    "POST",
    "/tasks/{id}",
    "/health",
    "celery",
    "BackgroundTasks",
    "404",
    "Exception",
    "APIRouter",
    "FastAPI",
    "3",
)
NAMES = (
    "get_session",
    "get_current_user",
    "Task",
    "create_table",
    "create_index",
    "client",
    "TaskCreate",
    "handler",
    "",
)
STACK = ("fastapi", "sqlalchemy", "alembic", "pytest", "celery", "redis", "langgraph", "pgvector")


def random_scan(seed: int) -> Scan:
    rng = random.Random(seed)
    kinds = sorted(SIGNAL_KINDS)
    analyses = []
    for path in rng.sample(FILES, rng.randint(0, len(FILES))):
        signals = []
        for _ in range(rng.randint(0, 14)):
            kind = rng.choice(kinds)
            data = {key: rng.choice(VALUES) for key in SIGNAL_KINDS[kind][1] if rng.random() < 0.8}
            signals.append(
                Signal(kind=kind, line=rng.randint(1, 200), name=rng.choice(NAMES), data=data)
            )
        analyses.append(analysis(path, *signals))
    findings = [
        finding(
            f"MB{rng.randint(100, 199)}",
            rng.choice(CATEGORIES),
            rng.choice(("high", "medium", "low")),
            rng.choice(FILES),
            rng.randint(1, 200),
        )
        for _ in range(rng.randint(0, 6))
    ]
    commits = [
        Commit(
            sha=f"{seed:08x}{index:032x}",
            author="learner",
            date="2026-02-10T10:00:00+00:00",
            subject=f"change {index}",
            kind=rng.choice(("feat", "fix", "docs", "test")),
        )
        for index in range(rng.randint(0, 4))
    ]
    return Scan(
        analyses=analyses,
        findings=findings,
        stack=[StackItem(name=n, category="x", source="x") for n in rng.sample(STACK, 3)],
        paths=sorted(
            {
                *rng.sample(OTHER_PATHS, rng.randint(0, len(OTHER_PATHS))),
                *(a.path for a in analyses),
                *(f.path for f in findings),
            }
        ),
        commits=commits,
    )


SCANS = [task_api(), covered_api(), *(random_scan(seed) for seed in range(60))]


@pytest.mark.parametrize("scan", SCANS)
def test_every_citation_points_at_the_input(scan: Scan) -> None:
    skills = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
    achievements = find_achievements(scan.analyses, scan.stack, scan.paths, scan.commits)
    curriculum = load_curriculum()
    plan = make_plan(skills, scan.findings, scan.analyses, scan.stack, scan.paths, curriculum)

    for area in skills.areas:
        cells = (area.understanding, area.practice, area.code_quality, area.best_practice)
        for cell in cells:
            assert rubric_line(cell.rubric).level == cell.level
            assert len(cell.evidence) <= 3
            if cell.rubric.endswith(".unseen"):
                assert cell.evidence == ()
            else:
                assert cell.evidence, cell.rubric
        assert area.score == sum({"good": 2, "partial": 1, "missing": 0}[c.level] for c in cells)
    for evidence in cell_evidence(skills):
        assert is_grounded(evidence, scan), evidence
    for achievement in achievements:
        assert achievement.evidence
        assert all(is_grounded(evidence, scan) for evidence in achievement.evidence)

    positions = known_positions(scan)
    assert 3 <= len(plan.tasks) <= 8
    texts = [t.text for t in plan.tasks] + list(plan.strengths) + list(plan.improvements)
    for text in texts:
        for language_text in (text.zh, text.en):
            for path, line in CITATION.findall(language_text):
                assert (path, int(line)) in positions, language_text
    for task in plan.tasks:
        assert set(task.files) <= set(scan.paths)
    stage = next(s for s in curriculum.stages if s.id == plan.stage_id)
    assert [t for t, _ in plan.checklist] == [item.text for item in stage.checklist]


@pytest.mark.parametrize("scan", SCANS[:12])
def test_results_are_deterministic(scan: Scan) -> None:
    def run() -> tuple[object, ...]:
        skills = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)
        plan = make_plan(
            skills, scan.findings, scan.analyses, scan.stack, scan.paths, load_curriculum()
        )
        return skills, plan, find_achievements(scan.analyses, scan.stack, scan.paths, scan.commits)

    assert run() == run()
    reordered = Scan(
        analyses=list(reversed(scan.analyses)),
        findings=list(reversed(scan.findings)),
        stack=scan.stack,
        paths=list(reversed(scan.paths)),
        commits=scan.commits,
    )
    assert assess_skills(
        reordered.analyses, reordered.findings, reordered.stack, reordered.paths
    ) == assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths)
