"""Three weekly reviews of one repo: findings are new, still open since step 1, or fixed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import text

from mentorbot.domain import Finding, ReviewReport, Text
from mentorbot.knowledge.db import Database
from mentorbot.rules.engine import fingerprint
from tests.integration.grounding import assert_grounded
from tests.repos import CONFIG, MAIN_V3, TaskApi, build_task_api, line_of

EXPORT = """\
import csv


async def export_tasks(rows):
    with open("tasks.csv", "w") as handle:
        csv.writer(handle).writerows(rows)
"""


def commit_sql_fix(api: TaskApi) -> str:
    """Week 2's fix: the search binds its parameter instead of formatting it into the SQL."""
    api.repo.write(
        "app/main.py",
        MAIN_V3.replace(
            "db.execute(f\"SELECT * FROM tasks WHERE title LIKE '%{q}%'\").fetchall()",
            "db.query(Task).filter(Task.title.contains(q)).all()",
        ),
    )
    return api.repo.commit("fix: bind the search parameter", date="2026-02-09T10:00:00+00:00")


def by_category(report: ReviewReport, category: str) -> list[Any]:
    return [f for f in report.findings if f.category == category]


async def test_three_reviews_track_each_finding(tmp_path: Path, review: Any, learner: str) -> None:
    api: TaskApi = build_task_api(tmp_path / "task-api")
    week1 = (await review(repo_path=str(api.path), learner=learner))["report"]
    assert {f.status for f in week1.findings} == {None}

    # week 2: the SQL injection is fixed, a blocking file write appears
    fix_sql = commit_sql_fix(api)
    api.repo.write("app/export.py", EXPORT)
    add_export = api.repo.commit("feat: export tasks as csv", date="2026-02-10T10:00:00+00:00")
    week2_run = await review(repo_path=str(api.path), learner=learner, language="en")
    week2 = week2_run["report"]

    fixed = [f for f in week2.fixed_findings if f.category == "sql-string-formatting"]
    assert [(f.status, f.fixed_by, f.path) for f in fixed] == [("fixed", fix_sql, "app/main.py")]
    assert by_category(week2, "sql-string-formatting") == []
    new_blocking = [
        f for f in by_category(week2, "blocking-call-in-async") if f.path == "app/export.py"
    ]
    assert [(f.status, f.line) for f in new_blocking] == [("new", line_of(EXPORT, "open("))]
    secrets = by_category(week2, "hardcoded-secret")
    assert {(f.status, f.since_step) for f in secrets} == {("open", 1)}

    # last week's task about the SQL injection is acknowledged as done, citing the file
    sql_task = next(
        item
        for item in week2.follow_up
        if item.task.check and item.task.check.category == "sql-string-formatting"
    )
    assert sql_task.done is True
    assert [(e.path, e.note) for e in sql_task.evidence] == [("app/main.py", "no MB108 left")]

    # the fix commit became a solved lesson that knows where the mistake came from
    lesson = next(lesson for lesson in week2.lessons if lesson.commit == fix_sql)
    assert lesson.category == "sql-string-formatting"
    assert lesson.introduced_in == api.add_search

    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    since_last = log[log.index("## Since the last review") : log.index("## Overview")]
    assert "Compared with the step 1 review" in since_last
    assert f"fixed in commit `{fix_sql[:8]}`" in since_last
    assert f"`app/export.py:{line_of(EXPORT, 'open(')}`" in since_last
    assert "open since step 1" in since_last
    assert (
        f"introduced in `{api.add_search[:8]}` on 2026-02-02, fixed in `{fix_sql[:8]}` "
        "on 2026-02-09, 7 days later"
    ) in log
    assert_grounded(api.path, log)

    # week 3: nothing about the secrets changed: still open since step 1
    api.repo.write("README.md", "# Task Runner\n\nNow with search and export.\n")
    api.repo.commit("docs: readme", date="2026-02-16T10:00:00+00:00")
    week3_run = await review(repo_path=str(api.path), learner=learner, language="en")
    week3 = week3_run["report"]
    assert {(f.status, f.since_step) for f in by_category(week3, "hardcoded-secret")} == {
        ("open", 1)
    }
    assert [
        (f.status, f.since_step)
        for f in by_category(week3, "blocking-call-in-async")
        if f.path == "app/export.py"
    ] == [("open", 2)]
    assert week3.fixed_findings == ()

    # last week's plan tasks are checked against the new code
    follow = {item.task.check.category: item for item in week3.follow_up if item.task.check}
    assert follow["hardcoded-secret"].done is False
    assert {e.path for e in follow["hardcoded-secret"].evidence} == {"app/config.py"}
    assert follow["blocking-call-in-async"].done is False
    week3_log = Path(week3_run["log_path"]).read_text(encoding="utf-8")
    assert "### Last plan, followed up" in week3_log
    assert ": not yet (`app/config.py:" in week3_log

    # the skill trend: one chart per area, three points each (steps 1, 2, 3)
    charts = re.findall(r"```mermaid\n(.*?)```", week3_log, re.S)
    assert len(charts) >= 5
    for chart in charts:
        assert 'x-axis "review step" ["1", "2", "3"]' in chart
        points = re.search(r"line \[([^\]]*)\]", chart)
        assert points and len(points.group(1).split(",")) == 3
    assert_grounded(api.path, week3_log)
    assert add_export in {c.sha for c in week2.commits}
    assert line_of(CONFIG, "SECRET_KEY") in {f.line for f in secrets}


async def test_an_edited_line_that_still_blocks_is_neither_fixed_nor_new(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Binding the search's parameter fixes the SQL injection, but the same ``db.execute``
    still blocks ``search_tasks``: that problem stays open since step 1."""
    api: TaskApi = build_task_api(tmp_path / "task-api")
    await review(repo_path=str(api.path), learner=learner)
    api.repo.write(
        "app/main.py",
        MAIN_V3.replace(
            "db.execute(f\"SELECT * FROM tasks WHERE title LIKE '%{q}%'\").fetchall()",
            'db.execute(text("SELECT * FROM tasks WHERE title LIKE :q"), {"q": f"%{q}%"}).all()',
        ).replace("from fastapi import", "from sqlalchemy import text\nfrom fastapi import"),
    )
    fix_sql = api.repo.commit("fix: bind the search parameter", date="2026-02-09T10:00:00+00:00")
    week2 = (await review(repo_path=str(api.path), learner=learner, language="en"))["report"]

    search_line = line_of(api.path.joinpath("app/main.py").read_text(), "LIKE :q")
    blocking = {f.line: f for f in by_category(week2, "blocking-call-in-async")}
    assert (blocking[search_line].status, blocking[search_line].since_step) == ("open", 1)
    assert [(f.category, f.fixed_by) for f in week2.fixed_findings] == [
        ("sql-string-formatting", fix_sql)
    ]


async def test_rebase_that_drops_the_last_reviewed_commit(
    tmp_path: Path, review: Any, learner: str
) -> None:
    api = build_task_api(tmp_path / "task-api")
    await review(repo_path=str(api.path), learner=learner)
    api.repo.git("reset", "--hard", api.add_tests)
    api.repo.write("app/notes.py", "NOTES = []\n")
    api.repo.commit("feat: notes", date="2026-02-20T10:00:00+00:00")

    result = await review(repo_path=str(api.path), learner=learner, language="en")
    report: ReviewReport = result["report"]
    assert report.since is None
    assert len(report.commits) == 5
    assert any(
        api.add_search[:8] in note.en and "whole history" in note.en for note in report.notes
    )
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    assert "whole history" in log
    assert_grounded(api.path, log)


def test_json_findings_carry_their_status(tmp_path: Path, mentor_cli: Any, learner: str) -> None:
    api = build_task_api(tmp_path / "task-api")
    first = mentor_cli("review", str(api.path), "--learner", learner, "--format", "json")
    assert first.returncode == 0, first.stderr
    api.repo.write("app/config.py", "import os\n\nSECRET_KEY = os.environ['SECRET_KEY']\n")
    fix = api.repo.commit(
        "fix: read secrets from the environment", date="2026-02-09T10:00:00+00:00"
    )
    second = mentor_cli("review", str(api.path), "--learner", learner, "--format", "json")
    assert second.returncode == 0, second.stderr
    findings = json.loads(second.stdout)["findings"]
    fixed = [f for f in findings if f["status"] == "fixed"]
    assert {(f["category"], f["fixed_by"]) for f in fixed} == {("hardcoded-secret", fix)}
    assert {f["status"] for f in findings} == {"open", "fixed"}
    assert all(f["since_step"] == 1 for f in findings if f["status"] == "open")
    assert_grounded(api.path, second.stdout)


async def test_repo_config_names_the_bad_key(tmp_path: Path, mentor_cli: Any) -> None:
    api = build_task_api(tmp_path / "task-api")
    (api.path / ".mentor.toml").write_text('language = "en"\ndisable = ["MB106", "MB999"]\n')
    completed = mentor_cli("review", str(api.path))
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert ".mentor.toml: disable[1]: unknown rule or category 'MB999'" in completed.stderr
    assert not (api.path / "docs").exists()


async def test_repo_config_sets_learner_language_and_disables_rules(
    tmp_path: Path, review: Any, learner: str
) -> None:
    api = build_task_api(tmp_path / "task-api")
    (api.path / ".mentor.toml").write_text(
        f'learner = "{learner}"\nlanguage = "en"\ndisable = ["bare-or-broad-except"]\n'
        'ignore = ["app/config.py"]\n'
    )
    result = await review(repo_path=str(api.path))
    report: ReviewReport = result["report"]
    assert (report.learner, report.language) == (learner, "en")
    assert "bare-or-broad-except" not in {f.category for f in report.findings}
    assert "app/config.py" not in {f.path for f in report.findings}
    assert "sql-string-formatting" in {f.category for f in report.findings}


async def test_a_newer_mentors_rules_neither_fix_nor_add_problems(
    tmp_path: Path, review: Any, learner: str, database: Database
) -> None:
    """After an upgrade whose rules changed, last review's false alarm disappears and an old
    mistake is seen for the first time. The learner changed neither: the first is not a fix,
    the second is open since step 1, not new. A real fix still counts."""
    api: TaskApi = build_task_api(tmp_path / "task-api")
    week1 = await review(repo_path=str(api.path), learner=learner)
    raise_line = line_of(MAIN_V3, "raise HTTPException")
    snippet = MAIN_V3.splitlines()[raise_line - 1].strip()
    false_alarm = Finding(
        rule="MB106",
        category="bare-or-broad-except",
        severity="medium",
        path="app/main.py",
        line=raise_line,
        message=Text(zh="旧版规则的误报", en="an older rule's false alarm"),
        source="mentor",
        snippet=snippet,
        fingerprint=fingerprint("MB106", "app/main.py", snippet),
    )
    # the older mentor saw no hardcoded secret, and reported a false alarm
    kept = [f for f in week1["report"].findings if f.category != "hardcoded-secret"]
    assert len(kept) < len(week1["report"].findings)
    async with database.session() as session:
        await session.execute(
            text(
                "UPDATE reviews SET report = jsonb_set(report, '{findings}', "
                "CAST(:findings AS jsonb) || CAST(:finding AS jsonb)) WHERE id = :id"
            ),
            {
                "findings": json.dumps([f.model_dump(mode="json") for f in kept]),
                "finding": json.dumps([false_alarm.model_dump(mode="json")]),
                "id": week1["report"].review_id,
            },
        )
        await session.commit()

    fix_sql = commit_sql_fix(api)
    week2 = (await review(repo_path=str(api.path), learner=learner, language="en"))["report"]

    fixed = {(f.rule, f.fixed_by) for f in week2.fixed_findings}
    assert ("MB108", fix_sql) in fixed
    assert "MB106" not in {rule for rule, _ in fixed}
    secrets = by_category(week2, "hardcoded-secret")
    assert secrets and {(f.status, f.since_step) for f in secrets} == {("open", 1)}
    assert any(
        note.en.startswith("1 finding of the last review is no longer reported")
        and note.en.endswith("so it is not counted as a problem you fixed.")
        for note in week2.notes
    )


async def test_a_step_reviewed_again_covers_the_same_commits(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Re-running step 2 compares it with step 1 again, not with itself: its fixes stay."""
    api: TaskApi = build_task_api(tmp_path / "task-api")
    await review(repo_path=str(api.path), learner=learner, language="en")
    fix_sql = commit_sql_fix(api)
    first = await review(repo_path=str(api.path), learner=learner, language="en", step=2)
    again = await review(repo_path=str(api.path), learner=learner, language="en", step=2)

    for run in (first, again):
        report = run["report"]
        assert [f.fixed_by for f in report.fixed_findings] == [fix_sql]
        assert fix_sql in {lesson.commit for lesson in report.lessons}
        log = Path(run["log_path"]).read_text(encoding="utf-8")
        assert "Compared with the step 1 review" in log
        assert f"fixed in commit `{fix_sql[:8]}`" in log

    # step 1 again is a first review: the whole history, nothing to compare with
    restart = await review(repo_path=str(api.path), learner=learner, language="en", step=1)
    assert restart["report"].metrics.commits == int(api.repo.git("rev-list", "--count", "HEAD"))
    assert restart["report"].fixed_findings == ()
    assert fix_sql in {lesson.commit for lesson in restart["report"].lessons}

    # numbered by default, a review still follows the newest one, wherever its logs went
    shutil.rmtree(api.path / "docs")
    unnumbered = await review(repo_path=str(api.path), learner=learner, language="en")
    assert unnumbered["report"].metrics.commits == 0


async def test_a_step_reviewed_after_a_later_one_charts_the_steps_up_to_its_own(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Step 1, then step 3, then step 2: step 2's log charted the steps 1, 3, 2, in the order
    they were reviewed (blind check z1)."""
    api = build_task_api(tmp_path / "task-api")
    for step in (1, 3):
        await review(repo_path=str(api.path), learner=learner, language="en", step=step)

    run = await review(repo_path=str(api.path), learner=learner, language="en", step=2)

    charts = re.findall(r"```mermaid\n(.*?)```", Path(run["log_path"]).read_text("utf-8"), re.S)
    assert charts
    for chart in charts:
        assert 'x-axis "review step" ["1", "2"]' in chart
