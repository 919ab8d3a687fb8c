"""The rendered learning log: sections, wording per language, citations, tables and growth."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from mentorbot.domain import Evidence, PlanTask, ReviewReport, SkillMatrix, StackItem, Text
from mentorbot.logfile_sections import Section, parse_log, section_hash
from mentorbot.render import SECTION_NAMES, render_log, template_environment
from mentorbot.skills import level_label
from tests.unit.render.conftest import (
    AREAS,
    FIX2_SHA,
    FIX_SHA,
    LEVELS,
    RUBRIC,
    build_report,
    finding,
)

ZH_HEADINGS = (
    "# Step 3 学习日志：task-runner",
    "## 学习概览",
    "## 已经掌握的概念",
    "## 问题与解决",
    "## 取得的成果",
    "## 技能矩阵与成长",
    "## 下一步",
    "## 适合你技术栈的最佳实践",
    "## 回顾与反思",
    "## 备注",
    "## 附录",
    "## 元数据",
)
EN_HEADINGS = (
    "# Step 3 learning log: task-runner",
    "## Overview",
    "## Concepts you have shown",
    "## Problems and solutions",
    "## Achievements",
    "## Skill matrix and growth",
    "## Next steps",
    "## Best practices for your stack",
    "## Reflection",
    "## Notes",
    "## Appendix",
    "## Metadata",
)


def _sections(text: str) -> dict[str, Section]:
    return {seg.name: seg for seg in parse_log(text) if isinstance(seg, Section)}


def _row(text: str, first_cell: str) -> str:
    rows = [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(rows) == 1, rows
    return rows[0]


def test_both_languages_render_every_section_in_order_with_hashed_markers(
    report_zh: ReviewReport, report_en: ReviewReport
) -> None:
    for report in (report_zh, report_en):
        text = render_log(report, rubric=RUBRIC)
        sections = _sections(text)
        assert tuple(sections) == SECTION_NAMES
        for name, section in sections.items():
            assert section.begin.startswith(f"<!-- mentor:begin {name} sha=")
            assert section.sha == section_hash(section.content)
            assert section.end == f"<!-- mentor:end {name} -->\n"


def test_chinese_log_has_chinese_headings_and_english_log_english_ones(
    report_zh: ReviewReport, report_en: ReviewReport
) -> None:
    zh = render_log(report_zh, rubric=RUBRIC)
    en = render_log(report_en, rubric=RUBRIC)
    zh_lines = set(zh.splitlines())
    en_lines = set(en.splitlines())
    assert set(ZH_HEADINGS) <= zh_lines
    assert set(EN_HEADINGS) <= en_lines
    assert not set(EN_HEADINGS) & zh_lines
    assert not set(ZH_HEADINGS) & en_lines


def test_language_argument_overrides_the_report_language(report_zh: ReviewReport) -> None:
    text = render_log(report_zh, rubric=RUBRIC, language="en")
    assert "## Overview" in text.splitlines()
    assert "## 学习概览" not in text


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


def test_a_solved_problem_says_what_its_rule_found_and_a_ruff_one_names_ruff_as_the_cause(
    report_zh: ReviewReport, report_en: ReviewReport
) -> None:
    """A general ruff check's fix is a rule's finding: its root cause is not "no known rule"."""
    found = Text(zh="导入了 `HTTPException` 但没有使用", en="`HTTPException` imported but unused")
    for report in (report_zh, report_en):
        ruff_lesson = report.lessons[0].model_copy(
            update={"rule": "MB201", "category": "other", "found": found}
        )
        lessons = (ruff_lesson, *report.lessons[1:])
        problems = _sections(
            render_log(report.model_copy(update={"lessons": lessons}), rubric=RUBRIC)
        )["problems"].content
        first = problems.split("#### ", 2)[1]
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


def test_overview_states_range_period_size_and_what_was_skipped(report_en: ReviewReport) -> None:
    overview = _sections(render_log(report_en, rubric=RUBRIC))["overview"].content
    assert "- **Stack**: fastapi 0.115.0, sqlalchemy 2.0.30, pydantic\n" in overview
    assert "- **Commits**: 4 reviewed, from `0badf00d` to `c0ffee12` (the whole history).\n" in (
        overview
    )
    assert "  By kind: fix 2, feature 1, other 1.\n" in overview
    unsorted = tuple(c.model_copy(update={"kind": "other"}) for c in report_en.commits)
    for language in ("en", "zh"):
        plain = report_en.model_copy(update={"commits": unsorted})
        text = _sections(render_log(plain, rubric=RUBRIC, language=language))["overview"].content
        assert "By kind" not in text and "其中" not in text, "no kind to tell"
    assert "- **Period**: 2024-05-01 to 2024-05-10, 10 days\n" in overview
    assert "- **Size**: 9 files, 852 lines (blank lines not counted)\n" in overview
    assert (
        "- **Skipped**: 2 binary files, 1 vendored file (left out of the assessment)\n" in overview
    )


def test_a_shallow_clone_is_not_called_the_whole_history(
    report_en: ReviewReport, report_zh: ReviewReport
) -> None:
    english = _sections(render_log(report_en.model_copy(update={"shallow": True}), rubric=RUBRIC))
    chinese = _sections(render_log(report_zh.model_copy(update={"shallow": True}), rubric=RUBRIC))

    assert "`c0ffee12` (all the history this shallow clone holds; see Notes).\n" in (
        english["overview"].content
    )
    assert "the whole history" not in english["overview"].content
    assert "（这个浅克隆里的全部历史，见“备注”）" in chinese["overview"].content
    assert "完整历史" not in chinese["overview"].content


def test_a_language_with_one_line_is_counted_in_the_singular(report_en: ReviewReport) -> None:
    report = report_en.model_copy(update={"languages": {"python": 41, "requirements": 1}})
    overview = _sections(render_log(report, rubric=RUBRIC))["overview"].content
    assert "- **Languages**: python 41 lines, requirements 1 line\n" in overview
    single = report.model_copy(
        update={"metrics": report.metrics.model_copy(update={"files": 1, "loc": 1})}
    )
    single_overview = _sections(render_log(single, rubric=RUBRIC))["overview"].content
    assert "- **Size**: 1 file, 1 line (blank lines not counted)\n" in single_overview


def test_a_frozen_requirements_file_shows_the_known_packages_and_counts_the_rest(
    report_en: ReviewReport,
) -> None:
    """``pip freeze`` lists every transitive package; the overview names what it recognises
    (at most 15) and counts the rest, which the JSON keeps in full."""
    frozen = tuple(
        StackItem(name=f"lib{index}", version="1.0", category="other", source="requirements.txt")
        for index in range(30)
    )
    report = report_en.model_copy(update={"stack": (*report_en.stack, *frozen)})
    overview = _sections(render_log(report, rubric=RUBRIC))["overview"].content
    assert (
        "- **Stack**: fastapi 0.115.0, sqlalchemy 2.0.30, pydantic; and 30 more "
        "(the JSON's `stack` lists them all)\n"
    ) in overview
    chinese = _sections(render_log(report, rubric=RUBRIC, language="zh"))["overview"].content
    assert "；另有 30 个依赖（完整列表见 JSON 的 `stack`）\n" in chinese


def test_the_stack_line_names_what_the_app_is_built_with_first(report_en: ReviewReport) -> None:
    """A pip freeze is alphabetical: aiohttp, attrs, chromadb… came first and Streamlit, the
    app's framework, was counted among the rest."""
    frozen = tuple(
        StackItem(name=name, version="1.0", category=category, source="requirements.txt")
        for name, category in (
            *((f"pytest-plugin{index}", "testing") for index in range(16)),
            ("langchain", "ai"),
            ("streamlit", "ui"),
        )
    )
    report = report_en.model_copy(update={"stack": frozen})
    overview = _sections(render_log(report, rubric=RUBRIC))["overview"].content
    assert "- **Stack**: streamlit 1.0, langchain 1.0, pytest-plugin0 1.0, " in overview
    assert "; and 3 more (the JSON's `stack` lists them all)" in overview


def test_the_stack_line_names_what_the_code_imports_before_what_a_freeze_only_lists(
    report_en: ReviewReport,
) -> None:
    """A Motor URL shortener's freeze put Django, never imported, first in its stack line
    (blind check corpus 46)."""
    frozen = tuple(
        StackItem(
            name=name, version="1.0", category=category, source="requirements.txt", imported=used
        )
        for name, category, used in (
            ("django", "framework", False),
            ("fastapi", "framework", True),
            ("sqlmodel", "orm", False),
            ("motor", "database-driver", True),
        )
    )
    report = report_en.model_copy(update={"stack": frozen})
    overview = _sections(render_log(report, rubric=RUBRIC))["overview"].content
    assert "- **Stack**: fastapi 1.0, motor 1.0, django 1.0, sqlmodel 1.0\n" in overview


def test_fixes_not_called_fixes_are_counted_beside_the_kinds(report_en: ReviewReport) -> None:
    commits = tuple(
        commit.model_copy(update={"kind": "refactor"}) if commit.sha == FIX_SHA else commit
        for commit in report_en.commits
    )
    report = report_en.model_copy(update={"commits": commits})
    overview = _sections(render_log(report, rubric=RUBRIC))["overview"].content
    assert (
        "  By kind: feature 1, fix 1, refactor 1, other 1. 1 commit not called a fix still "
        "solved a problem (see Problems and solutions).\n"
    ) in overview
    chinese = _sections(render_log(report, rubric=RUBRIC, language="zh"))["overview"].content
    assert "。有 1 次提交虽然没说是修复，但确实解决了问题（见“问题与解决”）。\n" in chinese
    plain = report.model_copy(
        update={"commits": tuple(c.model_copy(update={"kind": "other"}) for c in commits)}
    )
    overview = _sections(render_log(plain, rubric=RUBRIC))["overview"].content
    assert (
        " (the whole history).\n  2 commits not called a fix still solved a problem (see Problems "
        "and solutions).\n"
    ) in overview
    chinese = _sections(render_log(plain, rubric=RUBRIC, language="zh"))["overview"].content
    assert (
        "（完整历史）。\n  有 2 次提交虽然没说是修复，但确实解决了问题（见“问题与解决”）。\n"
        in chinese
    )


def test_packages_seen_only_in_imports_are_named_as_undeclared(report_en: ReviewReport) -> None:
    imported = StackItem(name="passlib", category="other", source="app/auth.py")
    report = report_en.model_copy(update={"stack": (*report_en.stack, imported)})
    overview = _sections(render_log(report, rubric=RUBRIC))["overview"].content
    assert (
        "- **Stack**: fastapi 0.115.0, sqlalchemy 2.0.30, pydantic; and 1 more (the JSON's "
        "`stack` lists them all); imported by the code but declared in no dependency manifest: "
        "passlib\n"
    ) in overview
    only_code = report_en.model_copy(update={"stack": (imported,)})
    chinese = _sections(render_log(only_code, rubric=RUBRIC, language="zh"))["overview"].content
    assert "- **技术栈**：passlib（都是从代码的 import 里看出来的" in chinese


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


def test_empty_lists_get_a_sentence_instead_of_an_empty_heading() -> None:
    report = build_report("en", achievements=(), practices=(), findings=(), lessons=())
    sections = _sections(render_log(report, rubric=()))
    assert "Nothing in this round stands out" in sections["achievements"].content
    assert "Nothing specific to your stack" in sections["practices"].content
    assert "No open problems were found this time." in sections["problems"].content
    assert "No rubric was supplied for this review." in sections["appendix"].content
    assert "Nothing unusual to report about this review." in sections["notes"].content


def test_skill_table_has_one_row_per_area_with_the_right_icons(report_en: ReviewReport) -> None:
    content = _sections(render_log(report_en, rubric=RUBRIC))["skills"].content
    skills = content.split("### Since")[0]
    assert _row(skills, "Testing") == "| Testing | ⚠️ | ⚠️ | ❌ | ❌ | to learn |"
    assert _row(skills, "Data validation") == "| Data validation | ✅ | ✅ | ✅ | ✅ | confident |"
    assert _row(skills, "LLM and agents") == "| LLM and agents | ❌ | ❌ | ❌ | ❌ | to learn |"
    table_rows = [line for line in skills.splitlines() if line[:2] == "| "]
    assert [row.split(" | ")[0][2:] for row in table_rows[2:]] == [en for _, _, en in AREAS]
    assert len(table_rows[2:]) == len(LEVELS) == 12


def test_zh_skill_table_uses_chinese_area_names(report_zh: ReviewReport) -> None:
    skills = _sections(render_log(report_zh, rubric=RUBRIC))["skills"].content.split("###")[0]
    assert "| 领域 | 理解 | 实践 | 代码质量 | 最佳实践 | 综合 |" in skills
    assert _row(skills, "测试") == "| 测试 | ⚠️ | ⚠️ | ❌ | ❌ | 待学习 |"


def test_growth_shows_arrows_and_changed_dimensions(report_en: ReviewReport) -> None:
    skills = _sections(render_log(report_en, rubric=RUBRIC))["skills"].content
    growth = skills.split("### Since the last review")[1]
    assert _row(growth, "Testing") == (
        "| Testing | 0 | 2 | ↑ up | Understanding ❌→⚠️; Practice ❌→⚠️ |"
    )
    assert _row(growth, "Async Python") == "| Async Python | 7 | 6 | ↓ down | Code quality ✅→⚠️ |"
    assert _row(growth, "FastAPI") == "| FastAPI | 7 | 7 | → same | — |"


def test_growth_marks_new_areas_and_first_review_has_no_comparison() -> None:
    full = build_report("en")
    previous = SkillMatrix(areas=full.skills.areas[1:], overall=Text(zh="旧", en="old"))
    text = render_log(build_report("en", previous_skills=previous), rubric=RUBRIC)
    assert (
        _row(text.split("### Since")[1], "Async Python") == "| Async Python | — | 6 | ★ new | — |"
    )
    first = render_log(build_report("en", previous_skills=None), rubric=RUBRIC)
    assert "This is the first recorded review, so there is nothing to compare with yet." in first


def test_concepts_quote_evidence_through_the_snippet_reader(report_en: ReviewReport) -> None:
    calls: list[tuple[str, int]] = []

    def snippet(path: str, line: int) -> str:
        calls.append((path, line))
        return f"# {path} around {line}"

    concepts = _sections(render_log(report_en, rubric=RUBRIC, snippet=snippet))["concepts"].content
    assert calls == [
        ("app/schemas.py", 4),
        ("app/main.py", 12),
        ("app/main.py", 20),
        ("app/crud.py", 5),
    ]
    assert (
        "- `app/main.py:12`: GET /tasks\n\n  ```python\n  # app/main.py around 12\n  ```"
        in concepts
    )
    assert "### 1. Data validation ✅ confident" in concepts
    assert "Testing" not in concepts and "Migrations" not in concepts


def test_an_area_named_solid_is_marked_solid(report_en: ReviewReport) -> None:
    """Score 5 of 8 is "solid" (the rubric's name) and so wears ✅, as score 6 does."""
    areas = tuple(
        area.model_copy(update={"score": 5, "overall": level_label(5)})
        if area.key == "validation"
        else area
        for area in report_en.skills.areas
    )
    skills = report_en.skills.model_copy(update={"areas": areas})
    concepts = _sections(render_log(report_en.model_copy(update={"skills": skills}), rubric=RUBRIC))
    assert ". Data validation ✅ solid\n" in concepts["concepts"].content


def test_repository_text_cannot_forge_markers_or_break_fences(report_en: ReviewReport) -> None:
    forged = "<!-- mentor:end problems -->\nprint('```')\n```"
    lessons = tuple(
        lesson.model_copy(update={"before": forged}) if lesson.status == "solved" else lesson
        for lesson in report_en.lessons
    )
    text = render_log(report_en.model_copy(update={"lessons": lessons}), rubric=RUBRIC)
    assert tuple(_sections(text)) == SECTION_NAMES
    assert "\n <!-- mentor:end problems -->\nprint('```')\n```\n````\n" in text
    assert "Before:\n\n````python\n" in text


def test_plan_checklist_and_tasks_by_horizon_with_files(report_en: ReviewReport) -> None:
    steps = _sections(render_log(report_en, rubric=RUBRIC))["next_steps"].content
    assert "- [x] Endpoints declare response models\n- [ ] pytest tests exist\n" in steps
    assert (
        "### Short term (the next week or two)\n\n"
        "- [ ] Replace time.sleep with asyncio.sleep (in `app/main.py`)\n"
    ) in steps
    assert "- [ ] Write tests for the CRUD layer (in `app/crud.py`, `tests/test_tasks.py`)" in steps
    assert "### Long term (three months and beyond)\n\n- [ ] Introduce a job queue\n" in steps


def test_reflection_closes_with_counts_from_the_review(report_zh: ReviewReport) -> None:
    """The fix told only by its message ("修复：会话泄漏", no rule) is not counted: the checks
    cannot confirm it fixed anything ("You fixed 6 problems yourself" counted one that had not,
    blind check history 23)."""
    reflection = _sections(render_log(report_zh, rubric=RUBRIC))["reflection"].content
    assert "- 路由清晰，统一用了依赖注入。" in reflection
    assert "你亲手修好了 1 个问题" in reflection
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


def test_not_a_git_repository_is_said_in_overview_notes_and_metadata() -> None:
    note = Text(zh="不是 git 仓库：没有回顾历史", en="not a git repository: no history reviewed")
    report = build_report(
        "en",
        has_git=False,
        head=None,
        commits=(),
        lessons=(),
        notes=(note,),
        first_commit_date=None,
        last_commit_date=None,
    )
    sections = _sections(render_log(report, rubric=RUBRIC))
    assert "this is not a git repository" in sections["overview"].content
    assert "- not a git repository: no history reviewed" in sections["notes"].content
    assert "- **HEAD**: none (not a git repository)" in sections["metadata"].content
    assert "Without git history there are no fix commits" in sections["problems"].content


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


def test_appendix_lists_rubric_lines_and_metadata_has_timings(report_en: ReviewReport) -> None:
    sections = _sections(render_log(report_en, rubric=RUBRIC))
    assert (
        "| `fastapi.practice.good` | FastAPI | Practice | ✅ | "
        "Three or more routes declare a response model |"
    ) in sections["appendix"].content
    assert "All findings" not in sections["appendix"].content
    metadata = sections["metadata"].content
    assert "- **Generator**: Mentor Bot" in metadata
    assert "- **Review id**: 17" in metadata
    assert "- **HEAD**: `c0ffee12`" in metadata
    assert "| scan | 0.42 |" in metadata
    assert "- **Duration**: 1.23 s" in metadata


def test_since_sha_and_achievement_evidence_are_cited(report_zh: ReviewReport) -> None:
    report = build_report("zh", since=FIX_SHA)
    sections = _sections(render_log(report, rubric=RUBRIC))
    assert "（起点 `3f9c2a7b` 之后）" in sections["overview"].content
    assert "- **起点**：`3f9c2a7b`" in sections["metadata"].content
    achievements = _sections(render_log(report_zh, rubric=RUBRIC))["achievements"].content
    assert "- ✅ 实现了 4 个任务接口（`app/main.py:12`）" in achievements


def test_evidence_without_a_line_is_cited_without_inventing_one() -> None:
    report = build_report("en")
    area = report.skills.areas[2].model_copy(
        update={
            "understanding": report.skills.areas[2].understanding.model_copy(
                update={"evidence": (Evidence(path="app/schemas.py"),)}
            )
        }
    )
    skills = report.skills.model_copy(
        update={"areas": (*report.skills.areas[:2], area, *report.skills.areas[3:])}
    )
    concepts = _sections(render_log(report.model_copy(update={"skills": skills}), rubric=RUBRIC))[
        "concepts"
    ].content
    assert "- `app/schemas.py`\n" in concepts
    assert "`app/schemas.py:1`" not in concepts


def test_log_renders_when_no_compiled_template_can_be_kept(
    report_en: ReviewReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temp dir holds compiled templates; a temp dir that cannot (here: a file, not a
    folder) only means compiling again, never a failed review."""
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))
    template_environment.cache_clear()
    try:
        text = render_log(report_en, rubric=[])
    finally:
        template_environment.cache_clear()
    assert [s.name for s in parse_log(text) if isinstance(s, Section)] == list(SECTION_NAMES)


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


def test_evidence_notes_name_their_signal_in_the_logs_language(report_en: ReviewReport) -> None:
    """The JSON keeps notes neutral ("depends get_session", "MB106 bare-or-broad-except
    (medium)"); the log says "dependency get_session" (依赖注入 get_session) and names a
    finding's category and severity, and the code-quality counts in its own words. Every
    signal kind has its words in both languages."""
    from mentorbot.analysis.signals import SIGNAL_KINDS

    for language in ("en", "zh"):
        labels = template_environment().get_template(f"partials/labels.{language}.j2").module
        assert set(labels.signal_words) == set(SIGNAL_KINDS)  # type: ignore[attr-defined]
    evidence = (
        Evidence(path="app/main.py", line=12, note="depends get_session"),
        Evidence(path="app/main.py", line=20, note="http-exception (404)"),
        Evidence(path="app/main.py", line=30, note="MB106 bare-or-broad-except (medium)"),
    )
    quality = (
        Evidence(path="app/crud.py", note="annotated-functions 1/5"),
        Evidence(path="app/db.py", note="no-docstring"),
    )
    shown = {"fastapi": evidence, "orm": quality}
    areas = tuple(
        area.model_copy(
            update={
                "understanding": area.understanding.model_copy(update={"evidence": shown[area.key]})
            }
        )
        if area.key in shown
        else area
        for area in report_en.skills.areas
    )
    for report, expected in (
        (
            report_en,
            (
                "`app/main.py:12`: dependency get_session",
                "`app/main.py:20`: HTTPException (404)",
                "`app/main.py:30`: MB106 · Bare or overly broad except · medium",
                "`app/crud.py`: fully annotated functions 1/5",
                "`app/db.py`: no module docstring",
            ),
        ),
        (
            report_en.model_copy(update={"language": "zh"}),
            (
                "`app/main.py:12`：依赖注入 get_session",
                "`app/main.py:20`：HTTPException (404)",
                "`app/main.py:30`：MB106 · 裸 except 或过宽的异常捕获 · 中",
                "`app/crud.py`：完整类型注解的函数 1/5",
                "`app/db.py`：没有模块文档字符串",
            ),
        ),
    ):
        skills = report.skills.model_copy(update={"areas": areas})
        concepts = _sections(
            render_log(report.model_copy(update={"skills": skills}), rubric=RUBRIC)
        )
        for line in expected:
            assert f"- {line}\n" in concepts["concepts"].content


def test_a_task_that_names_its_files_does_not_list_them_again(report_zh: ReviewReport) -> None:
    """ "可以从 app/main.py 入手（涉及 `app/main.py`）" said the file twice; only files the
    sentence leaves out are listed after it."""
    named = PlanTask(
        text=Text(
            zh="补上「FastAPI 核心」的短板：用 lifespan 管理资源，可以从 app/main.py 入手",
            en="Close the gap in FastAPI core: manage resources with lifespan — start in "
            "app/main.py",
        ),
        files=("app/main.py", "app/crud.py"),
        horizon="medium",
    )
    plan = report_zh.plan.model_copy(update={"tasks": (named,)})
    for report, expected in (
        (
            report_zh,
            "- [ ] 补上「FastAPI 核心」的短板：用 lifespan 管理资源，可以从 app/main.py 入手"
            "（还涉及 `app/crud.py`）\n",
        ),
        (
            report_zh.model_copy(update={"language": "en"}),
            "- [ ] Close the gap in FastAPI core: manage resources with lifespan — start in "
            "app/main.py (also in `app/crud.py`)\n",
        ),
    ):
        text = render_log(report.model_copy(update={"plan": plan}), rubric=RUBRIC)
        assert expected in _sections(text)["next_steps"].content


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


def test_a_later_step_with_no_recorded_review_does_not_call_itself_the_first() -> None:
    """A Chinese log of step 2 (step 1 written under another MENTOR_HOME) said it was the first
    review of the repository, under a title that said step 2."""
    for language, first_words in (
        ("en", "This is the first review"),
        ("zh", "这是这个仓库的第一次回顾"),
    ):
        later = render_log(build_report(language, step=2, previous_step=None), rubric=RUBRIC)
        since = _sections(later)["since_last"].content
        assert first_words not in since
        assert ("step 2 compares against nothing" if language == "en" else "第 2 步没有") in since
        first = render_log(build_report(language, step=1, previous_step=None), rubric=RUBRIC)
        assert first_words in _sections(first)["since_last"].content


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
