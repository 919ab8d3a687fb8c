"""Doctests a command line runs (``python -m pytest --doctest-modules src``) in a CI workflow,
a Makefile, tox's ``commands`` or a nox session are tests, as they are with the flag in
pytest's config (blind check r2); only those under the paths the command collects."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.rules.review import analyze_sources
from mentorbot.scanning import scan_repository
from mentorbot.skills import assess_skills
from tests.unit.facts.test_python_facts_doctests import MERGE_SORT

DOCTESTS = ["merge_sort", "Stack", "push"]

WORKFLOW = """\
name: doctests
on: [push]
jobs:
  doctest:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install pandas pytest
{step}
"""
NOXFILE = """\
import nox


@nox.session
def doctests(session):
    session.install("pytest")
    session.run("python", "-m", "pytest", "--doctest-modules", "src", *session.posargs)
"""


RUN_SRC = "      - run: python -m pytest --doctest-modules src -q"
JOB_DEFAULTS = """\
defaults:
  run:
    working-directory: web
jobs:
  doctest:
    defaults:
      run:
        working-directory: backend
    steps:
      - run: python -m pytest --doctest-modules src -q
"""
FOLDED = "      - run: >\n          pytest --doctest-modules\n          src\n"
"""A folded block: YAML joins its lines into one command."""
TOX = "[testenv]\ndeps = pytest\ncommands =\n    pytest --doctest-modules {posargs:src}\n"


def _tests_of(sources: dict[str, str]) -> list[tuple[str, str]]:
    analyses = analyze_sources({path: text.encode() for path, text in sources.items()})
    return [
        (analysis.path, signal.name)
        for analysis in analyses
        for signal in analysis.signals
        if signal.kind == "test-function"
    ]


def _doctests_in(folder: str) -> list[tuple[str, str]]:
    return [(f"{folder}/merge_sort.py", name) for name in DOCTESTS]


def _workflow(step: str) -> str:
    return WORKFLOW.format(step=step)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (".github/workflows/ci.yml", _workflow(RUN_SRC)),
        (
            ".github/workflows/ci.yaml",
            _workflow("      - name: doctests\n        run: |\n          pytest -q \\\n"
                      "            --doctest-modules --cov src src/"),
        ),
        (".github/workflows/ci.yml", _workflow(FOLDED)),
        ("Makefile", "test:\n\t@uv run pytest --doctest-modules src\n"),
        ("tox.ini", TOX),
        ("noxfile.py", NOXFILE),
    ],
)  # fmt: skip
def test_doctests_a_command_line_runs_are_tests_under_its_paths(path: str, text: str) -> None:
    sources = {path: text, "src/merge_sort.py": MERGE_SORT, "scripts/merge_sort.py": MERGE_SORT}

    assert _tests_of(sources) == _doctests_in("src")


def test_a_run_reads_its_paths_from_the_folder_it_runs_in() -> None:
    """A step's ``working-directory``, its job's ``defaults`` before the workflow's, a ``cd``
    before the run (on its line or an earlier one of its script) and the Makefile's own
    folder."""
    sorts = {"src/merge_sort.py": MERGE_SORT, "backend/src/merge_sort.py": MERGE_SORT}
    in_step = "      - name: doctests\n        working-directory: ./backend\n        run: "
    defaults = "defaults:\n  run:\n    working-directory: backend\n"
    runs = {
        ".github/workflows/ci.yml": _workflow(f"{in_step}pytest --doctest-modules src"),
        ".github/workflows/defaults.yml": defaults + _workflow(
            "      - run: python -m pytest --doctest-modules src"
        ),
        ".github/workflows/job.yml": JOB_DEFAULTS,
        ".github/workflows/cd.yml": _workflow(
            "      - run: cd backend && pytest --doctest-modules src"
        ),
        ".github/workflows/script.yml": _workflow(
            "      - run: |\n          cd backend\n          pytest --doctest-modules src"
        ),
        "backend/Makefile": "doctest:\n\tpytest --doctest-modules src\n",
    }  # fmt: skip

    for path, text in runs.items():
        assert _tests_of({path: text, **sorts}) == _doctests_in("backend/src"), path


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (".github/workflows/ci.yml", _workflow("      - run: python -m pytest src -q")),
        (".github/workflows/ci.yml", _workflow("      - name: pytest --doctest-modules src\n"
                                               "        run: pytest src")),
        (".github/workflows/ci.yml", _workflow("      - run: pytest --doctest-modules $SRC_DIR")),
        (".github/workflows/ci.yml", _workflow("      - run: pytest --doctest-modules ${{ a }}")),
        ("Makefile", "SRC = src\n\ntest:\n\tpytest --doctest-modules $(SRC)\n"),
        ("Makefile", "test:\n\tpytest --doctest-modules --ignore=src/legacy src\n"),
        ("Makefile", "test:\n\tpytest --doctest-modules --cov src tests\n"),
        ("Makefile", "test:\n\tpytest --doctest-modules --pyargs src\n"),
        ("Makefile", "# pytest --doctest-modules src\ntest:\n\tpytest tests\n"),
        ("tox.ini", "[testenv]\ncommands = pytest --doctest-modules {env:SRC}\n"),
        ("scripts/notes.txt", "pytest --doctest-modules src\n"),
    ],
)  # fmt: skip
def test_doctests_no_command_line_is_seen_to_run_are_no_tests(path: str, text: str) -> None:
    """A run without the flag, a step named for it, a path only the shell knows, a path the
    run ignores, ``--cov src`` (the coverage's source, not a path to collect), ``--pyargs``
    packages, a commented-out
    line and a file no runner reads: no test claimed on a guess."""
    sources = {path: text, "src/legacy/merge_sort.py": MERGE_SORT}

    assert _tests_of(sources) == []


def test_a_run_without_paths_collects_its_configs_testpaths() -> None:
    """``pytest --doctest-modules`` with ``testpaths = ["tests"]`` in the config beside it
    collects ``tests`` alone; with no config it collects its whole folder."""
    sources = {
        "Makefile": "test:\n\tpytest --doctest-modules\n",
        "src/merge_sort.py": MERGE_SORT,
        "tests/merge_sort.py": MERGE_SORT,
    }
    configured = {**sources, "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'}

    assert _tests_of(configured) == _doctests_in("tests")
    assert _tests_of(sources) == [*_doctests_in("src"), *_doctests_in("tests")]


def test_a_project_whose_ci_runs_its_doctests_has_started_testing(tmp_path: Path) -> None:
    """The repo of blind check r2: Testing "not started" though CI ran the doctests."""
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "src" / "merge_sort.py").write_text(MERGE_SORT)
    (root / ".github" / "workflows" / "ci.yml").write_text(_workflow(RUN_SRC))
    scan = scan_repository(open_repo(str(root)), since=None, cache=AnalysisCache(None))

    matrix = assess_skills(scan.analyses, [], list(scan.stack), [f.path for f in scan.files], [])

    testing = next(area for area in matrix.areas if area.key == "testing")
    assert testing.overall != "not started"
    assert testing.understanding.rubric == "testing.understanding.partial"
