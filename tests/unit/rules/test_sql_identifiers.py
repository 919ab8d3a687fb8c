"""MB108 where only a table or column name is formatted into the SQL: the finding and the plan's
task say to check the name against a whitelist (no driver binds a name), not to bind it; a
value formatted in keeps the advice to bind it (blind check s2)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.rules import _sql_identifier_cases as cases
from tests.unit.assess.scenarios import plan_files
from tests.unit.rules import review_files

BIND = "use bound parameters instead"
WHITELIST = "check it against a whitelist of known names"


def test_a_formatted_table_name_is_told_to_be_checked_not_bound(tmp_path: Path) -> None:
    found = review_files(tmp_path, {"etl/load.py": cases.IDENTIFIER_LOADS})

    advice = {f.line: f.message for f in found if f.rule == "MB108"}
    assert sorted(advice) == [*cases.IDENTIFIER_LINES, cases.VALUE_LINE]
    for line in cases.IDENTIFIER_LINES:
        assert WHITELIST in advice[line].en and BIND not in advice[line].en
        assert "白名单" in advice[line].zh and "请改用参数绑定" not in advice[line].zh
    assert advice[cases.VALUE_LINE].en == f"SQL built with f-string; {BIND}"
    assert advice[cases.VALUE_LINE].zh == "SQL 语句由 f-string 拼接而成，请改用参数绑定"


def test_the_plan_tells_a_project_formatting_only_names_to_whitelist_them(tmp_path: Path) -> None:
    only_names = cases.IDENTIFIER_LOADS.split("\n\ndef latest")[0] + "\n"
    planned = plan_files(tmp_path / "names", {"etl/load.py": only_names.encode()})
    mixed = plan_files(tmp_path / "mixed", {"etl/load.py": cases.IDENTIFIER_LOADS.encode()})

    def sql_task(tasks: list) -> str:
        [task] = [t for t in tasks if t.check and t.check.category == "sql-string-formatting"]
        return task.text.en

    told = sql_task(planned.plan.tasks)
    assert told.startswith(
        "Check the table or column name formatted into the SQL at etl/load.py:11"
    )
    assert "whitelist" in told and "placeholders" not in told
    assert sql_task(mixed.plan.tasks).startswith(
        f"Rewrite the string-built SQL at etl/load.py:{cases.VALUE_LINE} with placeholders"
    )
