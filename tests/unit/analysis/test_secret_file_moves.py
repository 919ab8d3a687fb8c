"""Keys in files the secret scan once skipped: a PyPI token taken off a Makefile's recipe is a
solved secret whose excerpt hides it; the same token moved into a committed ``.pypirc``, a bot's
token moved into ``token.txt``, or a Dropbox token kept under a new name, is no fix (blind checks
p1, t1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.lessons_secrets import STILL_IN_HISTORY
from mentorbot.rules._secret_file_name_cases import (
    DROPBOX_TOKEN,
    MAKEFILE,
    PYPI_TOKEN,
    PYPIRC,
    RENAMED_DROPBOX,
    TELEGRAM_TOKEN,
)
from mentorbot.rules._secret_session_cases import FETCH_INPUT, SECRETS_JSON, SESSION_COOKIE
from mentorbot.rules.secret_patterns import MARK
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

CLI = (
    '"""A tiny task tracker."""\n\nimport click\n\n\n@click.group()\ndef cli() -> None:\n    pass\n'
)
WORKFLOW = f"""\
name: publish
on:
  release:
    types: [published]
jobs:
  pypi:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m pip install build twine && python -m build
      - name: Upload to PyPI
        env:
          TWINE_USERNAME: __token__
          TWINE_PASSWORD: {PYPI_TOKEN}
        run: twine upload dist/*
"""


def _package(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("pyproject.toml", '[project]\nname = "taskr"\nversion = "0.1.0"\n')
    repo.write("taskr/cli.py", CLI)
    return repo


def test_a_token_taken_off_a_makefile_recipe_is_a_solved_secret_shown_hidden(
    tmp_path: Path,
) -> None:
    repo = _package(tmp_path)
    repo.write("Makefile", MAKEFILE)
    repo.commit("feat: cli and Makefile")
    fixed = MAKEFILE.replace(f"-u __token__ -p {PYPI_TOKEN} ", "")
    repo.write("Makefile", fixed.replace("\ttwine", "\tTWINE_USERNAME=__token__ twine"))
    sha = repo.commit("fix(make): stop putting the PyPI token on the command line")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.category, lesson.path) == (sha, "hardcoded-secret", "Makefile")
    assert f"twine upload -u __token__ -p {MARK} dist/*" in lesson.before
    assert PYPI_TOKEN[:20] not in lesson.before + lesson.after + lesson.found.en
    assert lesson.explanation == STILL_IN_HISTORY


def test_a_token_moved_from_a_workflow_into_a_committed_pypirc_is_no_fix(tmp_path: Path) -> None:
    repo = _package(tmp_path)
    repo.write(".github/workflows/publish.yml", WORKFLOW)
    repo.commit("initial commit: taskr cli with publish workflow")
    repo.write(".pypirc", PYPIRC)
    moved = WORKFLOW[: WORKFLOW.index("        env:")] + "        run: twine upload dist/*\n"
    repo.write(".github/workflows/publish.yml", moved)
    repo.commit("fix(ci): stop hard-coding the PyPI token in the workflow")

    assert solved_lessons(repo, tmp_path) == []


def test_a_bot_token_moved_into_a_committed_token_txt_is_no_fix(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "aiogram==2.23.1\n")
    repo.write("config.py", f"TOKEN = '{TELEGRAM_TOKEN}'\n")
    repo.commit("shop bot: start command")
    repo.write("admin/token.txt", f"{TELEGRAM_TOKEN}\n")
    repo.write(
        "config.py",
        "from pathlib import Path\n\nTOKEN = Path(__file__).with_name('admin').joinpath("
        "'token.txt').read_text().strip()\n",
    )
    repo.commit("fix: hide token")

    assert solved_lessons(repo, tmp_path) == []


def test_a_dropbox_token_kept_under_a_new_name_is_no_fix(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    named = RENAMED_DROPBOX.replace("_DEFAULT_AUTH", "DROPBOX_ACCESS_TOKEN")
    repo.write("src/shiv_cli/backup.py", named)
    repo.commit("shiv cli with dropbox backup")
    repo.write("src/shiv_cli/backup.py", RENAMED_DROPBOX)
    repo.commit("fix(security): remove hard-coded Dropbox token")

    assert DROPBOX_TOKEN in RENAMED_DROPBOX
    assert solved_lessons(repo, tmp_path) == []


def test_a_session_cookie_moved_into_a_committed_secrets_json_is_no_fix(tmp_path: Path) -> None:
    """Advent of Code's login cookie moved from the downloader into a committed secrets.json
    had been a solved problem filed under database sessions (blind check x1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("fetch_input.py", FETCH_INPUT)
    repo.commit("input downloader")
    repo.write("secrets.json", SECRETS_JSON)
    repo.write(
        "fetch_input.py",
        FETCH_INPUT.replace("import requests\n", "import json\n\nimport requests\n").replace(
            f'SESSION = "{SESSION_COOKIE}"',
            'with open("secrets.json") as f:\n    SESSION = json.load(f)["session"]',
        ),
    )
    repo.commit("fix: don't keep the session cookie in the code")

    assert solved_lessons(repo, tmp_path) == []
