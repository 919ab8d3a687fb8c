"""Growth across reviews on a real PostgreSQL: skill and problem history, and ``mentor history``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from mentorbot.domain import (
    Finding,
    Level,
    Metrics,
    Plan,
    ReviewReport,
    SkillArea,
    SkillCell,
    SkillMatrix,
    Text,
)
from mentorbot.knowledge import reviews
from mentorbot.skills_rubric import area_title
from mentorbot.trend import (
    ReviewProblems,
    ReviewSkills,
    SkillDrop,
    drops,
    open_problem_history,
    skill_history,
)

POINTS = {"good": 2, "partial": 1, "missing": 0}

# step -> area -> (understanding, practice, code_quality, best_practice)
LEVELS: dict[int, dict[str, tuple[Level, Level, Level, Level]]] = {
    1: {
        "fastapi": ("good", "partial", "partial", "missing"),
        "testing": ("missing", "missing", "missing", "missing"),
        "database": ("good", "good", "partial", "partial"),
    },
    2: {
        "fastapi": ("good", "good", "partial", "partial"),
        "testing": ("partial", "partial", "missing", "missing"),
        "database": ("good", "good", "good", "partial"),
    },
    3: {
        "fastapi": ("good", "good", "good", "partial"),
        "testing": ("good", "partial", "good", "partial"),
        "database": ("good", "partial", "partial", "missing"),
    },
}

# step -> (rule, category, path, line) of the findings that review saw
FINDINGS: dict[int, list[tuple[str, str, str, int]]] = {
    1: [
        ("MB101", "blocking-call-in-async", "app/main.py", 14),
        ("MB101", "blocking-call-in-async", "app/main.py", 31),
        ("MB106", "bare-or-broad-except", "app/crud.py", 15),
        ("MB105", "missing-tests", "app/main.py", 1),
    ],
    2: [
        ("MB101", "blocking-call-in-async", "app/main.py", 31),
        ("MB106", "bare-or-broad-except", "app/crud.py", 15),
    ],
    3: [("MB106", "bare-or-broad-except", "app/crud.py", 17)],
}


def make_report(repo: Path, learner: str, step: int, *, date: str | None = None) -> ReviewReport:
    def area(key: str, levels: tuple[Level, Level, Level, Level]) -> SkillArea:
        cells = [SkillCell(level=level, rubric=f"{key}.{level}") for level in levels]
        return SkillArea(
            key=key,
            title=area_title(key),
            understanding=cells[0],
            practice=cells[1],
            code_quality=cells[2],
            best_practice=cells[3],
            overall=Text(zh="进展中", en="in progress"),
            score=sum(POINTS[level] for level in levels),
        )

    findings = tuple(
        Finding(
            rule=rule,
            category=category,  # type: ignore[arg-type]
            severity="medium",
            path=path,
            line=line,
            message=Text(zh=f"{category} 问题", en=f"{category} problem"),
            source="mentor",
        )
        for rule, category, path, line in FINDINGS[step]
    )
    return ReviewReport(
        repo=str(repo),
        repo_name=repo.name,
        learner=learner,
        step=step,
        language="en",
        date=date or f"2026-03-{step * 7:02d}",
        head=str(step) * 40,
        findings=findings,
        skills=SkillMatrix(
            areas=tuple(area(key, levels) for key, levels in LEVELS[step].items()),
            overall=Text(zh="稳步提高", en="Growing steadily"),
        ),
        plan=Plan(
            stage_id="fastapi-core",
            stage_title=Text(zh="FastAPI 核心", en="FastAPI core"),
            stage_reason=Text(zh="清单未完成", en="checklist not done"),
        ),
        metrics=Metrics(files=6, loc=300, commits=4, findings=len(findings)),
    )


async def record(
    session: AsyncSession, repo: Path, learner: str, step: int, *, date: str | None = None
) -> int:
    review_id = await reviews.start_review(
        session,
        repo_path=str(repo),
        learner=learner,
        step=step,
        language="en",
        since=None,
        head=str(step) * 40,
    )
    await reviews.complete_review(
        session, review_id, make_report(repo, learner, step, date=date), None
    )
    return review_id


async def three_weeks(session: AsyncSession, repo: Path, learner: str) -> None:
    """Three completed weeks, plus noise that must not count: a first run of week 2 that was
    redone, a failed week 4, and another learner's review of the same repo."""
    await record(session, repo, learner, 1)
    await record(session, repo, learner, 2, date="2026-03-13")
    await record(session, repo, learner, 2)
    await record(session, repo, learner, 3)
    failed = await reviews.start_review(
        session, repo_path=str(repo), learner=learner, step=4, language="en", since=None, head=None
    )
    await reviews.fail_review(session, failed, "git log failed")
    await record(session, repo, f"{learner}-classmate", 1)


async def test_skill_history_has_every_area_once_per_completed_step(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = (tmp_path / "shop-api").resolve()
    await three_weeks(db_session, repo, learner)

    history = await skill_history(db_session, repo, learner)

    assert history == [
        ReviewSkills(
            step=1,
            date="2026-03-07",
            head="1" * 40,
            scores={"database": 6, "fastapi": 4, "testing": 0},
        ),
        ReviewSkills(
            step=2,
            date="2026-03-14",
            head="2" * 40,
            scores={"database": 7, "fastapi": 6, "testing": 2},
        ),
        ReviewSkills(
            step=3,
            date="2026-03-21",
            head="3" * 40,
            scores={"database": 4, "fastapi": 7, "testing": 6},
        ),
    ]
    assert drops(history) == [
        SkillDrop(area="database", from_score=7, to_score=4, from_step=2, to_step=3)
    ]
    assert await skill_history(db_session, repo, f"{learner}-nobody") == []
    assert await skill_history(db_session, tmp_path / "never-reviewed", learner) == []


async def test_open_problem_history_counts_findings_per_category_per_step(
    db_session: AsyncSession, tmp_path: Path, learner: str
) -> None:
    repo = (tmp_path / "shop-api").resolve()
    await three_weeks(db_session, repo, learner)

    history = await open_problem_history(db_session, repo, learner)

    assert history == [
        ReviewProblems(
            step=1,
            date="2026-03-07",
            counts={"bare-or-broad-except": 1, "blocking-call-in-async": 2, "missing-tests": 1},
        ),
        ReviewProblems(
            step=2,
            date="2026-03-14",
            counts={"bare-or-broad-except": 1, "blocking-call-in-async": 1},
        ),
        ReviewProblems(step=3, date="2026-03-21", counts={"bare-or-broad-except": 1}),
    ]
    assert [step.total for step in history] == [4, 2, 1]


def mentor(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mentorbot", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": database_url, "NO_COLOR": "1", "COLUMNS": "160"},
        timeout=300,
        check=False,
    )


def rows(output: str) -> dict[str, list[str]]:
    """Table rows by their first cell: ``│ Testing │ 0 │ 2 ↑ │`` -> {"Testing": ["0", "2 ↑"]}.

    Header lines (``┃``) count too; the step header's second line starts with the column title.
    """
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.replace("┃", "│").strip().strip("│").split("│")]
        if len(cells) > 1 and cells[0]:
            found[cells[0]] = cells[1:]
    return found


async def test_mentor_history_prints_both_tables_and_calls_out_the_drop(
    db_session: AsyncSession, tmp_path: Path, learner: str, database_url: str
) -> None:
    repo = tmp_path / "shop-api"
    repo.mkdir()
    await three_weeks(db_session, repo.resolve(), learner)

    result = mentor(database_url, "history", str(repo), "--learner", learner, "--lang", "en")

    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert table["Area"] == ["2026-03-07", "2026-03-14", "2026-03-21"]
    assert result.stdout.splitlines()[2].split() == ["┃", "┃", "#1", "┃", "#2", "┃", "#3", "┃"]
    assert table["FastAPI"] == ["4", "6 ↑", "7 ↑"]
    assert table["Testing"] == ["0", "2 ↑", "6 ↑"]
    assert table["ORM and data model design"] == ["6", "7 ↑", "4 ↓"]
    assert "↓ ORM and data model design dropped from 7/8 to 4/8 (#2 → #3)" in result.stdout
    assert table["Blocking calls inside async code"] == ["2", "1 ↓", "0 ↓"]
    assert table["Missing tests"] == ["1", "0 ↓", "0"]
    assert table["Total"] == ["4", "2 ↓", "1 ↓"]
    assert result.stdout.index("Skill levels") < result.stdout.index("Open problems")

    chinese = mentor(database_url, "history", str(repo), "--learner", learner, "--lang", "zh")
    assert chinese.returncode == 0, chinese.stderr
    assert rows(chinese.stdout)["测试"] == ["0", "2 ↑", "6 ↑"]
    assert rows(chinese.stdout)["异步函数里的阻塞调用"] == ["2", "1 ↓", "0 ↓"]
    assert "↓ ORM 与数据模型设计 从 7/8 分降到 4/8 分（第 2 次 → 第 3 次）" in chinese.stdout


async def test_mentor_history_takes_learner_and_language_from_the_repo_config(
    db_session: AsyncSession, tmp_path: Path, learner: str, database_url: str
) -> None:
    repo = tmp_path / "shop-api"
    repo.mkdir()
    await three_weeks(db_session, repo.resolve(), learner)
    (repo / ".mentor.toml").write_text(f'learner = "{learner}"\nlanguage = "en"\n')

    result = mentor(database_url, "history", str(repo))

    assert result.returncode == 0, result.stderr
    assert rows(result.stdout)["Testing"] == ["0", "2 ↑", "6 ↑"]


def test_mentor_history_of_a_repo_never_reviewed_says_so_and_exits_0(
    tmp_path: Path, learner: str, database_url: str
) -> None:
    repo = tmp_path / "fresh"
    repo.mkdir()

    result = mentor(database_url, "history", str(repo), "--learner", learner, "--lang", "en")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"No completed review of {repo} for learner {learner} yet. Run: mentor review {repo}"
    )


def test_mentor_history_errors_are_one_line(
    tmp_path: Path, learner: str, database_url: str
) -> None:
    missing = mentor(database_url, "history", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"error: No such directory: {tmp_path / 'nowhere'}"

    repo = tmp_path / "configured"
    repo.mkdir()
    (repo / ".mentor.toml").write_text('learner = "ana"\nlangauge = "en"\n')
    bad_config = mentor(database_url, "history", str(repo))
    assert bad_config.returncode == 2
    assert bad_config.stderr.strip() == (
        "error: .mentor.toml: langauge: unknown key (did you mean 'language'?)"
    )

    bad_lang = mentor(database_url, "history", str(repo), "--lang", "fr")
    assert bad_lang.returncode == 1
    assert bad_lang.stderr.strip() == "error: --lang must be zh or en, not 'fr'"
