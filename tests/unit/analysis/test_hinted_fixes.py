"""Fix commits that do not say "fix": learners often describe the new approach instead ("use
asyncio.sleep instead of time.sleep", "避免阻塞事件循环"). Such a commit is a solved problem when
a rule's finding left the code it rewrote; a refactor that moved the same code elsewhere is not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mentorbot.analysis.commit_kind import classify_commit, suggests_fix
from mentorbot.cache import AnalysisCache
from mentorbot.domain import CommitKind
from mentorbot.fix_messages import fix_title
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

BLOCKING = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/report")
async def report():
    time.sleep(2)
    return {"ready": True}
"""
NON_BLOCKING = BLOCKING.replace("import time", "import asyncio").replace(
    "time.sleep(2)", "await asyncio.sleep(2)"
)
ROUTES_ONLY = """\
from fastapi import FastAPI

from app.report import router

app = FastAPI()
app.include_router(router)
"""
MOVED_ROUTE = """\
import time

from fastapi import APIRouter

router = APIRouter()


@router.get("/report")
async def report():
    time.sleep(2)
    return {"ready": True}
"""


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("fixbug", "fix"),
        ("Fixbugs in login", "fix"),
        ("solved the cors problem", "fix"),
        ("forgot to await the commit", "fix"),
        ("wrong status code on delete", "fix"),
        ("crash on startup when .env is missing", "fix"),
        ("login not working", "fix"),
        ("typo", "fix"),
        ("修改错误", "fix"),
        ("更正拼写", "fix"),
        ("忘记 await 了", "fix"),
        # An error page or error handling is something new, not a mistake put right.
        ("添加错误页面", "feat"),
        ("add error handling", "feat"),
        ('Revert "add search"', "other"),
        # gitmoji: a bug, an ambulance (hotfix)
        ("🐛 登录后跳转错页面", "fix"),
        (":ambulance: restore the login route", "fix"),
    ],
)
def test_fix_words_learners_use(subject: str, kind: CommitKind) -> None:
    assert classify_commit(subject) == kind


@pytest.mark.parametrize(
    ("subject", "hinted"),
    [
        ("use asyncio.sleep instead of time.sleep", True),
        ("replace requests with httpx", True),
        ("avoid blocking the event loop", True),
        ("remove hardcoded password", True),
        ("改用异步 sleep", True),
        ("避免阻塞事件循环", True),
        ("🔒 move the JWT key out of the code", True),
        ("Add user registration", False),
        ("update main.py", False),
        ("Merge branch 'avoid-blocking'", False),
    ],
)
def test_messages_that_hint_at_a_fix(subject: str, hinted: bool) -> None:
    assert suggests_fix(subject) is hinted


@pytest.fixture
def report_app(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", BLOCKING)
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.commit("feat: report endpoint")
    return repo


def test_a_rewrite_described_by_its_new_approach_is_a_solved_problem(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/main.py", NON_BLOCKING)
    sha = report_app.commit(
        "use asyncio.sleep instead of time.sleep", date="2026-01-06T10:00:00+00:00"
    )

    lessons = solved_lessons(report_app, tmp_path)

    assert [(lesson.commit, lesson.category) for lesson in lessons] == [
        (sha, "blocking-call-in-async")
    ]
    assert "time.sleep(2)" in lessons[0].before
    assert "await asyncio.sleep(2)" in lessons[0].after


def test_where_a_solved_problem_came_from_is_blamed_once_per_history(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/main.py", NON_BLOCKING)
    report_app.commit("use asyncio.sleep instead of time.sleep", date="2026-01-06T10:00:00+00:00")
    first = AnalysisCache(tmp_path / "cache")
    blamed = solved_lessons(report_app, tmp_path, first)
    first.flush()

    again = AnalysisCache(tmp_path / "cache")
    remembered = solved_lessons(report_app, tmp_path, again)

    assert blamed == remembered
    assert blamed[0].introduced_in == report_app.git("rev-list", "--max-parents=0", "HEAD")
    assert (first.origin_hits, again.origin_hits) == (0, 1)


def test_a_hint_without_a_rule_behind_it_is_no_lesson(report_app: GitRepo, tmp_path: Path) -> None:
    report_app.write("app/main.py", BLOCKING.replace('{"ready": True}', '{"ready": False}'))
    report_app.commit("avoid reporting ready too early", date="2026-01-06T10:00:00+00:00")

    assert solved_lessons(report_app, tmp_path) == []


def test_code_moved_to_a_new_module_is_no_solved_problem(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/main.py", ROUTES_ONLY)
    report_app.write("app/report.py", MOVED_ROUTE)
    report_app.commit("replace the single module with routers", date="2026-01-06T10:00:00+00:00")

    assert solved_lessons(report_app, tmp_path) == []


def test_code_moved_between_existing_modules_is_no_solved_problem(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/report.py", "from fastapi import APIRouter\n\nrouter = APIRouter()\n")
    report_app.commit("feat: empty report router", date="2026-01-06T10:00:00+00:00")
    report_app.write("app/main.py", ROUTES_ONLY)
    report_app.write("app/report.py", MOVED_ROUTE)
    report_app.commit("replace the single module with routers", date="2026-01-07T10:00:00+00:00")

    assert solved_lessons(report_app, tmp_path) == []


def test_a_fix_commit_that_only_moved_the_problem_is_told_by_its_message(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("app/main.py", ROUTES_ONLY)
    report_app.write("app/report.py", MOVED_ROUTE)
    sha = report_app.commit("fix: circular import of the app", date="2026-01-06T10:00:00+00:00")

    lessons = solved_lessons(report_app, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(sha, None)]
    assert lessons[0].title.en == "Fix: circular import of the app"


def test_a_fix_in_a_module_only_named_like_a_test_is_the_rule_s(
    report_app: GitRepo, tmp_path: Path
) -> None:
    """A quiz bot's ``handlers/theory_test.py`` holds its handlers, no test: the sleep taken
    out of one is MB101's solved problem, not a fix no rule recognised (blind check t2)."""
    report_app.write("app/report_test.py", BLOCKING.replace("/report", "/quiz"))
    report_app.commit("feat: quiz endpoint", date="2026-01-06T10:00:00+00:00")
    report_app.write("app/report_test.py", NON_BLOCKING.replace("/report", "/quiz"))
    sha = report_app.commit("fix: quiz waits without blocking", date="2026-01-07T10:00:00+00:00")

    lessons = solved_lessons(report_app, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, "MB101", "app/report_test.py")
    ]


def test_a_fix_told_by_its_message_shows_the_code_it_replaced(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write("README.md", "# Reports\n")
    report_app.commit("docs: readme", date="2026-01-06T10:00:00+00:00")
    report_app.write("README.md", "# Reports\n\nThe report is not ready at first.\n")
    fixed = BLOCKING.replace('{"ready": True}', '{"ready": False}')
    report_app.write("app/main.py", "import logging\n" + fixed)
    sha = report_app.commit("fix: report said ready too early", date="2026-01-07T10:00:00+00:00")

    lessons = solved_lessons(report_app, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, None, "app/main.py")
    ]
    assert 'return {"ready": True}' in lessons[0].before
    assert 'return {"ready": False}' in lessons[0].after


def test_a_fix_that_only_deleted_a_file_cites_the_commit_alone(
    report_app: GitRepo, tmp_path: Path
) -> None:
    report_app.write(".env", "DEBUG=1\n")
    report_app.commit("feat: local settings", date="2026-01-06T10:00:00+00:00")
    report_app.delete(".env")
    sha = report_app.commit("fix: stop tracking the .env file", date="2026-01-07T10:00:00+00:00")

    lessons = solved_lessons(report_app, tmp_path)

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(sha, None)]
    assert [(e.commit, e.path) for e in lessons[0].evidence] == [(sha, None)]


def test_a_fix_to_a_file_whose_name_is_not_utf8_cites_the_commit_alone(
    report_app: GitRepo, tmp_path: Path
) -> None:
    latin1 = os.fsencode(report_app.path) + b"/caf\xe9.py"
    with open(latin1, "wb") as handle:
        handle.write(b"import time\n\n\nasync def brew():\n    time.sleep(1)\n")
    report_app.git("add", "-A")
    report_app.git("commit", "-q", "-m", "feat: brew")
    with open(latin1, "wb") as handle:
        handle.write(b"import asyncio\n\n\nasync def brew():\n    await asyncio.sleep(1)\n")
    report_app.git("commit", "-q", "-am", "fix: brewing no longer blocks")
    sha = report_app.git("rev-parse", "HEAD")

    lessons = solved_lessons(report_app, tmp_path)

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(sha, None)]


@pytest.mark.parametrize(
    ("subject", "zh", "en"),
    [
        ("fix: circular import", "fix: circular import", "Fix: circular import"),
        ("fix(auth)!: token expiry", "fix(auth)!: token expiry", "Fix: token expiry"),
        ("fixed the login redirect", "fixed the login redirect", "Fixed the login redirect"),
        ("修复：登录跳转", "修复：登录跳转", "修复：登录跳转"),
        ("修复登录跳转", "修复登录跳转", "修复登录跳转"),
        ("fix: 登录跳转", "修复：登录跳转", "Fix: 登录跳转"),
        ("wrong status code", "wrong status code", "Fix: wrong status code"),
    ],
)
def test_a_message_lesson_says_fix_once(subject: str, zh: str, en: str) -> None:
    """The Chinese log quotes an English subject as written: "修复：circular import" was half
    translated, neither the learner's words nor Chinese (blind check b1)."""
    assert (fix_title(subject).zh, fix_title(subject).en) == (zh, en)
