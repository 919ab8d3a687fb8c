"""The Testing cells of projects that are not web APIs: a command-line app's tests."""

from __future__ import annotations

from pathlib import Path

from mentorbot.skills import rubric_line
from tests.unit.assess.scenarios import cites, plan_files

TODO_CLI = b"""\
import typer

app = typer.Typer()


@app.command()
def add(task: str) -> None:
    typer.echo(f"added {task}")
"""
CONFTEST = b"""\
import pytest
from typer.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
"""
TEST_CLI = b"""\
from todo.cli import app


def test_add(runner):
    result = runner.invoke(app, ["milk"])
    assert result.exit_code == 0
    assert "added milk" in result.stdout
"""
OWN_RUNNER = b"""\
class CliRunner:
    def invoke(self, app, args):
        return app(*args)
"""


def test_a_cli_driven_through_clirunner_from_conftest_is_the_best_practice(tmp_path: Path) -> None:
    """A Typer CLI whose tests invoke it through the ``CliRunner`` a conftest fixture gives had
    "only one of: fixtures shared in conftest.py; the API exercised through a test client"
    (blind check p1): the runner is its test client, and the rubric claims no API."""
    sources = {
        "requirements.txt": b"typer==0.12.5\n",
        "todo/__init__.py": b"",
        "todo/cli.py": TODO_CLI,
        "tests/conftest.py": CONFTEST,
        "tests/test_cli.py": TEST_CLI,
    }

    areas = {area.key: area for area in plan_files(tmp_path, sources).skills.areas}

    best = areas["testing"].best_practice
    assert best.rubric == "testing.best_practice.good"
    assert cites(best) == ["tests/conftest.py:6", "tests/conftest.py:7"]
    line = rubric_line(best.rubric)
    assert "CliRunner" in line.en and "CliRunner" in line.zh
    assert "API" not in line.en and "接口" not in line.zh


def test_a_clirunner_of_the_projects_own_is_no_test_client(tmp_path: Path) -> None:
    """A class the learner named ``CliRunner`` runs their own commands; nothing says it drives
    the app as a test would."""
    own_runner = CONFTEST.replace(
        b"from typer.testing import CliRunner", b"from todo.runner import CliRunner"
    )
    sources = {
        "todo/__init__.py": b"",
        "todo/cli.py": TODO_CLI,
        "todo/runner.py": OWN_RUNNER,
        "tests/conftest.py": own_runner,
        "tests/test_cli.py": TEST_CLI,
    }

    areas = {area.key: area for area in plan_files(tmp_path, sources).skills.areas}

    best = areas["testing"].best_practice
    assert best.rubric == "testing.best_practice.partial"
    assert cites(best) == ["tests/conftest.py:6"]


def test_a_finding_in_a_test_file_is_told_as_the_tests_own_code(tmp_path: Path) -> None:
    """A key in a test file had Testing's code quality read "Medium or low severity findings
    only (missing-tests)", where no test was missing (blind check e1)."""
    token_test = TEST_CLI.replace(
        b"def test_add(runner):",
        b'GH_TOKEN = "ghp_bKaAZijba5eF7Benwx2KK8Lj9SIqvj7MWGHb"\n\n\ndef test_add(runner):',
    )
    sources = {
        "todo/__init__.py": b"",
        "todo/cli.py": TODO_CLI,
        "tests/conftest.py": CONFTEST,
        "tests/test_cli.py": token_test,
    }

    planned = plan_files(tmp_path, sources)
    quality = {area.key: area for area in planned.skills.areas}["testing"].code_quality

    assert [(f.rule, f.path) for f in planned.findings if f.severity != "info"] == [
        ("MB107", "tests/test_cli.py")
    ]
    assert quality.rubric == "testing.code_quality.partial"
    line = rubric_line(quality.rubric)
    assert "any finding in the test files" in line.en
    assert "测试文件" in line.zh
