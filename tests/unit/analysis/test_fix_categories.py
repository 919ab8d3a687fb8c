"""A fix no rule recognises is filed under the category its message names, or under ``other``:
the log groups lessons by category, so a wrong guess is a false claim about the learner."""

from __future__ import annotations

import pytest

from mentorbot.analysis.commit_kind import classify_commit
from mentorbot.domain import Category
from mentorbot.fix_messages import message_category


@pytest.mark.parametrize(
    ("subject", "category"),
    [
        ("fix: use asyncio.sleep instead of time.sleep", "blocking-call-in-async"),
        ("fix blocking requests call in the weather route", "blocking-call-in-async"),
        ("修复：事件循环被阻塞", "blocking-call-in-async"),
        ("fix: await the session commit", "missing-await"),
        ("fix SQL injection in the search endpoint", "sql-string-formatting"),
        ("fix: raw sql query built with an f-string", "sql-string-formatting"),
        ("修复 SQL 注入", "sql-string-formatting"),
        ("fix: move the JWT secret to the environment", "hardcoded-secret"),
        ("fix: refresh the access token before it expires", "hardcoded-secret"),
        ("fix: get the session through Depends", "session-per-function"),
        ("修复：用依赖注入获取数据库会话", "session-per-function"),
        # Traditional Chinese says the same (a Taiwanese learner's "fix: 錯誤處理").
        ("fix: 錯誤處理", "bare-or-broad-except"),
        # A handler that swallows the error is the rule's own words (blind check l1).
        ("fix: don't swallow client errors", "bare-or-broad-except"),
        ("fix swallowed exceptions in the worker", "bare-or-broad-except"),
        ("修復：事件循環被阻塞", "blocking-call-in-async"),
        ("修正：用依賴注入取得資料庫會話", "session-per-function"),
        ("把密碼移到環境變數", "hardcoded-secret"),
        ("fix: missing alembic migration for the users table", "no-migrations"),
        ("add response models", "orm-as-response-model"),
        ("declare a response model on the todo routes", "orm-as-response-model"),
        ("fix: return a read schema instead of the ORM row", "orm-as-response-model"),
        # A schema is not a response model: "fix: schemas" added two fields (blind check
        # history 37).
        ("fix: schemas", "other"),
        ("fix db schema for the users table", "other"),
        # Not SQL injection: an ORM's or a database's name, dependency injection.
        ("fix SQLAlchemy relationship loading", "other"),
        ("fix: SQLModel table=True on the Hero model", "other"),
        ("fix PostgreSQL connection string in docker-compose", "other"),
        ("fix sqlite path for tests", "other"),
        # SQL named, but nothing built from values: its echo, a typo in a query (history 41).
        ("fix typo: turn off sql echo", "other"),
        ("fix sql typo in the report query", "other"),
        ("fix: build the search sql with bound params", "sql-string-formatting"),
        ("use parameterized queries in the repository", "sql-string-formatting"),
        ("fix dependency injection of the settings object", "other"),
        # Not a secret: a language model's tokens; not a blocking call: a code block.
        ("fix token count of long prompts", "other"),
        # A site's login cookie is no database session (blind check x1).
        ("fix: don't keep the session cookie in the code", "other"),
        ("fix: store the session token in a header", "other"),
        ("fix: close the session after each request", "session-per-function"),
        ("fix code block rendering in the README", "other"),
    ],
)
def test_a_fix_message_names_its_category(subject: str, category: Category) -> None:
    assert message_category(subject) == category


@pytest.mark.parametrize("subject", ["修復登入的問題", "解決報錯", "修正筆誤"])
def test_a_traditional_chinese_fix_message_is_a_fix(subject: str) -> None:
    assert classify_commit(subject) == "fix"


@pytest.mark.parametrize(
    "subject",
    [
        "перенос в backend, фиксы",
        "исправил блокирующий вызов",
        "виправив помилку в auth",
        "arreglado el login",
        "corregir validaciones",
        "corrigido o upload",
        "버그 수정",
        "로그인 고침",
        "バグ修正",
    ],
)
def test_a_fix_message_in_another_language_is_a_fix(subject: str) -> None:
    """A Russian learner's "фиксы" (fixes) was classed "other", so the fixes it made in files it
    moved were never looked for."""
    assert classify_commit(subject) == "fix"


@pytest.mark.parametrize("subject", ["수정", "README 수정", "요양사 등록 API", "fixture added"])
def test_an_edit_in_korean_is_no_fix(subject: str) -> None:
    """수정 is any edit in Korean: only a bug or an error 수정 names a fix."""
    assert classify_commit(subject) != "fix"


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("one router for departments and employees, patch and delete", "other"),
        ("add put and patch routes", "feat"),
        ("patch the login redirect", "fix"),
    ],
)
def test_patch_beside_another_http_method_is_the_method(subject: str, kind: str) -> None:
    """ "patch and delete" added two routes; it was counted a fix, with a lesson of its own."""
    assert classify_commit(subject) == kind
