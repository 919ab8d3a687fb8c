"""The rendered log's sections and headings per language, its overview, notes and metadata."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from mentorbot.domain import ReviewReport, StackItem, Text
from mentorbot.logfile_sections import Section, parse_log, section_hash
from mentorbot.render import SECTION_NAMES, render_log, template_environment
from tests.unit.render.conftest import FIX_SHA, RUBRIC, _sections, build_report

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


def test_overview_states_range_period_size_and_what_was_skipped(report_en: ReviewReport) -> None:
    overview = _sections(render_log(report_en, rubric=RUBRIC))["overview"].content
    assert "- **Stack**: fastapi 0.115.0, sqlalchemy 2.0.30, pydantic\n" in overview
    assert "- **Commits**: 4 reviewed, from `0badf00d` to `c0ffee12` (the whole history).\n" in (
        overview
    )
    for report, said in (
        (report_en, "(every commit that touched this folder; see Notes)."),
        (
            report_en.model_copy(update={"language": "zh"}),
            "（改动过这个文件夹的全部提交，见“备注”）。",
        ),
    ):
        folder = report.model_copy(update={"subfolder": True})
        assert said in _sections(render_log(folder, rubric=RUBRIC))["overview"].content
    assert "  By kind: fix 2, feature 1, other 1.\n" in overview
    unsorted = tuple(c.model_copy(update={"kind": "other"}) for c in report_en.commits)
    for language in ("en", "zh"):
        plain = report_en.model_copy(update={"commits": unsorted})
        text = _sections(render_log(plain, rubric=RUBRIC, language=language))["overview"].content
        assert "By kind" not in text and "其中" not in text, "no kind to tell"
    assert "- **Period**: 2024-05-01 to 2024-05-10, 10 days\n" in overview
    assert "- **Size**: 9 files, 852 lines (blank lines not counted)\n" in overview
    assert (
        "- **Skipped**: 2 binary files, 1 vendored folder (left out of the assessment)\n"
        in overview
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


def test_data_and_lock_files_are_counted_apart_from_the_code(report_en: ReviewReport) -> None:
    """ "Size: 12 files, 18,047 lines" and "csv 17,570 lines" for an app of 197 lines of Python
    that commits its dataset and its ``uv.lock`` (blind check p1)."""
    metrics = report_en.metrics.model_copy(update={"files": 12, "loc": 210, "data_loc": 17837})
    report = report_en.model_copy(
        update={"metrics": metrics, "languages": {"csv": 17570, "lock": 267, "python": 197}}
    )
    for language, size in (
        (
            "en",
            "- **Size**: 12 files, 210 lines (blank lines not counted), besides 17,837 lines "
            "of data and lock files\n- **Languages**: python 197 lines\n",
        ),
        ("zh", "- **代码规模**：12 个文件，210 行（不含空行），另有 17,837 行数据和锁文件\n"),
    ):
        overview = _sections(render_log(report, rubric=RUBRIC, language=language))["overview"]
        assert size in overview.content


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


def test_the_stack_line_names_the_packages_the_code_imports_though_no_category_knows_them(
    report_en: ReviewReport,
) -> None:
    """A conda environment's stack line read "tornado, attrs, httpx, pytest; and 66 more":
    pandas, numpy and scikit-learn, the only packages the code imports, were among the rest
    (blind check r2). Packages neither imported nor known still stay out of the line."""
    conda = tuple(
        StackItem(
            name=name, version="1.0", category=category, source="environment.yml", imported=used
        )
        for name, category, used in (
            ("anyio", "other", False),
            ("attrs", "validation", False),
            ("httpx", "testing", False),
            ("numpy", "other", True),
            ("pandas", "other", True),
            ("scikit-learn", "other", True),
            ("seaborn", "other", False),
            ("tornado", "framework", False),
            ("pytest", "testing", False),
        )
    )
    report = report_en.model_copy(update={"stack": conda})
    overview = _sections(render_log(report, rubric=RUBRIC))["overview"].content
    assert (
        "- **Stack**: numpy 1.0, pandas 1.0, scikit-learn 1.0, tornado 1.0, attrs 1.0, "
        "httpx 1.0, pytest 1.0; and 2 more (the JSON's `stack` lists them all)\n"
    ) in overview
    chinese = _sections(render_log(report, rubric=RUBRIC, language="zh"))["overview"].content
    assert "- **技术栈**：numpy 1.0、pandas 1.0、scikit-learn 1.0、tornado 1.0、" in chinese


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


def test_empty_lists_get_a_sentence_instead_of_an_empty_heading() -> None:
    report = build_report("en", achievements=(), practices=(), findings=(), lessons=())
    sections = _sections(render_log(report, rubric=()))
    assert "Nothing in this round stands out" in sections["achievements"].content
    assert "Nothing specific to your stack" in sections["practices"].content
    assert "No open problems were found this time." in sections["problems"].content
    assert "No rubric was supplied for this review." in sections["appendix"].content
    assert "Nothing unusual to report about this review." in sections["notes"].content


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
