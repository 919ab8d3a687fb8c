"""The rendered log's skill table, growth since the last review, concepts and next steps."""

from __future__ import annotations

from mentorbot.domain import Evidence, PlanTask, ReviewReport, SkillMatrix, Text
from mentorbot.render import render_log, template_environment
from mentorbot.skills import level_label
from mentorbot.wording import evidence_words
from tests.unit.render.conftest import AREAS, LEVELS, RUBRIC, _sections, build_report


def _row(text: str, first_cell: str) -> str:
    rows = [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(rows) == 1, rows
    return rows[0]


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


def test_plan_checklist_and_tasks_by_horizon_with_files(report_en: ReviewReport) -> None:
    steps = _sections(render_log(report_en, rubric=RUBRIC))["next_steps"].content
    assert "- [x] Endpoints declare response models\n- [ ] pytest tests exist\n" in steps
    assert (
        "### Short term (the next week or two)\n\n"
        "- [ ] Replace time.sleep with asyncio.sleep (in `app/main.py`)\n"
    ) in steps
    assert "- [ ] Write tests for the CRUD layer (in `app/crud.py`, `tests/test_tasks.py`)" in steps
    assert "### Long term (three months and beyond)\n\n- [ ] Introduce a job queue\n" in steps


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


def test_evidence_notes_name_their_signal_in_the_logs_language(report_en: ReviewReport) -> None:
    """The JSON keeps notes neutral ("depends get_session"); the log says "dependency
    get_session" (依赖注入 get_session), and the code-quality counts in its own words. A
    finding a cell cites is no concept shown. Every signal kind has its words in both
    languages."""
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
                "`app/crud.py`: fully annotated functions 1/5",
            ),
        ),
        (
            report_en.model_copy(update={"language": "zh"}),
            (
                "`app/main.py:12`：依赖注入 get_session",
                "`app/main.py:20`：HTTPException (404)",
                "`app/crud.py`：完整类型注解的函数 1/5",
            ),
        ),
    ):
        skills = report.skills.model_copy(update={"areas": areas})
        concepts = _sections(
            render_log(report.model_copy(update={"skills": skills}), rubric=RUBRIC)
        )
        for line in expected:
            assert f"- {line}\n" in concepts["concepts"].content
        assert "app/main.py:30" not in concepts["concepts"].content


def test_a_django_view_is_named_a_view_and_an_open_one_is_no_concept_shown(
    report_en: ReviewReport,
) -> None:
    """A guarded Django view is a "Django view" (Django 视图), not a route; the open view a
    cell names as a gap ("view without auth NoteDeleteView") is no concept the learner has
    shown, nor is an open route (blind check d2)."""
    evidence = (
        Evidence(
            path="notes/views.py", line=8, note="django-view NoteListView (LoginRequiredMixin)"
        ),
        Evidence(path="notes/views.py", line=31, note="unguarded-view NoteDeleteView"),
        Evidence(path="app.py", line=21, note="unguarded-route POST /notes/<int:note_id>/delete"),
    )
    areas = tuple(
        area.model_copy(
            update={"best_practice": area.best_practice.model_copy(update={"evidence": evidence})}
        )
        if area.key == "validation"
        else area
        for area in report_en.skills.areas
    )
    for language, shown in (
        ("en", "- `notes/views.py:8`: Django view NoteListView (LoginRequiredMixin)\n"),
        ("zh", "- `notes/views.py:8`：Django 视图 NoteListView (LoginRequiredMixin)\n"),
    ):
        report = report_en.model_copy(update={"language": language})
        skills = report.skills.model_copy(update={"areas": areas})
        concepts = _sections(
            render_log(report.model_copy(update={"skills": skills}), rubric=RUBRIC)
        )["concepts"].content
        assert shown in concepts
        assert "NoteDeleteView" not in concepts
        assert "app.py:21" not in concepts
    words = {
        language: template_environment().get_template(f"partials/labels.{language}.j2").module
        for language in ("en", "zh")
    }
    assert (
        evidence_words(
            "unguarded-view NoteDeleteView",
            {},
            notes=words["en"].note_words,  # type: ignore[attr-defined]
        )
        == "view without auth NoteDeleteView"
    )
    assert (
        evidence_words(
            "unguarded-view NoteDeleteView",
            {},
            notes=words["zh"].note_words,  # type: ignore[attr-defined]
        )
        == "未加认证的视图 NoteDeleteView"
    )


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


def test_a_later_step_of_a_learner_new_to_the_repo_names_who_reviewed_it() -> None:
    for language, said in (
        ("en", "The database does hold reviews of it by amy, bo:"),
        ("zh", "数据库里有 amy、bo 对这个仓库的回顾"),
    ):
        report = build_report(language, step=2, previous_step=None)
        report = report.model_copy(update={"other_learners": ("amy", "bo")})
        since = _sections(render_log(report, rubric=RUBRIC))["since_last"].content
        assert said in since
        assert "MENTOR_HOME" not in since


def test_an_area_whose_code_left_the_repo_is_no_level_that_dropped() -> None:
    """Routes made plain ``def`` took the async area's code away: "down from 4/8 to 0/8" under
    "Worth a look: levels that dropped" read as a regression (blind check history 47)."""
    full = build_report("en")
    before = full.skills.areas[0]
    gone = before.model_copy(
        update={
            name: getattr(before, name).model_copy(
                update={"level": "missing", "rubric": f"{before.key}.{name}.unseen", "evidence": ()}
            )
            for name in ("understanding", "practice", "code_quality", "best_practice")
        }
        | {"score": 0}
    )
    dropped = before.model_copy(update={"score": 0})
    previous = full.skills
    unseen_now = SkillMatrix(areas=(gone, *full.skills.areas[1:]), overall=full.skills.overall)
    lower_now = SkillMatrix(areas=(dropped, *full.skills.areas[1:]), overall=full.skills.overall)

    left = render_log(
        build_report("en", skills=unseen_now, previous_skills=previous, previous_step=2),
        rubric=RUBRIC,
    )
    lowered = render_log(
        build_report("en", skills=lower_now, previous_skills=previous, previous_step=2),
        rubric=RUBRIC,
    )

    assert f"⚠️ {before.title.en}: down from" not in left
    assert f"⚠️ {before.title.en}: down from {before.score}/8 to 0/8." in lowered


def test_concepts_cite_what_was_done_not_the_problems_an_area_has() -> None:
    """A cell's findings are evidence for its rating, not a concept shown: the LLM area had
    cited a hard-coded key and an unused import under "Concepts you have shown" (blind checks
    corpus 96 and 97)."""
    report = build_report("en")
    area = report.skills.areas[2]
    problem = Evidence(path="app/config.py", line=7, note="MB107 hardcoded-secret (high)")
    content = _concepts_with(report, "code_quality", (problem,))
    assert f"### 1. {area.title.en}" in content
    assert "app/config.py:7" not in content
    assert "app/schemas.py" in content


def test_concepts_leave_out_the_gaps_a_cell_cites() -> None:
    """A partial cell cites the best-typed module beside the least-typed ones; "concepts you
    have shown" listed ``api.py: fully annotated functions 0/4`` among them (blind check z1)."""
    typed = Evidence(path="app/tasks.py", note="annotated-functions 2/2")
    untyped = Evidence(path="app/api.py", note="annotated-functions 0/4")
    bare = Evidence(path="app/util.py", note="no-docstring")
    content = _concepts_with(build_report("en"), "understanding", (typed, untyped, bare))
    assert "`app/tasks.py`: fully annotated functions 2/2" in content
    assert "app/api.py" not in content
    assert "app/util.py" not in content


def _concepts_with(report: ReviewReport, dimension: str, evidence: tuple[Evidence, ...]) -> str:
    """The concepts section once the third area's ``dimension`` cell cites ``evidence``."""
    area = report.skills.areas[2]
    cell = getattr(area, dimension).model_copy(update={"evidence": evidence})
    areas = list(report.skills.areas)
    areas[2] = area.model_copy(update={dimension: cell})
    skills = report.skills.model_copy(update={"areas": tuple(areas)})
    rendered = render_log(report.model_copy(update={"skills": skills}), rubric=RUBRIC)
    return _sections(rendered)["concepts"].content
