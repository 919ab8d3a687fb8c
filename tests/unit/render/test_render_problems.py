"""The rendered log's problems and solutions, and the reflection's count of fixes."""

from __future__ import annotations

import pytest

from mentorbot.domain import Evidence, ReviewReport, Text
from mentorbot.render import render_log
from tests.unit.render.conftest import FIX2_SHA, FIX_SHA, RUBRIC, _sections, build_report, finding


def test_citations_come_from_the_report_as_inline_code_with_short_shas(
    report_en: ReviewReport,
) -> None:
    text = render_log(report_en, rubric=RUBRIC)
    problems = _sections(text)["problems"].content
    assert "- `app/main.py:12` time.sleep in async def (MB101)" in problems
    assert "- `app/worker.py:30` requests.get in async def (MB101)" in problems
    assert (
        '- **Fixed in**: `3f9c2a7b` (2024-05-06) "fix: use TaskRead as response model"' in problems
    )
    assert "- **Fixed in**: `a1b2c3d4` (2024-05-08)" in problems
    assert FIX_SHA not in text and FIX2_SHA[:9] not in text
    assert (
        "**Blocking inside async def** (seen in an earlier review), first at `app/main.py:12`"
        in (problems)
    )


def test_solved_lesson_shows_before_after_root_cause_and_lesson(report_zh: ReviewReport) -> None:
    problems = _sections(render_log(report_zh, rubric=RUBRIC))["problems"].content
    assert "#### 问题 1：ORM 对象被直接返回" in problems
    assert '修改前：\n\n```python\n@app.post("/tasks", response_model=Task)\n```' in problems
    assert '修改后：\n\n```python\n@app.post("/tasks", response_model=TaskRead)\n```' in problems
    assert "- **根本原因**：数据库模型兼任接口契约" in problems
    assert "**经验**：接口返回专门的响应模型。" in problems


def _first_problem_as(report: ReviewReport, rule: str, found: Text) -> str:
    """The log's first solved problem, its lesson made one of ``rule`` (category other) that
    found ``found``."""
    lesson = report.lessons[0].model_copy(
        update={"rule": rule, "category": "other", "found": found}
    )
    lessons = (lesson, *report.lessons[1:])
    problems = _sections(render_log(report.model_copy(update={"lessons": lessons}), rubric=RUBRIC))[
        "problems"
    ].content
    return problems.split("#### ", 2)[1]


def test_a_solved_problem_says_what_its_rule_found_and_a_ruff_one_names_ruff_as_the_cause(
    report_zh: ReviewReport, report_en: ReviewReport
) -> None:
    """A general ruff check's fix is a rule's finding: its root cause is not "no known rule"."""
    found = Text(zh="导入了 `HTTPException` 但没有使用", en="`HTTPException` imported but unused")
    for report in (report_zh, report_en):
        first = _first_problem_as(report, "MB201", found)
        if report.language == "en":
            assert (
                "- **Found before the fix**: `HTTPException` imported but unused (MB201)" in first
            )
            assert "- **Root cause**: One of ruff's general checks flagged this code" in first
            assert "does not match a known rule" not in first
        else:
            assert "- **修复前的发现**：导入了 `HTTPException` 但没有使用（MB201）" in first
            assert "- **根本原因**：ruff 的通用检查标记了这段代码" in first
            assert "没有对应到已知的规则" not in first


def test_a_fixed_syntax_error_is_not_put_down_to_ruffs_general_checks(
    report_zh: ReviewReport, report_en: ReviewReport
) -> None:
    """A Flask app's fixed syntax error was explained as "one of ruff's general checks flagged
    this code" (blind check history 38)."""
    found = Text(zh="文件无法解析", en="the file does not parse")
    for report in (report_zh, report_en):
        first = _first_problem_as(report, "MB001", found)
        if report.language == "en":
            assert "- **Root cause**: Python could not parse this file" in first
            assert "ruff's general checks" not in first
        else:
            assert "- **根本原因**：Python 无法解析这个文件" in first
            assert "ruff 的通用检查" not in first


def test_a_secret_taken_out_with_its_file_is_placed_in_the_commit_before_the_fix(
    report_zh: ReviewReport, report_en: ReviewReport
) -> None:
    """A deleted .env has no path at the fixing commit: the log says where the secret can still
    be read, the file as of the commit before."""
    before = "0badc0de" * 5
    for report in (report_zh, report_en):
        lesson = report.lessons[0].model_copy(
            update={
                "path": None,
                "evidence": (
                    Evidence(commit=report.lessons[0].commit),
                    Evidence(commit=before, path=".env"),
                    Evidence(commit=before, path="backend/.env"),
                ),
            }
        )
        problems = _sections(
            render_log(report.model_copy(update={"lessons": (lesson,)}), rubric=RUBRIC)
        )["problems"].content
        if report.language == "en":
            assert (
                "- **Where**: `.env`, `backend/.env`, as of `0badc0de`, before the fix" in problems
            )
        else:
            assert "- **位置**：`.env`、`backend/.env`（修复前的 `0badc0de`）" in problems


def test_a_fix_no_rule_recognised_claims_no_root_cause_only_the_topic_of_its_message(
    report_zh: ReviewReport, report_en: ReviewReport
) -> None:
    """A "fix: close db sessions" names sessions, but no rule saw what was wrong: the log must not
    state the session rule's diagnosis, nor call the replaced code's last change its origin."""
    introduced = "deadbeef" * 5
    for report in (report_zh, report_en):
        lessons = tuple(
            lesson.model_copy(update={"introduced_in": introduced}) for lesson in report.lessons
        )
        problems = _sections(
            render_log(report.model_copy(update={"lessons": lessons}), rubric=RUBRIC)
        )["problems"].content
        ruled, message_only = problems.split("#### ", 3)[1:3]
        if report.language == "en":
            assert "Its message is about database sessions and dependencies;" in message_only
            assert "Opening and closing sessions is scattered" not in problems
            assert "the lines it replaced were last changed in `deadbeef`" in message_only
            assert "- **History**: introduced in `deadbeef`" in ruled
        else:
            assert "从提交说明看，它和“数据库会话和依赖注入”有关" in message_only
            assert "会话的开关散落在各个函数里" not in problems
            assert "被改掉的内容最后一次改动在 `deadbeef`" in message_only
            assert "- **来龙去脉**：在 `deadbeef`" in ruled and "引入" in ruled
        assert "数据库模型兼任接口契约" in ruled or "The database model doubles" in ruled


def test_no_lessons_gives_the_no_fix_commits_sentence_in_both_languages() -> None:
    """The sentence told learners a fix shows up only when its message says "fix", though a
    commit that removes a problem the checks see is found whatever its message says."""
    en = render_log(build_report("en", lessons=()), rubric=RUBRIC)
    zh = render_log(build_report("zh", lessons=()), rubric=RUBRIC)
    assert "No commit in this range solved a problem yet" in _sections(en)["problems"].content
    assert "whatever its message says" in _sections(en)["problems"].content
    assert "这段时间还没有哪个提交解决了问题" in _sections(zh)["problems"].content
    assert "不管提交说明怎么写" in _sections(zh)["problems"].content
    assert "#### Problem 1" not in en


def test_reflection_closes_with_counts_from_the_review(report_zh: ReviewReport) -> None:
    """The fix told only by its message ("修复：会话泄漏", no rule) is not counted: the checks
    cannot confirm it fixed anything ("You fixed 6 problems yourself" counted one that had not,
    blind check history 23). It is named apart, so the count agrees with the solved problems
    the log lists ("You fixed 3" beside four of them, history 50)."""
    reflection = _sections(render_log(report_zh, rubric=RUBRIC))["reflection"].content
    assert "- 路由清晰，统一用了依赖注入。" in reflection
    assert "你亲手修好了 1 个检查能确认的问题（另有 1 个只见于提交说明）" in reflection
    english = _sections(render_log(report_zh.model_copy(update={"language": "en"}), rubric=RUBRIC))
    assert (
        "You fixed 1 problem yourself in this period that the checks confirm (1 more is told "
        "only by its commit message)" in english["reflection"].content
    )
    assert "还有 4 处问题在等你，从“异步函数里的阻塞调用”开始" in reflection


def _all_confirmed(report: ReviewReport) -> ReviewReport:
    """The report with its message-only lesson recognised by a rule too."""
    lessons = tuple(
        lesson.model_copy(update={"rule": "MB103"}) if lesson.commit == FIX2_SHA else lesson
        for lesson in report.lessons
    )
    return report.model_copy(update={"lessons": lessons})


def test_reflection_counts_every_solved_problem_not_only_those_the_log_shows(
    report_en: ReviewReport,
) -> None:
    text = render_log(_all_confirmed(report_en), rubric=RUBRIC, max_lessons=1)
    assert "1 more solved problem is not shown here" in _sections(text)["problems"].content
    assert "You fixed 2 problems yourself in this period" in _sections(text)["reflection"].content


def test_fixes_only_their_messages_claim_are_named_as_such(
    report_en: ReviewReport, report_zh: ReviewReport
) -> None:
    """With no fix a rule confirms, the reflection neither says "you fixed" nor "no fixes"."""
    for report in (report_en, report_zh):
        lessons = tuple(lesson for lesson in report.lessons if lesson.commit != FIX_SHA)
        text = render_log(report.model_copy(update={"lessons": lessons}), rubric=RUBRIC)
        reflection = _sections(text)["reflection"].content
        if report.language == "en":
            assert "1 commit says it fixes something the checks cannot confirm" in reflection
            assert "You fixed" not in reflection and "no fixes" not in reflection
        else:
            assert "有 1 个提交说自己修了问题，但检查确认不了修的是什么" in reflection
            assert "修好了" not in reflection


def test_fixes_from_several_authors_are_not_all_credited_to_the_learner(
    report_en: ReviewReport, report_zh: ReviewReport
) -> None:
    """A team repo: "You fixed 2 problems yourself" when a teammate made one of the fixes."""
    for report in (report_en, report_zh):
        commits = tuple(
            commit.model_copy(update={"author": "Han Meimei"}) if commit.sha == FIX2_SHA else commit
            for commit in report.commits
        )
        shared = _all_confirmed(report).model_copy(update={"commits": commits})
        text = render_log(shared, rubric=RUBRIC)
        reflection = _sections(text)["reflection"].content
        if report.language == "en":
            assert (
                "2 problems were fixed in this period, in commits by 2 authors (Han Meimei, Li Lei)"
            ) in reflection
            assert "yourself" not in reflection
        else:
            assert "修复提交来自 2 位作者（Han Meimei、Li Lei）" in reflection
            assert "亲手" not in reflection


def test_solved_problems_a_rule_recognised_come_before_the_others(
    report_en: ReviewReport,
) -> None:
    """The miner lists fixes newest first; a newer fix no rule recognised ("fix typo in
    readme") took the only place and pushed the rule's lesson out of the log."""
    newest_first = tuple(reversed([x for x in report_en.lessons if x.status == "solved"]))
    assert [lesson.rule for lesson in newest_first] == [None, "MB201"]
    others = tuple(lesson for lesson in report_en.lessons if lesson.status != "solved")
    report = report_en.model_copy(update={"lessons": (*newest_first, *others)})

    problems = _sections(render_log(report, rubric=RUBRIC, max_lessons=1))["problems"].content

    assert f"`{FIX_SHA[:8]}`" in problems
    assert f"`{FIX2_SHA[:8]}`" not in problems
    assert (
        "1 more solved problem is not shown here (the ones a rule recognised come first" in problems
    )


def test_findings_beyond_the_problems_section_are_listed_in_the_appendix() -> None:
    many = tuple(
        finding("MB301", "bare-or-broad-except", "medium", "app/crud.py", 10 + i, "broad except")
        for i in range(8)
    )
    sections = _sections(render_log(build_report("en", findings=many, lessons=()), rubric=RUBRIC))
    assert "`app/crud.py:15`" in sections["problems"].content
    assert "`app/crud.py:16`" not in sections["problems"].content
    assert "- 2 more; the appendix has the full list." in sections["problems"].content
    appendix = sections["appendix"].content
    assert "### All findings (8)" in appendix
    assert "| `app/crud.py:17` | MB301 | medium | broad except |" in appendix


@pytest.mark.parametrize(
    ("language", "line"),
    [
        (
            "en",
            "- **Showed in**: `app/routes.py:10`, `app/routes.py:24`. That code did not change in "
            "the fix: what it calls did.",
        ),
        (
            "zh",
            "- **问题表现在**：`app/routes.py:10`、`app/routes.py:24`。修复没有改动这里的代码，",
        ),
    ],
)
def test_a_fix_made_in_a_helper_names_the_lines_where_the_problem_showed(
    language: str, line: str
) -> None:
    report = build_report(language)
    solved = report.lessons[0].model_copy(
        update={
            "evidence": (
                Evidence(commit=FIX_SHA, path="app/main.py"),
                Evidence(path="app/routes.py", line=10, note="MB101"),
                Evidence(path="app/routes.py", line=24, note="MB101"),
            )
        }
    )
    lessons = (solved, *report.lessons[1:])
    problems = _sections(render_log(report.model_copy(update={"lessons": lessons}), rubric=RUBRIC))[
        "problems"
    ].content

    assert line in problems
    assert problems.count("**Showed in**" if language == "en" else "**问题表现在**") == 1


def test_an_open_problem_says_when_its_line_was_written(report_en: ReviewReport) -> None:
    """The open problems named where they show but not since when: the line's commit is
    named when the review could tell it."""
    dated = tuple(
        lesson.model_copy(
            update={"introduced_in": FIX2_SHA, "introduced_date": "2024-05-08T10:00:00+08:00"}
        )
        if lesson.status == "open"
        else lesson
        for lesson in report_en.lessons
    )
    report = report_en.model_copy(update={"lessons": dated})
    english = _sections(render_log(report, rubric=RUBRIC))["problems"].content
    chinese = _sections(render_log(report, rubric=RUBRIC, language="zh"))["problems"].content

    assert ", first at `app/main.py:12`, written in `a1b2c3d4` on 2024-05-08" in english
    assert "，首次出现在 `app/main.py:12`，写于 `a1b2c3d4`（2024-05-08）" in chinese
    undated = _sections(render_log(report_en, rubric=RUBRIC))["problems"].content
    assert "written in" not in undated


def test_a_project_wide_problem_says_since_when_the_project_had_it(
    report_en: ReviewReport,
) -> None:
    """ "No tests, first at app/main.py:9, written in <sha>" named a commit that did not
    hold that file: the line only anchors a problem of the whole project, which began with the
    project's state (blind check history 35)."""
    untested = next(lesson for lesson in report_en.lessons if lesson.status == "open")
    untested = untested.model_copy(
        update={
            "rule": "MB105",
            "introduced_in": FIX2_SHA,
            "introduced_date": "2024-05-08T10:00:00+08:00",
        }
    )
    report = report_en.model_copy(update={"lessons": (untested,)})
    english = _sections(render_log(report, rubric=RUBRIC))["problems"].content
    chinese = _sections(render_log(report, rubric=RUBRIC, language="zh"))["problems"].content

    place = f"`{untested.path}:{untested.line}`"
    assert f", shown at {place}; the project has had it since `a1b2c3d4` on 2024-05-08" in english
    assert "written in" not in english
    assert f"，见 {place}；从 `a1b2c3d4`（2024-05-08）起项目就一直有这个问题" in chinese


def test_a_group_of_mixed_severities_names_its_highest_as_the_highest() -> None:
    """ "Other problems (19 places, high severity)" was said of 17 low places and one high."""
    mixed = (
        finding("MB201", "other", "high", "app/main.py", 3, "undefined name"),
        *(
            finding("MB201", "other", "low", "app/crud.py", 1 + i, "unused import")
            for i in range(3)
        ),
    )
    same = tuple(
        finding("MB106", "bare-or-broad-except", "medium", "app/jobs.py", 5 + i, "broad except")
        for i in range(2)
    )
    english = render_log(build_report("en", findings=mixed + same, lessons=()), rubric=RUBRIC)
    chinese = render_log(build_report("zh", findings=mixed + same, lessons=()), rubric=RUBRIC)

    assert "(4 places, up to high severity)" in english
    assert "(2 places, medium severity)" in english
    assert "（4 处，最高严重程度高）" in chinese
    assert "（2 处，严重程度中）" in chinese


def test_ruff_s_general_problems_come_after_the_named_kinds_and_one_hidden_kind_is_told() -> None:
    """18 lint items, one of them high, came first, and the schema made outside the migrations
    was left out with "1 more kind of problem are not shown here" (blind check corpus 83)."""
    lint = [
        finding(
            "MB201", "other", "high" if n == 0 else "low", "app.py", n + 1, f"lint {n} (ruff F401)"
        )
        for n in range(18)
    ]
    schema = finding(
        "MB110", "no-migrations", "medium", "db.py", 9, "`create_all` runs in application code"
    )
    report = build_report(language="en", findings=(*lint, schema), lessons=())
    problems = _sections(render_log(report, rubric=RUBRIC, max_open_problems=1))["problems"]
    assert "db.py:9" in problems.content
    assert "1 more kind of problem is not shown here" in problems.content
