"""The "Fixed" list of "Since the last review": one line per file and way a problem went."""

from __future__ import annotations

import pytest

from mentorbot.domain import Evidence, PlanTask, TaskCheck, TaskFollowUp, Text
from mentorbot.render import render_log
from tests.unit.render.conftest import RUBRIC, build_report, finding


def _fixed(path: str, line: int, sha: str) -> object:
    found = finding("MB104", "pydantic-v1-api-in-v2", "medium", path, line, "class Config")
    return found.model_copy(update={"status": "fixed", "fixed_by": sha})


@pytest.mark.parametrize(
    ("language", "twice", "once"),
    [
        ("en", "`app/schemas.py` (2), fixed in commit `a1b2c3d4`", "`app/models.py`, fixed in"),
        ("zh", "`app/schemas.py`（2 处），由提交 `a1b2c3d4` 修复", "`app/models.py`，由提交"),
    ],
)
def test_problems_that_went_the_same_way_from_one_file_are_one_line(
    language: str, twice: str, once: str
) -> None:
    """Two ``class Config`` of one schema file fixed in one commit read as the same line said
    twice (blind check history 42)."""
    sha = "a1b2c3d4" + "e" * 32
    fixed = (
        _fixed("app/schemas.py", 8, sha),
        _fixed("app/schemas.py", 20, sha),
        _fixed("app/models.py", 5, sha),
    )
    log = render_log(
        build_report(language, step=2, previous_step=1, fixed_findings=fixed), rubric=RUBRIC
    )

    assert log.count(twice) == 1
    assert log.count(once) == 1
    assert "3 fixed" in log or "修好了 3 处" in log


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Rewrite the SQL in app/search.py: its file was deleted"),
        ("zh", "改写 app/search.py 里的 SQL：这个文件已经删除"),
    ],
)
def test_a_task_whose_file_was_deleted_says_so_rather_than_done(language: str, said: str) -> None:
    task = PlanTask(
        text=Text(zh="改写 app/search.py 里的 SQL", en="Rewrite the SQL in app/search.py"),
        check=TaskCheck(rule="MB108", path="app/search.py"),
    )
    followed = (TaskFollowUp(task=task, done=True, file_deleted=True),)
    log = render_log(
        build_report(language, step=2, previous_step=1, follow_up=followed), rubric=RUBRIC
    )

    assert said in log


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Stop committing .env: its file was taken out of git (it is still on your disk"),
        ("zh", "不要再提交 .env：这个文件已经移出 git（它还在你的磁盘上"),
    ],
)
def test_a_task_whose_file_was_taken_out_of_git_does_not_call_it_deleted(
    language: str, said: str
) -> None:
    """``git rm --cached .env`` read "its file was deleted" (blind check t1)."""
    task = PlanTask(
        text=Text(zh="不要再提交 .env", en="Stop committing .env"),
        check=TaskCheck(rule="MB107", path=".env"),
    )
    followed = (TaskFollowUp(task=task, done=True, file_untracked=True),)
    log = render_log(
        build_report(language, step=2, previous_step=1, follow_up=followed), rubric=RUBRIC
    )

    assert said in log
    assert "deleted" not in log and "已经删除" not in log


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "en",
            "Switch src/db.py to an async driver: no longer needed, the problem went another way",
        ),
        ("zh", "把 src/db.py 换成异步驱动：不再需要，问题已经以别的方式解决"),
    ],
)
def test_a_task_done_another_way_says_so_rather_than_done(language: str, said: str) -> None:
    task = PlanTask(
        text=Text(zh="把 src/db.py 换成异步驱动", en="Switch src/db.py to an async driver"),
        check=TaskCheck(rule="MB111", path="src/db.py"),
    )
    followed = (TaskFollowUp(task=task, done=True, another_way=True),)
    log = render_log(
        build_report(language, step=2, previous_step=1, follow_up=followed), rubric=RUBRIC
    )

    assert said in log


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "en",
            "- [ ] Take the key out, and rotate it: the secret left the code; its rotation cannot "
            "be seen from the repository (check it yourself) (`settings.json`)",
        ),
        (
            "zh",
            "- [ ] 把密钥移出仓库并更换：密钥已经移出代码；是否已经更换密钥，从仓库里看不出来"
            "（请自己确认）（`settings.json`）",
        ),
    ],
)
def test_a_secret_task_done_in_the_code_does_not_claim_the_rotation(
    language: str, said: str
) -> None:
    """ "…and rotate it since it has been committed: done" after the key left the code (blind
    check w1)."""
    task = PlanTask(
        text=Text(zh="把密钥移出仓库并更换", en="Take the key out, and rotate it"),
        check=TaskCheck(rule="MB107", path="settings.json"),
    )
    evidence = (Evidence(path="settings.json", note="no MB107 left"),)
    followed = (TaskFollowUp(task=task, done=True, rotation_unseen=True, evidence=evidence),)
    log = render_log(
        build_report(language, step=2, previous_step=1, follow_up=followed), rubric=RUBRIC
    )

    assert said in log
    assert ": done" not in log and "已完成" not in log


@pytest.mark.parametrize(
    ("language", "uncommitted", "clean"),
    [
        ("en", "fixed in changes not committed yet", "fixed since the last review (no commit"),
        ("zh", "在尚未提交的改动里修复", "上次回顾以来已修复（无法确定是哪个提交）"),
    ],
)
def test_a_fix_no_commit_shows_is_uncommitted_only_where_its_file_is(
    language: str, uncommitted: str, clean: str
) -> None:
    """A problem gone from a file that has no uncommitted change, with no commit named as its
    fix, had been "fixed in changes not committed yet" of a committed edit (blind check w1)."""
    fixed = (_fixed("app/schemas.py", 8, ""), _fixed("app/models.py", 5, ""))
    fixed = tuple(found.model_copy(update={"fixed_by": None}) for found in fixed)
    report = build_report(
        language, step=2, previous_step=1, fixed_findings=fixed, uncommitted=("app/models.py",)
    )

    log = render_log(report, rubric=RUBRIC)

    [schemas] = [line for line in log.splitlines() if "`app/schemas.py`" in line and "✅" in line]
    [models] = [line for line in log.splitlines() if "`app/models.py`" in line and "✅" in line]
    assert clean in schemas and uncommitted not in schemas
    assert uncommitted in models
