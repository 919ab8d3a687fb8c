"""The log file on disk: step numbers, merging a re-render into a learner-edited file, writing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mentorbot.domain import Achievement, Evidence, ReviewReport, Text
from mentorbot.errors import LogConflictError
from mentorbot.logfile import MAX_STEP, log_path, next_step, write_log, write_review_log
from mentorbot.logfile_sections import Section, merge_sections, parse_log
from mentorbot.render import SECTION_NAMES, render_log
from tests.unit.render.conftest import RUBRIC, build_report

LEARNER_INTRO = "> 我自己的话：这一周主要在和 async 较劲。\n\n"
LEARNER_BETWEEN = "\n我的笔记：下周把 `app/worker.py` 拆开。\n  缩进和行尾空格也要保留。  \n"
LEARNER_TAIL = "\n## 我自己的总结\n\n- 多写测试\n- 早点提交\n"


def _rendered(report: ReviewReport | None = None) -> str:
    return render_log(report or build_report("zh"), rubric=RUBRIC)


def _second_render() -> str:
    extra = Achievement(
        kind="tests",
        title=Text(zh="写了第一个测试", en="First test written"),
        evidence=(Evidence(path="tests/test_tasks.py", line=3),),
    )
    report = build_report("zh")
    return _rendered(report.model_copy(update={"achievements": (*report.achievements, extra)}))


def _sections(text: str) -> dict[str, Section]:
    return {seg.name: seg for seg in parse_log(text) if isinstance(seg, Section)}


def _outside(text: str) -> list[str]:
    return [seg for seg in parse_log(text) if isinstance(seg, str)]


def _with_learner_text(rendered: str) -> str:
    """The file after the learner added notes before, between and after the sections."""
    text = LEARNER_INTRO + rendered
    marker = "<!-- mentor:end problems -->\n"
    text = text.replace(marker, marker + LEARNER_BETWEEN)
    return text + LEARNER_TAIL


def _edit_section(text: str, name: str, old: str, new: str) -> str:
    section = _sections(text)[name]
    assert old in section.content
    return text.replace(
        section.raw, section.begin + section.content.replace(old, new) + section.end
    )


# --- step numbers and paths ---------------------------------------------------------------


def test_next_step_is_one_past_the_highest_existing_log(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (
        "learning_log_step1.md",
        "learning_log_step2.md",
        "learning_log_step10.md",
        "learning_log_step11.md.bak",
        "learning_log_stepX.md",
        "notes.md",
    ):
        (docs / name).write_text("x", encoding="utf-8")
    assert next_step(docs) == 11


def test_a_log_numbered_past_the_highest_step_is_no_step_log(tmp_path: Path) -> None:
    """``learning_log_step2147483648.md`` made the next step overflow the database's integer,
    and the review failed with a traceback of SQL (blind check g1)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "learning_log_step2.md").write_text("x", encoding="utf-8")
    (docs / "learning_log_step2147483648.md").write_text("x", encoding="utf-8")
    assert next_step(docs) == 3
    (docs / f"learning_log_step{MAX_STEP}.md").write_text("x", encoding="utf-8")
    assert next_step(docs) == MAX_STEP


def test_next_step_starts_at_one(tmp_path: Path) -> None:
    assert next_step(tmp_path / "docs") == 1
    (tmp_path / "docs").mkdir()
    assert next_step(tmp_path / "docs") == 1


def test_log_path_is_under_docs(tmp_path: Path) -> None:
    assert log_path(tmp_path, 3) == tmp_path / "docs" / "learning_log_step3.md"
    with pytest.raises(ValueError, match="step must be 1 or more"):
        log_path(tmp_path, 0)


# --- merging ------------------------------------------------------------------------------


def test_parse_gives_back_the_file_byte_for_byte() -> None:
    text = _with_learner_text(_rendered())
    pieces = parse_log(text)
    assert "".join(p.raw if isinstance(p, Section) else p for p in pieces) == text
    assert tuple(_sections(text)) == SECTION_NAMES


def test_rerender_keeps_learner_text_outside_markers_byte_for_byte() -> None:
    existing = _with_learner_text(_rendered())
    merged = merge_sections(existing, _second_render())
    assert _outside(merged.content) == _outside(existing)
    assert merged.content.startswith(LEARNER_INTRO + "<!-- mentor:begin title sha=")
    assert merged.content.endswith("<!-- mentor:end metadata -->\n" + LEARNER_TAIL)
    assert (
        "<!-- mentor:end problems -->\n" + LEARNER_BETWEEN + "\n<!-- mentor:begin achievements"
        in (merged.content)
    )
    achievements = _sections(merged.content)["achievements"]
    assert "- ✅ 写了第一个测试（`tests/test_tasks.py:3`）" in achievements.content
    assert merged.sections_updated == ("achievements",)
    assert merged.sections_kept_edited == () and merged.sections_added == ()
    assert len(merged.sections_unchanged) == len(SECTION_NAMES) - 1


def test_merging_the_same_render_changes_nothing() -> None:
    existing = _with_learner_text(_rendered())
    merged = merge_sections(existing, _rendered())
    assert merged.content == existing
    assert merged.sections_updated == ()


def test_learner_edit_inside_a_section_is_kept_and_the_new_version_follows_it() -> None:
    existing = _edit_section(
        _rendered(),
        "achievements",
        "- ✅ 实现了 4 个任务接口",
        "- ✅ 实现了 4 个任务接口（我还加了分页！）",
    )
    edited = _sections(existing)["achievements"]
    merged = merge_sections(existing, _second_render())
    sections = _sections(merged.content)
    assert sections["achievements"].raw == edited.raw
    assert "（我还加了分页！）" in sections["achievements"].content
    assert "写了第一个测试" in sections["achievements.updated"].content
    assert edited.raw + "\n<!-- mentor:begin achievements.updated sha=" in merged.content
    assert merged.sections_kept_edited == ("achievements",)
    assert "achievements" not in merged.sections_updated

    again = merge_sections(merged.content, _second_render())
    assert again.content == merged.content
    assert again.sections_kept_edited == ("achievements",)


def test_updated_copy_is_dropped_once_the_learner_removes_their_edited_block() -> None:
    existing = _edit_section(_rendered(), "achievements", "实现了", "做完了")
    merged = merge_sections(existing, _second_render()).content
    edited = _sections(merged)["achievements"]
    cleaned = merged.replace(edited.raw + "\n", "")
    result = merge_sections(cleaned, _second_render())
    assert tuple(_sections(result.content)) == SECTION_NAMES
    assert result.sections_removed == ("achievements.updated",)
    assert result.sections_added == ("achievements",)
    assert "写了第一个测试" in _sections(result.content)["achievements"].content
    assert result.content == _second_render()


def test_editing_both_the_section_and_its_updated_copy_is_refused() -> None:
    existing = _edit_section(_rendered(), "achievements", "实现了", "做完了")
    merged = merge_sections(existing, _second_render()).content
    both = _edit_section(merged, "achievements.updated", "写了第一个测试", "写了两个测试")
    with pytest.raises(LogConflictError, match=r"'achievements' and 'achievements.updated'"):
        merge_sections(both, _rendered())


def test_whitespace_only_changes_do_not_count_as_edits() -> None:
    rendered = _rendered()
    crlf = rendered.replace("\n", "\r\n").replace("## 取得的成果", "## 取得的成果   ")
    merged = merge_sections(crlf, _second_render())
    assert merged.sections_kept_edited == ()
    assert merged.sections_updated == ("achievements",)
    assert "\r\n- ✅ 写了第一个测试（`tests/test_tasks.py:3`）\r\n" in merged.content
    assert "\n" not in merged.content.replace("\r\n", "")


def test_missing_generated_section_is_inserted_at_its_place() -> None:
    existing = _with_learner_text(_rendered())
    practices = _sections(existing)["practices"]
    without = existing.replace(practices.raw + "\n", "")
    merged = merge_sections(without, _rendered())
    assert tuple(_sections(merged.content)) == SECTION_NAMES
    assert merged.sections_added == ("practices",)
    assert merged.content == existing


def test_learner_own_marked_section_is_left_alone() -> None:
    own = "\n<!-- mentor:begin my-goals -->\n- 六月前上线\n<!-- mentor:end my-goals -->\n"
    existing = _rendered() + own
    merged = merge_sections(existing, _second_render())
    assert merged.content.endswith(own)
    assert "my-goals" not in merged.sections_kept_edited + merged.sections_updated


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            lambda t: t.replace("<!-- mentor:end overview -->\n", ""),
            "begins inside section 'overview'",
        ),
        (
            lambda t: t + "<!-- mentor:begin notes -->\nx\n<!-- mentor:end notes -->\n",
            "appears twice",
        ),
        (
            lambda t: t.replace("<!-- mentor:end metadata -->\n", ""),
            "'metadata' begins but never ends",
        ),
        (lambda t: "<!-- mentor:end title -->\n" + t, "without its begin"),
        (
            lambda t: t.replace("<!-- mentor:end title -->", "<!-- mentor:end overview -->"),
            "while section 'title'",
        ),
        (
            lambda t: t.replace("<!-- mentor:end notes -->", "<!-- mentor:end notes"),
            "unreadable mentor marker",
        ),
    ],
)
def test_broken_markers_raise_and_leave_the_file_untouched(
    tmp_path: Path, broken: object, message: str
) -> None:
    path = log_path(tmp_path, 3)
    path.parent.mkdir()
    original = broken(_with_learner_text(_rendered()))  # type: ignore[operator]
    path.write_bytes(original.encode("utf-8"))
    with pytest.raises(LogConflictError, match=message) as caught:
        write_review_log(tmp_path, 3, _second_render())
    assert "learning_log_step3.md" in str(caught.value)
    assert "left unchanged" in str(caught.value)
    assert path.read_bytes() == original.encode("utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == ["learning_log_step3.md"]


# --- writing ------------------------------------------------------------------------------


def test_write_log_creates_docs_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "learning_log_step1.md"
    content = _rendered()
    write_log(path, content)
    assert path.read_bytes() == content.encode("utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["learning_log_step1.md"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_write_log_preserves_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "learning_log_step1.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    write_log(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_keeps_the_old_file_and_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "learning_log_step1.md"
    path.write_text("the learner's log\n", encoding="utf-8")

    def failing_replace(src: str, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(LogConflictError, match=r"cannot write .*learning_log_step1.md: disk full"):
        write_log(path, "half a new log")
    assert path.read_text(encoding="utf-8") == "the learner's log\n"
    assert [p.name for p in tmp_path.iterdir()] == ["learning_log_step1.md"]


def test_a_docs_file_where_the_folder_belongs_is_named_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("the learner's notes\n", encoding="utf-8")
    with pytest.raises(LogConflictError, match=r"docs is a file, not a folder"):
        write_review_log(tmp_path, 1, _rendered())
    assert (tmp_path / "docs").read_text(encoding="utf-8") == "the learner's notes\n"


def test_an_output_that_is_a_folder_is_named_and_left_alone(tmp_path: Path) -> None:
    """``--output logs`` (a folder) failed with IsADirectoryError's traceback (blind check g1)."""
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "notes.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(LogConflictError, match=r"logs is a directory"):
        write_review_log(tmp_path, 1, _rendered(), output=logs)
    assert [path.name for path in logs.iterdir()] == ["notes.md"]


def test_a_docs_symlink_out_of_the_repository_is_not_written_through(tmp_path: Path) -> None:
    """A ``docs`` symlink to a folder outside the repository had the log written there (blind
    check g1); one to a folder inside it is followed."""
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    outside.mkdir()
    repo.mkdir()
    (repo / "docs").symlink_to(outside)
    with pytest.raises(LogConflictError, match="leads outside the repository"):
        write_review_log(repo, 1, _rendered())
    assert list(outside.iterdir()) == []
    (repo / "docs").unlink()
    (repo / "handbook").mkdir()
    (repo / "docs").symlink_to(repo / "handbook")
    written = write_review_log(repo, 1, _rendered())
    assert written.created
    assert (repo / "handbook" / "learning_log_step1.md").is_file()


def test_write_log_refuses_to_replace_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.md"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "learning_log_step1.md"
    link.symlink_to(target)
    with pytest.raises(LogConflictError, match="symlink"):
        write_log(link, "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"


def test_write_review_log_creates_then_merges(tmp_path: Path) -> None:
    first = write_review_log(tmp_path, 3, _rendered())
    path = tmp_path / "docs" / "learning_log_step3.md"
    assert (first.path, first.created, first.written, first.merge) == (path, True, True, None)
    assert path.read_text(encoding="utf-8") == _rendered()

    path.write_bytes((path.read_text(encoding="utf-8") + LEARNER_TAIL).encode("utf-8"))
    same = write_review_log(tmp_path, 3, _rendered())
    assert (same.created, same.written) == (False, False)

    second = write_review_log(tmp_path, 3, _second_render())
    assert second.written and second.merge is not None
    assert second.merge.sections_updated == ("achievements",)
    text = path.read_text(encoding="utf-8")
    assert text.endswith(LEARNER_TAIL) and "写了第一个测试" in text


def test_write_review_log_honours_an_output_path(tmp_path: Path) -> None:
    output = tmp_path / "out" / "review.md"
    result = write_review_log(tmp_path, 2, _rendered(), output=output)
    assert result.path == output and output.read_text(encoding="utf-8") == _rendered()
    assert not (tmp_path / "docs").exists()


def test_a_log_that_is_not_utf8_is_not_rewritten(tmp_path: Path) -> None:
    path = log_path(tmp_path, 1)
    path.parent.mkdir()
    path.write_bytes(b"\xff\xfe notes")
    with pytest.raises(LogConflictError, match="not UTF-8"):
        write_review_log(tmp_path, 1, _rendered())
    assert path.read_bytes() == b"\xff\xfe notes"


def test_a_hand_written_file_without_markers_gets_the_log_appended(tmp_path: Path) -> None:
    path = log_path(tmp_path, 4)
    path.parent.mkdir()
    path.write_text("# 我的 Step 4 笔记\n\n自己写的内容", encoding="utf-8")
    result = write_review_log(tmp_path, 4, _rendered())
    assert result.merge is not None and result.merge.sections_added == SECTION_NAMES
    assert (
        path.read_text(encoding="utf-8") == "# 我的 Step 4 笔记\n\n自己写的内容\n\n" + _rendered()
    )


def test_missing_last_section_goes_after_the_previous_one_and_its_updated_copy() -> None:
    existing = _rendered() + LEARNER_TAIL
    metadata = _sections(existing)["metadata"]
    without = existing.replace("\n" + metadata.raw, "")
    assert merge_sections(without, _rendered()).content == existing

    edited = _edit_section(without, "appendix", "### 评分标准", "### 评分标准（我看过了）")
    merged = merge_sections(edited, _second_render())
    assert tuple(_sections(merged.content))[-3:] == ("appendix", "appendix.updated", "metadata")
    assert merged.sections_added == ("metadata",)
    assert merged.content.endswith(metadata.raw + LEARNER_TAIL)
