"""How an earlier log's problem sections are recognised and linked."""

from __future__ import annotations

from pathlib import Path

from mentorbot.knowledge.memory import (
    RecurringHit,
    heading_anchor,
    section_anchor,
    shown_categories,
)


def test_anchors_follow_githubs_rules() -> None:
    assert (
        heading_anchor("异步函数里的阻塞调用（4 处，严重程度高）")
        == "异步函数里的阻塞调用4-处严重程度高"
    )
    assert (
        heading_anchor("问题 2：在 async 函数里调用了阻塞操作")
        == "问题-2在-async-函数里调用了阻塞操作"
    )
    assert heading_anchor("Blocking calls inside async code (2 places, high severity)") == (
        "blocking-calls-inside-async-code-2-places-high-severity"
    )


def test_a_repeated_heading_gets_a_numbered_anchor() -> None:
    content = "# Log\n\n## Notes\n\ntext\n\n## Problems\n\n### Notes\n\nmore\n"

    assert section_anchor(content, ("Log", "Notes")) == "notes"
    assert section_anchor(content, ("Log", "Problems", "Notes")) == "notes-1"


def test_categories_are_read_from_rule_ids_headings_and_root_causes() -> None:
    rules, categories = shown_categories(
        "异步函数里的阻塞调用（4 处，严重程度高）",
        "- `app/main.py:19` `create_task` 是 async 函数，但直接调用了阻塞的 `db.commit`（MB101）",
    )
    assert rules == frozenset({"MB101"})
    assert categories == frozenset({"blocking-call-in-async"})

    _, english = shown_categories("Secrets hard-coded in the source (2 places, high severity)", "")
    assert english == frozenset({"hardcoded-secret"})

    _, none = shown_categories("Next steps", "Write more tests next week.")
    assert none == frozenset()


def test_link_is_relative_to_the_new_logs_folder(tmp_path: Path) -> None:
    hit = RecurringHit(
        source=str(tmp_path / "docs" / "learning_log_step1.md"),
        heading="异步函数里的阻塞调用（4 处，严重程度高）",
        anchor="异步函数里的阻塞调用4-处严重程度高",
        category="blocking-call-in-async",
        rule="MB101",
        matched_rule=True,
    )
    assert hit.link(tmp_path / "docs") == "learning_log_step1.md#异步函数里的阻塞调用4-处严重程度高"
