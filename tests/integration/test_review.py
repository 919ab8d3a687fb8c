"""A whole review of a learner's FastAPI repo: the log, the lessons, the record, the re-review."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from graph.context import ReviewContext
from mentorbot.domain import ReviewReport
from mentorbot.knowledge.db import Database
from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded
from tests.repos import CONFIG, MAIN_V3, TaskApi, build_task_api, line_of

SECRET_VALUES = (
    "s3cr3t-Very-Long-Signing-Key-9f8e7d6c",
    "sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678",
)


def section(log: str, name: str) -> str:
    match = re.search(
        rf"<!-- mentor:begin {re.escape(name)}(?: sha=\w+)? -->\n(.*?)"
        rf"<!-- mentor:end {re.escape(name)} -->",
        log,
        re.S,
    )
    assert match, f"section {name} missing from the log"
    return match.group(1)


@pytest.fixture
def task_api(tmp_path: Path) -> TaskApi:
    return build_task_api(tmp_path / "task-api")


async def test_review_writes_a_grounded_chinese_log(
    task_api: TaskApi, review: Any, learner: str
) -> None:
    result = await review(repo_path=str(task_api.path), learner=learner)
    report: ReviewReport = result["report"]

    log_file = task_api.path / "docs" / "learning_log_step1.md"
    assert result["log_path"] == str(log_file)
    log = log_file.read_text(encoding="utf-8")
    assert log.splitlines()[1] == "# Step 1 学习日志：task-api"
    assert "## 问题与解决" in log

    solved = {lesson.commit: lesson for lesson in report.lessons if lesson.status == "solved"}
    assert set(solved) == {task_api.fix_sleep, task_api.fix_session, task_api.add_tests}
    # The project's first tests solved its having none, though no old line changed.
    assert (solved[task_api.add_tests].rule, solved[task_api.add_tests].path) == (
        "MB105",
        "tests/test_tasks.py",
    )
    assert solved[task_api.fix_sleep].category == "blocking-call-in-async"
    assert "time.sleep(1)" in solved[task_api.fix_sleep].before
    assert "await asyncio.sleep(1)" in solved[task_api.fix_sleep].after
    assert solved[task_api.fix_session].category == "session-per-function"
    assert "SessionLocal()" in solved[task_api.fix_session].before
    assert "Depends(get_db)" in solved[task_api.fix_session].after
    assert solved[task_api.fix_session].after.startswith('@app.post("/tasks"')

    problems = section(log, "problems")
    assert f"`{task_api.fix_sleep[:8]}`" in problems
    assert f"`{task_api.fix_session[:8]}`" in problems
    sql_line = line_of(MAIN_V3, "SELECT * FROM tasks")
    assert f"`app/main.py:{sql_line}`" in problems
    assert f"`app/config.py:{line_of(CONFIG, 'SECRET_KEY')}`" in problems

    found = {(f.category, f.path, f.line) for f in report.findings}
    assert ("sql-string-formatting", "app/main.py", sql_line) in found
    assert ("bare-or-broad-except", "app/main.py", line_of(MAIN_V3, "except:")) in found
    assert ("hardcoded-secret", "app/config.py", line_of(CONFIG, "OPENAI_API_KEY")) in found

    endpoints = [a for a in report.achievements if a.kind == "endpoints"]
    assert [e.cite() for e in endpoints[0].evidence] == [
        f"app/main.py:{line_of(MAIN_V3, 'async def create_task')}",
        f"app/main.py:{line_of(MAIN_V3, 'async def read_task')}",
        f"app/main.py:{line_of(MAIN_V3, 'async def search_tasks')}",
    ]
    assert len(report.skills.areas) >= 10
    assert report.metrics.commits == 5
    assert [t.node for t in report.metrics.nodes] == [
        "scan",
        "assess",
        "extract_lessons",
        "plan",
        "render",
    ]
    assert_grounded(task_api.path, log)
    assert_grounded(task_api.path, report.model_dump_json())


async def test_secrets_never_reach_the_log_or_the_database(
    task_api: TaskApi, review: Any, learner: str, database: Database
) -> None:
    result = await review(repo_path=str(task_api.path), learner=learner)
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    async with database.session() as session:
        stored = (
            await session.execute(
                text("select report::text from reviews where id = :id"), {"id": result["review_id"]}
            )
        ).scalar_one()
        messages = (
            await session.execute(
                text(
                    "select string_agg(message_en || message_zh, '') from review_findings "
                    "where review_id = :id"
                ),
                {"id": result["review_id"]},
            )
        ).scalar_one()
    for secret in SECRET_VALUES:
        assert secret not in log
        assert secret not in stored
        assert secret not in messages
        assert secret not in result["report"].model_dump_json()


WRAPPED_SECRETS = ("Fl4sk-Sessions-Key-77", "Jwt-Fallback-Signing-55", "Wr4pped-Token-0x91c")
OLD_DB_PASSWORD = "Old-Db-Passw0rd-42"
SUBJECT_PASSWORD = "Subj3ct-Pa55"


async def test_secrets_the_name_does_not_sit_beside_are_redacted_too(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """An item assignment, an environment fallback and a value wrapped onto its own line, now
    and in a fix's old version, and a password in a commit message: none of them may reach the
    log, its snippets or the JSON."""
    repo = GitRepo(tmp_path / "flask-app").init()
    host = 'DB_HOST = os.getenv("DB_HOST", "localhost")\n'
    repo.write(
        "app/settings.py", f'import os\n\n{host}DB_PASSWORD = (\n    "{OLD_DB_PASSWORD}"\n)\n'
    )
    repo.commit("feat: settings", date="2026-03-01T10:00:00+00:00")
    repo.write("app/settings.py", f'import os\n\n{host}DB_PASSWORD = os.environ["DB_PASSWORD"]\n')
    repo.commit(
        "fix: read the database password from the environment", date="2026-03-02T10:00:00+00:00"
    )
    repo.write(
        "app/tokens.py",
        "import os\n\n"
        f'JWT_SECRET = os.getenv("JWT_SECRET", "{WRAPPED_SECRETS[1]}")\n'
        f'API_TOKEN = (\n    "{WRAPPED_SECRETS[2]}"\n)\n',
    )
    repo.write(
        "app/main.py",
        "from flask import Flask\n\napp = Flask(__name__)\n"
        f'app.config["SECRET_KEY"] = "{WRAPPED_SECRETS[0]}"\n',
    )
    repo.commit(
        f"feat: tokens, and the app on postgresql://app:{SUBJECT_PASSWORD}@db/app",
        date="2026-03-03T10:00:00+00:00",
    )

    result = await review(repo_path=str(repo.path), learner=learner, language="en")
    report: ReviewReport = result["report"]
    log = Path(result["log_path"]).read_text(encoding="utf-8")

    flagged = {(f.path, f.line) for f in report.findings if f.category == "hardcoded-secret"}
    assert flagged == {("app/main.py", 4), ("app/tokens.py", 3), ("app/tokens.py", 5)}
    assert [lesson.rule for lesson in report.lessons if lesson.status == "solved"] == ["MB107"]
    for secret in (*WRAPPED_SECRETS, OLD_DB_PASSWORD, SUBJECT_PASSWORD):
        assert secret not in log
        assert secret not in report.model_dump_json()


async def test_an_open_query_written_over_two_lines_is_quoted_whole(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The log quoted ``f"SELECT url FROM links "`` alone, the constant half of the injectable
    query, its ``{name}`` on the next line (blind check s1)."""
    repo = GitRepo(tmp_path / "wiki").init()
    repo.write(
        "path_finder.py",
        "import sqlite3\n\n\ndef topic_url(cursor, name):\n    query = (\n"
        '        f"SELECT url FROM links "\n'
        "        f\"WHERE topic = 'Wikipedia: {name}'\"\n    )\n"
        "    cursor.execute(query)\n    return cursor.fetchone()\n",
    )
    repo.commit("path finder", date="2023-05-15T10:00:00+00:00")

    result = await review(repo_path=str(repo.path), learner=learner, language="en")

    log = Path(result["log_path"]).read_text(encoding="utf-8")
    quoted = '```python\nf"SELECT url FROM links "\nf"WHERE topic = \'Wikipedia: {name}\'"\n```'
    assert quoted in section(log, "problems")


async def test_review_is_recorded_and_the_next_one_starts_where_it_stopped(
    task_api: TaskApi, review: Any, learner: str, database: Database
) -> None:
    first = await review(repo_path=str(task_api.path), learner=learner)
    task_api.repo.write("app/health.py", "from fastapi import APIRouter\n\nrouter = APIRouter()\n")
    new_head = task_api.repo.commit("feat: health router", date="2026-02-09T10:00:00+00:00")

    second = await review(repo_path=str(task_api.path), learner=learner)
    report: ReviewReport = second["report"]
    assert report.step == 2
    assert report.since == task_api.add_search
    assert [c.sha for c in report.commits] == [new_head]
    assert second["log_path"].endswith("docs/learning_log_step2.md")
    assert (task_api.path / "docs" / "learning_log_step1.md").read_text(encoding="utf-8") == Path(
        first["log_path"]
    ).read_text(encoding="utf-8")
    assert report.previous_skills is not None
    assert [(a.key, a.score) for a in report.previous_skills.areas] == [
        (a.key, a.score) for a in first["report"].skills.areas
    ]
    assert report.metrics.files == first["report"].metrics.files + 1
    assert "docs/learning_log_step1.md" not in {f.path for f in report.findings}

    async with database.session() as session:
        rows = (
            await session.execute(
                text(
                    "select step, status, head_sha, since_sha from reviews "
                    "where learner = :learner order by id"
                ),
                {"learner": learner},
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "completed", task_api.add_search, None),
        (2, "completed", new_head, task_api.add_search),
    ]


async def test_english_log_and_explicit_step(task_api: TaskApi, review: Any, learner: str) -> None:
    result = await review(repo_path=str(task_api.path), learner=learner, language="en", step=7)
    log = (task_api.path / "docs" / "learning_log_step7.md").read_text(encoding="utf-8")
    assert "# Step 7 learning log: task-api" in log
    assert "## Problems and solutions" in log
    assert "学习日志" not in log
    assert result["report"].language == "en"
    assert_grounded(task_api.path, log)


def test_cli_json_contract(task_api: TaskApi, mentor_cli: Any, learner: str) -> None:
    completed = mentor_cli("review", str(task_api.path), "--learner", learner, "--format", "json")
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    assert document["log_path"] == str(task_api.path / "docs" / "learning_log_step1.md")
    assert {"findings", "skills", "lessons", "achievements", "plan", "metrics"} <= set(document)
    for finding in document["findings"]:
        assert {"rule", "category", "severity", "path", "line", "message", "source"} <= set(finding)
        assert isinstance(finding["message"], str) and finding["message"]
    sql = [f for f in document["findings"] if f["category"] == "sql-string-formatting"]
    assert [(f["path"], f["line"]) for f in sql] == [
        ("app/main.py", line_of(MAIN_V3, "SELECT * FROM"))
    ]
    lessons = {
        lesson["commit"]: lesson for lesson in document["lessons"] if lesson["status"] == "solved"
    }
    assert lessons[task_api.fix_sleep]["category"] == "blocking-call-in-async"
    metrics = document["metrics"]
    assert (metrics["files"], metrics["commits"]) == (11, 5)
    assert metrics["loc"] > 0 and metrics["duration_s"] > 0
    assert [n["node"] for n in metrics["nodes"]] == [
        "scan",
        "assess",
        "extract_lessons",
        "plan",
        "render",
    ]
    assert_grounded(task_api.path, completed.stdout)


def test_cli_text_mode_writes_the_log_and_a_summary(
    task_api: TaskApi, mentor_cli: Any, learner: str
) -> None:
    completed = mentor_cli("review", str(task_api.path), "--learner", learner, "--lang", "en")
    assert completed.returncode == 0, completed.stderr
    assert "learning_log_step1.md" in completed.stdout
    assert "5 commits" in completed.stdout
    assert (task_api.path / "docs" / "learning_log_step1.md").is_file()


async def test_noise_budget_keeps_the_body_short_and_the_appendix_complete(
    task_api: TaskApi, review: Any, learner: str
) -> None:
    result = await review(
        context=ReviewContext(max_open_problems=2), repo_path=str(task_api.path), learner=learner
    )
    report: ReviewReport = result["report"]
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    problems = section(log, "problems")
    still_open = problems[problems.index("### 尚待解决的问题") :]
    categories = {f.category for f in report.findings}
    assert len(categories) > 2
    assert still_open.count("\n#### ") == 2
    assert f"还有 {len(categories) - 2} 类问题没有在这里展开" in still_open
    appendix = section(log, "appendix")
    for finding in report.findings:
        assert f"`{finding.path}:{finding.line}`" in appendix


async def test_every_fix_commit_is_in_the_report_and_the_log_shows_the_newest(
    task_api: TaskApi, review: Any, learner: str
) -> None:
    result = await review(
        context=ReviewContext(max_lessons=1),
        repo_path=str(task_api.path),
        learner=learner,
        language="en",
    )
    solved = [lesson.commit for lesson in result["report"].lessons if lesson.status == "solved"]
    assert solved == [task_api.add_tests, task_api.fix_session, task_api.fix_sleep]
    problems = section(Path(result["log_path"]).read_text(encoding="utf-8"), "problems")
    assert f"`{task_api.add_tests[:8]}`" in problems
    assert f"`{task_api.fix_session[:8]}`" not in problems
    assert f"`{task_api.fix_sleep[:8]}`" not in problems
    assert "2 more solved problems are not shown here" in problems


def test_the_cli_summary_counts_in_words(tmp_path: Path, mentor_cli: Any, learner: str) -> None:
    repo = GitRepo(tmp_path / "one-file").init()
    repo.write("main.py", 'print("hello")\n')
    repo.commit("feat: say hello", date="2026-03-01T10:00:00+00:00")

    done = mentor_cli("review", str(repo.path), "--learner", learner)

    assert done.returncode == 0, done.stderr
    summary = done.stdout.splitlines()[1]
    assert re.fullmatch(
        r"  step 1 · 1 file · 1 line · 1 commit · 0 findings · 0 solved problems · \d+\.\d\ds",
        summary,
    ), summary
