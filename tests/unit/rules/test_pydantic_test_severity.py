"""MB104 in a test file is low: ``.dict()`` on a response in a test still works under v2 (with a
warning) and ships to no user; twelve such calls read as medium beside the app's own (blind
check c1). Low or not, it is the tests' own code quality."""

from __future__ import annotations

from pathlib import Path

from tests.unit.assess.scenarios import cites, plan_files
from tests.unit.rules import review_files

SCHEMAS = """\
from pydantic import BaseModel


class Item(BaseModel):
    name: str


def as_dict(item: Item) -> dict:
    return item.dict()
"""
TEST = """\
from app.schemas import Item


def test_item_dumps() -> None:
    item = Item(name="a")
    assert item.dict() == {"name": "a"}
"""


def test_a_v1_call_in_a_test_is_low_and_in_the_app_medium(tmp_path: Path) -> None:
    findings = review_files(
        tmp_path,
        {
            "requirements.txt": "pydantic==2.9.2\n",
            "app/schemas.py": SCHEMAS,
            "tests/test_items.py": TEST,
        },
    )

    assert sorted((f.path, f.line, f.severity) for f in findings if f.rule == "MB104") == [
        ("app/schemas.py", 9, "medium"),
        ("tests/test_items.py", 6, "low"),
    ]


def test_a_finding_in_the_tests_is_the_testing_areas_code_quality(tmp_path: Path) -> None:
    """The log said the testing area's code had no findings beside twelve v1 calls in the tests
    (blind check c1)."""
    planned = plan_files(
        tmp_path,
        {
            "requirements.txt": b"pydantic==2.9.2\npytest==8.3.0\n",
            "app/schemas.py": SCHEMAS.encode(),
            "tests/test_items.py": TEST.encode(),
        },
    )
    testing = next(area for area in planned.skills.areas if area.key == "testing")

    assert testing.code_quality.level == "partial"
    assert cites(testing.code_quality) == ["tests/test_items.py:6"]
