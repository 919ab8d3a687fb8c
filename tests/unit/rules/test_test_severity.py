"""A test's own broad except (a fixture that prints why it could not connect) is test scaffolding:
reported at low severity, where the same handler in the app is medium."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

FIXTURE = """\
import pytest


@pytest.fixture
def database():
    try:
        yield connect()
    except Exception as error:
        print(f"could not connect: {error}")
"""


def test_a_broad_except_in_a_test_fixture_is_low_severity(tmp_path: Path) -> None:
    files = {"tests/conftest.py": FIXTURE, "app/db.py": FIXTURE.replace("@pytest.fixture\n", "")}

    severities = {f.path: f.severity for f in review_files(tmp_path, files) if f.rule == "MB106"}

    assert severities == {"tests/conftest.py": "low", "app/db.py": "medium"}
